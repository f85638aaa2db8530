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

/** Scan, list, triage, suppress and export against one database file, through Main as a user runs it. */
class AlertsCommandTest {
    private static final String LOG =
            "198.51.100.7 - - [28/Nov/2026:10:00:00 +0000] \"GET /This_Will_Generate_ASC_Alert HTTP/1.1\" 404 9 \"-\" \"curl/8.5\"\n"
            + "203.0.113.5 - - [28/Nov/2026:10:00:01 +0000] \"GET / HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\"\n"
            + "192.0.2.99 - - [28/Nov/2026:10:05:00 +0000] \"GET /This_Will_Generate_Vigil_Alert HTTP/1.1\" 404 9 \"-\" \"x\"\n";

    @TempDir
    Path dir;

    @RegisterExtension
    final StdStreams std = new StdStreams();

    private int run(String... args) {
        std.reset();
        return Main.run(args);
    }

    @Test
    void scanStoresAlertsOnceAndTriageWorks() throws Exception {
        Path log = dir.resolve("access.log");
        Files.writeString(log, LOG);
        String db = dir.resolve("vigil.db").toString();
        assertThat(run("scan", "--detections", "--format", "ndjson", "--db", db, log.toString())).isZero();
        assertThat(std.out().lines()).hasSize(2); // detections output is unchanged by storing
        assertThat(run("scan", "--format", "ndjson", "--db", db, log.toString())).isZero();
        assertThat(std.err()).contains("0 new, 2 updated");

        assertThat(run("alerts", "list", "--db", db)).isZero();
        assertThat(std.out().lines().skip(1)).hasSize(2).allMatch(l -> l.contains("Active") && l.contains("TestAlert"));

        assertThat(run("alerts", "export", "--db", db, "--format", "ndjson", "--entity", "192.0.2.99")).isZero();
        JsonNode a = new ObjectMapper().readTree(std.out().lines().findFirst().orElseThrow());
        String id = a.get("systemAlertId").asText();
        assertThat(a.get("status").asText()).isEqualTo("Active");

        assertThat(run("alerts", "set-status", "--db", db, "--actor", "dana", id.substring(0, 8), "in-progress",
                "--comment", "checking who sent it")).isZero();
        assertThat(run("alerts", "set-status", "--db", db, id, "active")).isZero();
        assertThat(run("alerts", "set-status", "--db", db, id, "bogus")).isEqualTo(Main.EXIT_USAGE);
        assertThat(run("alerts", "set-status", "--db", db, "abcdefabcdef", "resolved")).isEqualTo(Main.EXIT_USAGE);
        assertThat(std.err()).contains("abcdefabcdef");
        assertThat(run("alerts", "show", "--db", db, id)).isZero();
        assertThat(std.out()).contains("Remediation:").contains("History:").contains("by dana: checking who sent it")
                .contains("Evidence (1 of 1 line):").contains("access.log:3").contains("GET 404")
                .contains("path = /This_Will_Generate_Vigil_Alert").contains("rules:   http.test-alert");

        assertThat(run("alerts", "list", "--db", db, "--status", "inprogress")).isZero();
        assertThat(std.out()).contains("No alerts.");
        assertThat(run("alerts", "export", "--db", db, "--format", "csv", "--since", "2026-11-28")).isZero();
        assertThat(std.out().lines()).hasSize(3);
        assertThat(run("alerts", "export", "--db", db, "--format", "xml")).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void suppressionRulesDismissOnTheNextScanAndSimulateCounts() throws Exception {
        Path log = dir.resolve("access.log");
        Files.writeString(log, LOG);
        String db = dir.resolve("vigil.db").toString();
        assertThat(run("scan", "-q", "--format", "ndjson", "--db", db, log.toString())).isZero();
        assertThat(run("suppress", "simulate", "--db", db, "--type", "TestAlert", "--ip", "198.51.100.0/24")).isZero();
        assertThat(std.out()).startsWith("1 stored alerts would be dismissed");
        assertThat(run("suppress", "add", "--db", db, "--type", "TestAlert", "--ip", "198.51.100.0/24")).isEqualTo(Main.EXIT_USAGE);
        assertThat(std.err()).contains("--reason");
        assertThat(run("suppress", "add", "--db", db, "--type", "TestAlert", "--ip", "198.51.100.0/24",
                "--reason", "uptime checker", "--expires", "30d")).isZero();
        String ruleId = std.out().strip();
        assertThat(ruleId).startsWith("sup-");
        assertThat(run("suppress", "list", "--db", db)).isZero();
        assertThat(std.out()).contains(ruleId).contains("enabled").contains("ip in 198.51.100.0/24").contains("uptime checker");
        assertThat(run("scan", "-q", "--format", "ndjson", "--db", db, log.toString())).isZero();
        assertThat(run("alerts", "list", "--db", db, "--status", "dismissed")).isZero();
        assertThat(std.out().lines().skip(1)).singleElement().satisfies(l -> assertThat(l).contains("198.51.100.7"));
        assertThat(run("suppress", "remove", "--db", db, ruleId)).isZero();
        assertThat(run("suppress", "remove", "--db", db, ruleId)).isEqualTo(Main.EXIT_USAGE);
        assertThat(run("suppress", "add", "--db", db, "--ip", "not-an-ip", "--reason", "x")).isEqualTo(Main.EXIT_USAGE);
        assertThat(std.err()).contains("not-an-ip");
    }

    @Test
    void aDatabaseThatCannotStoreFailsTheScanButTheAlertsAreStillShown() throws Exception {
        Path log = dir.resolve("access.log");
        Files.writeString(log, LOG);
        String db = dir.resolve("no-such-folder").resolve("vigil.db").toString();
        assertThat(run("scan", "--format", "ndjson", "--db", db, log.toString())).isEqualTo(Main.EXIT_FAILED);
        assertThat(std.out().lines()).hasSize(2);
        assertThat(std.err()).contains("error: 2 alerts not stored").contains("no-such-folder").doesNotContain("warning");
        assertThat(run("scan", "--fail-on", "high", "--format", "ndjson", "--db", db, log.toString()))
                .isEqualTo(Main.EXIT_FAILED);
        assertThat(run("scan", "--no-db", "--format", "cef", "--db", db, log.toString())).isZero();
        assertThat(std.out().lines()).hasSize(2).allMatch(l -> l.startsWith("CEF:0|Vigil|Vigil|"));
        assertThat(std.err()).doesNotContain("warning").doesNotContain("error");
        assertThat(run("scan", "--detections", "--format", "cef", log.toString())).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void showAllPrintsEveryEvidenceLine() throws Exception {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            log.append(String.format("192.0.2.99 - - [28/Nov/2026:10:%02d:00 +0000] \"GET /This_Will_Generate_Vigil_Alert?n=%d "
                    + "HTTP/1.1\" 404 9 \"-\" \"x\"%n", i, i));
        }
        Path file = dir.resolve("access.log");
        Files.writeString(file, log);
        String db = dir.resolve("vigil.db").toString();
        assertThat(run("scan", "-q", "--format", "ndjson", "--db", db, file.toString())).isZero();
        String id = new ObjectMapper().readTree(std.out().lines().findFirst().orElseThrow()).get("systemAlertId").asText();
        assertThat(run("alerts", "show", "--db", db, id)).isZero();
        assertThat(std.out()).contains("Evidence (5 of 24 lines):").contains("19 more lines kept")
                .contains("--all");
        assertThat(std.out().lines().filter(l -> l.matches("  \\S*access\\.log:\\d+  .*"))).hasSize(5);
        assertThat(run("alerts", "show", "--db", db, id, "--all")).isZero();
        assertThat(std.out()).contains("Evidence (24 of 24 lines):").doesNotContain("more lines kept");
        assertThat(std.out().lines().filter(l -> l.matches("  \\S*access\\.log:\\d+  .*"))).hasSize(24);
    }

    @Test
    void usageLinesNameEachParameterOnceAndReadingCommandsTakeNoActor() {
        assertThat(run("alerts", "set-status", "--help")).isZero();
        assertThat(std.out()).contains("ID... STATUS").doesNotContain("STATUS ID...");
        for (String[] cmd : List.of(new String[] {"alerts", "list"}, new String[] {"alerts", "show"},
                new String[] {"alerts", "export"}, new String[] {"incidents", "list"}, new String[] {"incidents", "show"},
                new String[] {"incidents", "export"}, new String[] {"outbox", "list"})) {
            List<String> args = new java.util.ArrayList<>(List.of(cmd));
            args.add("--help");
            assertThat(run(args.toArray(String[]::new))).isZero();
            assertThat(std.out()).as(String.join(" ", cmd)).contains("--db").doesNotContain("--actor");
        }
        assertThat(run("incidents", "set-status", "--help")).isZero();
        assertThat(std.out()).contains("--actor");
    }

    @Test
    void readingCommandsNeverCreateADatabase() throws Exception {
        Path typo = dir.resolve("typo.db");
        for (String[] cmd : List.of(new String[] {"alerts", "list"}, new String[] {"alerts", "show", "abcdef"},
                new String[] {"alerts", "export"}, new String[] {"alerts", "set-status", "abcdef", "resolved"},
                new String[] {"incidents", "list"}, new String[] {"incidents", "show", "inc-1"},
                new String[] {"incidents", "export"})) {
            List<String> args = new java.util.ArrayList<>(List.of(cmd));
            args.addAll(List.of("--db", typo.toString()));
            assertThat(run(args.toArray(String[]::new))).as(String.join(" ", cmd)).isNotZero();
            assertThat(std.err()).as(String.join(" ", cmd)).contains("no alert database at " + typo);
            assertThat(std.out()).as(String.join(" ", cmd)).doesNotContain("No alerts.");
            assertThat(typo).as(String.join(" ", cmd)).doesNotExist();
        }
    }

    @Test
    void simulateWritesOneMarkedSampleOfEveryType() throws Exception {
        String db = dir.resolve("vigil.db").toString();
        int types = dev.vigil.catalogue.AlertCatalogue.builtIn().all().size();
        assertThat(run("simulate", "--db", db, "--format", "ndjson")).isZero();
        assertThat(std.out().lines()).hasSize(types).allSatisfy(l -> {
            JsonNode a = new ObjectMapper().readTree(l);
            assertThat(a.get("isSample").asBoolean()).isTrue();
            assertThat(a.get("alertDisplayName").asText()).startsWith("[Sample alert] ");
        });
        assertThat(run("simulate", "--db", db, "--format", "ocsf")).isZero();
        assertThat(run("alerts", "list", "--db", db, "--limit", "0")).isZero();
        assertThat(std.out().lines().skip(1)).hasSize(types).allMatch(l -> l.contains("(sample)"));
    }

    @Test
    void listPagesWithTheCursorItPrints() throws Exception {
        String db = dir.resolve("vigil.db").toString();
        int types = dev.vigil.catalogue.AlertCatalogue.builtIn().all().size();
        assertThat(run("simulate", "--db", db, "--format", "ndjson")).isZero();
        java.util.Set<String> rows = new java.util.HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            List<String> args = new java.util.ArrayList<>(List.of("alerts", "list", "--db", db, "--limit", "7"));
            if (cursor != null) {
                args.addAll(List.of("--cursor", cursor));
            }
            assertThat(run(args.toArray(String[]::new))).isZero();
            std.out().lines().skip(1).forEach(l -> assertThat(rows.add(l)).as("row shown twice: %s", l).isTrue());
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("--cursor (\\S+)").matcher(std.err());
            cursor = m.find() ? m.group(1) : null;
            pages++;
        } while (cursor != null && pages < 100);
        assertThat(rows).hasSize(types);
        assertThat(pages).isEqualTo((types + 6) / 7);
        assertThat(run("alerts", "list", "--db", db, "--cursor", "not-a-cursor")).isEqualTo(Main.EXIT_USAGE);
        assertThat(std.err()).contains("invalid cursor");
    }
}
