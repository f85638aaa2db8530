package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.server.auth.Role;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON API against a real store, every response checked against the OpenAPI document. */
class ApiTest {
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

    private JsonNode get(String route, String path, Role role) {
        return api.check("GET", route, f.get(path, role));
    }

    private JsonNode post(String route, String path, Role role, String json) {
        return api.check("POST", route, f.post(path, role, json));
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("items").forEach(n -> out.add(n.path("id").asText()));
        return out;
    }

    @Test
    void alertsAreFilteredSortedAndPaged() {
        assertThat(ids(get("/api/alerts", "/api/alerts", Role.VIEWER))).hasSize(4);
        assertThat(ids(get("/api/alerts", "/api/alerts?severity=High", Role.VIEWER)))
                .containsExactlyInAnyOrder("a1b2c3d4e5f60001", "a1b2c3d4e5f60003");
        assertThat(ids(get("/api/alerts", "/api/alerts?ip=203.0.113.9", Role.VIEWER)))
                .containsExactlyInAnyOrder("a1b2c3d4e5f60001", "a1b2c3d4e5f60002");
        assertThat(ids(get("/api/alerts", "/api/alerts?resource=files.example", Role.VIEWER))).containsExactly("a1b2c3d4e5f60004");
        assertThat(ids(get("/api/alerts", "/api/alerts?q=etc%2Fpasswd", Role.VIEWER))).containsExactly("a1b2c3d4e5f60004");
        assertThat(ids(get("/api/alerts", "/api/alerts?type=CrossSiteScriptingAttempt", Role.VIEWER))).containsExactly("a1b2c3d4e5f60003");
        assertThat(ids(get("/api/alerts", "/api/alerts?status=Resolved", Role.VIEWER))).isEmpty();
        assertThat(ids(get("/api/alerts", "/api/alerts?until=" + (Fixture.T0 - 1000), Role.VIEWER))).containsExactly("a1b2c3d4e5f60002");
        assertThat(ids(get("/api/alerts", "/api/alerts?sort=-count", Role.VIEWER)).get(0)).isEqualTo("a1b2c3d4e5f60001");
        assertThat(ids(get("/api/alerts", "/api/alerts?sort=lastSeen", Role.VIEWER)).get(0)).isEqualTo("a1b2c3d4e5f60002");

        // walking the cursor visits every alert once, in both the store's order and a sorted one
        for (String sort : new String[] {"-lastSeen", "severity"}) {
            Set<String> seen = new HashSet<>();
            String cursor = "";
            int pages = 0;
            do {
                JsonNode page = get("/api/alerts", "/api/alerts?limit=1&sort=" + sort + cursor, Role.VIEWER);
                assertThat(page.path("items")).hasSize(1);
                assertThat(seen.add(page.path("items").get(0).path("id").asText())).isTrue();
                cursor = page.path("nextCursor").isNull() ? null : "&cursor=" + page.path("nextCursor").asText();
                pages++;
            } while (cursor != null && pages < 10);
            assertThat(seen).hasSize(4);
        }
    }

    @Test
    void badParametersAreRefusedWithTheirName() {
        for (String q : new String[] {"sort=price", "limit=0", "limit=100000", "cursor=zzzz", "cursor=" + java.util.Base64.getUrlEncoder().encodeToString("o:-5".getBytes()), "since=yesterday", "status=open",
            "severity=extreme"}) {
            HttpResponse<String> r = f.get("/api/alerts?" + q, Role.VIEWER);
            assertThat(r.statusCode()).as(q).isEqualTo(400);
            api.check("GET", "/api/alerts", r);
        }
        HttpResponse<String> missing = f.get("/api/alerts/ffffffffffff", Role.VIEWER);
        assertThat(missing.statusCode()).isEqualTo(404);
        api.check("GET", "/api/alerts/{id}", missing);
    }

    @Test
    void oneAlertHasEvidenceEntitiesMitreRemediationAndHistory() {
        JsonNode a = get("/api/alerts/{id}", "/api/alerts/a1b2c3d4e5f60001", Role.VIEWER);
        assertThat(a.path("type").asText()).isEqualTo("SqlInjectionAttempt");
        assertThat(a.path("evidence")).hasSize(2);
        JsonNode e = a.path("evidence").get(0);
        assertThat(e.path("value").asText()).contains("1' OR '1'='1");
        assertThat(e.path("decoded").asText()).contains("<svg onload");
        assertThat(e.path("line").asLong()).isEqualTo(12);
        assertThat(a.path("entities").path("url").asText()).contains("<script>");
        assertThat(a.path("techniques").get(0).path("url").asText()).startsWith("https://attack.mitre.org/techniques/T");
        assertThat(a.path("remediation").size()).isPositive();
        assertThat(a.path("incidents").get(0).asText()).isEqualTo(f.incidentId);
        // a prefix of at least 6 characters finds it too
        assertThat(get("/api/alerts/{id}", "/api/alerts/a1b2c3d4e5f60004", Role.VIEWER).path("id").asText()).endsWith("0004");
    }

