package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.server.auth.Role;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS from a PKCS#12 keystore or a PEM pair; the session cookie is Secure; no plain port. */
class TlsTest {
    @TempDir
    Path dir;

    private Path keystore() throws Exception {
        Path ks = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "vigil", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "s3cret",
                "-keypass", "s3cret").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return ks;
    }

    private static KeyStore load(Path ks) throws Exception {
        KeyStore k = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            k.load(in, "s3cret".toCharArray());
        }
        return k;
    }

    private static HttpClient trusting(KeyStore k) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(k);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private void check(ServerConfig.Tls tls, KeyStore trust) throws Exception {
        ServerConfig base = ServerConfig.loopback(0);
        ServerConfig config = new ServerConfig(base.host(), 0, tls, base.policy(), base.maxBodyBytes());
        try (Fixture f = new Fixture(dir, config)) {
            HttpClient https = trusting(trust);
            String url = "https://127.0.0.1:" + f.server.port();
            HttpResponse<String> health = https.send(HttpRequest.newBuilder(URI.create(url + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            HttpResponse<String> signIn = https.send(HttpRequest.newBuilder(URI.create(url + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("token=" + f.tokens.get(Role.VIEWER))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(signIn.statusCode()).isEqualTo(303);
            assertThat(signIn.headers().firstValue("Set-Cookie").orElseThrow()).contains("; Secure", "HttpOnly", "SameSite=Strict");
            // the same port does not speak plain HTTP
            int plain;
            try {
                plain = f.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.server.port() + "/healthz"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
            } catch (IOException e) {
                plain = -1; // the TLS connector dropped a connection that spoke plain HTTP
            }
            assertThat(plain).isNotEqualTo(200);
        }
    }

    @Test
    void servesHttpsFromAKeystore() throws Exception {
        Path ks = keystore();
        check(new ServerConfig.Tls(ks, "s3cret", null, null), load(ks));
    }

    @Test
    void servesHttpsFromAPemCertificateAndKey() throws Exception {
        KeyStore k = load(keystore());
        Certificate cert = k.getCertificate("vigil");
        Key key = k.getKey("vigil", "s3cret".toCharArray());
        Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        Path certPem = dir.resolve("cert.pem");
        Path keyPem = dir.resolve("key.pem");
        Files.writeString(certPem, "-----BEGIN CERTIFICATE-----\n" + b64.encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n");
        Files.writeString(keyPem, "-----BEGIN PRIVATE KEY-----\n" + b64.encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        check(new ServerConfig.Tls(null, "", certPem, keyPem), k);
    }

    @Test
    void aKeyThatIsNotPkcs8IsRefusedWithHowToConvertIt() throws Exception {
        Path cert = dir.resolve("c.pem");
        Path key = dir.resolve("k.pem");
        Files.writeString(cert, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        Files.writeString(key, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> Tls.keyStore(new ServerConfig.Tls(null, "", cert, key)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read the TLS certificate or key");
    }
}
