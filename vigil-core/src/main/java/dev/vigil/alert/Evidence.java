package dev.vigil.alert;

import dev.vigil.detect.Detection;
import dev.vigil.event.HttpRequest;
import java.util.Objects;

/**
 * One input line behind an alert: where it is, which rule matched which field, the value as
 * logged and as decoded, and for a request its method, status and the query parameter that held
 * the value.
 *
 * <p>Two shapes: a <em>match</em>, where {@code decoded} is {@code value} decoded (what the rule
 * read), and an <em>observation</em> ({@code observation} true), where a detector says what it
 * saw: a window of events ("10 failed logins in 30 s on /wp-login.php"), a feed listing, a
 * dangling DNS record ({@code decoded} is then that sentence, not a decoding of {@code value}).
 * See {@link Detection#observation()}.
 *
 * @param method  the request's method, or null when the event is no request
 * @param status  the request's status, or 0
 * @param param   the query parameter whose value matched, or null
 * @param observation an observation rather than a match (see above)
 *
 * <p>Immutable and thread-safe.
 */
public record Evidence(String source, long line, long timeMillis, String ruleId, String field,
                       String value, String decoded, String method, int status, String param, boolean observation) {
    public Evidence {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(ruleId, "ruleId");
    }

    /** A match without request details (process events, samples, evidence stored before they were kept). */
    public Evidence(String source, long line, long timeMillis, String ruleId, String field, String value, String decoded) {
        this(source, line, timeMillis, ruleId, field, value, decoded, null, 0, null, Detection.isObservationRule(ruleId));
    }

    public static Evidence of(Detection d) {
        String method = null;
        int status = 0;
        String param = null;
        if (d.event() instanceof HttpRequest r) {
            method = r.method();
            status = Math.max(0, r.status()); // -1: not logged
            if ("param_values".equals(d.field()) || "param_names".equals(d.field())) {
                param = paramName(r.query(), d.value(), "param_names".equals(d.field()));
            }
        }
        return new Evidence(d.origin().source(), d.origin().line(), d.event().timeMillis(), d.ruleId(),
                d.field(), cap(d.value()), cap(d.decoded()), method, status, param, d.observation());
    }

    /**
     * Characters of a value an evidence line keeps. An alert keeps up to 100 evidence lines and
     * sends them in every export and webhook POST, so a value is bounded here rather than by the
     * line length a scan allows; 8 KiB is nginx's default limit for a whole request line.
     */
    public static final int MAX_VALUE_CHARS = 8_192;

    /** {@code s} cut to {@link #MAX_VALUE_CHARS}, saying how much was left out; never splits a surrogate pair. */
    static String cap(String s) {
        if (s == null || s.length() <= MAX_VALUE_CHARS) {
            return s;
        }
        int end = MAX_VALUE_CHARS;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…[" + (s.length() - end) + " more characters]";
    }

    /** Whether the decoded value differs from the logged one and is a decoding of it. */
    public boolean decodedDiffers() {
        return !observation && decoded != null && !decoded.equals(value);
    }

    /**
     * The name of the first parameter of {@code query} whose raw value (or, for a name match,
     * raw name) is {@code value}. One pass over the query.
     */
    public static String paramName(String query, String value, boolean isName) {
        if (query == null || value == null) {
            return null;
        }
        int start = 0;
        int n = query.length();
        while (start <= n) {
            int amp = query.indexOf('&', start);
            int end = amp < 0 ? n : amp;
            int eq = query.indexOf('=', start);
            String name = eq < 0 || eq > end ? query.substring(start, end) : query.substring(start, eq);
            if (isName) {
                if (name.equals(value)) {
                    return name;
                }
            } else if (eq >= 0 && eq < end && end - eq - 1 == value.length() && query.startsWith(value, eq + 1)) {
                return name;
            }
            if (amp < 0) {
                break;
            }
            start = amp + 1;
        }
        return null;
    }
}
