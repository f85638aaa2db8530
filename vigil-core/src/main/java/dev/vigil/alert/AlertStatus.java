package dev.vigil.alert;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where an alert is in triage: Active, then InProgress while someone looks at it, then Resolved
 * or Dismissed; a closed alert can be reopened (back to Active). Names are Defender's.
 */
public enum AlertStatus {
    ACTIVE("Active"),
    IN_PROGRESS("InProgress"),
    RESOLVED("Resolved"),
    DISMISSED("Dismissed");

    private final String label;

    AlertStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The statuses this one may change to. */
    public Set<AlertStatus> next() {
        return switch (this) {
            case ACTIVE -> EnumSet.of(IN_PROGRESS, RESOLVED, DISMISSED);
            case IN_PROGRESS -> EnumSet.of(ACTIVE, RESOLVED, DISMISSED);
            case RESOLVED, DISMISSED -> EnumSet.of(ACTIVE);
        };
    }

    public boolean canBecome(AlertStatus to) {
        return next().contains(to);
    }

    /** Parses {@code Active}, {@code in-progress}, {@code InProgress}, {@code in_progress}... */
    public static AlertStatus parse(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(" ", "");
        for (AlertStatus st : values()) {
            if (st.label.toLowerCase(Locale.ROOT).equals(v)) {
                return st;
            }
        }
        throw new IllegalArgumentException("unknown status '" + s
                + "' (expected active, inprogress, resolved or dismissed)");
    }
}
