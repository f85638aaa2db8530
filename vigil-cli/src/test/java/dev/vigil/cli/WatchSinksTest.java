package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.export.sink.Outlet;
import dev.vigil.store.AlertStore;
import dev.vigil.store.OutboxEntry;
import dev.vigil.store.SqliteAlertStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watch's sinks as a user meets them: a webhook receiver on 127.0.0.1 that is down keeps the
 * updates in the outbox (listed per destination, in {@code vigil status} too) until the next
 * start delivers them; a watch killed after the receiver took an update and before that was
 * recorded sends it again, with the same Idempotency-Key, so the receiver drops the duplicate.
 */
class WatchSinksTest {
    /** Attacks from three addresses: each address raises an alert of its own. */
    private static final String LOG = String.join("\n",
            "198.51.100.7 - - [28/Nov/2026:10:00:00 +0000] \"GET /This_Will_Generate_ASC_Alert HTTP/1.1\" 404 9 \"-\" \"curl/8.5\"",
            "192.0.2.99 - - [28/Nov/2026:10:05:00 +0000] \"GET /This_Will_Generate_Vigil_Alert HTTP/1.1\" 404 9 \"-\" \"x\"",
            "203.0.113.50 - - [28/Nov/2026:10:06:00 +0000] \"GET /item.php?id=1%27%20UNION%20SELECT%20username,password%20FROM%20users--%20- HTTP/1.1\" 200 10 \"-\" \"x\"",
            "") ;

    @TempDir
    Path dir;

    @RegisterExtension
    final StdStreams std = new StdStreams();

    private HttpServer server;
    private final InputStream stdin = System.in;

