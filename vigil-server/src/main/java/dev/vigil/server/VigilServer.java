package dev.vigil.server;

import dev.vigil.alert.AlertStatus;
import dev.vigil.server.auth.Principal;
import dev.vigil.server.auth.Role;
import dev.vigil.server.auth.Sessions;
import dev.vigil.server.auth.TokenRepository;
import dev.vigil.server.auth.UserRepository;
import dev.vigil.server.decisions.DecisionBook;
import dev.vigil.server.decisions.DecisionsApi;
import dev.vigil.server.api.ApiRoutes;
import dev.vigil.server.web.Dashboard;
import dev.vigil.server.web.LiveFeed;
import dev.vigil.server.web.SignIn;
import dev.vigil.store.AlertQuery;
import dev.vigil.store.AlertStore;
import dev.vigil.store.StoreException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * {@code vigil serve}: the JSON API, the dashboard, metrics and the CrowdSec decisions stream,
 * on Javalin (Jetty 12), over one {@link AlertStore}.
 *
 * <p>Every route is a {@link Route} with the least {@link Role} it needs, and one guard checks
 * each request before its handler runs: credentials (an {@code Authorization: Bearer} token, the
 * dashboard's session cookie, or a bouncer's {@code X-Api-Key}), the role, and for a
 * state-changing request made with the session cookie, the session's CSRF token. Every response
 * carries a Content-Security-Policy that allows no inline script, so text from logs stays inert
 * even if an escape were missed.
 *
 * <p>Thread-safe: Jetty serves requests on many threads; the store is reached through
 * {@link StoreGate}, tokens through the synchronized {@link TokenRepository}.
 */
public final class VigilServer implements AutoCloseable {
    /** The session cookie's name. */
    public static final String SESSION_COOKIE = "vigil_session";
    /** The header a script sends the CSRF token in; forms send it as {@value #CSRF_FIELD}. */
    public static final String CSRF_HEADER = "X-CSRF-Token";
    public static final String CSRF_FIELD = "_csrf";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final ServerConfig config;
    private final ServerMetrics metrics;
    private final StoreGate store;
    private final TokenRepository tokens;
    private final UserRepository users;
    private final Sessions sessions = new Sessions();
    private final DecisionBook decisions;
    private final LiveFeed live;
    private final List<Route> routes;
    private Javalin app;

    /** A server over {@code store}, {@code tokens} and {@code users}; it closes them when closed. */
    public VigilServer(ServerConfig config, AlertStore store, TokenRepository tokens, UserRepository users) {
        this.config = config;
        this.metrics = new ServerMetrics();
        this.store = new StoreGate(store, metrics.registry());
        this.tokens = tokens;
        this.users = users;
        // only alerts whose block can still last (last seen or stored within the TTL): a few
        // hundred rows from two indexes, not every alert that ever blocked, on each refresh
        this.decisions = new DecisionBook(config.policy(), () -> this.store.call("decisions", s -> s.list(
                new AlertQuery(EnumSet.of(AlertStatus.ACTIVE, AlertStatus.IN_PROGRESS, AlertStatus.RESOLVED),
                        config.policy().minSeverity(), null, null, null, 0)
                        .activeSince(System.currentTimeMillis() - config.policy().ttl().toMillis()))),
                System::currentTimeMillis);
        this.live = new LiveFeed(this.store, 3_000);
        this.routes = List.copyOf(buildRoutes());
    }

