package dev.vigil.server.web;

import dev.vigil.server.Route;
import dev.vigil.server.VigilServer;
import dev.vigil.server.auth.Role;
import dev.vigil.server.auth.Sessions;
import dev.vigil.server.auth.TokenRepository;
import dev.vigil.server.auth.UserRepository;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Optional;

/**
 * Signing in to the dashboard with an API token or a user's password, and out. A good token opens a session whose id
 * goes in a cookie that scripts cannot read (HttpOnly), that no other site's request carries
 * (SameSite=Strict) and that only travels over TLS when the server has it (Secure).
 *
 * <p>Thread-safe.
 */
public final class SignIn {
    private final TokenRepository tokens;
    private final UserRepository users;
    private final Sessions sessions;
    private final boolean secure;

    public SignIn(TokenRepository tokens, UserRepository users, Sessions sessions, boolean secure) {
        this.tokens = tokens;
        this.users = users;
        this.sessions = sessions;
        this.secure = secure;
    }

    public List<Route> routes() {
        return List.of(
                new Route(HandlerType.GET, "/login", null, Route.Kind.PAGE, ctx -> form(ctx, 200, null)),
                new Route(HandlerType.POST, "/login", null, Route.Kind.PAGE, this::signIn),
                new Route(HandlerType.POST, "/logout", Role.VIEWER, Route.Kind.PAGE, this::signOut));
    }

    private void form(Context ctx, int status, String problem) {
        String next = safeNext(ctx.queryParam("next") != null ? ctx.queryParam("next") : ctx.formParam("next"));
        StringBuilder b = new StringBuilder();
        b.append("<section class=\"signin\"><h1>Sign in to Vigil</h1>");
        if (problem != null) {
            b.append("<p class=\"problem\" role=\"alert\">").append(Html.text(problem)).append("</p>");
        }
        b.append("<form method=\"post\" action=\"/login\">")
                .append("<input type=\"hidden\" name=\"next\" value=\"").append(Html.attr(next)).append("\">")
                .append("<label for=\"token\">API token</label>")
                .append("<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"off\">")
                .append("<p class=\"hint\">or, for a user added with <code>vigil user add</code>:</p>")
                .append("<label for=\"user\">User name</label><input id=\"user\" name=\"user\" autocomplete=\"username\">")
                .append("<label for=\"password\">Password</label>")
                .append("<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\">")
                .append("<button id=\"signin\" type=\"submit\">Sign in</button></form>")
                .append("<p class=\"hint\">Make a token with <code>vigil token create --role analyst --name YOU</code>.</p></section>");
        Page.send(ctx, status, "Sign in", null, b.toString());
    }

    private void signIn(Context ctx) {
        String origin = ctx.header("Origin");
        String host = ctx.header("Host");
        if (origin != null && !(origin.equals("http://" + host) || origin.equals("https://" + host))) {
            form(ctx, 403, "Sign-in from another site refused.");
            return;
        }
        String user = ctx.formParam("user");
        Sessions.Session s;
        if (user != null && !user.isBlank()) {
            Optional<UserRepository.UserInfo> u = users.authenticate(user.strip(), ctx.formParam("password"));
            if (u.isEmpty()) {
                form(ctx, 401, "Wrong user name or password.");
                return;
            }
            s = sessions.open(u.get().name(), u.get().role(), Sessions.USER_PREFIX + u.get().name());
        } else {
            Optional<TokenRepository.TokenInfo> t = tokens.authenticate(ctx.formParam("token"));
            if (t.isEmpty() || t.get().role() == Role.BOUNCER) {
                form(ctx, 401, "That token is not valid (or was revoked, or is a bouncer key).");
                return;
            }
            s = sessions.open(t.get().name(), t.get().role(), t.get().id());
        }
        ctx.header("Set-Cookie", VigilServer.SESSION_COOKIE + "=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : ""));
        ctx.redirect(safeNext(ctx.formParam("next")), HttpStatus.SEE_OTHER);
    }

    private void signOut(Context ctx) {
        sessions.close(ctx.cookie(VigilServer.SESSION_COOKIE));
        ctx.header("Set-Cookie", VigilServer.SESSION_COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : ""));
        ctx.redirect("/login", HttpStatus.SEE_OTHER);
    }

    /** Where to go after signing in: a path on this server only, never another site. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")
                || next.chars().anyMatch(c -> c < 0x21 || c == 0x7f || c == '\\')) {
            return "/";
        }
        return next;
    }
}
