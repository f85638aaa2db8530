package dev.vigil.engine;

import dev.vigil.detect.Detection;
import dev.vigil.event.Event;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.RecordAssembler;
import dev.vigil.ingest.formats.Formats;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The engine over input that does not end: lines arrive in pieces, from many sources at once, for
 * as long as the caller runs ({@code vigil watch}, an ingestion endpoint). Each piece is parsed and
 * inspected exactly as {@link Engine#scan} does a chunk (same parsers, same {@code ChunkWorker},
 * same order of stateless and keyed detections per event), so a watch raises what a scan of the
 * same lines raises. What a scan keeps in its reader (the format sniffed per source, a stateful
 * parser's directives such as W3C's {@code #Fields:}) is kept here per source, and written with the
 * keyed detectors' state by {@link #snapshot}, so a restarted watch continues where it stopped.
 *
 * <p>Event time drives the windows. Each source has its own watermark (the latest time stamp it
 * gave), and timers fire up to the smallest watermark of the sources that are not idle: sources
 * that are read side by side need not agree on time (a process trace behind an access log, a log
 * read from its start while another is at its end), and one source's later stamps must never
 * close the windows of another's keys before that source got there, which would make a watch
 * differ from a scan (which reads sources one after another). A source the caller marks
 * {@link #idle} (quiet for a wall-clock timeout) no longer holds time back until it gives lines
 * again, and {@link #advance} moves every source on when all input is quiet, so a burst's alert
 * comes out even when the logs go silent.
 *
 * <p>Limit: a multi-line record (auditd) still being assembled when a snapshot is taken is not in
 * the snapshot; if the process then dies before the record's last line is read, that one event can
 * be lost. auditd writes an event's records together, so this needs a crash between two of them.
 *
 * <p>Not thread-safe: one thread feeds it (the watch loop).
 */
public final class LiveRun {
    /** Directive lines of a stateful parser kept per source to rebuild it after a restart. */
    static final int DIRECTIVES_KEPT = 16;
    private static final int SNAPSHOT_VERSION = 2;

    private final Engine engine;
    private final Consumer<Detection> out;
    private final KeyedStage keyed;
    private final Map<String, SourceState> sources = new LinkedHashMap<>();
    /** The smallest watermark of the sources not idle (the largest when all are): timers fired up to it. */
    private long watermark = Long.MIN_VALUE;
    private long lines;
    private long events;
    private long rejected;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, Long> failures = new HashMap<>();

    LiveRun(Engine engine, Consumer<Detection> out) {
        this.engine = engine;
        this.out = Objects.requireNonNull(out, "out");
        this.keyed = new KeyedStage(engine.keyedDetectors());
    }

    /** What is known of one source: its format, its parser (tracking copy) or assembler. */
    private static final class SourceState {
        final String name;
        LineFormat format;
        LineParser tracker;
        RecordAssembler assembler;
        final ArrayDeque<byte[]> directives = new ArrayDeque<>();
        /** Lines seen before a format could be told, skipped. */
        long unrecognised;
        /** The resource for records that do not name one (the engine's, or the source's own). */
        String resource;
        /** The latest event time this source gave; {@link Long#MIN_VALUE} before any. */
        long watermark = Long.MIN_VALUE;
        /** Quiet for the caller's timeout: its watermark holds nothing back until it gives lines again. */
        boolean idle;

        SourceState(String name) {
            this.name = name;
        }

        void use(LineFormat f, int maxLineLength) {
            format = f;
            tracker = f.newParser();
            assembler = f.newAssembler(maxLineLength); // container logs cut their joined lines there
        }
    }

    /**
     * Parses and inspects whole lines of one source. Every line in {@code data} ends with
     * {@code \n} except perhaps the last, which then is complete anyway (the source went idle or
     * ended); detections go to the consumer before this returns.
     *
     * @param key       the source's identity, stable across renames (a file's dev:ino)
     * @param name      the name evidence gives the source (the path the user named)
     * @param firstLine 1-based number of the first line in {@code data}
     * @param offset    byte offset of {@code data[0]} in the source
     */
    public void lines(String key, String name, long firstLine, long offset, byte[] data) {
        lines(key, name, firstLine, offset, data, null, engine.resource());
    }

    /**
     * As {@link #lines(String, String, long, long, byte[])}, for a source with a format and
     * resource of its own (a watch configured per source).
     *
     * @param format   the source's format, or null for the engine's (or recognised from the lines)
     * @param resource the resource for records that do not name one, or null
     */
    public void lines(String key, String name, long firstLine, long offset, byte[] data, LineFormat format,
                      String resource) {
        SourceState s = sources.computeIfAbsent(key, k -> new SourceState(name));
        s.resource = resource;
        if (s.idle) {
            s.idle = false; // back: it holds time again (never back below what was fired)
            combine();
        }
        if (s.format == null) {
            LineFormat f = format != null ? format : engine.format();
            if (f == null) {
                f = Formats.sniff(data, data.length).orElse(null);
            }
            if (f == null) {
                long n = countLines(data);
                s.unrecognised += n;
                lines += n;
                rejected += n;
                problem(new Problem(name, firstLine, Problem.Kind.REJECTED, "not in a log format Vigil recognises "
                        + "(name it with --input); " + n + " lines skipped"));
                return;
            }
            s.use(f, engine.maxLineLength());
        }
        if (s.assembler == null && s.tracker.stateful()) {
            // cut at directive lines: each part parses with the parser's state at its first line
            int start = 0;
            long line = firstLine;
            Line l = new Line();
            int partStart = 0;
            long partLine = firstLine;
            while (start < data.length) {
                int nl = start;
                while (nl < data.length && data[nl] != '\n') {
                    nl++;
                }
                l.set(data, start, nl - start, name, line, offset + start);
                if (nl > start && s.tracker.isDirective(l)) {
                    int end = Math.min(data.length, nl + 1);
                    run(s, data, partStart, end, partLine, offset + partStart, s.tracker.snapshot());
                    s.tracker.parse(l, LineParser.Rejects.IGNORE);
                    keepDirective(s, java.util.Arrays.copyOfRange(data, start, nl));
                    partStart = end;
                    partLine = line + 1;
                }
                start = nl + 1;
                line++;
            }
            if (partStart < data.length) {
                run(s, data, partStart, data.length, partLine, offset + partStart, s.tracker.snapshot());
            }
        } else {
            run(s, data, 0, data.length, firstLine, offset, s.tracker);
        }
    }

    private static void keepDirective(SourceState s, byte[] line) {
        if (s.directives.size() == DIRECTIVES_KEPT) {
            s.directives.removeFirst();
        }
        s.directives.addLast(line);
    }

    private void run(SourceState s, byte[] data, int from, int to, long firstLine, long offset, LineParser parser) {
        byte[] part = from == 0 && to == data.length ? data : java.util.Arrays.copyOfRange(data, from, to);
        Chunk chunk = new Chunk(s.name, part, part.length, firstLine, offset, parser, 0, List.of(), s.assembler, false);
        ChunkWorker w = new ChunkWorker(chunk, engine.statelessDetectors(), engine.maxLineLength(),
                engine.maxProblemsPerSource(), engine.keyedDetectors(), s.resource);
        ChunkResult r = w.call();
        lines += r.lines();
        rejected += r.rejected();
        r.failures().forEach((id, n) -> failures.merge(id, n, Long::sum));
        r.problems().forEach(this::problem);
        deliver(s, r);
    }

    /**
     * Hands a chunk's detections on, those of the keyed detectors woven in event by event as a
     * scan does, and follows event time.
     */
    private void deliver(SourceState s, ChunkResult r) {
        events += r.events();
        List<Detection> stateless = r.detections();
        List<Event> evs = r.eventList();
        String[] keys = r.keys();
        int n = engine.keyedDetectors().size();
        int next = 0;
        for (int i = 0; i < evs.size(); i++) {
            Event e = evs.get(i);
            // as a scan: the timers this event's time makes due fire first, then the event
            saw(s, e.timeMillis());
            while (next < stateless.size() && stateless.get(next).event() == e) {
                out.accept(stateless.get(next++));
            }
            if (n > 0) {
                keyed.processWithoutAdvancing(e, keys, i * n, out);
            }
        }
        while (next < stateless.size()) {
            out.accept(stateless.get(next++));
        }
        if (n == 0) {
            // no keyed detectors keep the events: follow event time from the detections
            for (Detection d : stateless) {
                saw(s, d.event().timeMillis());
            }
        }
    }

    /** Source {@code s} gave an event at {@code t}: its watermark follows, and time moves on if it held it. */
    private void saw(SourceState s, long t) {
        if (t == Event.NO_TIME || t <= s.watermark) {
            return;
        }
        long before = s.watermark;
        s.watermark = t;
        if (s.idle || before == Long.MIN_VALUE || before <= watermark || sources.size() == 1) {
            combine(); // it may have been the one holding time back, or is new to it
        }
    }

    /** Works out the watermark over the sources again and fires the timers it passes. */
    private void combine() {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (SourceState s : sources.values()) {
            if (s.watermark == Long.MIN_VALUE) {
                continue; // no time stamp yet: nothing to hold back
            }
            max = Math.max(max, s.watermark);
            if (!s.idle) {
                min = Math.min(min, s.watermark);
            }
        }
        long combined = min != Long.MAX_VALUE ? min : max; // all idle: nothing holds time back
        if (combined > watermark) {
            watermark = combined;
        }
        if (watermark != Long.MIN_VALUE && watermark > keyed.watermark()) {
            keyed.advance(watermark, out);
        }
    }

    /**
     * The source ended for good (deleted and drained, or a finished compressed file): a record a
     * multi-line format still assembles is handed on.
     */
    public void endSource(String key) {
        SourceState s = sources.remove(key);
        if (s != null && s.assembler != null) {
            Chunk chunk = new Chunk(s.name, new byte[0], 0, 1, 0, s.tracker, 0, List.of(), s.assembler, true);
            ChunkResult r = new ChunkWorker(chunk, engine.statelessDetectors(), engine.maxLineLength(),
                    engine.maxProblemsPerSource(), engine.keyedDetectors(), s.resource).call();
            rejected += r.rejected();
            r.problems().forEach(this::problem);
            deliver(s, r);
        }
        if (s != null) {
            combine(); // it no longer holds time back
        }
    }

    /**
     * Source {@code key} has been quiet for the caller's idle timeout: until it gives lines again,
     * its watermark no longer holds back the timers of the others (as Flink's idle sources). Its
     * keys' windows may then close before its later lines, which only matters for lines that come
     * after a quiet spell yet carry earlier time stamps than the others.
     */
    public void idle(String key) {
        SourceState s = sources.get(key);
        if (s != null && !s.idle) {
            s.idle = true;
            combine();
        }
    }

    /** Whether source {@code key} is marked idle. */
    public boolean isIdle(String key) {
        SourceState s = sources.get(key);
        return s != null && s.idle;
    }

    /** The identities of the sources this run knows, in the order they first gave lines. */
    public List<String> sourceKeys() {
        return List.copyOf(sources.keySet());
    }

    /**
     * Event time moved on to {@code time} without events (all input is quiet): every source's
     * watermark moves there, firing the timers it passes.
     */
    public void advance(long time) {
        for (SourceState s : sources.values()) {
            if (s.watermark != Long.MIN_VALUE && time > s.watermark) {
                s.watermark = time;
            }
        }
        if (time > watermark) {
            watermark = time;
            keyed.advance(time, out);
        }
    }

    /**
     * The event time timers have fired up to: the smallest watermark of the sources not idle;
     * {@link Long#MIN_VALUE} before any.
     */
    public long watermark() {
        return watermark;
    }

    public long lines() {
        return lines;
    }

    public long events() {
        return events;
    }

    public long rejected() {
        return rejected;
    }

    /** Problems found since the last call (at most the engine's per-source bound each time), oldest first. */
    public List<Problem> takeProblems() {
        List<Problem> p = List.copyOf(problems);
        problems.clear();
        return p;
    }

    /** Events each detector threw on, by id. */
    public Map<String, Long> failures() {
        Map<String, Long> all = new java.util.TreeMap<>(failures);
        keyed.failures().forEach((id, f) -> all.merge(id, f.count(), Long::sum));
        return all;
    }

    /** The keyed detectors' state, for figures. */
    public KeyedStage keyedStage() {
        return keyed;
    }

    private void problem(Problem p) {
        if (problems.size() < engine.maxProblemsPerSource()) {
            problems.add(p);
        }
    }

    private static long countLines(byte[] data) {
        long n = 0;
        for (byte b : data) {
            if (b == '\n') {
                n++;
            }
        }
        return data.length > 0 && data[data.length - 1] != '\n' ? n + 1 : n;
    }

    /**
     * Writes what this run holds: each source's format and a stateful parser's last directives, the
     * watermark, and the keyed detectors' state. Take it between two calls of {@link #lines}, with
     * the positions of the lines given so far.
     */
    public byte[] snapshot() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeInt(SNAPSHOT_VERSION);
        out.writeLong(watermark);
        List<Map.Entry<String, SourceState>> known = sources.entrySet().stream()
                .filter(e -> e.getValue().format != null).toList();
        out.writeInt(known.size());
        for (Map.Entry<String, SourceState> e : known) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue().name);
            out.writeUTF(e.getValue().format.name());
            out.writeLong(e.getValue().watermark);
            out.writeBoolean(e.getValue().idle);
            out.writeInt(e.getValue().directives.size());
            for (byte[] d : e.getValue().directives) {
                out.writeInt(d.length);
                out.write(d);
            }
        }
        ByteArrayOutputStream state = new ByteArrayOutputStream();
        keyed.snapshot(state);
        out.writeInt(state.size());
        state.writeTo(out);
        out.flush();
        return b.toByteArray();
    }

    /**
     * Continues from a {@link #snapshot}. A source whose format can no longer be resolved (a format
     * spec that changed) is sniffed again on its next lines.
     *
     * @throws IOException when the snapshot is damaged or not one of ours
     */
    public void restore(byte[] snapshot) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot));
        int version = in.readInt();
        if (version != SNAPSHOT_VERSION && version != 1) {
            throw new IOException("engine snapshot version " + version + " (expected " + SNAPSHOT_VERSION + ")");
        }
        sources.clear();
        watermark = in.readLong();
        int n = in.readInt();
        if (n < 0 || n > 10_000_000) {
            throw new IOException("damaged engine snapshot: " + n + " sources");
        }
        for (int i = 0; i < n; i++) {
            String key = in.readUTF();
            SourceState s = new SourceState(in.readUTF());
            s.resource = engine.resource();
            String format = in.readUTF();
            if (version >= 2) {
                s.watermark = in.readLong();
                s.idle = in.readBoolean();
            } else {
                s.watermark = watermark; // version 1 kept one watermark for all sources
            }
            int d = in.readInt();
            if (d < 0 || d > DIRECTIVES_KEPT) {
                throw new IOException("damaged engine snapshot: " + d + " directives");
            }
            List<byte[]> directives = new ArrayList<>(d);
            for (int j = 0; j < d; j++) {
                int len = in.readInt();
                if (len < 0 || len > (64 << 20)) {
                    throw new IOException("damaged engine snapshot: a directive of " + len + " bytes");
                }
                byte[] line = new byte[len];
                in.readFully(line);
                directives.add(line);
            }
            LineFormat f = engine.format() != null ? engine.format() : formatNamed(format);
            if (f != null) {
                s.use(f, engine.maxLineLength());
                Line l = new Line();
                for (byte[] line : directives) {
                    l.set(line, 0, line.length, s.name, 0, 0);
                    s.tracker.parse(l, LineParser.Rejects.IGNORE);
                    keepDirective(s, line);
                }
                sources.put(key, s);
            }
        }
        int len = in.readInt();
        if (len < 0 || len > snapshot.length) {
            throw new IOException("damaged engine snapshot: keyed state of " + len + " bytes");
        }
        byte[] state = new byte[len];
        in.readFully(state);
        keyed.restore(new ByteArrayInputStream(state));
    }

    private static LineFormat formatNamed(String name) {
        try {
            return Formats.forName(name).orElse(null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
