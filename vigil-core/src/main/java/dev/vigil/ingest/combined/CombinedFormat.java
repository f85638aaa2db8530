package dev.vigil.ingest.combined;

import static dev.vigil.ingest.Bytes.isBlank;

import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import dev.vigil.ingest.Escapes;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.Timestamps;
import java.nio.charset.StandardCharsets;

/**
 * The NCSA common and combined access-log formats that nginx and Apache write by default:
 * <pre>
 * 203.0.113.9 - alice [10/Oct/2000:13:55:36 -0700] "GET /a?b=c HTTP/1.1" 200 2326 "http://ref/" "Mozilla/5.0"
 * </pre>
 * One tolerant parser serves both names: the referer and user agent are optional, and fields a
 * server appends after the user agent are kept in {@code extra} as {@code trailing}. Quoted fields
 * may hold nginx ({@code \x22}) or Apache ({@code \"}) escapes; a raw quote inside the request line
 * or the user agent, as old servers wrote them, is tolerated where the layout leaves no doubt.
 *
 * <p>Parses by index scanning over the line's bytes. Stateless, immutable and thread-safe.
 */
public final class CombinedFormat implements LineFormat, LineParser {
    public static final CombinedFormat COMBINED = new CombinedFormat("combined");
    public static final CombinedFormat COMMON = new CombinedFormat("common");

    private final String name;

