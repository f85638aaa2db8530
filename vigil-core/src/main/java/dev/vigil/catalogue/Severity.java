package dev.vigil.catalogue;

import java.util.Locale;

/** Alert severity, ordered from least to most severe. */
public enum Severity {
    INFORMATIONAL("Informational"),
    LOW("Low"),
    MEDIUM("Medium"),
    HIGH("High");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    /** The name as ALERTS.md and the Defender schema write it: {@code High}, {@code Low}... */
    public String label() {
        return label;
    }

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }

    /** Parses {@code high}, {@code High}, {@code HIGH}, {@code info}, {@code informational}. */
    public static Severity parse(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        if (v.equals("info")) {
            return INFORMATIONAL;
        }
        for (Severity sev : values()) {
            if (sev.name().toLowerCase(Locale.ROOT).equals(v)) {
                return sev;
            }
        }
        throw new IllegalArgumentException(
                "unknown severity '" + s + "' (expected informational, low, medium or high)");
    }
}
