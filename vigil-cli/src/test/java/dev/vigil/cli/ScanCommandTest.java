package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {
    private static final String TEST_ALERT =
            "198.51.100.7 - - [28/Nov/2026:10:00:00 +0000] \"GET /This_Will_Generate_ASC_Alert HTTP/1.1\" 404 9 \"-\" \"curl/8.5\"\n";
    private static final String NORMAL =
            "203.0.113.5 - - [28/Nov/2026:10:00:01 +0000] \"GET / HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\"\n";

    @TempDir
    Path dir;

    @RegisterExtension
    final StdStreams std = new StdStreams();

    private Path log(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void detectionsAsNdjsonNameRuleSourceAndLine() throws Exception {
        Path p = log("a.log", NORMAL + NORMAL + TEST_ALERT);
        int code = Main.run("scan", "--detections", "--format", "ndjson", "--input", "combined", p.toString());
        assertThat(code).isZero();
        List<String> lines = std.out().lines().toList();
        assertThat(lines).hasSize(1);
        JsonNode d = new ObjectMapper().readTree(lines.get(0));
        assertThat(d.get("rule").asText()).isEqualTo("http.test-alert");
        assertThat(d.get("severity").asText()).isEqualTo("High");
        assertThat(d.get("source").asText()).isEqualTo(p.toString());
        assertThat(d.get("line").asLong()).isEqualTo(3);
        assertThat(d.get("field").asText()).isEqualTo("path");
        assertThat(d.get("decoded").asText()).isEqualTo("/This_Will_Generate_ASC_Alert");
        assertThat(std.err()).contains("3 lines, 3 events, 0 rejected, 1 detections, 1 alerts");
    }

    @Test
    void aTruncatedGzipIsScannedAsFarAsItGoesAndExitsThree() throws Exception {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream g = new java.util.zip.GZIPOutputStream(buf)) {
            java.util.Random r = new java.util.Random(1);
            for (int i = 0; i < 2_000; i++) {
                String line = i == 3 ? TEST_ALERT : NORMAL.replace("GET / ", "GET /p" + r.nextLong() + " ");
                g.write(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        byte[] whole = buf.toByteArray();
        Path p = dir.resolve("cut.log.gz");
        Files.write(p, java.util.Arrays.copyOf(whole, whole.length * 6 / 10));
        assertThat(Main.run("scan", "--no-db", "--format", "ndjson", p.toString())).isEqualTo(3);
        assertThat(std.out()).contains("TestAlert");
        assertThat(std.err()).contains("truncated gzip stream");
    }

    @Test
    void aFloodFromManyAddressesIsFoldedIntoAStormAlertAndSaidSo() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            b.append(String.format("2001:db8::%x - - [28/Nov/2026:10:00:00 +0000] \"GET /item?id=1%%27+or+1%%3D1-- HTTP/1.1\" 200 9 \"-\" \"x\"%n", i));
        }
        Path p = log("flood.log", b.toString());
        assertThat(Main.run("scan", "--no-db", "--format", "ndjson", "--max-alerts", "100", p.toString())).isZero();
        List<JsonNode> alerts = new java.util.ArrayList<>();
        for (String l : std.out().lines().toList()) {
            alerts.add(new ObjectMapper().readTree(l));
        }
        assertThat(alerts).hasSize(101);
        assertThat(std.err()).contains("more than 100 alerts were open at once: 1,900 folded into storm alerts (SqlInjectionAttempt 1900)");
        assertThat(Main.run("scan", "--no-db", "--max-alerts", "0", p.toString())).isEqualTo(2);
    }

    @Test
    void alertTableShowsTheTestAlertAndItsEvidence() throws Exception {
        Path p = log("a.log", TEST_ALERT + NORMAL);
        assertThat(Main.run("scan", "--format", "table", p.toString())).isZero();
        assertThat(std.out()).contains("TestAlert (test)").contains("198.51.100.7").contains(p + ":1");
    }

    @Test
    void failOnReturnsOneOnlyWhenAnAlertIsSevereEnough() throws Exception {
        Path hit = log("hit.log", TEST_ALERT);
        Path clean = log("clean.log", NORMAL);
        assertThat(Main.run("scan", "-q", "--fail-on", "high", hit.toString())).isEqualTo(1);
        assertThat(Main.run("scan", "-q", "--fail-on", "high", clean.toString())).isZero();
    }

    @Test
    void usageErrorsAndUnreadableInputExitWithTwo() throws Exception {
        Path clean = log("clean.log", NORMAL);
        assertThat(Main.run("scan", "--format", "xml", clean.toString())).isEqualTo(2);
        assertThat(Main.run("scan", "--input", "fortran", clean.toString())).isEqualTo(2);
        assertThat(Main.run("scan", "--min-severity", "urgent", clean.toString())).isEqualTo(2);
        assertThat(Main.run("scan")).isEqualTo(2);
        assertThat(Main.run("scan", dir.resolve("missing.log").toString(), clean.toString())).isEqualTo(2);
        assertThat(std.err()).contains("missing.log: no such file or directory");
    }

    @Test
    void minSeverityHidesLowerAlerts() throws Exception {
        Path p = log("a.log", TEST_ALERT);
        assertThat(Main.run("scan", "--format", "ndjson", "--min-severity", "high", p.toString())).isZero();
        assertThat(std.out().lines()).hasSize(1);
    }

    @Test
    void attackerTextCannotDriveTheTerminal() throws Exception {
        // an escape sequence and a bidi override in the request path, as nginx would log them
        String evil = "198.51.100.7 - - [28/Nov/2026:10:00:00 +0000] "
                + "\"GET /x\\x1B[2J\\xE2\\x80\\xAE/This_Will_Generate_Vigil_Alert HTTP/1.1\" 404 9 \"-\" \"ua\"\n";
        Path p = log("evil.log", evil);
        assertThat(Main.run("scan", "--format", "table", p.toString())).isZero();
        assertThat(std.out()).doesNotContain("\u001b").doesNotContain("\u202e").contains("\\x1B[2J").contains("\\u202E");
        std.reset();
        assertThat(Main.run("scan", "--format", "ndjson", "--detections", p.toString())).isZero();
        assertThat(std.out()).doesNotContain("\u001b").doesNotContain("\u202e").contains("\\u001B").contains("\\u202E");
    }

    @Test
    void resourceNamesTheHostOfRecordsThatDoNot() throws Exception {
        Path p = log("a.log", TEST_ALERT);
        assertThat(Main.run("scan", "--format", "ndjson", "--resource", "shop.example.com", p.toString())).isZero();
        JsonNode a = new ObjectMapper().readTree(std.out().lines().findFirst().orElseThrow());
        assertThat(a.get("compromisedEntity").asText()).isEqualTo("shop.example.com");
    }

    @Test
    void threatIntelFeedsRaiseClientIpAlertsAndMissingFeedsAreUsageErrors() throws Exception {
        Path p = log("a.log", NORMAL);
        Path feed = dir.resolve("feed.txt");
        Files.writeString(feed, "# bad actors\n203.0.113.0/24\n");
        assertThat(Main.run("scan", "--no-db", "--format", "ndjson", "--ti", feed.toString(), p.toString())).isZero();
        assertThat(std.out()).contains("\"alertType\":\"ThreatIntelClientIp\"");
        assertThat(std.err()).contains("1 indicators");
        assertThat(Main.run("scan", "--no-db", "--ti", dir.resolve("none.txt").toString(), p.toString())).isEqualTo(2);
    }

    @Test
    void groupWindowAndPerTypeThrottleDecideHowManyAlerts() throws Exception {
        String a = "198.51.100.7 - - [28/Nov/2026:%s +0000] \"GET /This_Will_Generate_Vigil_Alert HTTP/1.1\" 404 9 \"-\" \"x\"\n";
        Path p = log("a.log", String.format(a, "10:00:00") + String.format(a, "11:00:00") + String.format(a, "18:00:00"));
        assertThat(Main.run("scan", "--no-db", "--format", "ndjson", p.toString())).isZero();
        assertThat(std.out().lines()).hasSize(3);
        std.reset();
        assertThat(Main.run("scan", "--no-db", "--format", "ndjson", "--throttle", "TestAlert=1d", p.toString())).isZero();
        assertThat(std.out().lines()).hasSize(1);
        std.reset();
        assertThat(Main.run("scan", "--no-db", "--format", "ndjson", "--group-window", "6h", p.toString())).isZero();
        assertThat(std.out().lines()).hasSize(2);
        assertThat(Main.run("scan", "--no-db", "--group-window", "soon", p.toString())).isEqualTo(2);
        assertThat(Main.run("scan", "--no-db", "--throttle", "NoSuchType=1d", p.toString())).isEqualTo(2);
    }

    @Test
    void helpExplainsFormatsAndExitCodes() {
        assertThat(Main.run("scan", "--help")).isZero();
        assertThat(std.out()).contains("--input").contains("--detections").contains("--fail-on").contains("Exit codes");
    }

    @Test
    void webWorkersCanBeExtendedOrReplaced() throws Exception {
        Path p = log("proc.jsonl",
                "{\"time\":1795000000000,\"host\":\"h\",\"pid\":10,\"ppid\":1,\"exe\":\"/usr/bin/perl\","
                        + "\"cmdline\":\"script/shop_server.pl --port 3000\",\"user\":\"www-data\"}\n"
                        + "{\"time\":1795000001000,\"host\":\"h\",\"pid\":11,\"ppid\":10,\"exe\":\"/bin/sh\","
                        + "\"cmdline\":\"sh -c id\",\"user\":\"www-data\"}\n");
        // perl is no web worker by default (only its PSGI servers are); the application's own server is one when named
        assertThat(Main.run("scan", "--no-db", "--detections", "--format", "ndjson", p.toString())).isZero();
        assertThat(std.out()).doesNotContain("process.webshell.shell");
        assertThat(Main.run("scan", "--no-db", "--detections", "--format", "ndjson", "--web-workers", "+perl:shop_server",
                p.toString())).isZero();
        assertThat(std.out()).contains("\"rule\":\"process.webshell.shell\"");
        assertThat(Main.run("scan", "--no-db", "--web-workers", "/usr/bin/perl", p.toString())).isEqualTo(2);
        assertThat(std.err()).contains("--web-workers: web worker entry '/usr/bin/perl'");
        assertThat(Main.run("scan", "--no-db", "--web-workers", " , ", p.toString())).isEqualTo(2);
    }
}
