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
    BOUNCER,
    /** A log shipper's: only {@code POST /api/ingest}, so a shipper's token cannot read alerts. */
    INGEST;

    /** Whether this role may use a route that needs {@code needed}. */
    public boolean allows(Role needed) {
        if (this == BOUNCER || needed == BOUNCER || this == INGEST || needed == INGEST) {
            return this == needed; // roles apart from the ladder: each its own routes only
        }
        return ordinal() >= needed.ordinal();
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code viewer}, {@code analyst}, {@code admin}, {@code bouncer} or {@code ingest}, in any case. */
    public static Role parse(String s) {
        for (Role r : values()) {
            if (r.label().equalsIgnoreCase(s == null ? "" : s.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + s + "' (expected viewer, analyst, admin, bouncer or ingest)");
    }
}
