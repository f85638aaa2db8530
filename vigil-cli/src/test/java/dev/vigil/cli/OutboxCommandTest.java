package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Webhook exports and the outbox as a user meets them: failures kept and reported per destination. */
class OutboxCommandTest {
    private static final String LOG =
            "198.51.100.7 - - [28/Nov/2026:10:00:00 +0000] \"GET /This_Will_Generate_ASC_Alert HTTP/1.1\" 404 9 \"-\" \"curl/8.5\"\n"
            + "192.0.2.99 - - [28/Nov/2026:10:05:00 +0000] \"GET /This_Will_Generate_Vigil_Alert HTTP/1.1\" 404 9 \"-\" \"x\"\n";

    @TempDir
    Path dir;

    @RegisterExtension
    final StdStreams std = new StdStreams();

    HttpServer server;
    final List<String> bodies = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private int run(String... args) {
        std.reset();
        return Main.run(args);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private String scanned() throws Exception {
        Path log = dir.resolve("access.log");
        Files.writeString(log, LOG);
        String db = dir.resolve("vigil.db").toString();
        assertThat(run("scan", "-q", "--format", "ndjson", "--db", db, log.toString())).isZero();
        return db;
    }

    @Test
    void failuresToOtherDestinationsDoNotFailAWorkingExport() throws Exception {
        String db = scanned();
        String dead1 = "http://127.0.0.1:" + closedPort() + "/x";
        String dead2 = "http://127.0.0.1:" + closedPort() + "/y";
        assertThat(run("alerts", "export", "--db", db, "--no-stdout", "--webhook", dead1)).isEqualTo(Main.EXIT_FAILED);
        assertThat(std.err()).contains("webhook " + dead1 + ": 2 of 2 deliveries failed");
        assertThat(run("alerts", "export", "--db", db, "--no-stdout", "--webhook", dead2)).isEqualTo(Main.EXIT_FAILED);
        assertThat(std.err()).contains("webhook " + dead2 + ": 2 of 2 deliveries failed")
                .contains("2 deliveries for 1 other destination");

        String good = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        assertThat(run("alerts", "export", "--db", db, "--no-stdout", "--webhook", good)).isZero();
        assertThat(bodies).hasSize(2);
        assertThat(std.err()).doesNotContain("failed").doesNotContain("error")
                .contains("4 deliveries for 2 other destinations");
        assertThat(run("alerts", "export", "--db", db, "--no-stdout", "--webhook", good)).isZero();

        assertThat(run("outbox", "list", "--db", db)).isZero();
        assertThat(std.out()).contains(dead1).contains(dead2).doesNotContain(good).contains("pending:    2 deliveries");
        assertThat(run("outbox", "purge", "--db", db, "--webhook", dead1)).isZero();
        assertThat(std.err()).contains("purged 2 deliveries");
        assertThat(run("outbox", "list", "--db", db)).isZero();
        assertThat(std.out()).doesNotContain(dead1).contains(dead2);
        assertThat(run("outbox", "retry", "--db", db)).isEqualTo(Main.EXIT_FAILED);
        assertThat(run("outbox", "purge", "--db", db, "--all")).isZero();
        assertThat(run("outbox", "list", "--db", db)).isZero();
        assertThat(std.out()).contains("The outbox is empty.");
    }

    @Test
    void anOutboxEntryIsDeliveredByTheNextExportToItsDestination() throws Exception {
        String db = scanned();
        int port = server.getAddress().getPort();
        String good = "http://127.0.0.1:" + port + "/hook";
        server.stop(0);
        assertThat(run("alerts", "export", "--db", db, "--no-stdout", "--webhook", good)).isEqualTo(Main.EXIT_FAILED);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/hook", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
        assertThat(run("outbox", "retry", "--db", db)).isZero();
        assertThat(bodies).hasSize(2);
        assertThat(std.err()).contains("2 delivered");
        assertThat(run("outbox", "list", "--db", db)).isZero();
        assertThat(std.out()).contains("The outbox is empty.");
    }

    @Test
    void aUrlsSecretsAreNeitherPrintedNorStored() throws Exception {
        String db = scanned();
        String secretUrl = "http://hookuser:pa55w0rdXYZ@127.0.0.1:" + closedPort() + "/in?token=tok3nVALUE9";
        assertThat(run("alerts", "export", "--db", db, "--no-stdout", "--webhook", secretUrl))
                .isEqualTo(Main.EXIT_FAILED);
        assertThat(std.err()).doesNotContain("pa55w0rdXYZ").doesNotContain("tok3nVALUE9").contains("***@127.0.0.1");
        assertThat(run("outbox", "list", "--db", db)).isZero();
        assertThat(std.out()).doesNotContain("pa55w0rdXYZ").doesNotContain("tok3nVALUE9").contains("--webhook URL");
        assertThat(run("outbox", "retry", "--db", db)).isEqualTo(Main.EXIT_FAILED);
        assertThat(std.err()).contains("secrets").doesNotContain("tok3nVALUE9");
        for (String f : List.of("vigil.db", "vigil.db-wal")) {
            Path p = dir.resolve(f);
            if (Files.exists(p)) {
                String raw = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                assertThat(raw).as(f).doesNotContain("pa55w0rdXYZ").doesNotContain("tok3nVALUE9");
            }
        }
        assertThat(run("alerts", "export", "--db", db, "--no-stdout", "--webhook", "ftp://u:pa55w0rdXYZ@h/x"))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(std.err()).doesNotContain("pa55w0rdXYZ");
    }

    @Test
    void anUnreachableSyslogReceiverIsAnOutputFailureAndABadTargetAUsageError() throws Exception {
        String db = scanned();
        assertThat(run("alerts", "export", "--db", db, "--no-stdout", "--syslog", "tcp://127.0.0.1:" + closedPort()))
                .isEqualTo(Main.EXIT_FAILED);
        assertThat(std.err()).contains("error: --syslog");
        assertThat(run("alerts", "export", "--db", db, "--no-stdout", "--syslog", "no-port-here")).isEqualTo(Main.EXIT_USAGE);
    }
}
