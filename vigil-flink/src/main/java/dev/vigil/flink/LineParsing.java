package dev.vigil.flink;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.engine.Engine;
import dev.vigil.engine.LineInspector;
import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.formats.Formats;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Parses lines and runs the stateless detectors on them, with the core's {@link LineInspector}:
 * the parsers, limits and stateless rules of {@code vigil scan}, unchanged. The keyed detectors
 * are not run here (they run keyed, on Flink state); their events come out.
 *
 * <p>Parser state (a W3C source's {@code #Fields:}, an auditd record half read) is held per Kafka
 * partition, one {@link LineInspector} each, so that it can go into the checkpoint with the
 * partition's offset ({@link #snapshot}, {@link #restore}; {@link ParserStateSource}).
 *
 * <p>Not thread-safe: one per source reader (Flink calls a reader from one thread).
 */
final class LineParsing {
    private final Engine engine;
    private final Map<String, LineInspector> partitions = new HashMap<>();
    private final Map<String, LineFormat> formats = new HashMap<>();
    private long unknownFormat;
    private long rejected;
    private dev.vigil.engine.Problem lastProblem;

    LineParsing(boolean preview) {
        this(preview ? null : JobDetectors.BUILT_IN, preview);
    }

    /** With the parsers and stateless detectors of {@code detectors} (rules and feeds as scan's). */
    LineParsing(JobDetectors detectors) {
        this(detectors, detectors.preview());
    }

    private LineParsing(JobDetectors detectors, boolean preview) {
        this.engine = detectors != null ? detectors.engine()
                : Engine.builder().defaultDetectors(AlertCatalogue.builtIn(), preview).threads(1).build();
    }

    /** The parser state of one partition ({@code topic-partition}), for a caller's own tests. */
    private LineInspector inspector(String partition) {
        return partitions.computeIfAbsent(partition, p -> LineInspector.of(engine));
    }

    /** The partition's parser state, or null when it has none yet. */
    byte[] snapshot(String partition) {
        LineInspector i = partitions.get(partition);
        if (i == null) {
            return null;
        }
        try {
            java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
            java.io.DataOutputStream out = new java.io.DataOutputStream(buf);
            i.snapshot(out);
            out.flush();
            return buf.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Continues the partition from its {@link #snapshot} (before any of its lines). */
    void restore(String partition, byte[] state) throws java.io.IOException {
        LineInspector i = LineInspector.of(engine);
        i.restore(new java.io.DataInputStream(new java.io.ByteArrayInputStream(state)));
        partitions.put(partition, i);
    }

    /** Lets go of a partition's state (its split finished or moved to another reader). */
    void forget(String partition) {
        partitions.remove(partition);
    }

    void parse(RawLine l, Consumer<Parsed> out) {
        parse(l.source(), l, out);
    }

    /** Parses a line of {@code partition} with that partition's parser state. */
    void parse(String partition, RawLine l, Consumer<Parsed> out) {
        LineFormat format = null;
        if (l.format() != null) {
            format = formats.get(l.format());
            if (format == null && !formats.containsKey(l.format())) {
                try {
                    format = Formats.forName(l.format()).orElse(null);
                } catch (IllegalArgumentException e) {
                    format = null; // an unknown name: sniffed instead, and counted
                    unknownFormat++;
                }
                if (formats.size() < 1000) {
                    formats.put(l.format(), format);
                }
            }
        }
        long ingest = l.ingestMillis();
        LineInspector inspector = inspector(partition);
        long before = inspector.rejected();
        inspector.line(l.source(), l.line(), l.offset(), l.text().getBytes(StandardCharsets.UTF_8), format,
                l.resource(), e -> out.accept(new Parsed(e, null, ingest)), d -> out.accept(new Parsed(null, d, ingest)));
        if (inspector.rejected() != before) {
            rejected += inspector.rejected() - before;
            lastProblem = inspector.lastProblem();
        }
    }

    /** Lines rejected so far, over all partitions. */
    long rejected() {
        return rejected;
    }

    /** The last problem found, or null. */
    dev.vigil.engine.Problem lastProblem() {
        return lastProblem;
    }

    /** Records whose named format Vigil does not know (their lines are sniffed). */
    long unknownFormat() {
        return unknownFormat;
    }
}
