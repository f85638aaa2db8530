package dev.vigil.detect.behaviour;

import dev.vigil.catalogue.AlertType;
import dev.vigil.detect.Detection;
import dev.vigil.detect.KeyedDetector;
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
import java.util.function.Consumer;

/**
 * ProbingBurst: one client asking for many distinct paths that do not exist (404 or 410) within a
 * short window, with most of its requests missing — the footprint of content discovery tools
 * (gobuster, dirb, ffuf) and vulnerability scanners. Raised once per client and window, on the
 * request that crosses the threshold; the detection lists a sample of the missing paths.
 *
 * <p>Driven by the log's own time stamps, so a replay gives what watching live would have.
 * Keyed by resource and client address; a window's state is cleared by a timer when it closes.
 */
public final class ProbingBurstDetector implements KeyedDetector {
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

    /**
     * One client's open window: its start, requests and missing ones counted, the distinct
     * missing paths (only as many as the threshold needs, first seen first), whether it fired.
     */
    record Window(long start, int requests, int missing, List<String> distinct, boolean fired) {
        Window counted(boolean isMissing, String path, int keep) {
            List<String> d = distinct;
            if (isMissing && d.size() < keep && !d.contains(path)) {
                String[] a = d.toArray(new String[d.size() + 1]);
                a[d.size()] = path;
                d = List.of(a);
            }
            return new Window(start, requests + 1, missing + (isMissing ? 1 : 0), d, fired);
        }
    }

    static final Codec<Window> WINDOW = new Codec<>() {
        @Override
        public void write(DataOutput out, Window w) throws IOException {
            out.writeLong(w.start());
            out.writeInt(w.requests());
            out.writeInt(w.missing());
            Codec.STRINGS.write(out, w.distinct());
            out.writeBoolean(w.fired());
        }

        @Override
        public Window read(DataInput in) throws IOException {
            return new Window(in.readLong(), in.readInt(), in.readInt(), List.copyOf(Codec.STRINGS.read(in)),
                    in.readBoolean());
        }
    };

    private static final StateSpec.Value<Window> WINDOWS = new StateSpec.Value<>("window", WINDOW);

    private final AlertType type;
    private final Config config;

    public ProbingBurstDetector(AlertType type, Config config) {
        this.type = type;
        this.config = config;
    }

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
        return Requests.clientKey(r);
    }

    @Override
    public void process(Event event, KeyContext ctx, Consumer<Detection> out) {
        HttpRequest r = (HttpRequest) event;
        long t = r.timeMillis();
        boolean missing = r.status() == 404 || r.status() == 410;
        ValueState<Window> state = ctx.value(WINDOWS);
        Window w = state.value();
        if (w != null && (t - w.start() > config.windowMillis() || t < w.start())) {
            // closed (its timer may not have fired yet: treat it the same either way, so that
            // detections never depend on when timers run)
            w = null;
            state.clear();
        }
        // only a missing path opens a window; other requests just count in an open one
        if (w == null) {
            if (!missing) {
                return;
            }
            w = new Window(t, 0, 0, List.of(), false);
            ctx.registerTimer(t + config.windowMillis() + 1);
        }
        w = w.counted(missing, missing ? Requests.path(r) : null, config.minDistinctMissing());
        if (!w.fired() && w.distinct().size() >= config.minDistinctMissing()
                && w.missing() >= config.minMissingRatio() * w.requests()) {
            w = new Window(w.start(), w.requests(), w.missing(), w.distinct(), true);
            String summary = String.format(java.util.Locale.ROOT,
                    "%d distinct missing paths among %d requests in %d s, e.g. %s",
                    w.distinct().size(), w.requests(), Math.max(1, (t - w.start()) / 1000),
                    String.join(" ", w.distinct().subList(0, Math.min(SAMPLE, w.distinct().size()))));
            out.accept(new Detection(RULE_ID, type, type.severity(), event, "client_ip", r.clientIp(), summary));
        }
        state.update(w);
    }

    @Override
    public void onTimer(long time, KeyContext ctx, Consumer<Detection> out) {
        ValueState<Window> state = ctx.value(WINDOWS);
        Window w = state.value();
        if (w != null && time - w.start() > config.windowMillis()) {
            state.clear(); // closed; a window reopened later has a timer of its own
        }
    }
}
