package dev.vigil.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alert.Alert;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GeoIP and ASN from databases written by {@link MmdbWriter}: no downloaded data. */
class GeoIpEnricherTest {
    @TempDir
    Path dir;

    static Map<String, Object> city(String iso, String country, String city) {
        return Map.of("country", Map.of("iso_code", iso, "geoname_id", 6252001L, "names", Map.of("en", country)),
                "city", Map.of("geoname_id", 5375480L, "names", Map.of("en", city)));
    }

    Path cityDb() throws Exception {
        Path p = dir.resolve("GeoLite2-City.mmdb");
        Files.write(p, new MmdbWriter("GeoLite2-City")
                .insert("66.249.64.0/19", city("US", "United States", "Mountain View"))
                .insert("198.51.100.0/24", city("FR", "France", "Paris"))
                .insert("2001:db8:1::/48", city("DE", "Germany", "Berlin"))
                .build());
        return p;
    }

    Path asnDb() throws Exception {
        Path p = dir.resolve("GeoLite2-ASN.mmdb");
        Files.write(p, new MmdbWriter("GeoLite2-ASN")
                .insert("66.249.64.0/19", Map.of("autonomous_system_number", 15169L, "autonomous_system_organization", "Google LLC"))
                .build());
        return p;
    }

    @Test
    void countryCityAsnAndOrganisationOnTheClientAddress() throws Exception {
        try (GeoIpEnricher g = GeoIpEnricher.open(cityDb(), asnDb())) {
            Alert a = g.enrich(CrawlerVerifierTest.alertAbout("66.249.66.1"));
            assertThat(a.entities()).containsEntry("ip.countryCode", "US").containsEntry("ip.country", "United States")
                    .containsEntry("ip.city", "Mountain View").containsEntry("ip.asn", "AS15169")
                    .containsEntry("ip.org", "Google LLC").containsEntry("ip", "66.249.66.1");
            assertThat(List.copyOf(a.entities().keySet())).startsWith("ip", "host"); // added after what was there
            Alert fr = g.enrich(CrawlerVerifierTest.alertAbout("198.51.100.77"));
            assertThat(fr.entities()).containsEntry("ip.city", "Paris").doesNotContainKey("ip.asn");
            assertThat(g.enrich(CrawlerVerifierTest.alertAbout("2001:db8:1::5")).entities()).containsEntry("ip.country", "Germany");
            // not in the database, not an address: nothing added, no look-up of a name
            Alert none = CrawlerVerifierTest.alertAbout("192.0.2.1");
            assertThat(g.enrich(none)).isSameAs(none);
            Alert name = CrawlerVerifierTest.alertAbout("localhost");
            assertThat(g.enrich(name)).isSameAs(name);
        }
    }

    @Test
    void aCountryDatabaseAloneAndWrongFilesAreSaidClearly() throws Exception {
        Path country = dir.resolve("GeoLite2-Country.mmdb");
        Files.write(country, new MmdbWriter("GeoLite2-Country")
                .insert("66.249.64.0/19", Map.of("country", Map.of("iso_code", "US", "names", Map.of("en", "United States"))))
                .build());
        try (GeoIpEnricher g = GeoIpEnricher.open(country, null)) {
            assertThat(g.enrich(CrawlerVerifierTest.alertAbout("66.249.66.1")).entities())
                    .containsEntry("ip.countryCode", "US").doesNotContainKey("ip.city");
        }
        assertThatThrownBy(() -> GeoIpEnricher.open(asnDb(), null)).hasMessageContaining("expected a City or Country database");
        assertThatThrownBy(() -> GeoIpEnricher.open(null, cityDb())).hasMessageContaining("expected an ASN database");
        Path junk = dir.resolve("junk.mmdb");
        Files.writeString(junk, "198.51.100.7 - - [28/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 1\n");
        assertThatThrownBy(() -> GeoIpEnricher.open(junk, null)).hasMessageStartingWith("--geoip " + junk + ": not a MaxMind database");
        assertThatThrownBy(() -> GeoIpEnricher.open(dir.resolve("missing.mmdb"), null)).hasMessageEndingWith("cannot read the file");
    }

    /**
     * The two small databases vigil-cli's tests read (vigil-cli/src/test/resources/geoip), written
     * by this writer: {@code -Dvigil.mmdb.fixtures=DIR} writes them again. Always checks that what
     * the writer produces now still reads back as the CLI tests expect.
     */
    @Test
    void cliFixtures() throws Exception {
        Path out = Path.of(System.getProperty("vigil.mmdb.fixtures", dir.toString()));
        Path city = out.resolve("test-City.mmdb");
        Path asn = out.resolve("test-ASN.mmdb");
        Files.createDirectories(out);
        Files.write(city, new MmdbWriter("GeoLite2-City")
                .insert("66.249.64.0/19", city("US", "United States", "Mountain View"))
                .insert("198.51.100.0/24", city("FR", "France", "Paris"))
                .build());
        Files.write(asn, new MmdbWriter("GeoLite2-ASN")
                .insert("66.249.64.0/19", Map.of("autonomous_system_number", 15169L, "autonomous_system_organization", "Google LLC"))
                .insert("198.51.100.0/24", Map.of("autonomous_system_number", 64500L, "autonomous_system_organization", "Example Hosting"))
                .build());
        try (GeoIpEnricher g = GeoIpEnricher.open(city, asn)) {
            assertThat(g.enrich(CrawlerVerifierTest.alertAbout("198.51.100.7")).entities())
                    .containsEntry("ip.city", "Paris").containsEntry("ip.asn", "AS64500");
        }
    }
}
