package dev.vigil.pipeline;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertAggregator;
import dev.vigil.catalogue.AlertType;
import dev.vigil.engine.Engine;
import dev.vigil.engine.LiveRun;
import dev.vigil.engine.Problem;
import dev.vigil.tail.Batch;
import dev.vigil.tail.Checkpoint;
import dev.vigil.tail.FileFollower;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Continuous protection, composed: files followed as they grow ({@link FileFollower}), their lines
 * through the engine ({@link LiveRun}), detections grouped into alerts ({@link AlertAggregator}),
 * and, at each commit, the alerts that are new or grew handed to a {@link Sink} <em>together
 * with</em> the state that produced them: file positions, the engine's keyed state and the open
 * alerts. A sink that stores both in one transaction makes the watch exactly-once: after a crash,
 * {@link #restore} continues from the last commit, the lines read since are read again (at least
 * once), and since alert ids are deterministic and an alert is always handed over whole, storing it
 * again changes nothing.
 *
 * <p>Time: windows follow the logs' own time stamps, each file's own (see {@link LiveRun}): a file
 * that gave no line for {@link Options#idleAdvance} is marked idle and no longer holds the others'
 * time back; when no file has given a line for that long, event time is moved on by the wall-clock
 * time that passed, so the timers of a quiet log still fire. Alerts whose window ended more than {@link Options#lateness}
 * before the latest event time are let go after being handed over, so memory stays flat however
 * long the watch runs.
 *
 * <p>Not thread-safe: one thread runs the loop ({@link #run}); {@code stop} may be set from any.
 */
public final class Watcher {
    private static final int STATE_MAGIC = 0x56475731; // "VGW1"

    /** Where alerts and state go at each commit. */
    public interface Sink {
        /**
         * Keeps {@code changed} (each alert whole, as it now stands) and {@code state} durably and
         * together: after a crash, {@link #state} must give the state of the last commit that
         * returned, and the alerts of that commit must be kept. Throws when it could not; the
         * watch then keeps the alerts and tries again at the next commit.
         */
        void commit(List<Alert> changed, byte[] state) throws Exception;

        /** The state of the last commit, if any. */
        Optional<byte[]> state() throws Exception;

        /**
         * The alert with this id as last committed, if the sink keeps alerts: a late detection for
         * a window the watch let go continues from it ({@link AlertAggregator#continueFrom}).
         */
        default Optional<Alert> committed(String id) throws Exception {
            return Optional.empty();
        }
    }

    /** A followed file's own format and resource (a config's source entry); nulls for the engine's. */
    public record SourceOptions(dev.vigil.ingest.LineFormat format, String resource) {
        public static final SourceOptions DEFAULT = new SourceOptions(null, null);
    }

    /** What goes wrong on the way, for the user: a file's problem, a failed commit. Never throws. */
    public interface Reporter {
        void report(String message);
    }

    /**
     * @param poll          how long to sleep when a poll found nothing new
     * @param commitEvery   how often changes are committed (also at stop)
     * @param idleAdvance   no new line for this long: event time moves on with the wall clock
     * @param lateness      how far behind the latest event time a window may still be added to
     */
    public record Options(Duration poll, Duration commitEvery, Duration idleAdvance, Duration lateness) {
        public Options {
            Objects.requireNonNull(poll, "poll");
            Objects.requireNonNull(commitEvery, "commitEvery");
            Objects.requireNonNull(idleAdvance, "idleAdvance");
            Objects.requireNonNull(lateness, "lateness");
        }

        public static Options defaults() {
            return new Options(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(30),
                    Duration.ofHours(2));
        }
    }

    private final dev.vigil.tail.LineSource follower;
    private final LiveRun live;
    private final AlertAggregator aggregator;
    private final Sink sink;
    private final Reporter reporter;
    private final LongSupplier clock;
    private final Options options;
    private final Function<String, Optional<AlertType>> types;
    private Function<java.nio.file.Path, SourceOptions> perSource = p -> SourceOptions.DEFAULT;
    /** Each file's options, by identity, worked out at its first lines (a rotated file keeps its own). */
    private final java.util.Map<String, SourceOptions> sourceOptions = new java.util.HashMap<>();

    private long lastCommit;
    /** How long the last commit took (state written, sink called), by the watch's clock. */
    private long lastCommitMillis;
    /**
     * Commits are spaced at least this many times their own duration, so writing state (which
     * grows with the process trees and open alerts: about 24 MiB at 100,000 processes and 20,000
     * open alerts) takes at most a fifth of the watch's time however large it gets.
     */
    static final int COMMIT_SPACING = 4;
    private long lastData;
    private long watermarkAtData = Long.MIN_VALUE;
    /** Wall-clock time each source last gave data (or was first known to this process), by identity. */
    private final java.util.Map<String, Long> lastDataBySource = new java.util.HashMap<>();
    private boolean dirty;
    private long committed;
    private long failedCommits;

    /**
     * @param types how alert types are found again by name on {@link #restore} (the catalogue
     *              the detectors use)
     */
    public Watcher(Engine engine, AlertAggregator aggregator, dev.vigil.tail.LineSource follower, Sink sink, Reporter reporter,
                   Function<String, Optional<AlertType>> types, LongSupplier clock, Options options) {
        this.follower = Objects.requireNonNull(follower, "follower");
        this.aggregator = Objects.requireNonNull(aggregator, "aggregator");
        this.live = engine.live(aggregator::add);
        this.sink = Objects.requireNonNull(sink, "sink");
        this.reporter = Objects.requireNonNull(reporter, "reporter");
        this.types = Objects.requireNonNull(types, "types");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.options = Objects.requireNonNull(options, "options");
        aggregator.continueFrom(id -> {
            try {
                return sink.committed(id);
            } catch (Exception e) {
                reporter.report("could not read alert " + id + " back to continue it (its count restarts): " + e.getMessage());
                return Optional.empty();
            }
        });
        this.lastCommit = clock.getAsLong();
        this.lastData = lastCommit;
    }

    /**
     * Gives files their own format and resource, by the path they are first seen at; without it,
     * every file takes the engine's.
     */
    public Watcher perSource(Function<java.nio.file.Path, SourceOptions> options) {
        this.perSource = Objects.requireNonNull(options, "options");
        return this;
    }

    /**
     * Continues from the sink's last committed state, if there is one.
     *
     * @return whether a state was restored
     * @throws IOException when the stored state is damaged (the caller decides: start afresh or stop)
     */
    public boolean restore() throws Exception {
        Optional<byte[]> state = sink.state();
        if (state.isEmpty()) {
            return false;
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(state.get()));
        if (in.readInt() != STATE_MAGIC) {
            throw new IOException("the stored watch state is not one this version of Vigil wrote");
        }
        follower.restore(Checkpoint.read(in));
        live.restore(block(in));
        aggregator.restore(new DataInputStream(new ByteArrayInputStream(block(in))), types);
        return true;
    }

    /**
     * The file positions in a committed state, for {@code vigil status}: where each file stands
     * without restoring anything.
     *
     * @throws IOException when the state is damaged or not one this version wrote
     */
    public static Checkpoint positions(byte[] state) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
        if (in.readInt() != STATE_MAGIC) {
            throw new IOException("not a watch state this version of Vigil wrote");
        }
        return Checkpoint.read(in);
    }

    private static byte[] block(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > (1 << 30)) {
            throw new IOException("damaged watch state: a block of " + n + " bytes");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    /**
     * One poll: reads what the files have new, runs it through the engine, moves time on when
     * the input is quiet, and commits when a commit is due.
     *
     * @return the number of bytes read
     */
    public long step() {
        long now = clock.getAsLong();
        if (now < lastCommit || now < lastData) {
            // the wall clock went back (NTP step, a VM restored): intervals start again from now,
            // or no commit and no idle advance would come until the clock caught up
            lastCommit = Math.min(lastCommit, now);
            lastData = Math.min(lastData, now);
            lastDataBySource.replaceAll((k, v) -> Math.min(v, now));
        }
        long bytes = 0;
        for (Batch b : follower.poll()) {
            bytes += b.data().length;
            if (b.cut()) {
                continue; // the head of an over-long line: the follower reported it with its line number
            }
            if (sourceOptions.size() > 10_000) {
                sourceOptions.clear(); // years of rotations: worked out again on demand
            }
            SourceOptions o = sourceOptions.computeIfAbsent(b.identity(), k -> perSource.apply(b.path()));
            lastDataBySource.put(b.identity(), now);
            if (o == SourceOptions.DEFAULT) {
                live.lines(b.identity(), b.path().toString(), b.startLine(), b.startOffset(), b.data());
            } else {
                live.lines(b.identity(), b.path().toString(), b.startLine(), b.startOffset(), b.data(), o.format(),
                        o.resource());
            }
            dirty = true;
        }
        for (Problem p : live.takeProblems()) {
            reporter.report(p.toString());
        }
        markIdleSources(now);
        if (bytes > 0) {
            lastData = now;
            watermarkAtData = live.watermark();
        } else if (watermarkAtData != Long.MIN_VALUE && now - lastData >= options.idleAdvance().toMillis()) {
            long before = live.watermark();
            live.advance(watermarkAtData + (now - lastData));
            dirty |= live.watermark() != before;
        }
        if (now - lastCommit >= Math.max(options.commitEvery().toMillis(), COMMIT_SPACING * lastCommitMillis)) {
            commit();
        }
        return bytes;
    }

    /** Sources quiet for the idle timeout stop holding the others' time back (LiveRun#idle). */
    private void markIdleSources(long now) {
        List<String> keys = live.sourceKeys();
        if (lastDataBySource.size() > 10_000 + keys.size()) {
            lastDataBySource.keySet().retainAll(new java.util.HashSet<>(keys)); // ended sources
        }
        long idleAfter = options.idleAdvance().toMillis();
        for (String k : keys) {
            long last = lastDataBySource.computeIfAbsent(k, x -> now); // known from a snapshot: quiet from now
            if (now - last >= idleAfter && !live.isIdle(k)) {
                long before = live.watermark();
                live.idle(k);
                dirty |= live.watermark() != before;
            }
        }
    }

    /**
     * Hands the alerts that changed since the last commit to the sink with the state that
     * produced them. A sink that fails keeps nothing: the changes stay and are handed over again.
     *
     * @return whether the commit succeeded (or there was nothing to commit)
     */
    public boolean commit() {
        lastCommit = clock.getAsLong();
        try {
            return commitNow();
        } finally {
            lastCommitMillis = Math.max(0, clock.getAsLong() - lastCommit);
        }
    }

    private boolean commitNow() {
        if (!dirty && aggregator.changedCount() == 0) {
            return true;
        }
        // the drain first, then the state: the state committed with the drained alerts must not
        // hold them as changed, or each restart would hand them over again (to every sink) although
        // they were committed; if the commit fails they are marked changed again
        List<String> pending = aggregator.pendingChanges();
        List<Alert> changed = aggregator.drain(Long.MIN_VALUE);
        try {
            byte[] state = state();
            try {
                sink.commit(changed, state);
            } catch (Exception e) {
                failedCommits++;
                reporter.report("could not commit " + changed.size() + " alerts and positions (will retry): " + e.getMessage());
                aggregator.unDrain(pending);
                return false;
            }
            committed += changed.size();
            dirty = false;
            long wm = live.watermark();
            if (wm != Long.MIN_VALUE) {
                // windows long over are let go; they were handed over whole just now or before
                aggregator.drain(wm - options.lateness().toMillis());
                // (anything drained here is unchanged since the commit above: nothing is lost)
            }
            return true;
        } catch (IOException e) {
            failedCommits++;
            reporter.report("could not write the watch state: " + e.getMessage());
            aggregator.unDrain(pending);
            return false;
        }
    }

    private byte[] state() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeInt(STATE_MAGIC);
        follower.checkpoint().write(out);
        byte[] engineState = live.snapshot();
        out.writeInt(engineState.length);
        out.write(engineState);
        ByteArrayOutputStream agg = new ByteArrayOutputStream();
        aggregator.snapshot(new DataOutputStream(agg));
        out.writeInt(agg.size());
        agg.writeTo(out);
        out.flush();
        return b.toByteArray();
    }

    /**
     * Runs until {@code stop} says so, then commits what was read and returns. Sleeps
     * {@link Options#poll} when a poll found nothing.
     */
    public void run(BooleanSupplier stop) throws InterruptedException {
        while (!stop.getAsBoolean()) {
            if (step() == 0) {
                Thread.sleep(options.poll().toMillis());
            }
        }
        commit();
    }

    public LiveRun live() {
        return live;
    }

    /** Alert updates handed to the sink so far. */
    public long committedAlerts() {
        return committed;
    }

    public long failedCommits() {
        return failedCommits;
    }
}
