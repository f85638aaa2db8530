package dev.vigil.detect;

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

    /** Rule ids of detectors that count events over a time window (brute force, probing bursts). */
    public static final String WINDOW_RULE_PREFIX = "http.behaviour.";

    /**
     * Whether this detection summarises a window of events: its {@code decoded} is then what the
     * detector observed ("10 failed logins in 30 s on /wp-login.php"), not a decoding of
     * {@code value}, and is shown as such.
     */
    public boolean windowed() {
        return ruleId.startsWith(WINDOW_RULE_PREFIX);
    }
}
