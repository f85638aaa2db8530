package dev.vigil.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alert.Alert;
import dev.vigil.alert.TriagedAlert;
import dev.vigil.export.AlertWriter;
import dev.vigil.export.formats.Exporters;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Enrichment in the JSON (Defender's ip entity) and OCSF (enrichments) exports, and nothing when not enriched. */
class EnrichedExportTest {
    static Alert enriched() {
        Map<String, String> add = new LinkedHashMap<>();
        add.put("ip.countryCode", "US");
        add.put("ip.country", "United States");
        add.put("ip.city", "Mountain View");
        add.put("ip.asn", "AS15169");
        add.put("ip.org", "Google LLC");
        add.put("crawler", "Googlebot");
        add.put("crawler.verification", "not verified (the name does not resolve back to the address)");
        add.put("crawler.host", "crawl-198-51-100-20.googlebot.com");
        return AlertEnricher.withEntities(CrawlerVerifierTest.alertAbout("198.51.100.20"), add);
    }

    static JsonNode export(String format, Alert a) throws Exception {
        StringWriter w = new StringWriter();
        AlertWriter aw = Exporters.get(format).open(w);
        aw.write(TriagedAlert.active(a));
        aw.finish();
        JsonNode n = new ObjectMapper().readTree(w.toString().strip());
        return n.isArray() ? n.get(0) : n;
    }

    @Test
    void jsonPutsLocationAndCrawlerOnTheIpEntity() throws Exception {
        JsonNode entities = export("json", enriched()).get("entities");
        JsonNode ip = null;
        for (JsonNode e : entities) {
            assertThat(e.get("type").asText()).doesNotStartWith("ip.").doesNotStartWith("crawler");
            if (e.get("type").asText().equals("ip")) {
                ip = e;
            }
        }
        assertThat(ip).isNotNull();
        assertThat(ip.at("/location/countryCode").asText()).isEqualTo("US");
        assertThat(ip.at("/location/city").asText()).isEqualTo("Mountain View");
        assertThat(ip.at("/location/asn").asLong()).isEqualTo(15169);
        assertThat(ip.at("/location/organization").asText()).isEqualTo("Google LLC");
        assertThat(ip.at("/crawler/claimed").asText()).isEqualTo("Googlebot");
        assertThat(ip.at("/crawler/verification").asText()).startsWith("not verified");
        assertThat(ip.at("/crawler/hostName").asText()).isEqualTo("crawl-198-51-100-20.googlebot.com");

        JsonNode plain = export("json", CrawlerVerifierTest.alertAbout("198.51.100.20")).get("entities").get(0);
        assertThat(plain.has("location")).isFalse();
        assertThat(plain.has("crawler")).isFalse();
    }

    @Test
    void ocsfCarriesThemAsEnrichments() throws Exception {
        JsonNode o = export("ocsf", enriched());
        JsonNode en = o.get("enrichments");
        assertThat(en).hasSize(3);
        for (JsonNode e : en) {
            // name, value and data are the Enrichment object's required attributes
            assertThat(e.get("name").asText()).isEqualTo("ip");
            assertThat(e.get("value").asText()).isEqualTo("198.51.100.20");
            assertThat(e.get("data").isObject()).isTrue();
        }
        assertThat(en.get(0).at("/data/country").asText()).isEqualTo("US");
        assertThat(en.get(1).at("/data/number").asLong()).isEqualTo(15169);
        assertThat(en.get(1).at("/data/name").asText()).isEqualTo("Google LLC");
        assertThat(en.get(2).at("/data/claimed").asText()).isEqualTo("Googlebot");
        assertThat(export("ocsf", CrawlerVerifierTest.alertAbout("198.51.100.20")).has("enrichments")).isFalse();
    }
}
