package dev.vigil.alert.suppress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alert.Alert;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A rule that dismisses matching alerts as they are stored: an alert type (or all types) and
 * entity conditions that must all hold, with why, until when and whether it is on.
 *
 * @param id            short stable id, used to name the rule on dismissed alerts
 * @param alertType     the alert type name, or {@code null} for every type
 * @param conditions    entity conditions, all of which must hold (none: the type alone decides)
 * @param reason        why such alerts are not worth triage, such as {@code known scanner}
 * @param comment       free text, may be empty
 * @param expiresMillis epoch ms after which the rule no longer applies, or {@code null}
 * @param enabled       whether it applies at all
 * @param createdMillis when it was added
 * @param createdBy     who added it
 *
 * <p>Immutable and thread-safe.
 */
public record SuppressionRule(
        String id,
        String alertType,
        List<Condition> conditions,
        String reason,
        String comment,
        Long expiresMillis,
        boolean enabled,
        long createdMillis,
        String createdBy) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public SuppressionRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reason, "reason");
        conditions = List.copyOf(conditions);
        comment = comment == null ? "" : comment;
        createdBy = createdBy == null ? "" : createdBy;
        if (reason.isBlank()) {
            throw new IllegalArgumentException("a suppression rule needs a reason");
        }
        if (alertType == null && conditions.isEmpty()) {
            throw new IllegalArgumentException(
                    "a rule for all alert types needs at least one entity condition (it would dismiss everything)");
        }
    }

    /** Whether the rule applies at {@code nowMillis}: enabled and not expired. */
    public boolean activeAt(long nowMillis) {
        return enabled && (expiresMillis == null || nowMillis < expiresMillis);
    }

    /** Whether the alert matches the type and every condition; ignores enabled and expiry. */
    public boolean matches(Alert a) {
        if (alertType != null && !alertType.equals(a.type().name())) {
            return false;
        }
        for (Condition c : conditions) {
            if (!c.matches(a)) {
                return false;
            }
        }
        return true;
    }

    public SuppressionRule withEnabled(boolean on) {
        return new SuppressionRule(id, alertType, conditions, reason, comment, expiresMillis, on,
                createdMillis, createdBy);
    }

    /** The conditions as one line for people. */
    public String describeConditions() {
        List<String> parts = new ArrayList<>();
        for (Condition c : conditions) {
            parts.add(c.describe());
        }
        return parts.isEmpty() ? "(any entity)" : String.join(" and ", parts);
    }

    /** The conditions as JSON, the form a store keeps them in. */
    public String conditionsJson() {
        ArrayNode arr = MAPPER.createArrayNode();
        for (Condition c : conditions) {
            ObjectNode o = arr.addObject();
            if (c instanceof Condition.IpIn ip) {
                o.put("field", "ip").put("op", "in");
                ArrayNode v = o.putArray("values");
                ip.ranges().forEach(r -> v.add(r.spec()));
            } else if (c instanceof Condition.HostEquals h) {
                o.put("field", "host").put("op", "equals").put("value", h.host());
            } else if (c instanceof Condition.UrlPrefix u) {
                o.put("field", "url").put("op", "prefix").put("value", u.prefix());
            } else if (c instanceof Condition.CommandLineContains cl) {
                o.put("field", "process.commandLine").put("op", "contains").put("value", cl.text());
            }
        }
        try {
            return MAPPER.writeValueAsString(arr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads what {@link #conditionsJson} wrote; throws {@link IllegalArgumentException} if it cannot. */
    public static List<Condition> parseConditions(String json) {
        JsonNode arr;
        try {
            arr = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("conditions are not JSON: " + e.getMessage(), e);
        }
        if (arr == null || !arr.isArray()) {
            throw new IllegalArgumentException("conditions must be a JSON array");
        }
        List<Condition> out = new ArrayList<>();
        for (JsonNode o : arr) {
            String field = o.path("field").asText("");
            switch (field) {
                case "ip" -> {
                    List<String> specs = new ArrayList<>();
                    o.path("values").forEach(v -> specs.add(v.asText()));
                    out.add(Condition.IpIn.parse(specs));
                }
                case "host" -> out.add(new Condition.HostEquals(o.path("value").asText()));
                case "url" -> out.add(new Condition.UrlPrefix(o.path("value").asText()));
                case "process.commandLine" -> out.add(new Condition.CommandLineContains(o.path("value").asText()));
                default -> throw new IllegalArgumentException("unknown condition field '" + field + "'");
            }
        }
        return out;
    }
}
