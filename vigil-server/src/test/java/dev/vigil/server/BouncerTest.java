package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.server.auth.Role;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that speaks CrowdSec's bouncer protocol as the firewall and nginx bouncers do: it
 * polls {@code /v1/decisions/stream} with its {@code X-Api-Key}, {@code startup=true} first, keeps
 * a ban list from {@code new} and {@code deleted}, and asks {@code /v1/decisions?ip=} in live mode.
 */
class BouncerTest {
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

    /** The bouncer's side: a set of banned IPs kept in step with the stream. */
    final class Bouncer {
        final String key;
        final Set<String> banned = new TreeSet<>();
        boolean started;

        Bouncer(String key) {
            this.key = key;
        }

        JsonNode poll(String extra) throws IOException {
            HttpResponse<String> r = f.send(f.request("/v1/decisions/stream?startup=" + !started + extra)
                    .header("X-Api-Key", key).header("User-Agent", "crowdsec-firewall-bouncer/v0.0.31"));
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode body = api.check("GET", "/v1/decisions/stream", r);
            started = true;
            for (JsonNode d : body.path("deleted")) {
                banned.remove(d.path("value").asText());
            }
            for (JsonNode d : body.path("new")) {
                assertThat(d.path("type").asText()).isEqualTo("ban");
                assertThat(d.path("scope").asText()).isEqualTo("Ip");
                assertThat(d.path("duration").asText()).matches("\\d+h\\d+m\\d+s");
                banned.add(d.path("value").asText());
            }
            return body;
        }
    }

    @Test
    void aBouncerFollowsTheStreamFromStartupThroughDismissal() throws Exception {
        Bouncer b = new Bouncer(f.tokens.get(Role.BOUNCER));
        JsonNode first = b.poll("");
        // the default policy blocks High alerts: the SQL injection and the XSS attempt
        assertThat(b.banned).containsExactly("198.51.100.7", "203.0.113.9");
        assertThat(first.path("new").get(0).path("scenario").asText()).startsWith("vigil/");
        JsonNode quiet = b.poll("");
        assertThat(quiet.path("new")).isEmpty();
        assertThat(quiet.path("deleted")).isEmpty();

        // an analyst dismisses the XSS alert as a false positive; the next poll lifts the ban
        assertThat(f.post("/api/alerts/a1b2c3d4e5f60003/status", Role.ANALYST, "{\"status\":\"Dismissed\"}").statusCode())
                .isEqualTo(200);
        List<String> deleted = new ArrayList<>();
        for (int i = 0; i < 40 && deleted.isEmpty(); i++) {
            Thread.sleep(100); // decisions are recomputed at most every 2 s
            b.poll("").path("deleted").forEach(d -> deleted.add(d.path("value").asText()));
        }
        assertThat(deleted).containsExactly("198.51.100.7");
        assertThat(b.banned).containsExactly("203.0.113.9");

        // a second bouncer starting now gets only what is still active
        Bouncer late = new Bouncer(f.tokens.get(Role.BOUNCER));
        late.poll("");
        assertThat(late.banned).containsExactly("203.0.113.9");
    }

    @Test
    void filtersAndLiveModeAnswerAsCrowdSecDoes() throws Exception {
        Bouncer other = new Bouncer(f.tokens.get(Role.BOUNCER));
        other.poll("&scopes=range");
        assertThat(other.banned).isEmpty();
        Bouncer origins = new Bouncer(f.tokens.get(Role.BOUNCER));
        origins.poll("&origins=crowdsec,cscli");
        assertThat(origins.banned).isEmpty();
        Bouncer scenarios = new Bouncer(f.tokens.get(Role.BOUNCER));
        scenarios.poll("&scenarios_containing=crosssite");
        assertThat(scenarios.banned).containsExactly("198.51.100.7");

        HttpResponse<String> live = f.send(f.request("/v1/decisions?ip=203.0.113.9").header("X-Api-Key", f.tokens.get(Role.BOUNCER)));
        JsonNode arr = api.check("GET", "/v1/decisions", live);
        assertThat(arr).hasSize(1);
        assertThat(arr.get(0).path("value").asText()).isEqualTo("203.0.113.9");
        HttpResponse<String> none = f.send(f.request("/v1/decisions?ip=192.0.2.1").header("X-Api-Key", f.tokens.get(Role.BOUNCER)));
        assertThat(none.body()).isEqualTo("null");
        api.check("GET", "/v1/decisions", none);

        // an analyst's token is no bouncer key, and a bouncer key reads nothing else
        assertThat(f.send(f.request("/v1/decisions/stream").header("X-Api-Key", f.tokens.get(Role.ADMIN))).statusCode()).isEqualTo(403);
        assertThat(f.get("/api/alerts", Role.BOUNCER).statusCode()).isEqualTo(403);
    }
}
