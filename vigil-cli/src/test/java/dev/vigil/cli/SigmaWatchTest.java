package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil watch --rules sigma:DIR} (and a watch config's {@code rules:}) raises the Sigma
 * detections a scan of the same files does: a real watch process follows a process trace and an
 * access log, and its alerts equal, id for id and count for count, those of one {@code scan}.
 * Rules and events are written for this test.
 */
class SigmaWatchTest {
    @RegisterExtension
    final StdStreams std = new StdStreams();

    @TempDir
    Path dir;

    private Path sigma;
    private Path trace;
    private Path access;

    private static String rule(String id, String title, String logsource, String detection) {
        return String.join("\n", "title: " + title, "id: " + id, "status: test", "author: Watch Tester",
                "level: high", "tags:", "  - attack.t1003.008", "logsource:", logsource, "detection:", detection, "");
    }

    @BeforeEach
    void setUp() throws IOException {
        sigma = Files.createDirectories(dir.resolve("sigma"));
        Files.writeString(sigma.resolve("shadow.yml"), rule("5a1d0000-0000-4000-8000-000000000001", "Shadow Read",
                "  category: process_creation\n  product: linux",
                "  sel:\n    Image|endswith: '/cat'\n    CommandLine|contains: '/etc/shadow'\n  condition: sel"));
        Files.writeString(sigma.resolve("vss.yml"), rule("5a1d0000-0000-4000-8000-000000000002", "Shadow Copies Deleted",
                "  category: process_creation\n  product: windows",
                "  sel:\n    Image|endswith: '\\vssadmin.exe'\n    CommandLine|contains|windash: ' -quiet'\n"
                        + "  condition: sel"));
        Files.writeString(sigma.resolve("env.yml"), rule("5a1d0000-0000-4000-8000-000000000003", "Env File Probe",
                "  category: webserver",
                "  sel:\n    cs-uri-stem|endswith: '/.env'\n    sc-status: 200\n  condition: sel"));
        List<String> proc = new ArrayList<>();
        List<String> web = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String t = String.format("2026-11-01T00:%02d:%02dZ", i / 60, i % 60);
            proc.add("{\"time\":\"" + t + "\",\"host\":\"web" + (i % 2) + "\",\"pid\":" + (100 + i)
                    + ",\"ppid\":1,\"exe\":\"/bin/cat\",\"cmdline\":\"cat /etc/" + (i % 3 == 0 ? "shadow" : "hosts")
                    + "\",\"user\":\"www-data\"}");
            proc.add("{\"time\":\"" + t + "\",\"host\":\"win" + (i % 2) + "\",\"pid\":" + (500 + i)
                    + ",\"ppid\":4,\"exe\":\"C:\\\\Windows\\\\System32\\\\vssadmin.exe\",\"cmdline\":"
                    + "\"vssadmin delete shadows /all " + (i % 4 == 0 ? "/quiet" : "") + "\"}");
            web.add("198.51.100." + (i % 3) + " - - [01/Nov/2026:00:00:" + String.format("%02d", i)
                    + " +0000] \"GET /" + (i % 5 == 0 ? ".env" : "index.html") + " HTTP/1.1\" "
                    + (i % 10 == 0 ? 200 : 404) + " 120 \"-\" \"curl/8.0\"");
        }
        trace = dir.resolve("trace.jsonl");
        access = dir.resolve("access.log");
        Files.write(trace, proc);
        Files.write(access, web);
    }

    /** Alert id, type and rules to count, from ndjson alerts; a grown alert's last line wins. */
    private static Map<String, Long> alerts(String ndjson) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, Long> out = new TreeMap<>();
        for (String l : ndjson.split("\n")) {
            if (l.isBlank()) {
                continue;
            }
            JsonNode a = json.readTree(l);
            out.put(a.get("systemAlertId").asText() + " " + a.get("alertType").asText() + " "
                    + a.get("extendedProperties").get("rules").asText(), a.get("extendedProperties").get("count").asLong());
        }
        return out;
    }

    private Map<String, Long> scanned(String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("scan", "--no-db", "--format", "ndjson", "--rules", "sigma:" + sigma));
        args.addAll(List.of(more));
        args.addAll(List.of(trace.toString(), access.toString()));
        assertThat(Main.run(args.toArray(String[]::new))).isZero();
        return alerts(std.out());
    }

    /** Runs a watch with {@code args} until its output holds {@code expected}, then stops it with SIGTERM. */
    private Map<String, Long> watched(Map<String, Long> expected, String... args) throws Exception {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(javaBin.toString(), "-Xmx256m", "-cp", cp, Main.class.getName(),
                "watch"));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("watch-" + System.nanoTime() + ".ndjson");
        Path err = dir.resolve("watch.err");
        Process w = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        Map<String, Long> seen = Map.of();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline && w.isAlive()) {
                seen = alerts(Files.readString(out));
                if (seen.equals(expected)) {
                    break;
                }
                Thread.sleep(200);
            }
        } finally {
            w.destroy(); // SIGTERM: the watch commits and stops
            if (!w.waitFor(30, TimeUnit.SECONDS)) {
                w.destroyForcibly();
            }
        }
        assertThat(Files.readString(err)).as("the watch's notes").contains("3 Sigma rules loaded from 3 files");
        return alerts(Files.readString(out));
    }

    @Test
    void aWatchWithSigmaRulesRaisesWhatAScanDoes() throws Exception {
        Map<String, Long> scan = scanned("--no-builtin-rules");
        // Linux and Windows process rules and the web rule, each grouped per host or client
        assertThat(scan.keySet()).anyMatch(k -> k.contains("5a1d0000-0000-4000-8000-000000000001"))
                .anyMatch(k -> k.contains("5a1d0000-0000-4000-8000-000000000002"))
                .anyMatch(k -> k.contains("5a1d0000-0000-4000-8000-000000000003"));
        assertThat(scan.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(10 + 8 + 3);
        Map<String, Long> watch = watched(scan, "--no-db", "--no-builtin-rules", "--format", "ndjson", "--poll", "50ms",
                "--commit-every", "200ms", "--idle-timeout", "1h", "--threads", "1",
                "--rules", "sigma:" + sigma, trace.toString(), access.toString());
        assertThat(watch).isEqualTo(scan);
    }

    @Test
    void aWatchConfigsRulesTakeSigmaFoldersBesideTheBuiltInRules() throws Exception {
        Map<String, Long> scan = scanned();
        assertThat(scan.keySet()).anyMatch(k -> k.contains("sigma:5a1d0000-0000-4000-8000-000000000002"))
                .anyMatch(k -> !k.contains("sigma:"));
        Path config = dir.resolve("watch.yaml");
        Files.writeString(config, String.join("\n", "database: none", "sources:", "  - " + trace, "  - path: " + access,
                "    format: combined", "rules:", "  - \"sigma:" + sigma + "\"", "options:", "  format: ndjson",
                "  poll: 50ms", "  commit-every: 200ms", "  idle-timeout: 1h", "  threads: 1", ""));
        assertThat(Main.run("watch", "--check-config", config.toString())).as(std.err()).isZero();
        Map<String, Long> watch = watched(scan, "--config", config.toString());
        assertThat(watch).isEqualTo(scan);
    }
}