    private CombinedFormat(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public LineParser newParser() {
        return this;
    }

    @Override
    public Event parse(Line line, Rejects rejects) {
        final byte[] b = line.buf();
        final int start = line.off();
        int end = line.end();
        if (end > start && b[end - 1] == '\r') {
            end--;
        }
        if (isBlank(b, start, end)) {
            return null;
        }
        int p = start;

        // client address
        int sp = indexOf(b, p, end, (byte) ' ');
        if (sp <= p) {
            return reject(rejects, "expected a client address followed by a space", 1);
        }
        String client = ascii(b, p, sp);
        p = sp + 1;

        // identd field, then user up to " ["
        sp = indexOf(b, p, end, (byte) ' ');
        if (sp < 0) {
            return reject(rejects, "expected the identity field after the client address", p - start + 1);
        }
        p = sp + 1;
        int bracket = indexOf(b, p, end, (byte) '[');
        if (bracket < 0 || bracket == p || b[bracket - 1] != ' ') {
            return reject(rejects, "expected ' [' before the time", p - start + 1);
        }
        String user = dashToNull(b, p, bracket - 1);
        int close = indexOf(b, bracket + 1, end, (byte) ']');
        if (close < 0) {
            return reject(rejects, "expected ']' after the time", bracket - start + 2);
        }
        long time = Timestamps.clf(b, bracket + 1, close);
        if (time == Event.NO_TIME) {
            return reject(rejects, "unreadable time '" + safe(b, bracket + 1, close) + "'", bracket - start + 2);
        }
        p = close + 1;
        if (p + 1 >= end || b[p] != ' ' || b[p + 1] != '"') {
            return reject(rejects, "expected ' \"' before the request line", p - start + 1);
        }
        p += 2;

        // request line: ends at the quote that is followed by " <status> "
        int reqEnd = requestEnd(b, p, end);
        if (reqEnd < 0) {
            return reject(rejects, "unterminated request line", p - start);
        }
        HttpRequest.Builder r = HttpRequest.builder(line.origin())
                .timeMillis(time)
                .clientIp(client)
                .user(user);
        splitRequest(b, p, reqEnd, r);
        p = reqEnd + 2;

        // status
        sp = indexOfOrEnd(b, p, end, (byte) ' ');
        int status = number(b, p, sp);
        if (status == -2 || status > 999) {
            return reject(rejects, "expected a status code after the request line, found '"
                    + safe(b, p, sp) + "'", p - start + 1);
        }
        r.status(status);
        p = sp + 1;

        // bytes
        if (p >= end) {
            return reject(rejects, "expected the response size after the status", p - start + 1);
        }
        sp = indexOfOrEnd(b, p, end, (byte) ' ');
        long bytes = longNumber(b, p, sp);
        if (bytes == -2) {
            return reject(rejects, "expected the response size after the status, found '"
                    + safe(b, p, sp) + "'", p - start + 1);
        }
        r.bytes(bytes);
        p = sp + 1;
        if (p >= end) {
            return r.build(); // common format
        }

        // referer
        if (b[p] != '"') {
            r.extra("trailing", Escapes.decode(b, p, end));
            return r.build();
        }
        int refEnd = quotedEnd(b, p + 1, end);
        if (refEnd < 0) {
            return reject(rejects, "unterminated referer", p - start + 1);
        }
        r.referer(quotedValue(b, p + 1, refEnd));
        p = refEnd + 1;
        if (p >= end) {
            return r.build();
        }
        if (b[p] != ' ' || p + 1 >= end || b[p + 1] != '"') {
            return reject(rejects, "expected ' \"' before the user agent", p - start + 1);
        }
        p += 2;

        // user agent: the last quoted field; when the line ends with a quote, that quote closes it,
        // which tolerates raw quotes inside the agent string
        int uaEnd;
        if (b[end - 1] == '"' && end - 1 >= p) {
            uaEnd = end - 1;
        } else {
            uaEnd = quotedEnd(b, p, end);
            if (uaEnd < 0) {
                return reject(rejects, "unterminated user agent", p - start);
            }
        }
        r.userAgent(quotedValue(b, p, uaEnd));
        p = uaEnd + 1;
        if (p < end) {
            int t = p;
            while (t < end && b[t] == ' ') {
                t++;
            }
            if (t < end) {
                r.extra("trailing", Escapes.decode(b, t, end));
            }
        }
        return r.build();
    }

    /** The index of the quote closing the request line, or -1. */
    private static int requestEnd(byte[] b, int from, int end) {
        int q = from;
        int fallback = -1;
        while (true) {
            q = quotedEnd(b, q, end);
            if (q < 0) {
                // no quote is followed by a status: take the first quote followed by a space, so
                // the reject names the bad status instead of an unterminated request
                return fallback;
            }
            // accept when followed by " NNN " or " - "
            if (q + 2 < end && b[q + 1] == ' ' && (isDigit(b[q + 2]) || b[q + 2] == '-')) {
                return q;
            }
            if (fallback < 0 && q + 1 < end && b[q + 1] == ' ') {
                fallback = q;
            }
            q++;
        }
    }

    /** The index of the next unescaped quote at or after {@code from}, or -1. */
    private static int quotedEnd(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            byte c = b[i];
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    private static void splitRequest(byte[] b, int from, int to, HttpRequest.Builder r) {
        if (to - from == 1 && b[from] == '-') {
            return; // nginx writes "-" when the client sent no request line
        }
        boolean escaped = indexOf(b, from, to, (byte) '\\') >= 0;
        int s1 = indexOf(b, from, to, (byte) ' ');
        int s2 = s1 < 0 ? -1 : lastIndexOf(b, s1 + 1, to, (byte) ' ');
        if (s1 > from && s2 > s1 + 1 && isMethod(b, from, s1) && isProtocol(b, s2 + 1, to)) {
            r.method(ascii(b, from, s1));
            r.target(escaped ? Escapes.decode(b, s1 + 1, s2) : utf8(b, s1 + 1, s2));
            r.protocol(ascii(b, s2 + 1, to));
        } else if (s1 > from && isMethod(b, from, s1) && s2 < 0) {
            r.method(ascii(b, from, s1)); // HTTP/0.9 style "GET /"
            r.target(escaped ? Escapes.decode(b, s1 + 1, to) : utf8(b, s1 + 1, to));
        } else {
            // not a request line (TLS handshakes, junk from scanners): keep it all as the target
            r.target(escaped ? Escapes.decode(b, from, to) : utf8(b, from, to));
        }
    }

    private static boolean isMethod(byte[] b, int from, int to) {
        if (to - from > 32) {
            return false;
        }
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isProtocol(byte[] b, int from, int to) {
        return to - from >= 5 && to - from <= 16 && (b[from] == 'H' || b[from] == 'h')
                && indexOf(b, from, to, (byte) '/') > from;
    }

    private static String quotedValue(byte[] b, int from, int to) {
        if (to - from == 1 && b[from] == '-') {
            return null;
        }
        return Escapes.decode(b, from, to);
    }

    private static String dashToNull(byte[] b, int from, int to) {
        if (to <= from || (to - from == 1 && b[from] == '-')) {
            return null;
        }
        return Escapes.decode(b, from, to);
    }

    private static Event reject(Rejects rejects, String reason, int column) {
        rejects.reject(reason + " at column " + column);
        return null;
    }

    /** -1 for "-", -2 when not a number. */
    private static int number(byte[] b, int from, int to) {
        long v = longNumber(b, from, to);
        return v > Integer.MAX_VALUE ? -2 : (int) v;
    }

    private static long longNumber(byte[] b, int from, int to) {
        if (to - from == 1 && b[from] == '-') {
            return -1;
        }
        if (to <= from || to - from > 18) {
            return -2;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -2;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfOrEnd(byte[] b, int from, int to, byte c) {
        int i = indexOf(b, from, to, c);
        return i < 0 ? to : i;
    }

    private static int lastIndexOf(byte[] b, int from, int to, byte c) {
        for (int i = to - 1; i >= from; i--) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static String ascii(byte[] b, int from, int to) {
        return utf8(b, from, to);
    }

    private static String utf8(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }

    /** A short, printable excerpt for reject reasons (they reach terminals). */
    private static String safe(byte[] b, int from, int to) {
        int n = Math.min(to - from, 40);
        StringBuilder s = new StringBuilder(n);
        for (int i = from; i < from + n; i++) {
            int c = b[i] & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\'') {
                s.append((char) c);
            } else {
                s.append(String.format("\\x%02X", c));
            }
        }
        if (to - from > n) {
            s.append("...");
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return name;
    }
}
