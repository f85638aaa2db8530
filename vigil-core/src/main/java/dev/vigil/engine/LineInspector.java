package dev.vigil.engine;

import dev.vigil.detect.Detection;
import dev.vigil.event.Event;
import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.RecordAssembler;
import dev.vigil.ingest.formats.Formats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The stateless half of an engine for callers that bring lines one at a time and run the keyed
 * detectors themselves, elsewhere: a Flink job parses lines on one operator and keys the events
 * to the detectors' state on another. Each line goes through the same {@code ChunkWorker} a scan
 * runs (same parsers, same limits, same stateless detectors, same failure handling); the events
 * come out for the keyed detectors, the stateless detections beside them.
 *
 * <p>Per source (a Kafka topic partition, a file) it keeps what a scan's reader keeps: the format
 * (given or sniffed from the first line), a stateful parser's directives (W3C {@code #Fields:})
 * and a multi-line format's assembler, at most {@link #MAX_SOURCES} sources (least recently used
 * out first). {@link #snapshot} writes it and {@link #restore} reads it back, so a caller that
 * restarts (the Flink job, from a checkpoint) goes on as if it had not: a stateful parser's last
 * {@value #DIRECTIVES_KEPT} directive lines are kept and fed to a fresh parser again, and the lines
 * of a record still half read (while the assembler is not {@link RecordAssembler#idle idle}; at
 * most {@value #JOURNAL_LINES} lines and {@value #JOURNAL_BYTES} bytes per source, the oldest
 * dropped beyond) to a fresh assembler, their output dropped: it went out before the snapshot.
 *
 * <p>Not thread-safe: one per thread (one per Flink subtask).
 */
public final class LineInspector {
    /** Sources whose parser state is held at once. */
    public static final int MAX_SOURCES = 10_000;
    /** Directive lines of a stateful parser kept per source for {@link #snapshot} (as a watch keeps them). */
    public static final int DIRECTIVES_KEPT = 16;
    /** Lines of a half-read record kept per source for {@link #snapshot}. */
    public static final int JOURNAL_LINES = 4096;
    /** Bytes of those lines kept per source. */
    public static final int JOURNAL_BYTES = 4 << 20;
    private static final int SNAPSHOT_VERSION = 1;

    private final Engine engine;
    private final Map<String, SourceState> sources = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SourceState> eldest) {
            return size() > MAX_SOURCES;
        }
    };
    private long lines;
    private long events;
    private long rejected;
    private long unrecognised;
    private final Map<String, Long> failures = new java.util.TreeMap<>();
    private Problem lastProblem;

    private LineInspector(Engine engine) {
        this.engine = engine;
    }

    /** The stateless detectors and parsing of {@code engine}; its keyed detectors only name the events kept. */
    public static LineInspector of(Engine engine) {
        return new LineInspector(engine);
    }

    private static final class SourceState {
        LineFormat format;
        dev.vigil.ingest.LineParser parser;
        RecordAssembler assembler;
        /** A stateful parser's last directive lines; null for a stateless parser. */
        java.util.ArrayDeque<byte[]> directives;
        /** The lines fed to the assembler since it was last idle: (line number, offset, bytes). */
        java.util.ArrayDeque<Kept> journal;
        long journalBytes;
    }

    /** One line kept to be fed again after a restore. */
    private record Kept(long number, long offset, byte[] bytes) {}

    /** A source read back by {@link #restore}, made whole when its next line comes (with that line's format). */
    private record Restored(String format, List<Kept> directives, List<Kept> journal) {}

    private final Map<String, Restored> restored = new java.util.HashMap<>();

    /**
     * Parses one line (without its line end) and runs the stateless detectors on what it holds.
     * A line of a multi-line record gives its event when the record's last line comes.
     *
     * @param source     the source's name, as evidence shows it
     * @param lineNumber the line's number in the source (1-based; a Kafka offset plus one)
     * @param offset     the line's byte offset in the source, or its record offset
     * @param line       the line's bytes, without {@code \n}
     * @param format     the line's format, or null for the engine's (or the one sniffed from the source's first line)
     * @param resource   the resource to name on events whose record names none, or null for the engine's
     * @param eventsOut  every event the line gives, in order
     * @param detections the stateless detectors' detections
     */
    public void line(String source, long lineNumber, long offset, byte[] line, LineFormat format, String resource,
                     Consumer<Event> eventsOut, Consumer<Detection> detections) {
        lines++;
        SourceState s = sources.get(source);
        if (s == null && !restored.isEmpty()) {
            s = revive(source, restored.remove(source), format);
        }
        if (s == null || (format != null && s.format != format)) {
            LineFormat f = format != null ? format : engine.format();
            if (f == null) {
                f = Formats.sniff(line, line.length).orElse(null);
            }
            if (f == null) {
                unrecognised++;
                rejected++;
                lastProblem = new Problem(source, lineNumber, Problem.Kind.REJECTED,
                        "not in a log format Vigil recognises (name the format)");
                return;
            }
            s = fresh(f);
            sources.put(source, s);
        }
        Chunk chunk = new Chunk(source, line, line.length, lineNumber, offset, s.parser, 0, List.of(), s.assembler,
                false);
        ChunkResult r = new ChunkWorker(chunk, engine.statelessDetectors(), engine.maxLineLength(),
                engine.maxProblemsPerSource(), engine.keyedDetectors().isEmpty() ? List.of(KEEP_EVENTS)
                : engine.keyedDetectors(), resource != null ? resource : engine.resource()).call();
        rejected += r.rejected();
        events += r.events();
        r.failures().forEach((id, n) -> failures.merge(id, n, Long::sum));
        if (!r.problems().isEmpty()) {
            lastProblem = r.problems().get(r.problems().size() - 1);
        }
        r.eventList().forEach(eventsOut);
        r.detections().forEach(detections);
        keep(s, source, lineNumber, offset, line);
    }

    private SourceState fresh(LineFormat f) {
        SourceState s = new SourceState();
        s.format = f;
        s.parser = f.newParser();
        s.assembler = f.newAssembler(engine.maxLineLength());
        if (s.assembler != null) {
            s.journal = new java.util.ArrayDeque<>();
        } else if (s.parser.stateful()) {
            s.directives = new java.util.ArrayDeque<>();
        }
        return s;
    }

    /** Keeps what a fresh parser or assembler needs to be fed again to continue from here. */
    private static void keep(SourceState s, String source, long lineNumber, long offset, byte[] line) {
        if (s.journal != null) {
            if (s.assembler.idle()) {
                s.journal.clear();
                s.journalBytes = 0;
                return;
            }
            s.journal.addLast(new Kept(lineNumber, offset, line.clone()));
            s.journalBytes += line.length;
            while (s.journal.size() > JOURNAL_LINES || (s.journalBytes > JOURNAL_BYTES && s.journal.size() > 1)) {
                s.journalBytes -= s.journal.removeFirst().bytes().length;
            }
        } else if (s.directives != null) {
            dev.vigil.ingest.Line l = new dev.vigil.ingest.Line();
            l.set(line, 0, line.length, source, lineNumber, offset);
            if (s.parser.isDirective(l)) {
                if (s.directives.size() == DIRECTIVES_KEPT) {
                    s.directives.removeFirst();
                }
                s.directives.addLast(line.clone());
            }
        }
    }

    /**
     * A restored source made whole with the format its next line names (or the one it had, for a
     * sniffed source): a fresh parser fed the directives again, a fresh assembler the half-read
     * record's lines, their output dropped. Null (start afresh) when the formats differ.
     */
    private SourceState revive(String source, Restored r, LineFormat given) {
        if (r == null) {
            return null;
        }
        LineFormat f = given != null ? given : engine.format();
        if (f == null) {
            try {
                f = Formats.forName(r.format()).orElse(null);
            } catch (IllegalArgumentException e) {
                f = null;
            }
        }
        if (f == null || !f.name().equals(r.format())) {
            return null;
        }
        SourceState s = fresh(f);
        if (s.directives != null) {
            dev.vigil.ingest.Line l = new dev.vigil.ingest.Line();
            for (Kept d : r.directives()) {
                l.set(d.bytes(), 0, d.bytes().length, source, d.number(), d.offset());
                s.parser.parse(l, dev.vigil.ingest.LineParser.Rejects.IGNORE);
                s.directives.addLast(d.bytes());
            }
        }
        if (s.journal != null) {
            for (Kept k : r.journal()) {
                // through the worker, as the line went the first time; what it gives went out before
                Chunk chunk = new Chunk(source, k.bytes(), k.bytes().length, k.number(), k.offset(), s.parser, 0,
                        List.of(), s.assembler, false);
                new ChunkWorker(chunk, List.of(), engine.maxLineLength(), engine.maxProblemsPerSource(),
                        List.of(KEEP_EVENTS), engine.resource()).call();
                keep(s, source, k.number(), k.offset(), k.bytes());
            }
        }
        sources.put(source, s);
        return s;
    }

    /**
     * Writes each source's parser state: its format's name, a stateful parser's last directive lines,
     * the lines of a record still half read. {@link #restore} on a fresh inspector of the same
     * engine reads it back. Sources restored and not seen since are written again as they were.
     */
    public void snapshot(java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(SNAPSHOT_VERSION);
        out.writeInt(sources.size() + restored.size());
        for (Map.Entry<String, SourceState> e : sources.entrySet()) {
            SourceState s = e.getValue();
            write(out, e.getKey(), s.format.name(), s.directives == null ? List.of() : s.directives.stream()
                    .map(d -> new Kept(0, 0, d)).toList(), s.journal == null ? List.of() : List.copyOf(s.journal));
        }
        for (Map.Entry<String, Restored> e : restored.entrySet()) {
            write(out, e.getKey(), e.getValue().format(), e.getValue().directives(), e.getValue().journal());
        }
    }

    private static void write(java.io.DataOutput out, String source, String format, java.util.Collection<Kept> directives,
                              java.util.Collection<Kept> journal) throws java.io.IOException {
        out.writeUTF(source);
        out.writeUTF(format);
        for (java.util.Collection<Kept> lines : List.of(directives, journal)) {
            out.writeInt(lines.size());
            for (Kept k : lines) {
                out.writeLong(k.number());
                out.writeLong(k.offset());
                out.writeInt(k.bytes().length);
                out.write(k.bytes());
            }
        }
    }

    /**
     * Reads back what {@link #snapshot} wrote, before any line (each source is made whole when its
     * next line comes).
     *
     * @throws java.io.IOException when the snapshot is damaged or not one of ours
     */
    public void restore(java.io.DataInput in) throws java.io.IOException {
        int version = in.readInt();
        if (version != SNAPSHOT_VERSION) {
            throw new java.io.IOException("line inspector snapshot version " + version + " (expected "
                    + SNAPSHOT_VERSION + ")");
        }
        int n = in.readInt();
        if (n < 0 || n > 2 * MAX_SOURCES) {
            throw new java.io.IOException("damaged line inspector snapshot: " + n + " sources");
        }
        for (int i = 0; i < n; i++) {
            String source = in.readUTF();
            String format = in.readUTF();
            List<List<Kept>> parts = new java.util.ArrayList<>(2);
            for (int part = 0; part < 2; part++) {
                int lines = in.readInt();
                if (lines < 0 || lines > Math.max(JOURNAL_LINES, DIRECTIVES_KEPT)) {
                    throw new java.io.IOException("damaged line inspector snapshot: " + lines + " lines kept");
                }
                List<Kept> kept = new java.util.ArrayList<>(lines);
                for (int j = 0; j < lines; j++) {
                    long number = in.readLong();
                    long offset = in.readLong();
                    int len = in.readInt();
                    if (len < 0 || len > JOURNAL_BYTES + engine.maxLineLength()) {
                        throw new java.io.IOException("damaged line inspector snapshot: a line of " + len + " bytes");
                    }
                    byte[] b = new byte[len];
                    in.readFully(b);
                    kept.add(new Kept(number, offset, b));
                }
                parts.add(kept);
            }
            sources.remove(source);
            restored.put(source, new Restored(format, parts.get(0), parts.get(1)));
        }
    }

    /** A keyed detector that keys nothing: the worker keeps the events when the engine has no keyed detectors. */
    private static final dev.vigil.detect.KeyedDetector KEEP_EVENTS = new dev.vigil.detect.KeyedDetector() {
        @Override
        public String id() {
            return "keep-events";
        }

        @Override
        public int maxKeys() {
            return 1;
        }

        @Override
        public String key(Event event) {
            return null;
        }

        @Override
        public List<dev.vigil.state.StateSpec> states() {
            return List.of();
        }

        @Override
        public void process(Event event, dev.vigil.state.KeyContext ctx, Consumer<Detection> out) {}
    };

    public long lines() {
        return lines;
    }

    public long events() {
        return events;
    }

    /** Lines rejected: unparseable, too long, or of a source whose format could not be told. */
    public long rejected() {
        return rejected;
    }

    /** Lines of sources whose format could not be told. */
    public long unrecognised() {
        return unrecognised;
    }

    /** The last problem found (with source and line), or null; for a caller's log. */
    public Problem lastProblem() {
        return lastProblem;
    }

    /** Lines each stateless detector threw on, by id. */
    public Map<String, Long> failures() {
        return Map.copyOf(failures);
    }
}
