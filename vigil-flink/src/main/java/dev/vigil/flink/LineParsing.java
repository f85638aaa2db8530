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
 * <p>Not thread-safe: one per source reader (Flink calls a reader from one thread).
 */
final class LineParsing {
    private final LineInspector inspector;
    private final Map<String, LineFormat> formats = new HashMap<>();
    private long unknownFormat;

    LineParsing(boolean preview) {
        Engine engine = Engine.builder().defaultDetectors(AlertCatalogue.builtIn(), preview).threads(1).build();
        this.inspector = LineInspector.of(engine);
    }

    void parse(RawLine l, Consumer<Parsed> out) {
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
        inspector.line(l.source(), l.line(), l.offset(), l.text().getBytes(StandardCharsets.UTF_8), format,
                l.resource(), e -> out.accept(new Parsed(e, null, ingest)), d -> out.accept(new Parsed(null, d, ingest)));
    }

    LineInspector inspector() {
        return inspector;
    }

    /** Records whose named format Vigil does not know (their lines are sniffed). */
    long unknownFormat() {
        return unknownFormat;
    }
}
