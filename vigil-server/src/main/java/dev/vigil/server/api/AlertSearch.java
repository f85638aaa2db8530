package dev.vigil.server.api;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertStatus;
import dev.vigil.alert.Evidence;
import dev.vigil.catalogue.Severity;
import dev.vigil.server.HttpError;
import dev.vigil.server.StoreGate;
import dev.vigil.store.AlertPage;
import dev.vigil.store.AlertQuery;
import dev.vigil.store.StoredAlert;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An alert list request: filters, sort and page, read from query parameters (the API's and the
 * dashboard's are the same), and how it is answered from the store.
 *
 * <p>The store filters by status, severity (minimum or exact), type, client IP, host and time
 * range, each through an index in the list order (most recently seen first), and pages with a
 * keyset cursor: a request in that order reads only its page, however deep and however large
 * the store. Free text, which no index answers, and the other sorts are answered from the
 * {@value #SCAN_CAP} most recent alerts that the store's filters give, and say so
 * ({@code truncated}); their cursor is an offset into that.
 *
 * @param statuses    any of these (empty: all)
 * @param severities  exactly these (empty: all)
 * @param minSeverity at or above
 * @param type        alert type name
 * @param ip          client IP
 * @param host        host (the resource)
 * @param since       last seen at or after (epoch ms)
 * @param until       first seen at or before (epoch ms)
 * @param text        free text: in the id, type, entities or evidence (any case)
 * @param sort        {@code lastSeen}, {@code firstSeen}, {@code severity}, {@code count} or
 *                    {@code confidence}; a leading {@code -} sorts descending
 * @param limit       page size, 1 to {@value #MAX_LIMIT}
 * @param offset      where the page starts in a scanned request (from the cursor)
 * @param keyset      the store's cursor, where a request in the list order continues; or null
 *
 * <p>Immutable and thread-safe.
 */
public record AlertSearch(Set<AlertStatus> statuses, Set<Severity> severities, Severity minSeverity, String type,
                          String ip, String host, Long since, Long until, String text, String sort, int limit,
                          int offset, String keyset) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;
    /** Alerts read at most to answer a request the store cannot filter or sort for alone. */
    public static final int SCAN_CAP = 10_000;
    static final List<String> SORTS = List.of("lastSeen", "firstSeen", "severity", "count", "confidence");

    /** A page of alerts and how to get the next. */
    public record Result(List<StoredAlert> alerts, String nextCursor, boolean truncated) {}

    /** Reads the parameters; a bad value is a 400 naming it. */
    public static AlertSearch parse(Function<String, String> param) {
        Set<AlertStatus> statuses = EnumSet.noneOf(AlertStatus.class);
        for (String s : csv(param.apply("status"))) {
            statuses.add(AlertStatus.parse(s));
        }
        Set<Severity> severities = EnumSet.noneOf(Severity.class);
        for (String s : csv(param.apply("severity"))) {
            severities.add(Severity.parse(s));
        }
        String min = blankToNull(param.apply("minSeverity"));
        String sort = blankToNull(param.apply("sort"));
        if (sort != null && !SORTS.contains(sort.startsWith("-") ? sort.substring(1) : sort)) {
            throw HttpError.badRequest("sort: expected one of " + SORTS + ", optionally with a leading '-'");
        }
        int limit = DEFAULT_LIMIT;
        String l = blankToNull(param.apply("limit"));
        if (l != null) {
            try {
                limit = Integer.parseInt(l);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw HttpError.badRequest("limit: expected 1 to " + MAX_LIMIT);
            }
        }
        String host = blankToNull(param.apply("host"));
        if (host == null) {
            host = blankToNull(param.apply("resource"));
        }
        String cursor = blankToNull(param.apply("cursor"));
        return new AlertSearch(statuses, severities, min == null ? null : Severity.parse(min),
                blankToNull(param.apply("type")), blankToNull(param.apply("ip")), host,
                time("since", param.apply("since"), false), time("until", param.apply("until"), true),
                blankToNull(param.apply("q")), sort == null ? "-lastSeen" : sort, limit,
                cursorOffset(cursor), keyset(cursor));
    }

    /** Whether the store answers this request alone, in its order, page by page. */
    boolean inListOrder() {
        return text == null && sort.equals("-lastSeen");
    }

    /** Runs the search. */
    public Result run(StoreGate store) {
        AlertQuery q = new AlertQuery(statuses, minSeverity, type, since, until, null, 0, null)
                .exactly(severities, ip, host);
        if (inListOrder()) {
            if (offset > 0) {
                // an offset cursor from a scanned request, reused without its text or sort
                throw HttpError.badRequest("cursor: not a cursor this server gave for these parameters");
            }
            AlertPage page;
            try {
                page = store.call("list", s -> s.page(q.withLimit(limit).after(keyset)));
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest("cursor: not a cursor this server gave");
            }
            return new Result(page.alerts(), page.nextCursor(), false);
        }
        if (keyset != null) {
            throw HttpError.badRequest("cursor: not a cursor this server gave for these parameters");
        }
        List<StoredAlert> got = store.call("list", s -> s.list(q.withLimit(SCAN_CAP + 1)));
        boolean truncated = got.size() > SCAN_CAP;
        if (truncated) {
            got = got.subList(0, SCAN_CAP);
        }
        List<StoredAlert> rows = new ArrayList<>(got.size());
        Predicate<StoredAlert> keep = keep();
        for (StoredAlert a : got) {
            if (keep.test(a)) {
                rows.add(a);
            }
        }
        rows.sort(comparator());
        int from = Math.min(offset, rows.size());
        int to = Math.min(from + limit, rows.size());
        String next = to < rows.size() ? cursor(to) : null;
        return new Result(List.copyOf(rows.subList(from, to)), next, truncated);
    }

    /** The filter the store does not apply: free text (the others it did hold again, harmlessly). */
    private Predicate<StoredAlert> keep() {
        String needle = text == null ? null : text.toLowerCase(Locale.ROOT);
        return s -> needle == null || mentions(s, needle);
    }

    private static boolean mentions(StoredAlert s, String needle) {
        Alert a = s.alert();
        if (a.id().toLowerCase(Locale.ROOT).contains(needle) || a.type().name().toLowerCase(Locale.ROOT).contains(needle)
                || a.type().displayName().toLowerCase(Locale.ROOT).contains(needle)) {
            return true;
        }
        for (String v : a.entities().values()) {
            if (v.toLowerCase(Locale.ROOT).contains(needle)) {
                return true;
            }
        }
        for (Evidence e : a.evidence()) {
            if ((e.value() != null && e.value().toLowerCase(Locale.ROOT).contains(needle))
                    || (e.decoded() != null && e.decoded().toLowerCase(Locale.ROOT).contains(needle))) {
                return true;
            }
        }
        return false;
    }

    private Comparator<StoredAlert> comparator() {
        boolean desc = sort.startsWith("-");
        String key = desc ? sort.substring(1) : sort;
        Comparator<StoredAlert> c = switch (key) {
            case "firstSeen" -> Comparator.comparingLong(s -> s.alert().firstSeen());
            case "severity" -> Comparator.comparing(s -> s.alert().severity());
            case "count" -> Comparator.comparingLong(s -> s.alert().count());
            case "confidence" -> Comparator.comparingInt(s -> s.alert().confidence());
            default -> Comparator.comparingLong(s -> s.alert().lastSeen());
        };
        if (desc) {
            c = c.reversed();
        }
        // ties: most recent first, then by id, so pages never overlap or skip
        return c.thenComparing(Comparator.comparingLong((StoredAlert s) -> s.alert().lastSeen()).reversed())
                .thenComparing(s -> s.alert().id());
    }

    /**
     * An opaque cursor for the page after {@code offset} rows of a scanned request (free text or
     * another sort). Requests in the list order use the store's keyset cursor instead
     * ({@link #keyset}); both are base64 and tell themselves apart by what they hold.
     */
    static String cursor(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("o:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    /** The offset an offset cursor holds, 0 for none or for a keyset cursor; a 400 for anything else. */
    static int cursorOffset(String cursor) {
        if (cursor == null) {
            return 0;
        }
        String s = decoded(cursor);
        if (s.startsWith("o:")) {
            try {
                int o = Integer.parseInt(s.substring(2));
                if (o >= 0 && o <= SCAN_CAP * 100) {
                    return o;
                }
            } catch (NumberFormatException e) {
                // falls through to the 400
            }
        } else if (s.startsWith("v1:")) {
            return 0; // the store's; it checks the rest
        }
        throw HttpError.badRequest("cursor: not a cursor this server gave");
    }

    /** The store's keyset cursor, passed on as it came, or null. */
    static String keyset(String cursor) {
        return cursor != null && decoded(cursor).startsWith("v1:") ? cursor : null;
    }

    private static String decoded(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("cursor: not a cursor this server gave");
        }
    }

    /** An ISO-8601 instant ({@code 2025-01-02T03:04:05Z}), a date (that day's start; its end for {@code until}) or epoch ms. */
    static Long time(String name, String v, boolean endOfDay) {
        String s = blankToNull(v);
        if (s == null) {
            return null;
        }
        try {
            if (s.chars().allMatch(Character::isDigit)) {
                return Long.parseLong(s);
            }
            if (s.length() == 10) {
                LocalDate d = LocalDate.parse(s);
                return (endOfDay ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() - (endOfDay ? 1 : 0);
            }
            return Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw HttpError.badRequest(name + ": expected a UTC time (2025-01-02T03:04:05Z), a date or epoch milliseconds");
        }
    }

    private static List<String> csv(String v) {
        List<String> out = new ArrayList<>();
        if (v != null) {
            for (String p : v.split(",")) {
                if (!p.isBlank()) {
                    out.add(p.trim());
                }
            }
        }
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
