package dev.vigil.server;

import dev.vigil.alert.Alert;
import dev.vigil.alert.Evidence;
import dev.vigil.alert.suppress.Condition;
import dev.vigil.alert.suppress.SuppressionRule;
import dev.vigil.alert.suppress.Suppressor;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.Severity;
import dev.vigil.incident.Incident;
import dev.vigil.server.auth.Role;
import dev.vigil.server.auth.TokenRepository;
import dev.vigil.server.auth.UserRepository;
import dev.vigil.store.SqliteAlertStore;
import dev.vigil.store.StoredIncident;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A running server over a fresh database holding hostile alerts (script tags, event handlers,
 * {@code javascript:} URLs and attribute breakouts in every field a log fills), an incident, a
 * suppression rule and one token per role. For tests; not thread-safe.
 */
final class Fixture implements AutoCloseable {
    static final long T0 = 1_733_000_000_000L;
    /** Set by any of the payloads below if it ever runs in a browser. */
    static final String PWNED = "__pwned";

    final Path db;
    final VigilServer server;
    final Map<Role, String> tokens = new EnumMap<>(Role.class);
    final List<Alert> alerts = new ArrayList<>();
    final String incidentId;
    final String ruleId = "sup-fixture1";
    final UserRepository users;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    Fixture(Path dir) {
        this(dir, ServerConfig.loopback(0));
    }

    Fixture(Path dir, ServerConfig config) {
        db = dir.resolve("fixture.db");
        SqliteAlertStore store = SqliteAlertStore.open(db);
        alerts.addAll(hostileAlerts());
        store.upsert(alerts, Suppressor.none(), "fixture");
        Incident inc = new Incident("inc-fixture-1", "Attack on <b>shop</b> from 203.0.113.9", Severity.HIGH,
                Incident.Outcome.LIKELY_SUCCEEDED, "Scanned, then <script>window." + PWNED + "=9</script> injected.",
                List.of(alerts.get(1), alerts.get(0)), Set.of("203.0.113.9"), Set.of("shop.example"), T0, T0 + 60_000);
        incidentId = store.replaceIncidents(List.of(StoredIncident.of(inc, T0))).get(0).id();
        store.addRule(new SuppressionRule(ruleId, "ScannerDetected", List.of(new Condition.HostEquals("scanner.internal")),
                "our <i>own</i> scanner", "", null, true, T0, "fixture"));
        TokenRepository repo = TokenRepository.open(db);
        for (Role r : Role.values()) {
            tokens.put(r, repo.create(r.label() + "-user", r).secret());
        }
        users = UserRepository.open(db);
        users.put("carol", Role.ANALYST, "correct horse battery staple".toCharArray());
        server = new VigilServer(config, store, repo, users).start();
    }

    /** Alerts whose every log-filled field carries markup or script. */
    static List<Alert> hostileAlerts() {
        AlertCatalogue c = AlertCatalogue.builtIn();
        List<Alert> out = new ArrayList<>();
        String scriptUrl = "/search\"><script>window." + PWNED + "=1</script>";
        String ua = "<img src=x onerror=\"window." + PWNED + "=2\">";
        String breakout = "shop.example\" onmouseover=\"window." + PWNED + "=3\" x=\"";
        String jsUrl = "javascript:window." + PWNED + "=4";
        out.add(alert("a1b2c3d4e5f60001", c.get("SqlInjectionAttempt"), Severity.HIGH,
                entities("203.0.113.9", "shop.example", scriptUrl), List.of(
                        new Evidence("access.log", 12, T0, "http.sqli.tokenizer", "param_values", "1' OR '1'='1<script>window."
                                + PWNED + "=5</script>", "</pre><svg onload=\"window." + PWNED + "=6\">", "GET", 200, "id\"><b>", false),
                        new Evidence("access.log", 13, T0 + 1000, "http.ua", "user_agent", ua, ua, "GET", 200, null, false))));
        out.add(alert("a1b2c3d4e5f60002", c.get("ScannerDetected"), Severity.MEDIUM,
                entities("203.0.113.9", breakout, jsUrl), List.of(
                        new Evidence("access.log", 2, T0 - 5000, "http.scanner", "user_agent", "' autofocus onfocus='window."
                                + PWNED + "=7", "' autofocus onfocus='window." + PWNED + "=7", "GET", 404, null, false))));
        out.add(alert("a1b2c3d4e5f60003", c.get("CrossSiteScriptingAttempt"), Severity.HIGH,
                entities("198.51.100.7", "blog.example", "/comment"), List.of(
                        new Evidence("access.log", 40, T0 + 30_000, "http.xss", "param_values",
                                "%3Cscript%3Ewindow." + PWNED + "%3D8%3C%2Fscript%3E", "<script>window." + PWNED + "=8</script>",
                                "POST", 200, "body", false))));
        out.add(alert("a1b2c3d4e5f60004", c.get("PathTraversalAttempt"), Severity.LOW,
                entities("192.0.2.44", "files.example", "/download"), List.of(
                        new Evidence("access.log", 50, T0 + 40_000, "http.traversal", "param_values", "../../etc/passwd",
                                "../../etc/passwd", "GET", 403, "f", false))));
        return out;
    }

    private static Map<String, String> entities(String ip, String host, String url) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ip", ip);
        m.put("host", host);
        m.put("url", url);
        return m;
    }

    private static Alert alert(String id, dev.vigil.catalogue.AlertType type, Severity sev, Map<String, String> entities,
                               List<Evidence> evidence) {
        long first = evidence.stream().mapToLong(Evidence::timeMillis).min().orElse(T0);
        long last = evidence.stream().mapToLong(Evidence::timeMillis).max().orElse(T0);
        return new Alert(id, type, sev, entities, first, last, evidence.size(),
                evidence.stream().map(Evidence::ruleId).distinct().toList(), evidence);
    }

    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20));
    }

    HttpResponse<String> get(String path, Role role) {
        HttpRequest.Builder b = request(path).GET();
        if (role != null) {
            b.header("Authorization", "Bearer " + tokens.get(role));
        }
        return send(b);
    }

    HttpResponse<String> post(String path, Role role, String json) {
        HttpRequest.Builder b = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (role != null) {
            b.header("Authorization", "Bearer " + tokens.get(role));
        }
        return send(b);
    }

    @Override
    public void close() {
        server.close();
    }
}
