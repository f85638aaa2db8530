package dev.vigil.detect.behaviour;

import dev.vigil.catalogue.AlertType;
import dev.vigil.detect.Detection;
import dev.vigil.detect.KeyedDetector;
import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import dev.vigil.state.Codec;
import dev.vigil.state.KeyContext;
import dev.vigil.state.MapState;
import dev.vigil.state.StateSpec;
import dev.vigil.state.ValueState;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * AnomalousPageAccess: an admin or login page answered with success to a client address that
 * never reached one on this resource before. The detector first learns, per resource, which
 * addresses use the admin pages (the learning period, in log time, stated in each detection);
 * after it, the first successful admin request from a new address is raised once.
 *
 * <p>Keyed by resource: the start of its learning period, and the client addresses known to use
 * its admin pages (bounded; the least recently seen are forgotten first).
 */
final class AnomalousPageAccessDetector implements KeyedDetector {
    public record Config(long learningMillis, int maxKnownClients) {
        public Config {
            if (learningMillis < 0 || maxKnownClients < 1) {
                throw new IllegalArgumentException("learning_hours >= 0 and max_known_clients >= 1 are required");
            }
        }

        public static final Config DEFAULT = new Config(7L * 24 * 3_600_000, 500_000);
    }

    public static final String RULE_ID = "http.behaviour.anomalous-page-access";

    /** Resources (sites) held at once. */
    static final int MAX_RESOURCES = 10_000;
    /** resource → time of its first event (the start of its learning period) */
    private static final StateSpec.Value<Long> LEARNING_START = new StateSpec.Value<>("learning-start", Codec.LONG);

    private final AlertType type;
    private final Config config;
    /** resource → client addresses known to use its admin pages */
    private final StateSpec.Map<String, Boolean> known;

    public AnomalousPageAccessDetector(AlertType type, Config config) {
        this.type = type;
        this.config = config;
        this.known = new StateSpec.Map<>("known-clients", Codec.STRING, Codec.BOOLEAN,
                config.maxKnownClients());
    }

    @Override
    public String id() {
        return RULE_ID;
    }

    @Override
    public List<StateSpec> states() {
        return List.of(LEARNING_START, known);
    }

    @Override
    public int maxKeys() {
        return MAX_RESOURCES;
    }

    @Override
    public String key(Event event) {
        if (!(event instanceof HttpRequest r) || r.timeMillis() == Event.NO_TIME || r.clientIp() == null) {
            return null;
        }
        return r.host() == null ? "" : r.host();
    }

    @Override
    public void process(Event event, KeyContext ctx, Consumer<Detection> out) {
        HttpRequest r = (HttpRequest) event;
        long t = r.timeMillis();
        ValueState<Long> learning = ctx.value(LEARNING_START);
        Long start = learning.value();
        if (start == null) {
            start = t;
            learning.update(start);
        }
        if (r.status() < 200 || r.status() >= 300 || !isAdminPage(Requests.path(r))) {
            return;
        }
        MapState<String, Boolean> clients = ctx.map(known);
        if (clients.get(r.clientIp()) != null) {
            return;
        }
        clients.put(r.clientIp(), Boolean.TRUE);
        if (t - start >= config.learningMillis()) {
            String summary = String.format(Locale.ROOT,
                    "first successful admin-page request from this address after a learning period of %d h: %s",
                    config.learningMillis() / 3_600_000, Requests.path(r));
            out.accept(new Detection(RULE_ID, type, type.severity(), event, "path", r.path(), summary));
        }
    }

    static boolean isAdminPage(String path) {
        if (path.startsWith("/wp-admin")) {
            // admin-ajax.php and the admin assets serve every visitor of many themes
            return !path.startsWith("/wp-admin/admin-ajax.php") && !path.startsWith("/wp-admin/css/")
                    && !path.startsWith("/wp-admin/js/") && !path.startsWith("/wp-admin/images/")
                    && !path.startsWith("/wp-admin/load-");
        }
        return path.equals("/wp-login.php") || path.startsWith("/administrator") || path.equals("/admin")
                || path.startsWith("/admin/") || path.startsWith("/phpmyadmin") || path.startsWith("/manager/html")
                || path.equals("/user/login") || path.startsWith("/admin.php") || path.startsWith("/cpanel")
                || path.startsWith("/webadmin");
    }
}
