package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.server.auth.Role;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/ingest}: a log shipper's lines through the streaming engine into the store. */
class IngestTest {
    @TempDir
    Path dir;
    Fixture f;
    final OpenApiCheck api = new OpenApiCheck();

    @BeforeEach
    void start() {
        f = new Fixture(dir);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private static String line(String ip, String time, String target) {
        return ip + " - - [" + time + " +0000] \"GET " + target + " HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\"\n";
    }

    @Test
    void shippedLinesRaiseAlertsThatCountOnAcrossRequests() {
        String attack = line("198.51.100.23", "30/Nov/2026:08:00:00", "/item?id=1%27%20union%20select%20password%20from%20users--");
        String benign = line("198.51.100.24", "30/Nov/2026:08:00:01", "/products/7");
        JsonNode r = api.check("POST", "/api/ingest",
                f.post("/api/ingest?format=combined&resource=shop", Role.INGEST, attack + benign + "not a log line\n"));
        assertThat(r.get("lines").asLong()).isEqualTo(3);
        assertThat(r.get("events").asLong()).isEqualTo(2);
        assertThat(r.get("rejected").asLong()).isEqualTo(1);
        assertThat(r.get("alerts").asInt()).isPositive();
        assertThat(r.get("problems").get(0).asText()).startsWith("http:shop:3");
        long first = count();
        assertThat(first).isPositive();

        // the second request goes on counting lines, and the same alert grows (no new one)
        JsonNode r2 = api.check("POST", "/api/ingest",
                f.post("/api/ingest?format=combined&resource=shop", Role.INGEST, "junk\n" + attack.replace("08:00:00", "08:00:05")));
        assertThat(r2.get("problems").get(0).asText()).startsWith("http:shop:4");
        assertThat(count()).as("the same alert, grown by the second line's detections").isEqualTo(2 * first);
    }

    /** The stored count of the SQL injection alert from 198.51.100.23 on shop. */
    private long count() {
        JsonNode page = f.get("/api/alerts?type=SqlInjectionAttempt", Role.VIEWER).statusCode() == 200
                ? api.check("GET", "/api/alerts", f.get("/api/alerts?type=SqlInjectionAttempt", Role.VIEWER)) : null;
        assertThat(page).isNotNull();
        JsonNode shop = null;
        for (JsonNode a : page.get("items")) {
            if (a.toString().contains("198.51.100.23")) {
                shop = a;
            }
        }
        assertThat(shop).as(page.toString()).isNotNull();
        assertThat(shop.get("entities").get("host").asText()).isEqualTo("shop");
        return shop.get("count").asLong();
    }

    @Test
    void aShipperTokenOnlyIngestsAndOnlyAShipperTokenIngests() {
        assertThat(f.post("/api/ingest", Role.ADMIN, "x\n").statusCode()).isEqualTo(403);
        assertThat(f.post("/api/ingest", Role.VIEWER, "x\n").statusCode()).isEqualTo(403);
        assertThat(f.post("/api/ingest", null, "x\n").statusCode()).isEqualTo(401);
        assertThat(f.get("/api/alerts", Role.INGEST).statusCode()).isEqualTo(403);
    }

    @Test
    void aWrongFormatIsABadRequest() {
        HttpResponse<String> r = f.post("/api/ingest?format=klingon", Role.INGEST, "x\n");
        assertThat(r.statusCode()).isEqualTo(400);
        api.check("POST", "/api/ingest", r);
    }
}
