package dev.vigil.server.auth;

import java.util.Locale;

/**
 * What a token or a signed-in person may do. Viewers read; analysts also change statuses and
 * suppression rules; admins also manage tokens, feeds and rules. {@link #BOUNCER} stands apart:
 * a blocking bouncer's key reads the decisions stream and nothing else, so a key copied onto a
 * firewall box cannot read alerts.
 */
public enum Role {
    VIEWER,
    ANALYST,
    ADMIN,
    BOUNCER;

    /** Whether this role may use a route that needs {@code needed}. */
    public boolean allows(Role needed) {
        if (this == BOUNCER || needed == BOUNCER) {
            return this == needed;
        }
        return ordinal() >= needed.ordinal();
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code viewer}, {@code analyst}, {@code admin} or {@code bouncer}, in any case. */
    public static Role parse(String s) {
        for (Role r : values()) {
            if (r.label().equalsIgnoreCase(s == null ? "" : s.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + s + "' (expected viewer, analyst, admin or bouncer)");
    }
}
