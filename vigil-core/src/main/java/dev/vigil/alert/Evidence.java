package dev.vigil.alert;

import dev.vigil.detect.Detection;
import java.util.Objects;

/**
 * One input line behind an alert: where it is, which rule matched which field, and the value
 * as logged and as decoded.
 *
 * <p>Immutable and thread-safe.
 */
public record Evidence(String source, long line, long timeMillis, String ruleId, String field,
                       String value, String decoded) {
    public Evidence {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(ruleId, "ruleId");
    }

    public static Evidence of(Detection d) {
        return new Evidence(d.origin().source(), d.origin().line(), d.event().timeMillis(), d.ruleId(),
                d.field(), d.value(), d.decoded());
    }
}
