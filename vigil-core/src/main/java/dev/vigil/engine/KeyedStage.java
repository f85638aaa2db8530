package dev.vigil.engine;

import dev.vigil.detect.Detection;
import dev.vigil.detect.KeyedDetector;
import dev.vigil.event.Event;
import dev.vigil.state.InMemoryStateBackend;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs keyed detectors over one ordered stream of events with their state in memory: for each
 * event, the event-time watermark moves to the event's time (firing the timers it passes), then
 * every detector that names a key for the event handles it in that key's context.
 *
 * <p>The watermark is the latest time stamp of the current source. Sources are read one after
 * another and need not be in time order (a glob lists {@code access.log} before
 * {@code access.log.1}), so {@link #newSource} lets it start again; timers pending from an earlier
 * source then wait until the new one's time passes them.
 *
 * <p>A detector that throws loses that event (or timer) only; failures are counted per detector
 * ({@link #failures}). State and timers can be written out and read back ({@link #snapshot},
 * {@link #restore}), so a long-running watch resumes where it stopped.
 *
 * <p>Not thread-safe: one thread per stage; a partitioned engine runs one stage per partition.
 */
public final class KeyedStage {
    private final KeyedDetector[] detectors;
    private final InMemoryStateBackend backend;
    private final long[] failures;
    private final String[] firstFailure;
    private Consumer<Detection> timerOut = d -> { };
    private final InMemoryStateBackend.TimerHandler onTimer = this::fire;

    public KeyedStage(List<? extends KeyedDetector> detectors) {
        this.detectors = detectors.toArray(new KeyedDetector[0]);
        List<InMemoryStateBackend.Declaration> decls = new ArrayList<>();
        for (KeyedDetector d : this.detectors) {
            decls.add(new InMemoryStateBackend.Declaration(d.id(), d.maxKeys(), d.states()));
        }
        this.backend = new InMemoryStateBackend(decls);
        this.failures = new long[this.detectors.length];
        this.firstFailure = new String[this.detectors.length];
    }

    public boolean isEmpty() {
        return detectors.length == 0;
    }

    /** Handles one event: timers it makes due first, then each detector with a key for it. */
    public void process(Event event, Consumer<Detection> out) {
        advanceFor(event, out);
        for (int i = 0; i < detectors.length; i++) {
            String key;
            try {
                key = detectors[i].key(event);
            } catch (RuntimeException | StackOverflowError e) {
                failed(i, e);
                continue;
            }
            if (key != null) {
                run(i, event, key, out);
            }
        }
    }

    /**
     * As {@link #process(Event, Consumer)}, with the keys already worked out (by the engine's
     * workers): {@code keys[at + i]} for detector {@code i}, null for none.
     */
    public void process(Event event, String[] keys, int at, Consumer<Detection> out) {
        advanceFor(event, out);
        for (int i = 0; i < detectors.length; i++) {
            String key = keys[at + i];
            if (key != null) {
                run(i, event, key, out);
            }
        }
    }

    /**
     * As {@link #process(Event, String[], int, Consumer)}, without moving event time: the caller
     * moves it ({@link #advance}), as a live run does with a watermark over many sources, where one
     * source's later time stamps must not fire the timers of another source's keys.
     */
    public void processWithoutAdvancing(Event event, String[] keys, int at, Consumer<Detection> out) {
        for (int i = 0; i < detectors.length; i++) {
            String key = keys[at + i];
            if (key != null) {
                run(i, event, key, out);
            }
        }
    }

    /** The event time the stage's timers have been fired up to; {@link Long#MIN_VALUE} before any. */
    public long watermark() {
        return backend.watermark();
    }

    /**
     * Handles one event for one detector under {@code key}: what a partition of a partitioned
     * stage does, holding some keys of every detector. Timers come first, with {@code timerOut}.
     */
    void process(Event event, int detector, String key, Consumer<Detection> out, Consumer<Detection> timerSink) {
        advanceFor(event, timerSink);
        run(detector, event, key, out);
    }

    public int size() {
        return detectors.length;
    }

    private void advanceFor(Event event, Consumer<Detection> out) {
        long t = event.timeMillis();
        if (t != Event.NO_TIME && t > backend.watermark()) {
            advance(t, out);
        }
    }

    private void run(int i, Event event, String key, Consumer<Detection> out) {
        try {
            detectors[i].process(event, backend.context(i, key), out);
        } catch (RuntimeException | StackOverflowError e) {
            failed(i, e); // one failure must not end the scan: this event loses this detector
        }
    }

    /** Moves event time to {@code time} without an event (a quiet source), firing due timers. */
    public void advance(long time, Consumer<Detection> out) {
        timerOut = out;
        backend.advanceWatermark(time, onTimer);
    }

    /** The next events come from another source: event time starts again from its first stamp. */
    public void newSource() {
        backend.resetWatermark();
    }

    /** The input ended for good: fires every pending timer. */
    public void finish(Consumer<Detection> out) {
        timerOut = out;
        backend.fireAllTimers(onTimer);
    }

    /** Failures per detector id, for those that failed at least once, with the first error. */
    public Map<String, Failure> failures() {
        Map<String, Failure> out = new LinkedHashMap<>();
        for (int i = 0; i < detectors.length; i++) {
            if (failures[i] > 0) {
                out.put(detectors[i].id(), new Failure(failures[i], firstFailure[i]));
            }
        }
        return out;
    }

    /** How many times a detector failed, and the first error it gave. */
    public record Failure(long count, String first) {}

    /** Keys, entries and evictions per detector. */
    public List<InMemoryStateBackend.Stats> stats() {
        List<InMemoryStateBackend.Stats> out = new ArrayList<>();
        for (int i = 0; i < detectors.length; i++) {
            out.add(backend.stats(i));
        }
        return out;
    }

    public void snapshot(OutputStream out) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        backend.snapshot(d);
        d.flush();
    }

    /** Reads a snapshot into this stage, which must not have seen an event yet. */
    public void restore(InputStream in) throws IOException {
        backend.restore(new DataInputStream(in));
    }

    private void fire(int owner, long time, dev.vigil.state.KeyContext ctx) {
        try {
            detectors[owner].onTimer(time, ctx, timerOut);
        } catch (RuntimeException | StackOverflowError e) {
            failed(owner, e);
        }
    }

    private void failed(int i, Throwable e) {
        if (failures[i]++ == 0) {
            firstFailure[i] = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }
}
