package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.auth.Role;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks every route the server declares with no credentials, a wrong token and each role, and
 * checks who gets in. The list comes from {@link VigilServer#routes()}, which is also what the
 * server registers, so a route added later is walked too.
 */
class AccessTest {
    @TempDir
    static Path dir;
    static Fixture f;

    @BeforeAll
    static void start() {
        f = new Fixture(dir);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    /** A real id for GET routes (they should answer 200), a missing one for changes (harmless). */
    private String path(Route r) {
        boolean change = r.changesState();
        return r.path()
                .replace("/api/alerts/{id}", "/api/alerts/" + (change ? "ffffffffffff" : f.alerts.get(0).id()))
                .replace("/alerts/{id}", "/alerts/" + (change ? "ffffffffffff" : f.alerts.get(0).id()))
                .replace("/incidents/{id}", "/incidents/" + (change ? "inc-missing" : f.incidentId))
                .replace("/suppressions/{id}", "/suppressions/" + (change ? "sup-missing" : f.ruleId))
                .replace("/rules/{id}", "/rules/http.sqli.tokenizer")
                .replace("/tokens/{id}", "/tokens/tok-missing")
                .replace("/static/{file}", "/static/vigil.css");
    }

    private HttpResponse<String> call(Route r, Map<String, String> headers) {
        HttpRequest.Builder b = f.request(path(r));
        headers.forEach(b::header);
        if (r.path().equals("/events")) {
            // a live stream never ends: the test only needs its status line
            b.timeout(java.time.Duration.ofSeconds(3));
        }
        String m = r.method().toString();
        b.method(m, r.changesState() ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        if (r.changesState()) {
            b.header("Content-Type", "application/json");
        }
        if (r.path().equals("/events")) {
            try {
                HttpResponse<java.io.InputStream> s = f.http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
                s.body().close();
                return new StatusOnly(s.statusCode(), s.request());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return f.send(b);
    }

    @Test
    void everyRouteRefusesRequestsWithoutCredentials() {
        List<String> problems = new ArrayList<>();
        for (Route r : f.server.routes()) {
            HttpResponse<String> resp = call(r, Map.of());
            int s = resp.statusCode();
            if (r.role() == null) {
                // a failed sign-in is a 401 from the sign-in handler itself, with the form again
                boolean signInRefused = r.path().equals("/login") && s == 401 && resp.body().contains("Sign in to Vigil");
                if ((s == 401 && !signInRefused) || s == 403) {
                    problems.add(r.method() + " " + r.path() + " is public but answered " + s);
                }
            } else if (r.kind() == Route.Kind.BOUNCER) {
                if (s != 403) {
                    problems.add(r.method() + " " + r.path() + " answered " + s + " without a key, not 403");
                }
            } else if (r.kind() == Route.Kind.PAGE && !r.changesState()) {
                if (s != 303) {
                    problems.add(r.method() + " " + r.path() + " answered " + s + " without a session, not the sign-in redirect");
                }
            } else if (s != 401) {
                problems.add(r.method() + " " + r.path() + " answered " + s + " without a token, not 401");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyRouteRefusesAWrongToken() {
        List<String> problems = new ArrayList<>();
        for (Route r : f.server.routes()) {
            if (r.role() == null) {
                continue;
            }
            Map<String, String> h = r.kind() == Route.Kind.BOUNCER
                    ? Map.of("X-Api-Key", "vgl_wrongwrongwrongwrongwrongwrongwrongwrong")
                    : Map.of("Authorization", "Bearer vgl_wrongwrongwrongwrongwrongwrongwrongwrong");
            int s = call(r, h).statusCode();
            int want = r.kind() == Route.Kind.BOUNCER ? 403 : 401;
            if (s != want && !(s == 303 && r.kind() == Route.Kind.PAGE)) {
                problems.add(r.method() + " " + r.path() + " answered " + s + " to a wrong token");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyRouteAdmitsExactlyTheRolesThatMayUseIt() {
        List<String> problems = new ArrayList<>();
        for (Role role : Role.values()) {
            for (Route r : f.server.routes()) {
                if (r.role() == null) {
                    continue;
                }
                Map<String, String> h = r.kind() == Route.Kind.BOUNCER
                        ? Map.of("X-Api-Key", f.tokens.get(role))
                        : Map.of("Authorization", "Bearer " + f.tokens.get(role));
                int s = call(r, h).statusCode();
                boolean allowed = role.allows(r.role());
                if (!allowed && s != 403) {
                    problems.add(role.label() + " got " + s + " from " + r.method() + " " + r.path() + ", not 403");
                } else if (allowed && (s == 401 || s == 403 || s >= 500)) {
                    problems.add(role.label() + " got " + s + " from " + r.method() + " " + r.path());
                } else if (allowed && !r.changesState() && s != 200) {
                    problems.add(role.label() + " got " + s + " from " + r.method() + " " + path(r) + ", not 200");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theRoleLadderIsAsDocumented() {
        assertThat(Role.ADMIN.allows(Role.ANALYST)).isTrue();
        assertThat(Role.ANALYST.allows(Role.VIEWER)).isTrue();
        assertThat(Role.VIEWER.allows(Role.ANALYST)).isFalse();
        assertThat(Role.ADMIN.allows(Role.BOUNCER)).isFalse();
        assertThat(Role.BOUNCER.allows(Role.VIEWER)).isFalse();
    }

    @Test
    void everyRouteIsRegisteredOnce() {
        List<String> keys = f.server.routes().stream().map(r -> r.method() + " " + r.path()).toList();
        assertThat(keys).doesNotHaveDuplicates();
        assertThat(keys).contains("GET /healthz", "GET /readyz", "GET /metrics", "GET /api/alerts", "GET /v1/decisions/stream");
    }

    /** The status of a streamed response whose body the test does not read. */
    private record StatusOnly(int statusCode, HttpRequest request) implements HttpResponse<String> {
        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        public java.net.http.HttpHeaders headers() {
            return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true);
        }

        public String body() {
            return "";
        }

        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return java.util.Optional.empty();
        }

        public java.net.URI uri() {
            return request.uri();
        }

        public java.net.http.HttpClient.Version version() {
            return java.net.http.HttpClient.Version.HTTP_1_1;
        }
    }
}
