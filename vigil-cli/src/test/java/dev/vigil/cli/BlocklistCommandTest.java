package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class BlocklistCommandTest {
    private static final String LOG =
            "198.51.100.7 - - [28/Nov/2026:10:00:00 +0000] \"GET /index.php?page=../../../../etc/passwd HTTP/1.1\" 200 9 \"-\" \"curl/8.5\"\n"
            + "10.0.0.8 - - [28/Nov/2026:10:00:01 +0000] \"GET /index.php?page=../../../../etc/passwd HTTP/1.1\" 200 9 \"-\" \"curl/8.5\"\n"
            + "203.0.113.5 - - [28/Nov/2026:10:00:02 +0000] \"GET / HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\"\n";

    @TempDir
    Path dir;

    @RegisterExtension
    final StdStreams std = new StdStreams();

    private int run(String... args) {
        std.reset();
        return Main.run(args);
    }

    @Test
    void blocklistsOfTheStoredAlertsClientAddresses() throws Exception {
        Path log = dir.resolve("access.log");
        Files.writeString(log, LOG);
        String db = dir.resolve("v.db").toString();
        assertThat(run("scan", "--format", "ndjson", "--db", db, log.toString())).isZero();

        assertThat(run("alerts", "blocklist", "--db", db, "--min-severity", "low")).isZero();
        assertThat(std.out().lines().filter(l -> !l.startsWith("#"))).containsExactly("198.51.100.7");
        assertThat(std.err()).startsWith("vigil: 1 addresses").contains("1 non-public left out");

        assertThat(run("alerts", "blocklist", "--db", db, "--min-severity", "low", "--format", "ipset", "--ttl", "2h",
                "--set", "webblock")).isZero();
        assertThat(std.out()).contains("add webblock 198.51.100.7 timeout 7200");

        Path out = dir.resolve("deny.conf");
        assertThat(run("alerts", "blocklist", "--db", db, "--min-severity", "low", "--format", "nginx", "-o",
                out.toString())).isZero();
        assertThat(Files.readString(out)).contains("deny 198.51.100.7;").doesNotContain("10.0.0.8");

        // nothing at or above high here
        assertThat(run("alerts", "blocklist", "--db", db)).isZero();
        assertThat(std.out().lines().filter(l -> !l.startsWith("#"))).isEmpty();

        assertThat(run("alerts", "blocklist", "--db", db, "--format", "iptables")).isEqualTo(Main.EXIT_USAGE);
        assertThat(std.err()).startsWith("vigil: unknown blocklist format 'iptables'");
        assertThat(run("alerts", "blocklist", "--db", db, "--ttl", "forever")).isEqualTo(Main.EXIT_USAGE);
        assertThat(run("alerts", "blocklist", "--db", db, "--format", "ipset", "--set", "a b")).isEqualTo(Main.EXIT_USAGE);
    }
}
