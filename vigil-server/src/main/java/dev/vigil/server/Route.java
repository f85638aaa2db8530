package dev.vigil.server;

import dev.vigil.server.auth.Role;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.Objects;

/**
 * One route of the server and who may use it. Every route is declared this way (no route is
 * added to Javalin directly), so {@link VigilServer#routes()} is the full list that the access
 * test walks.
 *
 * @param role the least role that may use it, or null for a public route
 * @param kind how it answers a request it refuses (JSON, a sign-in redirect, CrowdSec's 403)
 *
 * <p>Immutable and thread-safe.
 */
public record Route(HandlerType method, String path, Role role, Kind kind, Handler handler) {
    /** Who calls a route, which decides how a refusal looks. */
    public enum Kind {
        /** JSON API: 401 without credentials, 403 without the role. */
        API,
        /** Dashboard page or form: sign-in redirect for a page, 401 for a form post without a session. */
        PAGE,
        /** CrowdSec bouncer API: only {@code X-Api-Key}, 403 when missing or wrong, as CrowdSec answers. */
        BOUNCER
    }

    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(handler, "handler");
    }

    /** Whether the route changes state, and so needs a CSRF token when called with a session cookie. */
    public boolean changesState() {
        return !HandlerType.GET.equals(method) && !HandlerType.HEAD.equals(method) && !HandlerType.OPTIONS.equals(method);
    }
}