    @AfterEach
    void stop() {
        System.setIn(stdin);
        if (server != null) {
            server.stop(0);
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private int watchStdin(String input, String... args) {
        std.reset();
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        List<String> a = new ArrayList<>(List.of("watch"));
        a.addAll(List.of(args));
        a.add("-");
        return Main.run(a.toArray(String[]::new));
    }

    /** Keys and bodies of what the receiver accepted, in arrival order. */
    private final List<String[]> received = new CopyOnWriteArrayList<>();

    private void receiver(int port, CountDownLatch arrived, CountDownLatch release) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/hook", ex -> {
            received.add(new String[] {ex.getRequestHeaders().getFirst("Idempotency-Key"),
                    new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)});
            if (arrived != null && arrived.getCount() > 0) {
                arrived.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS); // the sender is killed meanwhile
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            try {
                ex.sendResponseHeaders(204, -1);
            } catch (java.io.IOException e) {
                // the sender is gone: it never learns that this one arrived
            }
            ex.close();
        });
        server.start();
    }

    @Test
    void aSinkThatIsDownIsOwedEverythingUntilTheNextStartDeliversIt() throws Exception {
        int port = closedPort();
        String db = dir.resolve("v.db").toString();
        Path file = dir.resolve("alerts.ndjson");
        String hook = "webhook:http://127.0.0.1:" + port + "/hook";
        assertThat(watchStdin(LOG, "--db", db, "--sink", hook, "--sink", "ndjson:" + file)).as(std.err()).isZero();
        assertThat(std.out()).as("stdout is not among the sinks named").isEmpty();
        assertThat(std.err()).contains("sink webhook:http://127.0.0.1:" + port + "/hook: 3 updates not delivered")
                .contains("kept in the outbox");
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3).allSatisfy(l -> assertThat(l).contains("\"delivery\":{\"key\":\"")
                .contains("\"update\":false"));

        assertThat(Main.run("outbox", "list", "--db", db)).isZero();
        assertThat(std.out()).contains("webhook:http://127.0.0.1:" + port + "/hook")
                .contains("pending:    3 alert updates from a watch").contains("retry:      by the watch");
        std.reset();
        assertThat(Main.run("status", "--db", db)).isZero();
        assertThat(std.out()).contains("outbox: 3 alert updates owed to sink webhook:http://127.0.0.1:" + port + "/hook");

        receiver(port, null, null);
        assertThat(watchStdin("", "--db", db, "--sink", hook, "--sink", "ndjson:" + file)).as(std.err()).isZero();
        assertThat(received).extracting(r -> r[0]).doesNotHaveDuplicates().hasSize(3)
                .containsExactlyInAnyOrderElementsOf(lines.stream()
                        .map(l -> l.replaceAll(".*\"delivery\":\\{\"key\":\"([^\"]+)\".*", "$1")).toList());
        assertThat(Files.readAllLines(file)).as("the file got its lines once, at the first run").hasSize(3);
        std.reset();
        assertThat(Main.run("outbox", "list", "--db", db)).isZero();
        assertThat(std.out()).contains("The outbox is empty.");
    }

    @Test
    void stdoutStaysWhenNamedAndABadSinkIsAUsageError() throws Exception {
        assertThat(watchStdin(LOG, "--no-db", "--format", "ndjson", "--sink", "stdout", "--sink",
                "ndjson:" + dir.resolve("a.ndjson"))).isZero();
        assertThat(std.out().lines().count()).isEqualTo(3);
        assertThat(Files.readAllLines(dir.resolve("a.ndjson"))).hasSize(3);
        assertThat(watchStdin(LOG, "--no-db", "--sink", "syslog+quic://h:1")).isEqualTo(Main.EXIT_USAGE);
        assertThat(std.err()).contains("--sink").contains("udp, tcp or tls");
        assertThat(watchStdin(LOG, "--no-db", "--sink", "webhook:https://u:s3cretpw@h/x?token=t0k3n", "-q"))
                .isEqualTo(Main.EXIT_OK);
        assertThat(std.err()).doesNotContain("s3cretpw").doesNotContain("t0k3n");
    }

    @Test
    void killedAfterTheReceiverTookAnUpdateItSendsItAgainUnderTheSameKey() throws Exception {
        int port = closedPort();
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        receiver(port, arrived, release);
        Path log = dir.resolve("access.log");
        Files.writeString(log, LOG);
        Path db = dir.resolve("v.db");
        Process first = start(db, log, port);
        try {
            assertThat(arrived.await(90, TimeUnit.SECONDS)).as("the first delivery arrives").isTrue();
            first.destroyForcibly(); // SIGKILL between the receiver taking it and the outbox forgetting it
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            first.destroyForcibly();
            release.countDown();
        }
        List<String> owed;
        try (AlertStore s = SqliteAlertStore.open(db)) {
            owed = s.outbox("watch:webhook").stream().map(e -> Outlet.open(e.payload()).key()).toList();
        }
        assertThat(owed).hasSize(3).contains(received.get(0)[0]);

        Process second = start(db, log, port);
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < end && pending(db) > 0) {
                Thread.sleep(200);
            }
            assertThat(pending(db)).isZero();
            // the SQL injection alert grows: sent again under the same id, as an update
            Files.writeString(log, LOG.lines().filter(l -> l.startsWith("203.0.113.50")).findFirst().orElseThrow()
                    .replace("10:06:00", "10:07:00") + "\n", java.nio.file.StandardOpenOption.APPEND);
            while (System.nanoTime() < end && received.stream().noneMatch(r -> r[1].contains("\"update\":true"))) {
                Thread.sleep(200);
            }
        } finally {
            second.destroy(); // SIGTERM: a clean stop
            assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
            second.destroyForcibly();
        }
        // the receiver got the one in flight twice, the same bytes under the same key, and each other once
        Map<String, String> byKey = new HashMap<>();
        for (String[] r : received) {
            String before = byKey.putIfAbsent(r[0], r[1]);
            assertThat(before == null || before.equals(r[1])).isTrue();
        }
        assertThat(received).hasSize(5);
        String[] update = received.get(received.size() - 1);
        String sqli = update[0].substring(0, update[0].indexOf(':'));
        long grown = Long.parseLong(update[0].substring(sqli.length() + 1));
        String before = owed.stream().filter(k -> k.startsWith(sqli + ":")).findFirst().orElseThrow();
        assertThat(grown).isGreaterThan(Long.parseLong(before.substring(sqli.length() + 1)));
        assertThat(update[1]).contains("\"update\":true").contains("\"detections\":" + grown)
                .contains("\"systemAlertId\":\"" + sqli + "\"");
        List<String> expected = new ArrayList<>(owed);
        expected.add(update[0]);
        assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        Set<String> dupes = new LinkedHashSet<>();
        Set<String> seen = new java.util.HashSet<>();
        received.forEach(r -> {
            if (!seen.add(r[0])) {
                dupes.add(r[0]);
            }
        });
        assertThat(dupes).containsExactly(received.get(0)[0]);
        // and the watch stored each alert once: the restart did not queue any update again
        try (AlertStore s = SqliteAlertStore.open(db)) {
            assertThat(s.list(new dev.vigil.store.AlertQuery(Set.of(), null, null, null, null, 0))).hasSize(3);
        }
    }

    private static int pending(Path db) {
        try (AlertStore s = SqliteAlertStore.open(db)) {
            return s.outbox("watch:webhook").size();
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE; // busy: ask again
        }
    }

    private static Process start(Path db, Path log, int port) throws java.io.IOException {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new ProcessBuilder(javaBin.toString(), "-Xmx256m", "-cp", cp, Main.class.getName(), "watch",
                "--db", db.toString(), "--quiet", "--commit-every", "200ms", "--poll", "50ms", "--idle-timeout", "1h",
                "--threads", "1", "--sink", "webhook:http://127.0.0.1:" + port + "/hook", log.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.resolveSibling("watch.err").toFile()))
                .start();
    }
}