    @Test
    void statusChangesRecordTheTokenNameAndComment() {
        JsonNode c = post("/api/alerts/{id}/status", "/api/alerts/a1b2c3d4e5f60001/status", Role.ANALYST,
                "{\"status\":\"Resolved\",\"comment\":\"blocked at the WAF\"}");
        assertThat(c.path("to").asText()).isEqualTo("Resolved");
        assertThat(c.path("actor").asText()).isEqualTo("analyst-user");
        JsonNode a = get("/api/alerts/{id}", "/api/alerts/a1b2c3d4e5f60001", Role.VIEWER);
        assertThat(a.path("status").asText()).isEqualTo("Resolved");
        JsonNode h = a.path("history").get(a.path("history").size() - 1);
        assertThat(h.path("actor").asText()).isEqualTo("analyst-user");
        assertThat(h.path("comment").asText()).isEqualTo("blocked at the WAF");

        // Resolved can only be reopened: the workflow refuses Dismissed with 409
        HttpResponse<String> conflict = f.post("/api/alerts/a1b2c3d4e5f60001/status", Role.ANALYST, "{\"status\":\"Dismissed\"}");
        assertThat(conflict.statusCode()).isEqualTo(409);
        api.check("POST", "/api/alerts/{id}/status", conflict);

        JsonNode bulk = post("/api/alerts/status", "/api/alerts/status", Role.ADMIN,
                "{\"ids\":[\"a1b2c3d4e5f60002\",\"a1b2c3d4e5f60003\",\"ffffffffffff\"],\"status\":\"InProgress\",\"comment\":\"looking\"}");
        assertThat(bulk.path("changed").asInt()).isEqualTo(2);
        assertThat(bulk.path("failed").asInt()).isEqualTo(1);
        assertThat(ids(get("/api/alerts", "/api/alerts?status=InProgress", Role.VIEWER)))
                .containsExactlyInAnyOrder("a1b2c3d4e5f60002", "a1b2c3d4e5f60003");
        assertThat(f.post("/api/alerts/status", Role.ANALYST, "{\"ids\":[],\"status\":\"Active\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void suppressionsAreSimulatedCreatedListedAndDeleted() {
        JsonNode sim = post("/api/suppressions/simulate", "/api/suppressions/simulate", Role.VIEWER, "{\"host\":\"blog.example\"}");
        assertThat(sim.path("matches").asInt()).isEqualTo(1);
        assertThat(sim.path("sample").get(0).path("id").asText()).isEqualTo("a1b2c3d4e5f60003");

        HttpResponse<String> noReason = f.post("/api/suppressions", Role.ANALYST, "{\"host\":\"blog.example\"}");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("reason");

        HttpResponse<String> made = f.post("/api/suppressions", Role.ANALYST,
                "{\"type\":\"CrossSiteScriptingAttempt\",\"ip\":[\"198.51.100.0/24\"],\"reason\":\"pen test\",\"expires\":\"2099-01-01\"}");
        assertThat(made.statusCode()).isEqualTo(201);
        JsonNode rule = api.check("POST", "/api/suppressions", made);
        assertThat(rule.path("createdBy").asText()).isEqualTo("analyst-user");
        assertThat(rule.path("storedAlertsMatching").asInt()).isEqualTo(1);
        String id = rule.path("id").asText();

        JsonNode list = get("/api/suppressions", "/api/suppressions", Role.VIEWER);
        assertThat(ids(list)).contains(id, f.ruleId);

        HttpResponse<String> del = f.send(f.request("/api/suppressions/" + id).DELETE()
                .header("Authorization", "Bearer " + f.tokens.get(Role.ANALYST)));
        assertThat(del.statusCode()).isEqualTo(204);
        HttpResponse<String> again = f.send(f.request("/api/suppressions/" + id).DELETE()
                .header("Authorization", "Bearer " + f.tokens.get(Role.ANALYST)));
        assertThat(again.statusCode()).isEqualTo(404);
        api.check("DELETE", "/api/suppressions/{id}", again);
        assertThat(f.post("/api/suppressions", Role.ANALYST, "{\"type\":\"NoSuchType\",\"reason\":\"x\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void anIncidentListsItsAlertsInKillChainOrder() {
        JsonNode list = get("/api/incidents", "/api/incidents", Role.VIEWER);
        assertThat(ids(list)).containsExactly(f.incidentId);
        JsonNode inc = get("/api/incidents/{id}", "/api/incidents/" + f.incidentId, Role.VIEWER);
        List<Integer> stages = new ArrayList<>();
        inc.path("alerts").forEach(a -> stages.add(a.path("stage").asInt()));
        assertThat(stages).hasSize(2).isSorted();
        // the scanner (reconnaissance) comes before the injection (initial access), whatever order it was stored in
        assertThat(inc.path("alerts").get(0).path("type").asText()).isEqualTo("ScannerDetected");
        JsonNode c = post("/api/incidents/{id}/status", "/api/incidents/" + f.incidentId + "/status", Role.ANALYST,
                "{\"status\":\"InProgress\",\"comment\":\"on it\"}");
        assertThat(c.path("actor").asText()).isEqualTo("analyst-user");
        HttpResponse<String> missing = f.get("/api/incidents/inc-nope", Role.VIEWER);
        assertThat(missing.statusCode()).isEqualTo(404);
        api.check("GET", "/api/incidents/{id}", missing);
    }

    @Test
    void rulesTypesFeedsOverviewAndMe() {
        JsonNode rules = get("/api/rules", "/api/rules", Role.VIEWER);
        assertThat(rules.path("items").size()).isGreaterThan(10);
        String first = rules.path("items").get(0).path("id").asText();
        assertThat(get("/api/rules/{id}", "/api/rules/" + first, Role.VIEWER).path("id").asText()).isEqualTo(first);
        assertThat(f.get("/api/rules/no.such.rule", Role.VIEWER).statusCode()).isEqualTo(404);
        assertThat(get("/api/alert-types", "/api/alert-types", Role.VIEWER).path("items").size()).isGreaterThan(10);
        assertThat(get("/api/feeds", "/api/feeds", Role.VIEWER).path("items")).isEmpty();
        JsonNode o = get("/api/overview", "/api/overview", Role.VIEWER);
        assertThat(o.path("byStatus").path("Active").asInt()).isEqualTo(4);
        assertThat(o.path("topIps").get(0).path("ip").asText()).isEqualTo("203.0.113.9");
        assertThat(o.path("days").size()).isEqualTo(14);
        assertThat(get("/api/me", "/api/me", Role.ANALYST).path("role").asText()).isEqualTo("analyst");
        api.check("GET", "/healthz", f.get("/healthz", null));
        api.check("GET", "/readyz", f.get("/readyz", null));
    }

    @Test
    void theOverviewShowsEveryChangeAtOnce() {
        JsonNode before = get("/api/overview", "/api/overview", Role.VIEWER);
        assertThat(before.path("basis").asInt()).isEqualTo(4);
        assertThat(before.path("truncated").asBoolean()).isFalse();
        post("/api/alerts/status", "/api/alerts/status", Role.ANALYST,
                "{\"ids\":[\"a1b2c3d4e5f60001\",\"a1b2c3d4e5f60002\"],\"status\":\"Dismissed\"}");
        // counted from the store's tallies on every request: no overview reused from before the change
        JsonNode after = get("/api/overview", "/api/overview", Role.VIEWER);
        assertThat(after.path("byStatus").path("Active").asInt()).isEqualTo(2);
        assertThat(after.path("byStatus").path("Dismissed").asInt()).isEqualTo(2);
        long open = 0;
        for (JsonNode sev : after.path("openBySeverity")) {
            open += sev.asLong();
        }
        assertThat(open).isEqualTo(2);
        assertThat(after.path("topIps").toString()).doesNotContain("203.0.113.9");
    }

    @Test
    void aCursorOnlyContinuesTheListingThatGaveIt() {
        JsonNode first = get("/api/alerts", "/api/alerts?limit=1", Role.VIEWER);
        String keyset = first.path("nextCursor").asText();
        JsonNode sorted = get("/api/alerts", "/api/alerts?limit=1&sort=severity", Role.VIEWER);
        String offset = sorted.path("nextCursor").asText();
        assertThat(f.get("/api/alerts?limit=1&sort=severity&cursor=" + keyset, Role.VIEWER).statusCode()).isEqualTo(400);
        assertThat(f.get("/api/alerts?limit=1&cursor=" + offset, Role.VIEWER).statusCode()).isEqualTo(400);
        // a keyset cursor the store did not make
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("v1:0:1:2:zz".getBytes());
        HttpResponse<String> r = f.get("/api/alerts?cursor=" + forged, Role.VIEWER);
        assertThat(r.statusCode()).isEqualTo(400);
        api.check("GET", "/api/alerts", r);
        // and the next page by the keyset cursor is the second alert of the full list
        List<String> all = ids(get("/api/alerts", "/api/alerts", Role.VIEWER));
        assertThat(ids(get("/api/alerts", "/api/alerts?limit=1&cursor=" + keyset, Role.VIEWER))).containsExactly(all.get(1));
    }

    @Test
    void adminsManageTokensAndARevokedTokenStopsWorking() {
        HttpResponse<String> made = f.post("/api/tokens", Role.ADMIN, "{\"name\":\"ci-bot\",\"role\":\"viewer\"}");
        assertThat(made.statusCode()).isEqualTo(201);
        JsonNode t = api.check("POST", "/api/tokens", made);
        String secret = t.path("token").asText();
        HttpRequest.Builder withNew = f.request("/api/me").header("Authorization", "Bearer " + secret);
        assertThat(f.send(withNew).statusCode()).isEqualTo(200);
        JsonNode list = get("/api/tokens", "/api/tokens", Role.ADMIN);
        assertThat(list.toString()).contains("ci-bot").doesNotContain(secret);
        HttpResponse<String> rev = f.send(f.request("/api/tokens/ci-bot").DELETE()
                .header("Authorization", "Bearer " + f.tokens.get(Role.ADMIN)));
        api.check("DELETE", "/api/tokens/{id}", rev);
        assertThat(rev.statusCode()).isEqualTo(200);
        assertThat(f.send(f.request("/api/me").header("Authorization", "Bearer " + secret)).statusCode()).isEqualTo(401);
        assertThat(f.post("/api/tokens", Role.ADMIN, "{\"name\":\"x\",\"role\":\"root\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void metricsArePrometheusTextWithJvmHttpAndStoreMeters() {
        f.get("/api/alerts", Role.VIEWER);
        f.get("/api/alerts", null);
        HttpResponse<String> m = f.get("/metrics", Role.VIEWER);
        assertThat(m.statusCode()).isEqualTo(200);
        assertThat(m.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(m.body()).contains("jvm_memory_used_bytes", "vigil_http_requests_seconds_count", "route=\"/api/alerts\"",
                "vigil_store_seconds", "vigil_auth_refused_total");
    }

    @Test
    void anUnknownRouteIsA404InTheApisErrorShape() throws Exception {
        HttpResponse<String> r = f.get("/api/no-such-thing", Role.VIEWER);
        assertThat(r.statusCode()).isEqualTo(404);
        JsonNode body = Web.MAPPER.readTree(r.body());
        assertThat(body.path("status").asInt()).isEqualTo(404);
        assertThat(body.path("error").asText()).contains("/api/no-such-thing");
        assertThat(r.headers().firstValue("Content-Security-Policy")).isPresent();
    }

    @Test
    void anOversizedBodyIsRefusedWith413() {
        String big = "{\"comment\":\"" + "x".repeat((int) ServerConfig.DEFAULT_MAX_BODY + 10) + "\"}";
        HttpResponse<String> r = f.post("/api/suppressions/simulate", Role.VIEWER, big);
        assertThat(r.statusCode()).isEqualTo(413);
    }

    @Test
    void everyApiRouteIsDocumentedAndEveryDocumentedPathIsARoute() {
        Set<String> routes = new HashSet<>();
        for (Route r : f.server.routes()) {
            if (r.kind() != Route.Kind.PAGE) {
                routes.add(r.method().toString().toLowerCase(java.util.Locale.ROOT) + " " + r.path());
            }
        }
        Set<String> documented = new HashSet<>();
        for (Iterator<String> p = api.doc.path("paths").fieldNames(); p.hasNext(); ) {
            String path = p.next();
            api.doc.path("paths").path(path).fieldNames().forEachRemaining(m -> documented.add(m + " " + path));
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(routes);
    }
}
