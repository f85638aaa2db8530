package dev.vigil.detect.behaviour;

import dev.vigil.detect.AlertType;
import dev.vigil.detect.Detection;
import dev.vigil.detect.SequentialDetector;
import dev.vigil.detect.Severity;
import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import dev.vigil.state.InMemoryKeyedState;
import dev.vigil.state.KeyedState;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * BruteForce: many failed logins from one client within a window. What counts as a failure, from
 * what an access log shows:
 * <ul>
 *   <li>a POST to {@code wp-login.php} answered 200 (WordPress answers a good password with a
 *       302 redirect and a bad one with the form again);</li>
 *   <li>a POST to {@code xmlrpc.php} (each can carry hundreds of guesses through
 *       {@code system.multicall}, so each counts);</li>
 *   <li>a POST to a login endpoint answered 401, 403 or 429;</li>
 *   <li>any request answered 401 (HTTP basic or digest authentication).</li>
 * </ul>
 * When the same client then logs in (a 302 from wp-login.php, or a 2xx on a path that answered it
 * 401 before), a second detection at High says the guessing may have worked.
 *
 * <p>Sequential: see {@link SequentialDetector}.
 */
public final class BruteForceDetector implements SequentialDetector {
    public record Config(long windowMillis, int minFailures, int maxClients) {
        public Config {
            if (windowMillis < 1000 || minFailures < 2 || maxClients < 1) {
                throw new IllegalArgumentException("window_seconds >= 1, min_failures >= 2 and max_clients >= 1 are required");
            }
        }

        public static final Config DEFAULT = new Config(300_000, 10, 200_000);
    }

    public static final String RULE_ID = "http.behaviour.brute-force";
    public static final String SUCCESS_RULE_ID = "http.behaviour.brute-force-success";

    private static final Set<String> LOGIN_PATHS = Set.of("/login", "/signin", "/sign-in", "/logon",
            "/user/login", "/users/sign_in", "/admin/login", "/administrator/index.php", "/account/login",
            "/accounts/login", "/auth/login", "/api/login", "/api/auth/login", "/session", "/sessions",
            "/j_security_check", "/login.php", "/admin/login.php", "/index.php/admin", "/auth");

    private final AlertType type;
    private final Config config;
    private final KeyedState<Window> windows;

    public BruteForceDetector(AlertType type, Config config) {
        this.type = type;
        this.config = config;
        this.windows = new InMemoryKeyedState<>(config.maxClients());
    }

    private static final class Window {
        long start;
        long lastFailure;
        int failures;
        boolean fired;
        boolean successReported;
        String target;
    }

    @Override
    public String id() {
        return RULE_ID;
    }

    @Override
    public void inspect(Event event, Consumer<Detection> out) {
        if (!(event instanceof HttpRequest r) || r.timeMillis() == Event.NO_TIME || r.clientIp() == null) {
            return;
        }
        int s = r.status();
        if (s != 401 && !Requests.isPost(r) && (s < 200 || s >= 300 || r.user() == null)) {
            return; // neither a failure nor a possible success: most traffic ends here
        }
        String path = Requests.path(r);
        boolean failure = isFailure(r, path);
        String key = Requests.clientKey(r);
        long t = r.timeMillis();
        if (failure) {
            Window w = windows.computeIfAbsent(key, k -> new Window());
            if (w.failures == 0 || t - w.start > config.windowMillis() || t < w.start) {
                w.start = t;
                w.failures = 0;
                w.fired = false;
                w.successReported = false;
            }
            w.failures++;
            w.lastFailure = t;
            w.target = path;
            if (!w.fired && w.failures >= config.minFailures()) {
                w.fired = true;
                String summary = String.format(Locale.ROOT, "%d failed logins in %d s on %s",
                        w.failures, Math.max(1, (t - w.start) / 1000), path);
                out.accept(new Detection(RULE_ID, type, type.severity(), event, "client_ip", r.clientIp(), summary));
            }
            return;
        }
        Window w = windows.get(key);
        if (w != null && w.fired && !w.successReported && t - w.lastFailure <= config.windowMillis()
                && isSuccess(r, path, w.target)) {
            w.successReported = true;
            String summary = String.format(Locale.ROOT, "login succeeded on %s after %d failed attempts", path, w.failures);
            out.accept(new Detection(SUCCESS_RULE_ID, type, Severity.HIGH, event, "client_ip", r.clientIp(), summary));
        }
    }

    static boolean isFailure(HttpRequest r, String path) {
        int s = r.status();
        if (s == 401) {
            return true;
        }
        if (!Requests.isPost(r)) {
            return false;
        }
        if (path.endsWith("/wp-login.php")) {
            return s == 200;
        }
        if (path.endsWith("/xmlrpc.php")) {
            return s == 200 || s == 403 || s == 429;
        }
        return isLoginPath(path) && (s == 403 || s == 429);
    }

    private static boolean isSuccess(HttpRequest r, String path, String failedPath) {
        int s = r.status();
        if (Requests.isPost(r) && path.endsWith("/wp-login.php")) {
            return s == 302;
        }
        if (Requests.isPost(r) && isLoginPath(path)) {
            return s == 302 || s == 303;
        }
        return s >= 200 && s < 300 && path.equals(failedPath) && r.user() != null;
    }

    private static boolean isLoginPath(String path) {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        return LOGIN_PATHS.contains(p) || p.endsWith("/login") || p.endsWith("/signin");
    }
}
