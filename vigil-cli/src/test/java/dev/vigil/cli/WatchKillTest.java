package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.pipeline.Watcher;
import dev.vigil.store.AlertQuery;
import dev.vigil.store.SqliteAlertStore;
import dev.vigil.store.StoredAlert;
import dev.vigil.tail.Checkpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watch's promise with real processes and real files: {@code vigil watch} is killed with
 * SIGKILL at random moments, at least 20 times, while a writer appends to an access log and a
 * process trace and rotates the access log (rename and create). After the last restart and a
 * SIGTERM, the stored alerts equal, id for id and count for count, what one {@code vigil scan} of
 * the final files gives; and SIGTERM stops the watch cleanly within its grace.
 */
class WatchKillTest {
    private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** Visitors, a scanner, SQL injection and XSS attempts, password guessing: written for this test. */
    private static List<String> accessLines(int n, long seed) {
        Random r = new Random(seed);
        long t = Instant.parse("2026-11-30T08:00:00Z").toEpochMilli();
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            t += r.nextInt(4_000);
            String ip = "192.0.2." + (1 + r.nextInt(25));
            String method = "GET";
            int status = 200;
            String path = switch (r.nextInt(12)) {
                case 0 -> "/search?q=1%27%20union%20select%20password%20from%20users--";
                case 1 -> "/comment?text=%3Cscript%3Ealert(document.cookie)%3C/script%3E";
                case 2 -> {
                    method = "POST";
                    status = 401;
                    yield "/wp-login.php";
                }
                case 3 -> {
                    status = 404;
                    yield "/backup-" + r.nextInt(100_000) + ".zip";
                }
                case 4 -> "/.env";
                default -> "/products/" + r.nextInt(50);
            };
            out.add(String.format(Locale.ROOT, "%s - - [%s] \"%s %s HTTP/1.1\" %d 512 \"-\" \"Mozilla/5.0\"",
                    ip, CLF.format(Instant.ofEpochMilli(t)), method, path, status));
        }
        return out;
    }

    private static Process start(Path dir, Path log) throws IOException {
        return start(dir, log, true);
    }

    private static Process start(Path dir, Path log, boolean quiet) throws IOException {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new ProcessBuilder(javaBin.toString(), "-Xmx256m", "-cp", cp, Main.class.getName(), "watch",
                "--db", dir.resolve("v.db").toString(), "--format", "ndjson", quiet ? "--quiet" : "--min-severity=informational",
                "--commit-every", "1s",
                "--poll", "50ms", "--idle-timeout", "1h", "--threads", "1",
                dir.resolve("logs").resolve("access.log*").toString(), dir.resolve("logs").resolve("trace.jsonl").toString())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("out.ndjson").toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /**
     * Whether the watch's last commit has read every file under {@code logs} to its end: its
     * positions, not the time of its last commit, say that it caught up (a watch still starting, or
     * slowed by a loaded machine, may commit nothing for seconds and look idle).
     */
    private static boolean caughtUp(Path db, Path logs) throws IOException {
        if (!Files.exists(db)) {
            return false;
        }
        byte[] state;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery("SELECT state FROM watch_state")) {
            if (!rs.next()) {
                return false;
            }
            state = rs.getBytes(1);
        } catch (java.sql.SQLException e) {
            return false; // busy or not created yet: ask again
        }
        Map<String, Long> read = new HashMap<>();
        for (Checkpoint.Position p : Watcher.positions(state).positions()) {
            if (p.state() == Checkpoint.State.FOLLOWING || p.state() == Checkpoint.State.FINISHED) {
                read.put(p.path(), p.offset());
            }
        }
        try (Stream<Path> files = Files.list(logs)) {
            for (Path f : files.toList()) {
                Long offset = read.get(f.toString());
                if (offset == null || offset < Files.size(f)) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void killedAtRandomItStoresWhatOneScanGives(@TempDir Path dir) throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path access = logs.resolve("access.log");
        Path trace = logs.resolve("trace.jsonl");
        Path stderr = dir.resolve("watch.err");
        List<String> lines = accessLines(6_000, 3);
        List<String> processLines = new ArrayList<>();
        for (String f : List.of("webhost-attack.jsonl", "webhost-benign.jsonl")) {
            processLines.addAll(Files.readAllLines(Path.of("..", "samples", "process", f)));
        }
        Random r = new Random(11);
        List<Path> rotated = new ArrayList<>();
        Thread writer = new Thread(() -> {
            try {
                int a = 0;
                int p = 0;
                int rotations = 0;
                while (a < lines.size() || p < processLines.size()) {
                    StringBuilder b = new StringBuilder();
                    for (int k = 1 + r.nextInt(150); k > 0 && a < lines.size(); k--) {
                        b.append(lines.get(a++)).append('\n');
                    }
                    Files.writeString(access, b, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    if (p < processLines.size() && r.nextBoolean()) {
                        Files.writeString(trace, processLines.get(p++) + "\n", StandardOpenOption.CREATE,
                                StandardOpenOption.APPEND);
                    }
                    if (rotations < 2 && a > (rotations + 1) * lines.size() / 3) {
                        Path to = logs.resolve(String.format(Locale.ROOT, "access.log-%04d", ++rotations));
                        Files.move(access, to); // logrotate's default: rename, then the server creates anew
                        rotated.add(to);
                    }
                    Thread.sleep(20 + r.nextInt(60));
                }
            } catch (IOException | InterruptedException e) {
                throw new RuntimeException(e);
            }
        }, "writer");
        writer.start();

        int kills = 0;
        Random killer = new Random(5);
        while (kills < 20 || writer.isAlive()) {
            Process w = start(dir, stderr);
            Thread.sleep(1_000 + killer.nextInt(4_000));
            w.destroyForcibly(); // SIGKILL: no hook runs, nothing is committed on the way out
            assertThat(w.waitFor(30, TimeUnit.SECONDS)).isTrue();
            kills++;
        }
        writer.join();

        // the last run catches up: its commit covers every file to its end; then SIGTERM must commit
        // and stop it within the grace
        Process last = start(dir, stderr, false);
        boolean caughtUp = false;
        long deadline = System.currentTimeMillis() + 180_000;
        try {
            while (!caughtUp && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
                caughtUp = caughtUp(dir.resolve("v.db"), logs);
            }
            assertThat(caughtUp).as("the watch caught up with the writer; its errors:%n%s", Files.readString(stderr))
                    .isTrue();
        } finally {
            if (last.isAlive() && !caughtUp) {
                last.destroyForcibly(); // never leave a watch running after a failed test
            }
        }
        last.destroy(); // SIGTERM
        assertThat(last.waitFor(WatchCommand.STOP_GRACE.toSeconds() + 10, TimeUnit.SECONDS))
                .as("SIGTERM stops the watch").isTrue();
        // 143 is how a JVM ends on SIGTERM after its shutdown hooks ran (the watch's commits there);
        // systemd counts it as a clean stop
        assertThat(last.exitValue()).as(Files.readString(stderr)).isIn(0, 143);

        Map<String, Long> stored = new TreeMap<>();
        try (SqliteAlertStore s = SqliteAlertStore.openExisting(dir.resolve("v.db"))) {
            for (StoredAlert a : s.list(AlertQuery.all())) {
                stored.put(a.alert().id() + " " + a.alert().type().name(), a.alert().count());
            }
        }

        List<String> scanArgs = new ArrayList<>(List.of("scan", "--no-db", "--format", "ndjson", "--quiet",
                "--threads", "1"));
        rotated.forEach(f -> scanArgs.add(f.toString()));
        scanArgs.add(access.toString());
        scanArgs.add(trace.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream before = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.run(scanArgs.toArray(String[]::new))).isZero();
        } finally {
            System.setOut(before);
        }
        Map<String, Long> scanned = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String l : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!l.isBlank()) {
                JsonNode a = json.readTree(l);
                scanned.put(a.get("systemAlertId").asText() + " " + a.get("alertType").asText(),
                        a.get("extendedProperties").get("count").asLong());
            }
        }
        assertThat(kills).isGreaterThanOrEqualTo(20);
        assertThat(scanned).hasSizeGreaterThan(10);
        assertThat(scanned.keySet()).as("the process trace's alerts are there too")
                .anyMatch(k -> k.endsWith(" WebShellActivity"));
        // every alert, access log and process trace alike: exactly one scan's (the trace's time stamps
        // lie days behind the access log's, so its windows are let go and opened again between commits;
        // each reopened alert continues from its committed version)
        Map<String, String> diff = new TreeMap<>();
        scanned.forEach((k, v) -> {
            Long w = stored.get(k);
            if (!v.equals(w)) {
                diff.put(k, "scan " + v + ", watch " + w);
            }
        });
        stored.forEach((k, v) -> {
            if (!scanned.containsKey(k)) {
                diff.put(k, "scan none, watch " + v);
            }
        });
        assertThat(diff).as("alerts whose count differs between the watch and one scan").isEmpty();
    }
}
