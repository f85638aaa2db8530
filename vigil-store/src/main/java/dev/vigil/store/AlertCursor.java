package dev.vigil.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The position after one alert in the list order (most recently seen first: alerts without a time
 * last, then last seen descending, severity descending, id ascending), as an opaque string.
 *
 * <p>Pages continue with a keyset condition on that order, never an OFFSET: a page costs the same
 * however deep it is, and alerts stored while someone pages neither shift what follows (no alert
 * is shown twice) nor push an alert out of reach (none is skipped). An alert whose last-seen time
 * moves while the pages are read moves in the order too, as it would in any listing.
 *
 * @param untimed  the alert has no last-seen time (they come after every timed one)
 * @param lastSeen its last-seen time (ignored when untimed)
 * @param rank     its severity rank
 * @param id       its id
 *
 * <p>Immutable and thread-safe.
 */
record AlertCursor(boolean untimed, long lastSeen, int rank, String id) {
    private static final Pattern FORMAT = Pattern.compile("v1:([01]):(-?\\d{1,19}):(\\d{1,2}):([0-9a-f]{1,64})");

    String encode() {
        String raw = "v1:" + (untimed ? 1 : 0) + ":" + (untimed ? 0 : lastSeen) + ":" + rank + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    /** The cursor a string encodes; {@link IllegalArgumentException} for anything else. */
    static AlertCursor decode(String cursor) {
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        Matcher m = FORMAT.matcher(raw);
        if (!m.matches()) {
            throw invalid();
        }
        try {
            return new AlertCursor(m.group(1).equals("1"), Long.parseLong(m.group(2)), Integer.parseInt(m.group(3)),
                    m.group(4));
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    private static IllegalArgumentException invalid() {
        return new IllegalArgumentException("invalid cursor: use the cursor a previous page printed");
    }

    /** {@link Schema#ORDER_KEY} of an alert without a time: below every time a log can carry. */
    static final long UNTIMED_KEY = -9223372036854775807L;

    /** This position's {@link Schema#ORDER_KEY}. */
    long key() {
        return untimed ? UNTIMED_KEY : lastSeen;
    }

    /**
     * The SQL condition "comes after this cursor" in the list order, with its arguments added to
     * {@code args}. Written as a range on the order key ({@code key <= ?}) and a test of the
     * rest, so the database starts reading the index at the cursor instead of at the top.
     */
    String after(List<Object> args) {
        args.add(key());
        args.add(key());
        args.add(rank);
        args.add(rank);
        args.add(id);
        return "(" + Schema.ORDER_KEY + " <= ? AND (" + Schema.ORDER_KEY + " < ? OR severity_rank < ? "
                + "OR (severity_rank = ? AND id > ?)))";
    }
}
