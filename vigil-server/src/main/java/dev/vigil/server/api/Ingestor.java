package dev.vigil.server.api;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertAggregator;
import dev.vigil.alert.suppress.Suppressor;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.engine.Engine;
import dev.vigil.engine.LiveRun;
import dev.vigil.engine.Problem;
import dev.vigil.ingest.LineFormat;
import dev.vigil.server.StoreGate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Log lines pushed over HTTP ({@code POST /api/ingest}) through the same streaming engine as
 * {@code vigil watch}: each (format, resource) is one source whose line numbers go on from request
 * to request, the keyed detectors keep their state between requests, and after each request the
 * alerts that are new or grew are stored whole (the store merges them by id, so a shipper that
 * sends a batch twice after a timeout changes no count beyond what the lines themselves add).
 *
 * <p>What is lost on a restart: the keyed detectors' state and the open alerts' counts (a
 * restarted server counts from the lines it receives); log shippers keep their own positions.
 *
 * <p>Thread-safe: requests are taken one at a time (the engine's live run is single-threaded).
 */
public final class Ingestor {
    /** Problems returned per request: enough to fix a shipper's config, not a copy of the body. */
    static final int PROBLEMS_SHOWN = 10;
    /** Sources (format and resource pairs) remembered; past it the oldest start their line count again. */
    static final int MAX_SOURCES = 10_000;
    /** Windows further behind the latest event time than this are let go after being stored. */
    private static final long LATENESS_MILLIS = 2 * 3_600_000L;
    /**
     * A source that sent nothing for this long no longer holds back the event time of the others
     * (their windows close as their own time passes; see LiveRun#idle).
     */
    static final long IDLE_MILLIS = 60_000;

    private final StoreGate store;
    private final Engine engine;
    private final AlertAggregator aggregator = new AlertAggregator();
    private final LiveRun live;
    private final Map<String, Long> nextLine = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> e) {
            return size() > MAX_SOURCES;
        }
    };
    private final Map<String, Long> nextOffset = new HashMap<>();
    /** Wall-clock time of each active source's last request, least recent first; idle ones leave it. */
    private final java.util.LinkedHashMap<String, Long> lastPush = new java.util.LinkedHashMap<>(16, 0.75f, true);
    private final java.util.function.LongSupplier clock;
    private long lines;
    private long rejected;

    public Ingestor(StoreGate store) {
        this(store, Engine.builder().threads(1).defaultDetectors(AlertCatalogue.builtIn()).build());
    }

    Ingestor(StoreGate store, Engine engine) {
        this(store, engine, System::currentTimeMillis);
    }

    Ingestor(StoreGate store, Engine engine, java.util.function.LongSupplier clock) {
        this.clock = clock;
        this.store = store;
        this.engine = engine;
        this.live = engine.live(aggregator::add);
    }

    /** What one request gave: lines read, events, lines rejected, alerts stored, the first problems. */
    public record Result(long lines, long events, long rejected, int alerts, List<String> problems) {}

    /**
     * Runs the body's lines through the detectors as one source per format and resource, and
     * stores the alerts they raised or grew.
     *
     * @param format   the lines' format, or null to recognise it from the lines
     * @param resource the app or host the lines belong to (their source name is {@code http:RESOURCE})
     * @param actor    who sent them, for suppression history
     */
    public synchronized Result ingest(LineFormat format, String resource, byte[] body, String actor) {
        String key = "http:" + (format == null ? "auto" : format.name()) + ":" + (resource == null ? "" : resource);
        String name = "http:" + (resource == null ? "-" : resource);
        long first = nextLine.getOrDefault(key, 1L);
        long offset = nextOffset.getOrDefault(key, 0L);
        byte[] data = body;
        if (data.length > 0 && data[data.length - 1] != '\n') {
            data = java.util.Arrays.copyOf(body, body.length + 1); // the last line is complete: the request ended
            data[data.length - 1] = '\n';
        }
        long now = clock.getAsLong();
        for (var it = lastPush.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Long> e = it.next();
            if (now - e.getValue() < IDLE_MILLIS) {
                break; // least recent first: the rest are active
            }
            live.idle(e.getKey());
            it.remove();
        }
        lastPush.put(key, now);
        long linesBefore = live.lines();
        long eventsBefore = live.events();
        long rejectedBefore = live.rejected();
        live.lines(key, name, first, offset, data, format, resource);
        long n = live.lines() - linesBefore;
        nextLine.put(key, first + n);
        nextOffset.put(key, offset + data.length);
        List<String> problems = live.takeProblems().stream().limit(PROBLEMS_SHOWN).map(Problem::toString).toList();
        long wm = live.watermark();
        List<Alert> changed = aggregator.drain(wm == Long.MIN_VALUE ? Long.MIN_VALUE : wm - LATENESS_MILLIS);
        if (!changed.isEmpty()) {
            store.call("ingest", s -> s.upsert(changed, new Suppressor(s.rules(), System.currentTimeMillis()), actor));
        }
        lines += n;
        rejected += live.rejected() - rejectedBefore;
        return new Result(n, live.events() - eventsBefore, live.rejected() - rejectedBefore, changed.size(), problems);
    }

    /** The event time the detectors' windows have reached over all sources not idle. */
    synchronized long watermark() {
        return live.watermark();
    }

    /** Lines taken over all requests. */
    public synchronized long lines() {
        return lines;
    }

    /** Lines rejected over all requests. */
    public synchronized long rejected() {
        return rejected;
    }
}
