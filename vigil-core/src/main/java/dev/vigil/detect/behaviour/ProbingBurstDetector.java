package dev.vigil.detect.behaviour;

import dev.vigil.detect.AlertType;
import dev.vigil.detect.Detection;
import dev.vigil.detect.SequentialDetector;
import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import dev.vigil.state.InMemoryKeyedState;
import dev.vigil.state.KeyedState;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * ProbingBurst: one client asking for many distinct paths that do not exist (404 or 410) within a
 * short window, with most of its requests missing — the footprint of content discovery tools
 * (gobuster, dirb, ffuf) and vulnerability scanners. Raised once per client and window, on the
 * request that crosses the threshold; the detection lists a sample of the missing paths.
 *
 * <p>Driven by the log's own time stamps, so a replay gives what watching live would have.
 * Sequential: see {@link SequentialDetector}.
 */
public final class ProbingBurstDetector implements SequentialDetector {
    /** Thresholds; the defaults stay quiet on ordinary browsing and crawler traffic. */
    public record Config(long windowMillis, int minDistinctMissing, double minMissingRatio, int maxClients) {
        public Config {
            if (windowMillis < 1000 || minDistinctMissing < 2 || minMissingRatio <= 0 || minMissingRatio > 1
                    || maxClients < 1) {
                throw new IllegalArgumentException("window_seconds >= 1, min_distinct_missing >= 2, "
                        + "0 < min_missing_ratio <= 1 and max_clients >= 1 are required");
            }
        }

        public static final Config DEFAULT = new Config(60_000, 20, 0.5, 200_000);
    }

    public static final String RULE_ID = "http.behaviour.probing-burst";
    private static final int SAMPLE = 5;

    private final AlertType type;
    private final Config config;
    private final KeyedState<Window> windows;

    public ProbingBurstDetector(AlertType type, Config config) {
        this.type = type;
        this.config = config;
        this.windows = new InMemoryKeyedState<>(config.maxClients());
    }

    private static final class Window {
        long start;
        int requests;
        int missing;
        final Set<String> distinct = new HashSet<>();
        final List<String> sample = new java.util.ArrayList<>(SAMPLE);
        boolean fired;
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
        long t = r.timeMillis();
        boolean missing = r.status() == 404 || r.status() == 410;
        // only a missing path opens a window; other requests just count in an open one
        Window w = missing ? windows.computeIfAbsent(Requests.clientKey(r), k -> new Window())
                : windows.get(Requests.clientKey(r));
        if (w == null) {
            return;
        }
        if (w.requests == 0 || t - w.start > config.windowMillis() || t < w.start) {
            w.start = t;
            w.requests = 0;
            w.missing = 0;
            w.distinct.clear();
            w.sample.clear();
            w.fired = false;
        }
        w.requests++;
        if (missing) {
            w.missing++;
            String p = Requests.path(r);
            // the set only needs to reach the threshold: cap it so a long scan costs no more memory
            if (w.distinct.size() < config.minDistinctMissing() && w.distinct.add(p) && w.sample.size() < SAMPLE) {
                w.sample.add(p);
            }
        }
        if (!w.fired && w.distinct.size() >= config.minDistinctMissing()
                && w.missing >= config.minMissingRatio() * w.requests) {
            w.fired = true;
            String summary = String.format(java.util.Locale.ROOT,
                    "%d distinct missing paths among %d requests in %d s, e.g. %s",
                    w.distinct.size(), w.requests, Math.max(1, (t - w.start) / 1000), String.join(" ", w.sample));
            out.accept(new Detection(RULE_ID, type, type.severity(), event, "client_ip", r.clientIp(), summary));
        }
    }
}
