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
 * and a multi-line format's assembler. That is held in memory only, at most {@link #MAX_SOURCES}
 * sources (least recently used out first); a restarted caller starts it again, so a W3C source's
 * lines before its next directive, or an auditd record cut by the restart, can be lost.
 *
 * <p>Not thread-safe: one per thread (one per Flink subtask).
 */
public final class LineInspector {
    /** Sources whose parser state is held at once. */
    public static final int MAX_SOURCES = 10_000;

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
    }

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
            s = new SourceState();
            s.format = f;
            s.parser = f.newParser();
            s.assembler = f.newAssembler(engine.maxLineLength());
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
