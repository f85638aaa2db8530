package dev.vigil.server;

import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * TLS for {@code vigil serve}: one HTTPS connector (and no plain one) from a keystore or a PEM
 * certificate chain and PKCS#8 key. Static and thread-safe.
 */
final class Tls {
    private Tls() {}

    static void configure(JavalinConfig cfg, ServerConfig config) {
        KeyStore ks = keyStore(config.tls());
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(ks);
        ssl.setKeyStorePassword(password(config.tls()));
        cfg.jetty.addConnector((server, httpConfig) -> {
            httpConfig.addCustomizer(new SecureRequestCustomizer());
            ServerConnector c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                    new HttpConnectionFactory(httpConfig));
            c.setHost(config.host());
            c.setPort(config.port());
            return c;
        });
    }

    private static String password(ServerConfig.Tls tls) {
        return tls.password() == null ? "" : tls.password();
    }

    static KeyStore keyStore(ServerConfig.Tls tls) {
        try {
            if (tls.keystore() != null) {
                String name = tls.keystore().getFileName().toString().toLowerCase(java.util.Locale.ROOT);
                KeyStore ks = KeyStore.getInstance(name.endsWith(".jks") ? "JKS" : "PKCS12");
                try (InputStream in = Files.newInputStream(tls.keystore())) {
                    ks.load(in, password(tls).toCharArray());
                }
                return ks;
            }
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            Collection<? extends Certificate> chain;
            try (InputStream in = Files.newInputStream(tls.certPem())) {
                chain = cf.generateCertificates(in);
            }
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("no certificate in " + tls.certPem());
            }
            PrivateKey key = pemKey(tls.keyPem());
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("vigil", key, password(tls).toCharArray(), chain.toArray(new Certificate[0]));
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the TLS certificate or key: " + e.getMessage(), e);
        }
    }

    private static PrivateKey pemKey(Path file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(file + " holds no unencrypted PKCS#8 key ('BEGIN PRIVATE KEY'); "
                    + "convert one with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        GeneralSecurityException last = null;
        for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }
}
