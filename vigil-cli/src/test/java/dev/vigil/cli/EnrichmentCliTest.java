package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --geoip}, {@code --asn} and {@code --verify-crawlers} on a scan, through the store to
 * {@code alerts show} and the exports. The databases are the small ones vigil-core's
 * GeoIpEnricherTest writes (src/test/resources/geoip); the DNS logic itself is tested in vigil-core
 * against a responder, here the resolver is a closed port, so the verdict is "unknown".
 */
class EnrichmentCliTest {
    private static final String LOG =
            "66.249.66.1 - - [28/Nov/2026:10:00:00 +0000] \"GET /index.php?id=1'+OR+'1'='1 HTTP/1.1\" 200 9 \"-\" "
            + "\"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)\"\n"
            + "198.51.100.7 - - [28/Nov/2026:10:00:01 +0000] \"GET /This_Will_Generate_Vigil_Alert HTTP/1.1\" 404 9 \"-\" \"curl/8.5\"\n";

    @TempDir
    Path dir;

    @RegisterExtension
    final StdStreams std = new StdStreams();

    private int run(String... args) {
        std.reset();
        return Main.run(args);
    }

    private static String fixture(String name) throws Exception {
        return Path.of(EnrichmentCliTest.class.getResource("/geoip/" + name).toURI()).toString();
    }

    @Test
    void scanEnrichesTheClientAddressAndShowAndExportsCarryIt() throws Exception {
        Path log = dir.resolve("access.log");
        Files.writeString(log, LOG);
        String db = dir.resolve("v.db").toString();
        int closedPort;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            closedPort = s.getLocalPort();
        }
        assertThat(run("scan", "--db", db, "--format", "ndjson", "--geoip", fixture("test-City.mmdb"),
                "--asn", fixture("test-ASN.mmdb"), "--verify-crawlers", "--dns-server", "127.0.0.1:" + closedPort,
                log.toString())).isZero();
        String googlebot = null;
        for (String line : std.out().lines().toList()) {
            JsonNode a = new ObjectMapper().readTree(line);
            JsonNode ip = a.get("entities").get(0);
            if (ip.get("address").asText().equals("66.249.66.1")) {
                googlebot = a.get("systemAlertId").asText();
                assertThat(ip.at("/location/countryCode").asText()).isEqualTo("US");
                assertThat(ip.at("/location/asn").asLong()).isEqualTo(15169);
                assertThat(ip.at("/crawler/claimed").asText()).isEqualTo("Googlebot");
                assertThat(ip.at("/crawler/verification").asText()).startsWith("unknown (reverse look-up failed: ")
                        .doesNotContain("Exception");
            } else {
                assertThat(ip.at("/location/city").asText()).isEqualTo("Paris");
                assertThat(ip.has("crawler")).isFalse(); // curl claims nothing
            }
        }
        assertThat(googlebot).isNotNull();

        assertThat(run("alerts", "show", "--db", db, googlebot)).isZero();
        assertThat(std.out()).contains("ip.country").contains("United States").contains("ip.asn").contains("AS15169")
                .contains("Google LLC").contains("crawler.verification");
        assertThat(run("alerts", "export", "--db", db, "--format", "ocsf", "--entity", "66.249.66.1")).isZero();
        JsonNode ocsf = new ObjectMapper().readTree(std.out().lines().findFirst().orElseThrow());
        assertThat(ocsf.get("enrichments")).hasSize(3);
    }

    @Test
    void wrongDatabasesAreUsageErrorsBeforeAnyInputIsRead() throws Exception {
        Path log = dir.resolve("access.log");
        Files.writeString(log, LOG);
        assertThat(run("scan", "--no-db", "--geoip", fixture("test-ASN.mmdb"), log.toString())).isEqualTo(Main.EXIT_USAGE);
        assertThat(std.err()).startsWith("vigil: --geoip").contains("expected a City or Country database");
        assertThat(run("scan", "--no-db", "--asn", log.toString(), log.toString())).isEqualTo(Main.EXIT_USAGE);
        assertThat(std.err()).contains("not a MaxMind database");
        assertThat(run("scan", "--no-db", "--dns-server", "127.0.0.1", log.toString())).isEqualTo(Main.EXIT_USAGE);
        assertThat(std.err()).contains("--dns-server is for --verify-crawlers");
        // without the options nothing is added
        assertThat(run("scan", "--no-db", "--format", "ndjson", log.toString())).isZero();
        assertThat(std.out()).doesNotContain("\"location\"").doesNotContain("\"crawler\"");
    }
}
