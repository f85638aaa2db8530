package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.auth.Role;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dashboard sign-in, the session cookie, CSRF protection and escaping, over plain HTTP. */
class SessionTest {
    @TempDir
    Path dir;
    Fixture f;

    @BeforeEach
    void start() {
        f = new Fixture(dir);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    static String form(String... kv) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            b.append(i == 0 ? "" : "&").append(URLEncoder.encode(kv[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    HttpResponse<String> postForm(String path, String cookie, String body, String origin) {
        HttpRequest.Builder b = f.request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        return f.send(b);
    }

    HttpResponse<String> page(String path, String cookie) {
        return f.send(f.request(path).header("Cookie", cookie).header("Accept", "text/html"));
    }

    /** Signs in with the role's token; returns the cookie to send back. */
    String signIn(Role role) {
        HttpResponse<String> r = postForm("/login", null, form("token", f.tokens.get(role), "next", "/alerts"), null);
        assertThat(r.statusCode()).isEqualTo(303);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("a CSRF field on the page").isTrue();
        return m.group(1);
    }

    @Test
    void signingInSetsAStrictHttpOnlyCookieAndOnlyGoesToLocalPages() {
        HttpResponse<String> redirect = f.send(f.request("/alerts?status=Active"));
        assertThat(redirect.statusCode()).isEqualTo(303);
        assertThat(redirect.headers().firstValue("Location").orElseThrow()).isEqualTo("/login?next=%2Falerts");

        HttpResponse<String> r = postForm("/login", null, form("token", f.tokens.get(Role.VIEWER), "next", "//evil.example/x"), null);
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location").orElseThrow()).isEqualTo("/");
        String c = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(c).startsWith(VigilServer.SESSION_COOKIE + "=").contains("HttpOnly", "SameSite=Strict", "Path=/")
                .doesNotContain("Secure");

        assertThat(postForm("/login", null, form("token", "vgl_nope"), null).statusCode()).isEqualTo(401);
        assertThat(postForm("/login", null, form("token", f.tokens.get(Role.BOUNCER)), null).statusCode()).isEqualTo(401);
        assertThat(postForm("/login", null, form("token", f.tokens.get(Role.ADMIN)), "https://evil.example").statusCode())
                .isEqualTo(403);
    }

    @Test
    void stateChangesWithTheCookieNeedTheSessionsCsrfTokenAndOurOrigin() {
        String cookie = signIn(Role.ANALYST);
        HttpResponse<String> alertPage = page("/alerts/a1b2c3d4e5f60001", cookie);
        assertThat(alertPage.statusCode()).isEqualTo(200);
        String token = csrf(alertPage.body());
        String path = "/alerts/a1b2c3d4e5f60001/status";
        String host = "http://127.0.0.1:" + f.server.port();

        assertThat(postForm(path, cookie, form("status", "Resolved"), null).statusCode()).isEqualTo(403);
        assertThat(postForm(path, cookie, form("status", "Resolved", "_csrf", token + "x"), null).statusCode()).isEqualTo(403);
        assertThat(postForm(path, cookie, form("status", "Resolved", "_csrf", token), "https://evil.example").statusCode())
                .isEqualTo(403);
        HttpResponse<String> ok = postForm(path, cookie, form("status", "Resolved", "comment", "fixed", "_csrf", token), host);
        assertThat(ok.statusCode()).isEqualTo(303);
        assertThat(page("/alerts/a1b2c3d4e5f60001", cookie).body()).contains("by <strong>analyst-user</strong>: fixed");

        // a script on the page would send the token as a header to the JSON API
        HttpResponse<String> json = f.send(f.request("/api/alerts/a1b2c3d4e5f60002/status").header("Cookie", cookie)
                .header("Content-Type", "application/json").header(VigilServer.CSRF_HEADER, token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"InProgress\"}")));
        assertThat(json.statusCode()).isEqualTo(200);
        HttpResponse<String> noHeader = f.send(f.request("/api/alerts/a1b2c3d4e5f60002/status").header("Cookie", cookie)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"Active\"}")));
        assertThat(noHeader.statusCode()).isEqualTo(403);
    }

    @Test
    void signingOutOrRevokingTheTokenEndsTheSession() {
        String viewer = signIn(Role.VIEWER);
        String analyst = signIn(Role.ANALYST);
        assertThat(page("/", viewer).statusCode()).isEqualTo(200);
        String token = csrf(page("/", viewer).body());
        assertThat(postForm("/logout", viewer, form("_csrf", token), null).statusCode()).isEqualTo(303);
        assertThat(page("/", viewer).statusCode()).isEqualTo(303);

        HttpResponse<String> rev = f.send(f.request("/api/tokens/analyst-user").DELETE()
                .header("Authorization", "Bearer " + f.tokens.get(Role.ADMIN)));
        assertThat(rev.statusCode()).isEqualTo(200);
        assertThat(page("/", analyst).statusCode()).isEqualTo(303);
    }

    @Test
    void aUserSignsInWithAPasswordAndIsTheActorOfItsChanges() {
        assertThat(postForm("/login", null, form("user", "carol", "password", "wrong password here"), null).statusCode())
                .isEqualTo(401);
        assertThat(postForm("/login", null, form("user", "nobody", "password", "correct horse battery staple"), null).statusCode())
                .isEqualTo(401);
        HttpResponse<String> r = postForm("/login", null, form("user", "carol", "password", "correct horse battery staple"), null);
        assertThat(r.statusCode()).isEqualTo(303);
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String token = csrf(page("/alerts/a1b2c3d4e5f60004", cookie).body());
        assertThat(postForm("/alerts/a1b2c3d4e5f60004/status", cookie, form("status", "Dismissed", "comment", "test data",
                "_csrf", token), null).statusCode()).isEqualTo(303);
        assertThat(page("/alerts/a1b2c3d4e5f60004", cookie).body()).contains("by <strong>carol</strong>: test data");
        // removing the user ends the session
        f.users.remove("carol");
        assertThat(page("/", cookie).statusCode()).isEqualTo(303);
    }

    @Test
    void aViewerSeesNoTriageFormsAndCannotPostThem() {
        String cookie = signIn(Role.VIEWER);
        String body = page("/alerts/a1b2c3d4e5f60001", cookie).body();
        assertThat(body).doesNotContain("id=\"triage\"");
        String token = csrf(body);
        assertThat(postForm("/alerts/a1b2c3d4e5f60001/status", cookie, form("status", "Resolved", "_csrf", token), null)
                .statusCode()).isEqualTo(403);
    }

    @Test
    void everyPageEscapesWhatLogsPutInItAndForbidsInlineScript() {
        String cookie = signIn(Role.ADMIN);
        List<String> pages = List.of("/", "/alerts", "/alerts?q=script", "/alerts/a1b2c3d4e5f60001", "/alerts/a1b2c3d4e5f60002",
                "/alerts/a1b2c3d4e5f60003", "/incidents", "/incidents/" + f.incidentId, "/suppressions",
                "/alerts?ip=" + URLEncoder.encode("\"><script>x</script>", StandardCharsets.UTF_8));
        for (String p : pages) {
            HttpResponse<String> r = page(p, cookie);
            assertThat(r.statusCode()).as(p).isEqualTo(200);
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(csp).as(p).contains("script-src 'self'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
            String html = r.body();
            assertThat(html).as(p).doesNotContain("<script>").doesNotContain("<svg").doesNotContain("<img")
                    .doesNotContainPattern("<[^>]*\\son[a-z]+\\s*=") // no event handler attribute in any tag
                    .doesNotContainPattern("<[^>]*\\sautofocus") // nor an attribute smuggled in by a breakout
                    .doesNotContain("href=\"javascript:").doesNotContain("<b>shop</b>").doesNotContain("<i>own</i>");
            assertThat(html).as(p).doesNotContainPattern("<script(?![^>]*src=\"/static/vigil\\.js\")");
        }
        assertThat(page("/alerts/a1b2c3d4e5f60001", cookie).body()).contains("&lt;script&gt;window.__pwned=5&lt;/script&gt;");
        assertThat(page("/alerts/a1b2c3d4e5f60002", cookie).body()).contains("javascript:window.__pwned=4");
    }
}
