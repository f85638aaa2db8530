package dev.vigil.engine;

import dev.vigil.detect.Detection;
import dev.vigil.detect.Detector;
import dev.vigil.detect.KeyedDetector;
import dev.vigil.event.Event;
import dev.vigil.event.DnsQuery;
import dev.vigil.event.FtpLogin;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.ProcessStart;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.RecordAssembler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Parses the lines of one chunk and runs every detector on each event. One instance per chunk;
 * many run at once on the worker threads, sharing only immutable parsers and thread-safe
 * detectors.
 */
final class ChunkWorker implements Callable<ChunkResult> {
    private final Chunk chunk;
    private final List<Detector> detectors;
    private final int maxLineLength;
    private final int maxProblems;
    private final boolean keepEvents;
    private final List<KeyedDetector> keyed;
    private String[] keys = NO_KEYS;
    private static final String[] NO_KEYS = new String[0];
    private final String resource;
    private final List<Event> events = new ArrayList<>();

    private long lines;
    private long eventCount;
    private long rejected;
    private long warnings;
    private final List<Detection> detections = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private long currentLine;
    /** Events each detector threw on, by id; null until one does. */
    private java.util.Map<String, Long> failures;

    /**
     * @param keyed the keyed detectors: when there are any, the events are kept for them and each
     *              one's key for each event is worked out here, on the worker thread
     */
    ChunkWorker(Chunk chunk, List<Detector> detectors, int maxLineLength, int maxProblems, List<KeyedDetector> keyed,
                String resource) {
        this.chunk = chunk;
        this.resource = resource;
        this.keyed = keyed;
        this.keepEvents = !keyed.isEmpty();
        this.detectors = detectors;
        this.maxLineLength = maxLineLength;
        this.maxProblems = maxProblems;
    }

    @Override
    public ChunkResult call() {
        for (Problem p : chunk.readerProblems()) {
            if (p.kind() == Problem.Kind.REJECTED) {
                rejected++;
            }
            problem(p);
        }
        lines += chunk.readerLines();

        final byte[] b = chunk.data();
        final int len = chunk.len();
        final LineParser parser = chunk.parser();
        final RecordAssembler assembler = chunk.assembler();
        final Line line = new Line();
        final LineParser.Rejects rejects = new LineParser.Rejects() {
            @Override
            public void reject(String reason) {
                rejected++;
                problem(new Problem(chunk.source(), currentLine, Problem.Kind.REJECTED, reason));
            }

            @Override
            public void warn(String reason) {
                warning(reason);
            }
        };
        long number = chunk.firstLine();
        int start = 0;
        while (start < len) {
            // the end of line, noting bytes that need a closer look on the way
            int found = LineEnds.end(b, start, len);
            boolean suspicious = found < 0;
            int nl = suspicious ? ~found : found;
            int lineLen = nl - start;
            currentLine = number;
            lines++;
            if (lineLen > maxLineLength) {
                rejects.reject("line is " + lineLen + " bytes long, over the limit of " + maxLineLength
                        + " (--max-line-length)");
            } else {
                if (suspicious) {
                    checkBytes(b, start, nl);
                }
                line.set(b, start, lineLen, chunk.source(), number, chunk.firstOffset() + start);
                if (assembler != null) {
                    try {
                        assembler.accept(line, rejects, this::inspect);
                    } catch (RuntimeException | StackOverflowError e) {
                        rejects.reject("parser error (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
                    }
                } else {
                    Event event;
                    try {
                        event = parser.parse(line, rejects);
                    } catch (RuntimeException | StackOverflowError e) {
                        // a parser bug must not end the scan: count the line and say what failed
                        rejects.reject("parser error (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
                        event = null;
                    }
                    if (event != null) {
                        inspect(event);
                    }
                }
            }
            number++;
            start = nl + 1;
        }
        if (assembler != null && chunk.last()) {
            currentLine = Math.max(1, number - 1);
            try {
                assembler.finish(rejects, this::inspect);
            } catch (RuntimeException | StackOverflowError e) {
                rejects.reject("parser error at end of input (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            }
        }
        return new ChunkResult(chunk.source(), lines, eventCount, rejected, warnings, detections, problems,
                keepEvents ? events : List.of(), keys, failures == null ? java.util.Map.of() : failures);
    }

    private void checkBytes(byte[] b, int from, int to) {
        boolean nul = false;
        boolean high = false;
        for (int i = from; i < to; i++) {
            if (b[i] == 0) {
                nul = true;
            } else if (b[i] < 0) {
                high = true;
            }
        }
        if (high && !Utf8.valid(b, from, to)) {
            warning("invalid UTF-8 (read with replacement characters)");
        } else if (nul) {
            warning("NUL byte in line (binary data?)");
        }
    }

    /** Names the resource on events whose record did not. */
    private Event withResource(Event e) {
        if (e instanceof HttpRequest r && r.host() == null) {
            return r.withHost(resource);
        }
        if (e instanceof ProcessStart p && p.host() == null) {
            return p.withHost(resource);
        }
        if (e instanceof DnsQuery q && q.host() == null) {
            return q.withHost(resource);
        }
        if (e instanceof FtpLogin f && f.host() == null) {
            return f.withHost(resource);
        }
        return e;
    }

    private void warning(String reason) {
        warnings++;
        problem(new Problem(chunk.source(), currentLine, Problem.Kind.WARNING, reason));
    }

    private void inspect(Event parsed) {
        Event event = resource == null ? parsed : withResource(parsed);
        eventCount++;
        if (keepEvents) {
            keyEvent(event);
        }
        for (Detector d : detectors) {
            try {
                d.inspect(event, detections::add);
            } catch (dev.vigil.rules.match.LineBudget.OverBudget e) {
                warning(d.id() + ": " + e.getMessage()); // a hostile line, not a bug: reported, not counted as a failure
            } catch (RuntimeException | StackOverflowError e) {
                failed(d, e);
            }
        }
    }

    private void keyEvent(Event event) {
        int n = keyed.size();
        int at = events.size() * n;
        events.add(event);
        if (keys.length < at + n) {
            keys = java.util.Arrays.copyOf(keys, Math.max(at + n, keys.length * 2 + 64));
        }
        for (int k = 0; k < n; k++) {
            try {
                keys[at + k] = keyed.get(k).key(event);
            } catch (RuntimeException | StackOverflowError e) {
                failed(keyed.get(k), e);
            }
        }
    }

    private void failed(Detector d, Throwable e) {
        if (failures == null) {
            failures = new java.util.HashMap<>();
        }
        failures.merge(d.id(), 1L, Long::sum);
        warning("detector " + d.id() + " failed on this line (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
    }

    private void problem(Problem p) {
        if (problems.size() < maxProblems) {
            problems.add(p);
        }
    }
}
