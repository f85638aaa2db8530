package dev.vigil.ingest.sensor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.event.Event;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.Timestamps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the one-object-per-line JSON of the eBPF sensors (Falco, Tetragon) without ever throwing:
 * a line that is not exactly one JSON object is rejected with a short reason that never quotes
 * the content. Sensor events are small and nested (Tetragon's process and parent objects), so a
 * tree per line is simpler than a streaming reader and costs little next to the detectors.
 *
 * <p>Invalid UTF-8 is read with replacement characters, as every other reader does; nesting is
 * limited so that a hostile line cannot make the reader recurse deeply.
 *
 * <p>Static and thread-safe.
 */
final class SensorJson {
    private SensorJson() {}

    /** Deeper than any sensor event (Tetragon's is about six levels); hostile lines stop here. */
    private static final int MAX_DEPTH = 64;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build());

    /** The line as one JSON object, or {@code null} after a reject (or for a blank line, without one). */
    static ObjectNode object(Line line, LineParser.Rejects rejects) {
        byte[] b = line.buf();
        int from = line.off();
        int to = line.end();
        while (from < to && isSpace(b[from])) {
            from++;
        }
        while (to > from && isSpace(b[to - 1])) {
            to--;
        }
        if (from == to) {
            return null;
        }
        if (b[from] != '{') {
            rejects.reject("not a JSON object (expected '{' at column " + (from - line.off() + 1) + ")");
            return null;
        }
        try (JsonParser p = open(b, from, to)) {
            JsonNode n = MAPPER.readTree(p);
            if (!(n instanceof ObjectNode o)) {
                rejects.reject("not a JSON object");
                return null;
            }
            if (p.nextToken() != null) {
                rejects.reject("trailing content after the JSON object");
                return null;
            }
            return o;
        } catch (StreamConstraintsException e) {
            rejects.reject("JSON nested too deeply or with a value too long to read");
            return null;
        } catch (JsonProcessingException e) {
            long col = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
            rejects.reject(col > 0 ? "invalid JSON near column " + col : "invalid JSON");
            return null;
        } catch (IOException e) {
            rejects.reject("invalid JSON");
            return null;
        }
    }

    private static JsonParser open(byte[] b, int from, int to) throws IOException {
        for (int i = from; i < to; i++) {
            if (b[i] < 0) {
                // Jackson fails on malformed UTF-8; a log reader should not: decode with replacement first
                return MAPPER.getFactory().createParser(new String(b, from, to - from, StandardCharsets.UTF_8));
            }
        }
        return MAPPER.getFactory().createParser(b, from, to - from);
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\r';
    }

    /** A scalar as text; {@code null} for a missing, null, empty or non-scalar value. */
    static String text(JsonNode n) {
        if (n == null || n.isNull() || n.isContainerNode() || n.isMissingNode()) {
            return null;
        }
        String s = n.asText();
        return s.isEmpty() ? null : s;
    }

    /** A whole number (or a numeric string); -1 for anything else, negative numbers included. */
    static long number(JsonNode n) {
        if (n == null) {
            return -1;
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return Math.max(-1, n.asLong());
        }
        if (n.isTextual()) {
            String s = n.asText().trim();
            if (!s.isEmpty() && s.length() <= 18 && s.chars().allMatch(Character::isDigit)) {
                return Long.parseLong(s);
            }
        }
        return -1;
    }

    /** An object member, or {@code null} when absent or not an object. */
    static ObjectNode obj(JsonNode parent, String name) {
        JsonNode n = parent == null ? null : parent.get(name);
        return n instanceof ObjectNode o ? o : null;
    }

    /** An ISO-8601 time, or {@link Event#NO_TIME}. */
    static long isoTime(JsonNode n) {
        String s = text(n);
        return s == null ? Event.NO_TIME : Timestamps.iso(s);
    }
}
