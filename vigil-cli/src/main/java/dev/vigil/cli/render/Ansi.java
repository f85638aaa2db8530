package dev.vigil.cli.render;

import dev.vigil.catalogue.Severity;

/**
 * The few ANSI colours Vigil uses, by severity. Whether to colour at all is the caller's choice
 * (only on a terminal, never when {@code NO_COLOR} is set; see the CLI's Terminals).
 *
 * <p>Static and thread-safe.
 */
public final class Ansi {
    private Ansi() {}

    public static final String RESET = "\u001b[0m";
    public static final String BOLD_RED = "\u001b[1;31m";
    public static final String YELLOW = "\u001b[33m";
    public static final String CYAN = "\u001b[36m";
    public static final String DIM = "\u001b[2m";

    /** The colour of a severity: High bold red, Medium yellow, Low cyan, Informational dim. */
    public static String of(Severity s) {
        return switch (s) {
            case HIGH -> BOLD_RED;
            case MEDIUM -> YELLOW;
            case LOW -> CYAN;
            default -> DIM;
        };
    }

    /** The colour of a severity written as its label ("High"), or null when the text is no severity. */
    public static String ofLabel(String label) {
        for (Severity s : Severity.values()) {
            if (s.label().equalsIgnoreCase(label)) {
                return of(s);
            }
        }
        return null;
    }
}
