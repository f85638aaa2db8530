package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DnsCommandTest {
    static final String ZONE = """
            $ORIGIN contoso.example.
            $TTL 3600
            @       IN SOA ns1 hostmaster ( 1 7200 3600 1209600 300 )
            www     IN CNAME contoso-shop.azurewebsites.net.
            promo   IN CNAME contoso-promo.azurewebsites.net.
            blog    IN CNAME contoso-blog.azurewebsites.net.
            asuid.blog IN TXT "abc"
            bad     IN
            """;
    static final String INVENTORY = "contoso-shop.azurewebsites.net\n";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    private Path file(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void checkPrintsOneAlertPerDanglingRecordAndStoresThem() throws Exception {
        Path zone = file("db.contoso", ZONE);
        Path inv = file("live.txt", INVENTORY);
        Path db = dir.resolve("alerts.db");
        int code = Main.run("dns", "check", "--zone", zone.toString(), "--inventory", inv.toString(),
                "--format", "ndjson", "--db", db.toString());
        assertThat(code).isZero();
        List<JsonNode> alerts = out.toString(StandardCharsets.UTF_8).lines().map(DnsCommandTest::json).toList();
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(0).get("alertType").asText()).isEqualTo("DanglingDns");
        assertThat(alerts.get(0).get("severity").asText()).isEqualTo("High");
        assertThat(alerts.get(0).get("compromisedEntity").asText()).isEqualTo("promo.contoso.example");
        assertThat(alerts.get(1).get("severity").asText()).isEqualTo("Low");
        assertThat(alerts.get(1).get("compromisedEntity").asText()).isEqualTo("blog.contoso.example");
        String e = err.toString(StandardCharsets.UTF_8);
        assertThat(e).contains(zone + ":8: ").contains("2 dangling, 1 problems").contains("stored in");

        // stored like scan alerts: listed by 'vigil alerts', and a second check merges, not duplicates
        out.reset();
        assertThat(Main.run("dns", "check", "--zone", zone.toString(), "--inventory", inv.toString(),
                "--format", "ndjson", "--db", db.toString())).isZero();
        out.reset();
        assertThat(Main.run("alerts", "list", "--db", db.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("DanglingDns"))).hasSize(2);
    }

    @Test
    void unreadableFilesAndUnknownFormatsAreUsageErrors() throws Exception {
        Path inv = file("live.txt", INVENTORY);
        assertThat(Main.run("dns", "check", "--zone", dir.resolve("missing").toString(), "--inventory", inv.toString(),
                "--no-db")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--zone").contains("cannot read");
        assertThat(Main.run("dns", "check", "--zone", inv.toString(), "--inventory", inv.toString(), "--no-db",
                "--format", "cef")).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void scanningAFolderWithAZoneFileSaysWhatItIs() throws Exception {
        file("db.contoso", ZONE);
        file("live.txt", INVENTORY);
        file("query.log", "21-Nov-2026 09:19:07.247 queries: info: client @0x7f 192.0.2.20#35489 (pool.supportxmr.example): "
                + "query: pool.supportxmr.example IN A +E(0)K (192.0.2.53)\n");
        Path feed = file("feed.txt", "supportxmr.example\n");
        assertThat(Main.run("scan", "--no-db", "--format", "ndjson", "--ti", feed.toString(),
                dir.resolve("query.log").toString(), dir.resolve("db.contoso").toString(),
                dir.resolve("live.txt").toString())).isZero();
        String e = err.toString(StandardCharsets.UTF_8);
        assertThat(e).contains("db.contoso").contains("a DNS zone file").contains("vigil dns check");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("ThreatIntelDnsQuery");
    }

    private static JsonNode json(String s) {
        try {
            return new ObjectMapper().readTree(s);
        } catch (Exception e) {
            throw new AssertionError(s, e);
        }
    }
}
