package dev.vigil.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alert.Alert;
import dev.vigil.alert.Evidence;
import dev.vigil.detect.Detection;
import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * JSON shapes of detections and alerts. Alerts use the field names of the Defender for Cloud alert
 * schema ({@code alertType}, {@code systemAlertId}, {@code entities}...) so existing SIEM mappings
 * work. Output is escaped beyond JSON's rules: C1 controls, line separators and bidi overrides
 * become {@code \\uXXXX}, so the text stays inert when someone cats it to a terminal.
 *
 * <p>Thread-safe.
 */
public final class JsonOutput {
    public static final String PRODUCT = "Vigil";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        MAPPER.getFactory().setCharacterEscapes(new SafeEscapes());
        MAPPER.getFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    private JsonOutput() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** One line of {@code --detections} output. */
    public static ObjectNode detection(Detection d) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("rule", d.ruleId());
        o.put("type", d.type().name());
        o.put("severity", d.severity().label());
        o.put("source", d.origin().source());
        o.put("line", d.origin().line());
        o.put("offset", d.origin().offset());
        time(o, "time", d.event().timeMillis());
        o.put("field", d.field());
        o.put("value", d.value());
        o.put("decoded", d.decoded());
        if (d.event() instanceof HttpRequest r) {
            o.put("client_ip", r.clientIp());
            o.put("host", r.host());
            o.put("method", r.method());
            o.put("target", r.target());
            o.put("status", r.status());
            o.put("user_agent", r.userAgent());
        }
        return o;
    }

    /** An alert, shaped as Defender for Cloud writes its alerts. */
    public static ObjectNode alert(Alert a) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("alertType", a.type().name());
        o.put("systemAlertId", a.id());
        o.put("alertDisplayName", a.type().displayName());
        o.put("description", a.type().description());
        o.put("severity", a.severity().label());
        o.put("intent", String.join(", ", a.type().tactics()));
        time(o, "startTimeUtc", a.firstSeen());
        time(o, "endTimeUtc", a.lastSeen());
        ArrayNode steps = o.putArray("remediationSteps");
        a.type().remediation().forEach(steps::add);
        o.put("status", "Active");
        o.put("isTest", a.type().test());
        ArrayNode entities = o.putArray("entities");
        for (Map.Entry<String, String> e : a.entities().entrySet()) {
            ObjectNode en = entities.addObject();
            switch (e.getKey()) {
                case "ip" -> en.put("type", "ip").put("address", e.getValue());
                case "host" -> en.put("type", "host").put("hostName", e.getValue());
                default -> en.put("type", e.getKey()).put("name", e.getValue());
            }
        }
        if (a.entities().containsKey("host")) {
            o.put("compromisedEntity", a.entities().get("host"));
        }
        ArrayNode techniques = o.putArray("techniques");
        ArrayNode subTechniques = o.putArray("subTechniques");
        for (String t : a.type().techniques()) {
            (t.contains(".") ? subTechniques : techniques).add(t);
        }
        o.put("productName", PRODUCT);
        ObjectNode ext = o.putObject("extendedProperties");
        ext.put("count", a.count());
        ext.put("rules", String.join(",", a.rules()));
        ArrayNode ev = ext.putArray("evidence");
        for (Evidence e : a.evidence()) {
            ObjectNode n = ev.addObject();
            n.put("source", e.source());
            n.put("line", e.line());
            time(n, "time", e.timeMillis());
            n.put("rule", e.ruleId());
            n.put("field", e.field());
            n.put("value", e.value());
            n.put("decoded", e.decoded());
        }
        return o;
    }

    /** One compact line of JSON, without the trailing newline. */
    public static String line(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void time(ObjectNode o, String field, long millis) {
        if (millis == Event.NO_TIME) {
            o.putNull(field);
        } else {
            o.put(field, Instant.ofEpochMilli(millis).toString());
        }
    }

    /** Escapes what a terminal would act on, on top of JSON's own escapes. */
    private static final class SafeEscapes extends CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();

        SafeEscapes() {
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch > 0x7f && TerminalText.unsafe((char) ch)) {
                return new SerializedString(String.format("\\u%04X", ch));
            }
            return null;
        }
    }
}
