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

class IncidentsCommandTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final StdStreams std = new StdStreams();

    @Test
    void aScanGroupsOneAttackersAlertsIntoAnIncidentThatListsShowsAndExports() throws Exception {
        Path log = dir.resolve("access.log");
        Files.writeString(log, String.join("\n",
                "203.0.113.9 - - [28/Nov/2026:10:00:00 +0000] \"GET /item?id=1%27%20OR%20%271%27=%271 HTTP/1.1\" 200 5 \"-\" \"curl/8\"",
                "203.0.113.9 - - [28/Nov/2026:10:00:05 +0000] \"GET /download?f=../../../../etc/passwd HTTP/1.1\" 200 5 \"-\" \"curl/8\"",
                "198.51.100.4 - - [28/Nov/2026:10:00:06 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"Mozilla/5.0\"", ""));
        Path db = dir.resolve("v.db");
        assertThat(Main.run("scan", "-q", "--format", "ndjson", "--db", db.toString(), log.toString())).isZero();
        std.reset();
        assertThat(Main.run("incidents", "list", "--db", db.toString())).isZero();
        assertThat(std.out()).contains("203.0.113.9").contains("2 alerts");
        std.reset();
        assertThat(Main.run("incidents", "export", "--format", "ndjson", "--db", db.toString())).isZero();
        JsonNode inc = new ObjectMapper().readTree(std.out().lines().findFirst().orElseThrow());
        assertThat(inc.get("alerts")).hasSize(2);
        String id = inc.get("incidentId").asText();
        std.reset();
        assertThat(Main.run("incidents", "show", id.substring(0, 10), "--db", db.toString())).isZero();
        assertThat(std.out()).contains("SqlInjectionAttempt").contains("PathTraversalAttempt");
        assertThat(Main.run("incidents", "show", "inc-nothing", "--db", db.toString())).isEqualTo(2);
    }

    @Test
    void anIncidentKeepsItsIdAndTriageWhenASuppressionDismissesOneOfItsAlerts() throws Exception {
        Path log = dir.resolve("access.log");
        Files.writeString(log, String.join("\n",
                "203.0.113.9 - - [28/Nov/2026:10:00:00 +0000] \"GET /item?id=1%27%20OR%20%271%27=%271 HTTP/1.1\" 200 5 \"-\" \"curl/8\"",
                "203.0.113.9 - - [28/Nov/2026:10:00:05 +0000] \"GET /download?f=../../../../etc/passwd HTTP/1.1\" 200 5 \"-\" \"curl/8\"",
                "203.0.113.9 - - [28/Nov/2026:10:00:09 +0000] \"GET /search?q=%3Cscript%3Ealert(1)%3C/script%3E HTTP/1.1\" 200 5 \"-\" \"curl/8\"",
                ""));
        String db = dir.resolve("v.db").toString();
        assertThat(Main.run("scan", "-q", "--format", "ndjson", "--db", db, log.toString())).isZero();
        std.reset();
        assertThat(Main.run("incidents", "export", "--format", "ndjson", "--db", db)).isZero();
        JsonNode inc = new ObjectMapper().readTree(std.out().lines().findFirst().orElseThrow());
        assertThat(inc.get("alerts")).hasSize(3);
        String id = inc.get("incidentId").asText();

        std.reset();
        assertThat(Main.run("incidents", "set-status", id, "inprogress", "--comment", "blocking the address",
                "--db", db, "--actor", "dana")).isZero();
        assertThat(std.out()).contains(id + "  Active -> InProgress");
        assertThat(Main.run("suppress", "add", "--db", db, "--type", "CrossSiteScriptingAttempt",
                "--ip", "203.0.113.9", "--reason", "our own scanner")).isZero();
        assertThat(Main.run("scan", "-q", "--format", "ndjson", "--db", db, log.toString())).isZero();

        std.reset();
        assertThat(Main.run("incidents", "show", id, "--db", db)).isZero();
        assertThat(std.out()).contains("status:    InProgress").contains("by dana: blocking the address")
                .doesNotContain("CrossSiteScriptingAttempt");
        std.reset();
        assertThat(Main.run("incidents", "list", "--db", db, "--status", "inprogress")).isZero();
        assertThat(std.out()).contains(id.substring(0, 12)).contains("2 alerts");
        std.reset();
        assertThat(Main.run("incidents", "export", "--format", "ndjson", "--db", db)).isZero();
        JsonNode after = new ObjectMapper().readTree(std.out().lines().findFirst().orElseThrow());
        assertThat(after.get("incidentId").asText()).isEqualTo(id);
        assertThat(after.get("status").asText()).isEqualTo("InProgress");
        assertThat(Main.run("incidents", "set-status", id, "bogus", "--db", db)).isEqualTo(2);
    }

    @Test
    void anIdRetiredByRegroupingSaysWhereItWent() throws Exception {
        Path db = dir.resolve("v.db");
        try (dev.vigil.store.SqliteAlertStore s = dev.vigil.store.SqliteAlertStore.open(db)) {
            List<dev.vigil.store.StoredIncident> two = s.replaceIncidents(List.of(incident("inc-aaaa", "a1", "a2"),
                    incident("inc-bbbb", "b1")));
            assertThat(two).extracting(dev.vigil.store.StoredIncident::id).containsExactly("inc-aaaa", "inc-bbbb");
            s.replaceIncidents(List.of(incident("inc-cccc", "a1", "a2", "b1"), incident("inc-dddd", "d1")));
            s.replaceIncidents(List.of(incident("inc-eeee", "a1", "a2", "b1")));
        }
        std.reset();
        assertThat(Main.run("incidents", "show", "inc-bbbb", "--db", db.toString())).isZero();
        assertThat(std.err()).contains("inc-bbbb was merged into inc-aaaa");
        assertThat(std.out()).contains("id:        inc-aaaa");
        std.reset();
        assertThat(Main.run("incidents", "show", "inc-dddd", "--db", db.toString())).isEqualTo(2);
        assertThat(std.err()).contains("inc-dddd no longer has alerts");
        assertThat(Main.run("incidents", "set-status", "inc-bbbb", "resolved", "--db", db.toString())).isZero();
        std.reset();
        assertThat(Main.run("incidents", "list", "--db", db.toString(), "--status", "resolved")).isZero();
        assertThat(std.out()).contains("inc-aaaa");
    }

    private static dev.vigil.store.StoredIncident incident(String id, String... alerts) {
        return new dev.vigil.store.StoredIncident(id, "Attack", dev.vigil.catalogue.Severity.HIGH, "attempted", "story",
                List.of(alerts), List.of("203.0.113.9"), List.of(), 1L, 2L, 0L, null);
    }
}