    private List<Route> buildRoutes() {
        List<Route> r = new ArrayList<>();
        r.add(new Route(HandlerType.GET, "/healthz", null, Route.Kind.API,
                ctx -> Web.json(ctx, Web.MAPPER.createObjectNode().put("status", "ok"))));
        r.add(new Route(HandlerType.GET, "/readyz", null, Route.Kind.API, ctx -> {
            boolean ready = store.ready();
            Web.json(ctx, ready ? 200 : 503, Web.MAPPER.createObjectNode().put("status", ready ? "ready" : "store unavailable"));
        }));
        r.add(new Route(HandlerType.GET, "/metrics", Role.VIEWER, Route.Kind.API,
                ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape())));
        r.addAll(new SignIn(tokens, users, sessions, config.tls() != null).routes());
        ApiRoutes api = new ApiRoutes(store, tokens, sessions);
        r.addAll(api.routes());
        r.addAll(new Dashboard(store, api, live).routes());
        r.addAll(new DecisionsApi(decisions).routes());
        return r;
    }

    /** Every route the server answers, with the role each needs. */
    public List<Route> routes() {
        return routes;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    /** Starts listening; returns this. */
    public VigilServer start() {
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.maxRequestSize = config.maxBodyBytes();
            cfg.router.ignoreTrailingSlashes = true;
            cfg.jetty.host = config.host();
            cfg.jetty.port = config.port();
            if (config.tls() != null) {
                Tls.configure(cfg, config);
            }
            cfg.routes.before(VigilServer::securityHeaders);
            for (Route route : routes) {
                cfg.routes.addHttpHandler(route.method(), route.path(), guard(route));
            }
            cfg.routes.exception(HttpError.class, (e, ctx) -> fail(ctx, e.status(), e.getMessage()));
            cfg.routes.exception(IllegalArgumentException.class, (e, ctx) -> fail(ctx, 400, e.getMessage()));
            cfg.routes.exception(IllegalStateException.class, (e, ctx) -> fail(ctx, 409, e.getMessage()));
            cfg.routes.exception(StoreException.class, (e, ctx) -> fail(ctx, 503, "the alert store failed: " + e.getMessage()));
            cfg.routes.exception(Exception.class, (e, ctx) -> fail(ctx, 500, "internal error"));
            cfg.routes.error(404, ctx -> {
                // a route's own 404 (no such alert) stands; Javalin's plain-text one for an unknown path does not
                if (ctx.attribute(FAILED) == null) {
                    fail(ctx, 404, "no such route: " + ctx.method() + " " + ctx.path());
                }
            });
            cfg.routes.error(413, ctx -> fail(ctx, 413, "request body over " + config.maxBodyBytes() + " bytes"));
        });
        app.start();
        return this;
    }

    /** The port listened on (the one chosen when the config said 0). */
    public int port() {
        return app.port();
    }

    /** Security headers on every response, error pages and static files included. */
    private static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        // same-origin, not no-referrer: under no-referrer browsers send "Origin: null" on form
        // posts, and the origin check would refuse the dashboard's own forms. Other sites (the
        // MITRE links) still get no referrer.
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        if (!ctx.path().startsWith("/static/")) {
            ctx.header("Cache-Control", "no-store");
        }
    }

    private static final String FAILED = "vigil.failed";

    /** An error as JSON for API callers, as a short page for browsers. */
    static void fail(Context ctx, int status, String message) {
        ctx.attribute(FAILED, Boolean.TRUE);
        String accept = ctx.header("Accept");
        boolean page = accept != null && accept.contains("text/html") && !ctx.path().startsWith("/api/")
                && !ctx.path().startsWith("/v1/");
        if (page) {
            ctx.status(status).contentType("text/html; charset=utf-8").result("<!doctype html><html lang=\"en\"><head>"
                    + "<meta charset=\"utf-8\"><title>Vigil: " + status + "</title><link rel=\"stylesheet\" href=\"/static/vigil.css\">"
                    + "</head><body><main><h1>" + status + "</h1><p>" + dev.vigil.server.web.Html.text(message)
                    + "</p><p><a href=\"/\">Back to the overview</a></p></main></body></html>");
        } else {
            Web.json(ctx, status, Web.error(status, message));
        }
    }

    /** The access check in front of every handler. */
    private Handler guard(Route route) {
        return ctx -> {
            long start = System.nanoTime();
            try {
                if (route.role() != null && !admit(route, ctx)) {
                    return;
                }
                route.handler().handle(ctx);
            } finally {
                metrics.request(route.method().toString(), route.path(), ctx.statusCode(), System.nanoTime() - start);
            }
        };
    }

    private boolean admit(Route route, Context ctx) {
        if (route.kind() == Route.Kind.BOUNCER) {
            // CrowdSec's local API answers a missing or wrong key with 403, and bouncers expect it.
            Optional<Principal> p = tokens.authenticate(ctx.header("X-Api-Key"))
                    .map(t -> new Principal(t.name(), t.role(), null));
            if (p.isEmpty() || !p.get().role().allows(route.role())) {
                metrics.refused(p.isEmpty() ? "invalid" : "role");
                Web.json(ctx, 403, Web.error(403, "access forbidden"));
                return false;
            }
            ctx.attribute(Web.PRINCIPAL, p.get());
            return true;
        }
        Principal p = null;
        String authz = ctx.header("Authorization");
        if (authz != null) {
            if (!authz.regionMatches(true, 0, "Bearer ", 0, 7)) {
                metrics.refused("invalid");
                deny(route, ctx, 401, "use 'Authorization: Bearer TOKEN'");
                return false;
            }
            p = tokens.authenticate(authz.substring(7).trim()).map(t -> new Principal(t.name(), t.role(), null)).orElse(null);
            if (p == null) {
                metrics.refused("invalid");
                deny(route, ctx, 401, "invalid or revoked token");
                return false;
            }
        } else {
            String sid = ctx.cookie(SESSION_COOKIE);
            p = sessions.find(sid).orElse(null);
            if (p != null && !stillValid(p.session().tokenId())) {
                // the token it signed in with was revoked, or the user removed (perhaps by another process)
                sessions.close(sid);
                p = null;
            }
            if (p == null) {
                metrics.refused("missing");
                deny(route, ctx, 401, sid == null ? "sign in or send a token" : "session expired; sign in again");
                return false;
            }
            if (route.changesState()) {
                String sent = ctx.header(CSRF_HEADER);
                if (sent == null && isForm(ctx)) {
                    sent = ctx.formParam(CSRF_FIELD);
                }
                if (!p.session().csrfMatches(sent) || !sameOrigin(ctx)) {
                    metrics.refused("csrf");
                    deny(route, ctx, 403, "missing or wrong CSRF token; reload the page and try again");
                    return false;
                }
            }
        }
        if (!p.role().allows(route.role())) {
            metrics.refused("role");
            deny(route, ctx, 403, "this needs the " + route.role().label() + " role; " + p.name() + " is " + p.role().label());
            return false;
        }
        ctx.attribute(Web.PRINCIPAL, p);
        return true;
    }

    private boolean stillValid(String credential) {
        if (credential.startsWith(Sessions.USER_PREFIX)) {
            return users.find(credential.substring(Sessions.USER_PREFIX.length())).isPresent();
        }
        return tokens.find(credential).filter(TokenRepository.TokenInfo::active).isPresent();
    }

    private static boolean isForm(Context ctx) {
        String ct = ctx.contentType();
        return ct != null && (ct.startsWith("application/x-www-form-urlencoded") || ct.startsWith("multipart/form-data"));
    }

    /**
     * A browser sends Origin on every cross-site POST; when it is there it must name this server.
     * (The CSRF token is the real check; this refuses a forged request even if a token leaked.)
     */
    private static boolean sameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) {
            return true;
        }
        String host = ctx.header("Host");
        return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
    }

    private static void deny(Route route, Context ctx, int status, String message) {
        if (route.kind() == Route.Kind.PAGE && status == 401 && !route.changesState()) {
            ctx.redirect("/login?next=" + dev.vigil.server.web.Html.query(ctx.path()), io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        if (status == 401) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"vigil\"");
        }
        fail(ctx, status, message);
    }

    @Override
    public void close() {
        try {
            live.close();
            if (app != null) {
                app.stop();
            }
        } finally {
            try {
                store.close();
            } finally {
                try {
                    tokens.close();
                    users.close();
                } finally {
                    metrics.close();
                }
            }
        }
    }
}
