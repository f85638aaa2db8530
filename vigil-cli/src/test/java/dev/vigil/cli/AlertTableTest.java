package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** alerts list as an analyst at an 80-column terminal sees it: no wrapping, colour, summary, time zones. */
class AlertTableTest {
    private static final String LOG =
            "198.51.100.7 - - [28/Nov/2026:10:00:00 +0000] \"GET /index.php?page=../../../../etc/passwd HTTP/1.1\" 200 9 \"-\" \"curl/8.5\"\n"
            + "198.51.100.7 - - [28/Nov/2026:10:00:01 +0000] \"GET /.env HTTP/1.1\" 404 9 \"-\" \"curl/8.5\"\n"
            + "2001:db8:ffff:1234:5678:9abc:def0:1 - - [28/Nov/2026:23:30:00 +0000] \"GET /This_Will_Generate_Vigil_Alert HTTP/1.1\" 404 9 \"-\" \"x\"\n";

    @TempDir
    Path dir;

    @RegisterExtension
    final StdStreams std = new StdStreams();

    private String db;

    @BeforeEach
    void scan() throws Exception {
        Path log = dir.resolve("access.log");
        Files.writeString(log, LOG);
        db = dir.resolve("v.db").toString();
        assertThat(Main.run("scan", "--format", "ndjson", "--resource", "shop-prod.azurewebsites.net", "--db", db,
                log.toString())).isZero();
    }

    @AfterEach
    void terminalOff() {
        System.clearProperty("vigil.stdout.tty");
        System.clearProperty("vigil.columns");
        System.clearProperty("vigil.color");
    }

    private int run(String... args) {
        std.reset();
        return Main.run(args);
    }

    @Test
    void onAnEightyColumnTerminalNoRowWraps() {
        System.setProperty("vigil.stdout.tty", "true");
        System.setProperty("vigil.columns", "80");
        System.setProperty("vigil.color", "false");
        assertThat(run("alerts", "list", "--db", db)).isZero();
        List<String> lines = std.out().lines().toList();
        assertThat(lines).hasSizeGreaterThan(2).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
        assertThat(std.out()).doesNotContain("\u001b");

        System.setProperty("vigil.color", "true");
        assertThat(run("alerts", "list", "--db", db)).isZero();
        assertThat(std.out()).contains("\u001b[1;31mHigh\u001b[0m");
    }

    @Test
    void toAPipeRowsAreWholeAndUncoloured() {
        System.setProperty("vigil.stdout.tty", "false");
        assertThat(run("alerts", "list", "--db", db)).isZero();
        assertThat(std.out()).contains("2001:db8:ffff:1234:5678:9abc:def0:1").contains("shop-prod.azurewebsites.net")
                .doesNotContain("\u001b").doesNotContain("…");
    }

    @Test
    void summaryCountsByTypeAndTopAddresses() {
        assertThat(run("alerts", "list", "--db", db, "--summary")).isZero();
        String out = std.out();
        assertThat(out).startsWith("3 alerts, 5 detections").contains("TYPE").contains("PathTraversalAttempt")
                .contains("TOP CLIENT IP").contains("198.51.100.7").contains("TOP RESOURCE")
                .contains("shop-prod.azurewebsites.net");
        // the address with the most detections comes first
        assertThat(out.indexOf("198.51.100.7")).isLessThan(out.indexOf("2001:db8:ffff"));
    }

    @Test
    void limitUntilAndTimeZones() {
        assertThat(run("alerts", "list", "--db", db, "--limit", "1")).isZero();
        assertThat(std.out().lines()).hasSize(2);

        assertThat(run("alerts", "list", "--db", db, "--until", "2026-11-28T12:00:00Z")).isZero();
        assertThat(std.out()).contains("198.51.100.7").doesNotContain("2001:db8");
        assertThat(run("alerts", "export", "--db", db, "--until", "2026-11-28T12:00:00Z", "--format", "ndjson")).isZero();
        assertThat(std.out().lines()).hasSize(2);

        assertThat(run("alerts", "list", "--db", db, "--tz", "Asia/Tokyo", "--type", "TestAlert")).isZero();
        assertThat(std.out()).contains("LAST SEEN (Asia/Tokyo)").contains("2026-11-29 08:30:00");
        assertThat(run("alerts", "list", "--db", db, "--tz", "Mars/Olympus")).isEqualTo(Main.EXIT_USAGE);
        assertThat(std.err()).startsWith("vigil: --tz 'Mars/Olympus'");
        assertThat(run("alerts", "list", "--db", db, "--until", "soon")).isEqualTo(Main.EXIT_USAGE);
        assertThat(std.err()).startsWith("vigil: --until 'soon'");
    }

    @Test
    void showAndTheScanTableTakeTheZoneToo() throws Exception {
        assertThat(run("alerts", "export", "--db", db, "--type", "TestAlert", "--format", "ndjson")).isZero();
        String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(std.out().lines().findFirst().orElseThrow())
                .get("systemAlertId").asText();
        // 23:30 UTC on the 28th is 08:30 on the 29th in Tokyo: the seen line and the evidence line move
        assertThat(run("alerts", "show", "--db", db, "--tz", "Asia/Tokyo", id)).isZero();
        assertThat(std.out()).contains("seen:        2026-11-29 08:30:00 to 2026-11-29 08:30:00 Asia/Tokyo")
                .contains("access.log:3  2026-11-29 08:30:00").doesNotContain("2026-11-28 23:30:00");
        assertThat(run("alerts", "show", "--db", db, id)).isZero();
        assertThat(std.out()).contains("2026-11-28 23:30:00 to 2026-11-28 23:30:00 UTC");
        assertThat(run("alerts", "show", "--db", db, "--tz", "-05:00", id)).isZero();
        assertThat(std.out()).contains("2026-11-28 18:30:00 to 2026-11-28 18:30:00 -05:00");
        assertThat(run("alerts", "show", "--db", db, "--tz", "Mars/Olympus", id)).isEqualTo(Main.EXIT_USAGE);
        assertThat(std.err()).startsWith("vigil: --tz 'Mars/Olympus'");

        Path log = dir.resolve("access.log");
        assertThat(run("scan", "--no-db", "--format", "table", "--tz", "Asia/Tokyo", log.toString())).isZero();
        assertThat(std.out()).contains("FIRST SEEN (Asia/Tokyo)").contains("2026-11-29 08:30:00")
                .doesNotContain("FIRST SEEN (UTC)");
        assertThat(run("scan", "--no-db", "--format", "table", log.toString())).isZero();
        assertThat(std.out()).contains("FIRST SEEN (UTC)").contains("2026-11-28 23:30:00");
        assertThat(run("scan", "--no-db", "--tz", "Mars/Olympus", log.toString())).isEqualTo(Main.EXIT_USAGE);
        assertThat(std.err()).startsWith("vigil: --tz 'Mars/Olympus'");
    }
}
