package dev.vigil.export.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.Alert;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A syslog receiver on 127.0.0.1, over TCP and over TLS with a self-signed certificate made here,
 * receives each update as one RFC 6587 octet-counted frame holding a valid RFC 5424 message with
 * CEF; a TLS receiver whose certificate is not trusted gets nothing and the updates stay queued.
 */
class SyslogSinkTest {
    private static final DeliveryLoop.Options FAST =
            new DeliveryLoop.Options(Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofMillis(20));

    /** RFC 5424: PRI VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP SD [SP MSG]. */
    static final Pattern RFC5424 = Pattern.compile("<(\\d{1,3})>1 (\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,6})?Z) "
            + "([\\x21-\\x7e]{1,255}) ([\\x21-\\x7e]{1,48}) ([\\x21-\\x7e]{1,128}) ([\\x21-\\x7e]{1,32}) (-|\\[.+?\\]) (.*)", Pattern.DOTALL);

    @TempDir
    Path dir;

    /** Reads octet-counted frames ({@code LEN SP MSG}) until the peer closes; a bad frame fails the test. */
    static List<String> frames(InputStream raw) throws IOException {
        InputStream in = new BufferedInputStream(raw);
        List<String> out = new ArrayList<>();
        while (true) {
            int c = in.read();
            if (c < 0) {
                return out;
            }
            int len = 0;
            int digits = 0;
            while (c != ' ') {
                if (c < '0' || c > '9' || digits++ > 9) {
                    throw new IOException("not an octet-counted frame: byte " + c);
                }
                len = len * 10 + (c - '0');
                c = in.read();
            }
            byte[] msg = in.readNBytes(len);
            if (msg.length != len) {
                throw new IOException("frame cut short");
            }
            out.add(new String(msg, StandardCharsets.UTF_8));
        }
    }

    private static void assertValid(String frame, Alert a, boolean update) {
        Matcher m = RFC5424.matcher(frame);
        assertThat(m.matches()).as("RFC 5424: %s", frame).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(4 * 8 + 4); // security/auth; Medium is warning
        Instant.parse(m.group(2));
        assertThat(m.group(4)).isEqualTo("vigil");
        assertThat(m.group(8)).startsWith("CEF:0|Vigil|Vigil|").contains("externalId=" + a.id())
                .contains("cnt=" + a.count()).endsWith("flexString1=" + (update ? "update" : "new"));
    }

    /** Accepts one connection at a time and collects its frames, until closed. */
    private static Thread receive(ServerSocket server, List<String> into) {
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    s.setSoTimeout(10_000);
                    into.addAll(frames(s.getInputStream()));
                } catch (IOException e) {
                    // closed, or a client that gave up (the untrusted case): next
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    private List<String> deliver(String spec, Path ca, ServerSocket server, List<Alert> first, List<Alert> grown)
            throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        Thread t = receive(server, got);
        Outlet o = Outlet.of(SinkSpec.parse(spec, dev.vigil.catalogue.Severity.INFORMATIONAL, ca, n -> null), n -> null);
        MemoryOutbox outbox = new MemoryOutbox();
        DeliveryLoop loop = new DeliveryLoop(o, outbox.queue(o), Delivery.of(o, n -> null, Duration.ofSeconds(5)),
                m -> {}, FAST).start();
        outbox.add(first, List.of(o), Instant.now());
        outbox.add(grown, List.of(o), Instant.now());
        loop.wake();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (outbox.pending(o) > 0 && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        int left = outbox.pending(o);
        loop.stop(Duration.ofSeconds(1)); // closes the connection: the receiver reads to the end
        server.close();
        t.join(5000);
        if (left > 0) {
            got.add("PENDING " + left);
        }
        return got;
    }

    @Test
    void tcpReceiverGetsValidOctetCountedRfc5424Frames() throws Exception {
        SinkTestAlerts alerts = new SinkTestAlerts();
        List<Alert> first = alerts.add("203.0.113.5", 2);
        List<Alert> grown = alerts.add("203.0.113.5", 3);
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            List<String> got = deliver("syslog+tcp://127.0.0.1:" + server.getLocalPort(), null, server, first, grown);
            assertThat(got).hasSize(2);
            assertValid(got.get(0), first.get(0), false);
            assertValid(got.get(1), grown.get(0), true);
        }
    }

    @Test
    void tlsReceiverWithASelfSignedCertificateGetsValidFramesWhenTrusted() throws Exception {
        Path ks = dir.resolve("server.p12");
        Path pem = dir.resolve("server.pem");
        keytool("-genkeypair", "-alias", "syslog", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-keystore", ks.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "syslog", "-keystore", ks.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-file", pem.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);

        SinkTestAlerts alerts = new SinkTestAlerts();
        List<Alert> first = alerts.add("203.0.113.6", 1);
        List<Alert> grown = alerts.add("203.0.113.6", 4);
        try (SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            List<String> got = deliver("syslog+tls://127.0.0.1:" + server.getLocalPort(), pem, server, first, grown);
            assertThat(got).hasSize(2);
            assertValid(got.get(0), first.get(0), false);
            assertValid(got.get(1), grown.get(0), true);
        }
        // the same receiver, its certificate not trusted (the JDK's trust store): nothing is sent
        try (SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            List<String> got = deliver("syslog+tls://127.0.0.1:" + server.getLocalPort(), null, server, first, grown);
            assertThat(got).containsExactly("PENDING 2");
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("keytool: %s", out).isZero();
    }
}
