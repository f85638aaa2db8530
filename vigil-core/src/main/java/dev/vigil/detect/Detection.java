package dev.vigil.detect;

import dev.vigil.catalogue.AlertType;
import dev.vigil.catalogue.Severity;
import dev.vigil.event.Event;
import dev.vigil.event.Origin;
import java.util.Objects;

/**
 * One rule matching one event: what matched, where, and the value that made it match.
 *
 * @param ruleId   the rule's id, such as {@code http.test-alert}
 * @param type     the alert type the detection feeds
 * @param severity this detection's severity (the type's default unless the rule raised it)
 * @param event    the event that matched; its origin points at the input line
 * @param field    the event field that matched, such as {@code path} or {@code user_agent}
 * @param value    the field's value as logged
 * @param decoded  the normalised value the rule matched against (equal to {@code value} when
 *                 nothing needed decoding)
 *
 * <p>Immutable and thread-safe.
 */
public record Detection(
        String ruleId,
        AlertType type,
        Severity severity,
        Event event,
        String field,
        String value,
        String decoded) {

    public Detection {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(field, "field");
        if (decoded == null) {
            decoded = value;
        }
    }

    public Origin origin() {
        return event.origin();
    }

    /**
     * Rule-id prefixes of detections whose {@code decoded} is an observation rather than a
     * decoding of {@code value}: detectors that count events over a time window (brute force,
     * probing), the threat-intel match ("listed in feed X"), the dangling-DNS check and the
     * first-seen process lineage ("first time php-fpm started this command line").
     */
    public static final java.util.List<String> OBSERVATION_RULE_PREFIXES =
            java.util.List.of("http.behaviour.", "ti.", "dns.dangling-", "process.lineage.");

    /**
     * Whether this detection's {@code decoded} says what a detector observed (such as "10 failed
     * logins in 30 s on /wp-login.php") instead of decoding {@code value}; shown as such, never
     * as "decoded".
     */
    public boolean observation() {
        return isObservationRule(ruleId);
    }

    /** Whether detections of this rule id are observations (see {@link #observation()}). */
    public static boolean isObservationRule(String ruleId) {
        for (String p : OBSERVATION_RULE_PREFIXES) {
            if (ruleId.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
