package dev.vigil.alert;

import dev.vigil.catalogue.AlertType;
import dev.vigil.catalogue.Severity;
import dev.vigil.event.Event;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Detections of one alert type about one entity inside one time window.
 *
 * @param id          deterministic: the same logs always give the same id
 * @param type        the alert type
 * @param severity    the highest severity among its detections
 * @param entities    what the alert is about, by kind (see {@link AlertEntities} for the keys):
 *                    {@code ip}, {@code host}, {@code url}, {@code file}, {@code process.*}
 * @param firstSeen   first event time (epoch ms), or {@link dev.vigil.event.Event#NO_TIME}
 * @param lastSeen    last event time (epoch ms), or {@link dev.vigil.event.Event#NO_TIME}
 * @param count       number of detections
 * @param rules       ids of the rules that matched
 * @param evidence    the first detections, bounded
 * @param confidence  how sure Vigil is that this is real activity, 0 to 100
 * @param sample      a sample alert written by {@code vigil simulate}, not raised from input
 * @param sources     detections per input source; lets a store merge a rescan of the same file
 *                    without counting it twice (bounded by the aggregator)
 *
 * <p>Immutable and thread-safe.
 */
public record Alert(
        String id,
        AlertType type,
        Severity severity,
        Map<String, String> entities,
        long firstSeen,
        long lastSeen,
        long count,
        List<String> rules,
        List<Evidence> evidence,
        int confidence,
        boolean sample,
        Map<String, Long> sources) {

    public Alert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        // Ordered copies: entity order is the order exports list them in.
        entities = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entities));
        rules = List.copyOf(rules);
        evidence = List.copyOf(evidence);
        sources = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sources == null ? Map.of() : sources));
        if (count < 1) {
            throw new IllegalArgumentException("an alert has at least one detection");
        }
        if (confidence < 0 || confidence > 100) {
            throw new IllegalArgumentException("confidence must be 0 to 100, got " + confidence);
        }
    }

    /** An alert raised from input, with the default confidence for its count and rules. */
    public Alert(String id, AlertType type, Severity severity, Map<String, String> entities,
                 long firstSeen, long lastSeen, long count, List<String> rules, List<Evidence> evidence) {
        this(id, type, severity, entities, firstSeen, lastSeen, count, rules, evidence,
                confidence(type, count, rules.size()), false, Map.of());
    }

    /**
     * A default confidence: one lone match is often noise (a scanner's payload in a 404), many
     * matches or several rules agreeing make it likelier an attack really happened.
     */
    public static int confidence(AlertType type, long count, int distinctRules) {
        if (type.test()) {
            return 100;
        }
        int c = 50;
        if (count >= 3) {
            c += 10;
        }
        if (count >= 10) {
            c += 10;
        }
        c += Math.min(20, 10 * Math.max(0, distinctRules - 1));
        return Math.min(95, c);
    }

    /** {@code Low}, {@code Medium} or {@code High}, from {@link #confidence}. */
    public String confidenceLevel() {
        return confidence >= 80 ? "High" : confidence >= 50 ? "Medium" : "Low";
    }

    /** The type's description, followed by what this alert saw: entity values, count, times. */
    public String description() {
        StringBuilder b = new StringBuilder(type.description().strip());
        if (b.length() > 0 && b.charAt(b.length() - 1) != '.') {
            b.append('.');
        }
        b.append(b.length() > 0 ? " " : "").append(count).append(count == 1 ? " detection" : " detections");
        String ip = entities.get(AlertEntities.IP);
        String host = entities.get(AlertEntities.HOST);
        String url = entities.get(AlertEntities.URL);
        String cmd = entities.get(AlertEntities.PROCESS_COMMAND_LINE);
        if (ip != null) {
            b.append(" from client IP ").append(ip);
        }
        if (host != null) {
            b.append(ip != null ? " against " : " on ").append("host ").append(host);
        }
        if (url != null) {
            b.append(", first at URL ").append(url);
        }
        if (cmd != null) {
            b.append(", first by process '").append(cmd.length() > 200 ? cmd.substring(0, 199) + "…" : cmd).append('\'');
        }
        if (firstSeen != Event.NO_TIME) {
            b.append(", between ").append(Instant.ofEpochMilli(firstSeen)).append(" and ").append(Instant.ofEpochMilli(lastSeen));
        }
        b.append('.');
        if (sample) {
            b.append(" This is a sample alert written by 'vigil simulate'; no attack took place.");
        }
        return b.toString();
    }
}
