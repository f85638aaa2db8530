package dev.vigil.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells a Kafka record's format and resource, in this order of precedence: a JSON envelope
 * ({@code {"format":..,"resource":..,"line":..}}, optionally {@code "source"} and {@code "n"}, the
 * line number), the record headers {@value #FORMAT_HEADER} and {@value #RESOURCE_HEADER}, and the
 * topic name ({@code vigil.logs.FORMAT[.RESOURCE]} or {@code vigil.process.FORMAT[.RESOURCE]} by
 * default, the resource the rest of the name, dots and all). Log shippers that cannot add headers
 * write one topic per format; those that can wrap lines write the envelope.
 *
 * <p>An envelope is a JSON object with a string {@code "line"}: no log format Vigil reads has a
 * top-level field of that name, so a JSON log line is never taken for an envelope.
 *
 * <p>Immutable and thread-safe.
 */
public final class Routing implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String FORMAT_HEADER = "vigil-format";
    public static final String RESOURCE_HEADER = "vigil-resource";
    /** The default topic names: group 1 the format, group 2 (optional) the resource. */
    public static final String DEFAULT_TOPICS = "vigil\\.(?:logs|process)\\.([A-Za-z0-9_-]+)(?:\\.(.+))?";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topics;
    private transient Pattern pattern;

    /** @param topics the topics' pattern: group 1 names the format, group 2 (if any) the resource */
    public Routing(String topics) {
        this.topics = topics;
        Pattern.compile(topics); // fail where the job is built, not on the cluster
    }

    public Pattern pattern() {
        if (pattern == null) {
            pattern = Pattern.compile(topics);
        }
        return pattern;
    }

    /**
     * The line a record holds.
     *
     * @param headerFormat   the {@value #FORMAT_HEADER} header's value, or null
     * @param headerResource the {@value #RESOURCE_HEADER} header's value, or null
     */
    public RawLine route(String topic, int partition, long offset, long timestamp, byte[] value,
                         String headerFormat, String headerResource) {
        String source = "kafka:" + topic + "/" + partition;
        long line = offset + 1;
        String format = null;
        String resource = null;
        Matcher m = pattern().matcher(topic);
        if (m.matches()) {
            format = m.group(1);
            resource = m.groupCount() >= 2 ? m.group(2) : null;
        }
        if (headerFormat != null && !headerFormat.isBlank()) {
            format = headerFormat;
        }
        if (headerResource != null && !headerResource.isBlank()) {
            resource = headerResource;
        }
        String text = value == null ? "" : new String(value, StandardCharsets.UTF_8);
        if (text.startsWith("{") && text.contains("\"line\"")) {
            try {
                JsonNode n = JSON.readTree(text);
                JsonNode l = n.get("line");
                if (l != null && l.isTextual()) {
                    text = l.asText();
                    format = textOr(n, "format", format);
                    resource = textOr(n, "resource", resource);
                    source = textOr(n, "source", source);
                    JsonNode num = n.get("n");
                    if (num != null && num.canConvertToLong() && num.asLong() > 0) {
                        line = num.asLong();
                    }
                }
            } catch (java.io.IOException notJson) {
                // a line that only looks like an envelope: read as it is
            }
        }
        if (format != null && (format.isBlank() || format.equals("auto"))) {
            format = null;
        }
        // a line end the shipper left on: the parsers see lines without one, as a scan's do
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return new RawLine(source, line, offset, format, resource, text.substring(0, end), timestamp);
    }

    private static String textOr(JsonNode n, String field, String otherwise) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : otherwise;
    }
}
