package dev.vigil.detect.behaviour;

import dev.vigil.detect.AlertType;
import dev.vigil.detect.Detection;
import dev.vigil.detect.SequentialDetector;
import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import dev.vigil.state.InMemoryKeyedState;
import dev.vigil.state.KeyedState;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * AnomalousPageAccess: an admin or login page answered with success to a client address that
 * never reached one on this resource before. The detector first learns, per resource, which
 * addresses use the admin pages (the learning period, in log time, stated in each detection);
 * after it, the first successful admin request from a new address is raised once.
 *
 * <p>Sequential: see {@link SequentialDetector}.
 */
public final class AnomalousPageAccessDetector implements SequentialDetector {
    public record Config(long learningMillis, int maxKnownClients) {
        public Config {
            if (learningMillis < 0 || maxKnownClients < 1) {
                throw new IllegalArgumentException("learning_hours >= 0 and max_known_clients >= 1 are required");
            }
        }

        public static final Config DEFAULT = new Config(7L * 24 * 3_600_000, 500_000);
    }

    public static final String RULE_ID = "http.behaviour.anomalous-page-access";

    private final AlertType type;
    private final Config config;
    /** resource → time of the first event seen for it (the start of its learning period) */
    private final KeyedState<long[]> learningStart;
    /** resource|client → known */
    private final KeyedState<Boolean> known;
    private String lastResource;
    private long lastStart;

    public AnomalousPageAccessDetector(AlertType type, Config config) {
        this.type = type;
        this.config = config;
        this.learningStart = new InMemoryKeyedState<>(10_000);
        this.known = new InMemoryKeyedState<>(config.maxKnownClients());
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
        String resource = r.host() == null ? "" : r.host();
        long t = r.timeMillis();
        long start;
        if (resource.equals(lastResource)) {
            start = lastStart; // one resource per log is the common case: skip the lookup
        } else {
            start = learningStart.computeIfAbsent(resource, k -> new long[] {t})[0];
            lastResource = resource;
            lastStart = start;
        }
        if (r.status() < 200 || r.status() >= 300 || !isAdminPage(Requests.path(r))) {
            return;
        }
        String key = Requests.clientKey(r);
        if (known.get(key) != null) {
            return;
        }
        known.put(key, Boolean.TRUE);
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
