package dev.vigil.detect.behaviour;

import dev.vigil.catalogue.AlertType;
import dev.vigil.detect.Detection;
import dev.vigil.detect.KeyedDetector;
import dev.vigil.catalogue.Severity;
import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import dev.vigil.state.Codec;
import dev.vigil.state.KeyContext;
import dev.vigil.state.StateSpec;
import dev.vigil.state.ValueState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
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
 * <p>Keyed by resource and client address. A window's state lives until a timer finds it closed:
 * a window after the last failure, so that a late success is still seen.
 */
final class BruteForceDetector implements KeyedDetector {
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

    public BruteForceDetector(AlertType type, Config config) {
        this.type = type;
        this.config = config;
    }

    /** One client's failures: the window's start, the last failure, how many, what was reported. */
    record Window(long start, long lastFailure, int failures, boolean fired, boolean successReported, String target) {}

    static final Codec<Window> WINDOW = new Codec<>() {
        @Override
        public void write(DataOutput out, Window w) throws IOException {
            out.writeLong(w.start());
            out.writeLong(w.lastFailure());
            out.writeInt(w.failures());
            out.writeBoolean(w.fired());
            out.writeBoolean(w.successReported());
            Codec.writeString(out, w.target());
        }

        @Override
        public Window read(DataInput in) throws IOException {
            return new Window(in.readLong(), in.readLong(), in.readInt(), in.readBoolean(), in.readBoolean(),
                    Codec.readString(in));
        }
    };

    private static final StateSpec.Value<Window> WINDOWS = new StateSpec.Value<>("window", WINDOW);

    @Override
    public String id() {
        return RULE_ID;
    }

    @Override
    public List<StateSpec> states() {
        return List.of(WINDOWS);
    }

    @Override
    public int maxKeys() {
        return config.maxClients();
    }

    @Override
    public String key(Event event) {
        if (!(event instanceof HttpRequest r) || r.timeMillis() == Event.NO_TIME || r.clientIp() == null) {
            return null;
        }
        int s = r.status();
        if (s != 401 && !Requests.isPost(r) && (s < 200 || s >= 300 || r.user() == null)) {
            return null; // neither a failure nor a possible success: most traffic ends here
        }
        return Requests.clientKey(r);
    }

    @Override
    public void process(Event event, KeyContext ctx, Consumer<Detection> out) {
        HttpRequest r = (HttpRequest) event;
        String path = Requests.path(r);
        boolean failure = isFailure(r, path);
        long t = r.timeMillis();
        ValueState<Window> state = ctx.value(WINDOWS);
        Window w = state.value();
        if (failure) {
            if (w == null || w.failures() == 0 || t - w.start() > config.windowMillis() || t < w.start()) {
                w = new Window(t, t, 0, false, false, path);
                ctx.registerTimer(t + config.windowMillis() + 1);
            }
            boolean fire = !w.fired() && w.failures() + 1 >= config.minFailures();
            w = new Window(w.start(), t, w.failures() + 1, w.fired() || fire, w.successReported(), path);
            state.update(w);
            if (fire) {
                String summary = String.format(Locale.ROOT, "%d failed logins in %d s on %s",
                        w.failures(), Math.max(1, (t - w.start()) / 1000), path);
                out.accept(new Detection(RULE_ID, type, type.severity(), event, "client_ip", r.clientIp(), summary));
            }
            return;
        }
        if (w != null && w.fired() && !w.successReported() && t - w.lastFailure() <= config.windowMillis()
                && isSuccess(r, path, w.target())) {
            state.update(new Window(w.start(), w.lastFailure(), w.failures(), true, true, w.target()));
            String summary = String.format(Locale.ROOT, "login succeeded on %s after %d failed attempts", path, w.failures());
            out.accept(new Detection(SUCCESS_RULE_ID, type, Severity.HIGH, event, "client_ip", r.clientIp(), summary));
        }
    }

    @Override
    public void onTimer(long time, KeyContext ctx, Consumer<Detection> out) {
        ValueState<Window> state = ctx.value(WINDOWS);
        Window w = state.value();
        if (w == null || time - w.start() <= config.windowMillis()) {
            return; // a window reopened since: it has a timer of its own
        }
        if (time - w.lastFailure() > config.windowMillis()) {
            state.clear(); // neither a failure nor a success can count in it any more
        } else {
            ctx.registerTimer(w.lastFailure() + config.windowMillis() + 1); // a success may still follow
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
