package dev.vigil.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alert.Evidence;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.AlertType;
import dev.vigil.catalogue.Severity;
import dev.vigil.event.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON text columns of the alerts table (entities, rules, evidence, sources) and alert types
 * by name. Plain Jackson: these columns are for the store, not for terminals.
 *
 * <p>Thread-safe.
 */
final class AlertCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertCodec() {}

    static String json(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> stringMap(String json) {
        try {
            return MAPPER.readValue(json, new TypeReference<LinkedHashMap<String, String>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Long> longMap(String json) {
        try {
            return MAPPER.readValue(json, new TypeReference<LinkedHashMap<String, Long>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> strings(String json) {
        try {
            return MAPPER.readValue(json, new TypeReference<List<String>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String evidenceJson(List<Evidence> evidence) {
        ArrayNode arr = MAPPER.createArrayNode();
        for (Evidence e : evidence) {
            ObjectNode o = arr.addObject();
            o.put("source", e.source());
            o.put("line", e.line());
            if (e.timeMillis() != Event.NO_TIME) {
                o.put("time", e.timeMillis());
            }
            o.put("rule", e.ruleId());
            o.put("field", e.field());
            o.put("value", e.value());
            o.put("decoded", e.decoded());
            if (e.method() != null) {
                o.put("method", e.method());
            }
            if (e.status() != 0) {
                o.put("status", e.status());
            }
            if (e.param() != null) {
                o.put("param", e.param());
            }
            if (e.observation()) {
                o.put("observation", true);
            }
        }
        return json(arr);
    }

    static List<Evidence> evidence(String json) {
        try {
            List<Evidence> out = new ArrayList<>();
            for (JsonNode o : MAPPER.readTree(json)) {
                out.add(new Evidence(o.path("source").asText(), o.path("line").asLong(),
                        o.has("time") ? o.get("time").asLong() : Event.NO_TIME, o.path("rule").asText(),
                        text(o, "field"), text(o, "value"), text(o, "decoded"), text(o, "method"),
                        o.path("status").asInt(0), text(o, "param"),
                        // evidence stored before the flag was kept: observation rules are known by id
                        o.has("observation") ? o.get("observation").asBoolean()
                                : dev.vigil.detect.Detection.isObservationRule(o.path("rule").asText())));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JsonNode o, String f) {
        JsonNode n = o.get(f);
        return n == null || n.isNull() ? null : n.asText();
    }

    /** The catalogue's type, or a stand-in when the catalogue no longer knows the name. */
    static AlertType type(String name, Severity severity) {
        return AlertCatalogue.builtIn().find(name).orElseGet(() ->
                new AlertType(name, name, "other", severity, List.of(), List.of(), "", List.of(), "", false));
    }
}
