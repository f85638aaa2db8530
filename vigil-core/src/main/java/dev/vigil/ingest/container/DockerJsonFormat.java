package dev.vigil.ingest.container;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.vigil.event.Event;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.RecordAssembler;
import dev.vigil.ingest.Timestamps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Docker's {@code json-file} logs ({@code /var/lib/docker/containers/<id>/<id>-json.log}), one
 * JSON object per line:
 * <pre>
 * {"log":"203.0.113.9 - - [01/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 612 \"-\" \"curl/8.5\"\n",
 *  "stream":"stdout","time":"2026-11-01T10:00:00.123456789Z"}
 * </pre>
 * Docker cuts a line longer than 16 KiB into pieces; every piece but the last lacks the final
 * {@code \n}, and pieces are joined until the one that has it ({@link ContainerLogAssembler}). The
 * joined line is read as any format Vigil reads ({@link InnerLines}); the container named by the
 * file's path becomes the resource ({@link ContainerRef}). Docker escapes {@code <}, {@code >} and
 * {@code &} as {@code \u003c}...; the JSON reader undoes that, so detectors see the line as written.
 *
 * <p>Immutable and thread-safe; each {@link #newAssembler} is a fresh assembler for one source.
 */
public final class DockerJsonFormat implements LineFormat {
    /** The join limit when the scan gives none: the engine's default line limit. */
    static final int DEFAULT_MAX_LINE = 64 * 1024;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build())
            .build();

    private final LineFormat inner;
    private final InnerSniffer sniffer;

    /**
     * @param inner   the format of the container's lines, or null to sniff it per file
     * @param sniffer guesses the format of the container's lines when {@code inner} is null
     */
    public DockerJsonFormat(LineFormat inner, InnerSniffer sniffer) {
        this.inner = inner;
        this.sniffer = java.util.Objects.requireNonNull(sniffer, "sniffer");
    }

    @Override
    public String name() {
        return inner == null ? "docker-json" : "docker-json:" + inner.name();
    }

    /** Checks the wrapper only (for sniffing); events come from {@link #newAssembler}. */
    @Override
    public LineParser newParser() {
        return (line, rejects) -> {
            unwrap(line, rejects, new ContainerLogAssembler.Piece());
            return null;
        };
    }

    @Override
    public RecordAssembler newAssembler() {
        return newAssembler(DEFAULT_MAX_LINE);
    }

    @Override
    public RecordAssembler newAssembler(int maxLineLength) {
        return new ContainerLogAssembler(DockerJsonFormat::unwrap, inner, sniffer, maxLineLength);
    }

    static boolean unwrap(Line line, LineParser.Rejects rejects, ContainerLogAssembler.Piece into) {
        byte[] b = line.buf();
        int from = line.off();
        int to = line.end();
        while (from < to && (b[from] == ' ' || b[from] == '\t')) {
            from++;
        }
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t' || b[to - 1] == '\r')) {
            to--;
        }
        if (from == to) {
            return false;
        }
        if (b[from] != '{') {
            rejects.reject("not a Docker json-file line (expected '{' at column " + (from - line.off() + 1) + ")");
            return false;
        }
        String log = null;
        String stream = null;
        String time = null;
        try (JsonParser p = open(b, from, to)) {
            p.nextToken();
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "log" -> log = v == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "stream" -> stream = v == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "time" -> time = v == JsonToken.VALUE_STRING ? p.getText() : null;
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                rejects.reject("trailing content after the JSON object");
                return false;
            }
        } catch (StreamConstraintsException e) {
            rejects.reject("JSON nested too deeply or with a value too long to read");
            return false;
        } catch (JsonProcessingException e) {
            long col = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
            rejects.reject(col > 0 ? "invalid JSON near column " + col : "invalid JSON");
            return false;
        } catch (IOException e) {
            rejects.reject("invalid JSON");
            return false;
        }
        if (log == null) {
            rejects.reject("not a Docker json-file line (no \"log\" string)");
            return false;
        }
        boolean partial = !log.endsWith("\n");
        int end = partial ? log.length() : log.length() - 1;
        if (!partial && end > 0 && log.charAt(end - 1) == '\r') {
            end--;
        }
        byte[] text = log.substring(0, end).getBytes(StandardCharsets.UTF_8);
        into.set(text, 0, text.length, partial, "stderr".equals(stream), time == null ? Event.NO_TIME : Timestamps.iso(time));
        return true;
    }

    private static JsonParser open(byte[] b, int from, int to) throws IOException {
        for (int i = from; i < to; i++) {
            if (b[i] < 0) {
                // Jackson fails on malformed UTF-8; a log reader should not: decode with replacement first
                return FACTORY.createParser(new String(b, from, to - from, StandardCharsets.UTF_8));
            }
        }
        return FACTORY.createParser(b, from, to - from);
    }
}
