package dev.vigil.ingest.nginx;

import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import dev.vigil.ingest.Escapes;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.Timestamps;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Access logs written by any nginx {@code log_format}. The format string is compiled once into
 * literals and variables; each line is then matched by index scanning: a variable's value runs to
 * the next occurrence of the literal that follows it in the format. Inside quotes, backslash
 * escapes are stepped over while searching, so an Apache-style {@code \"} does not end a value.
 *
 * <p>Variables that map onto {@link HttpRequest} fields fill those fields; every other variable
 * lands in {@code extra} under its name without {@code $}. When a format holds two variables for
 * the same field ({@code $host} and {@code $server_name}), the more specific one fills the field
 * and the other goes to {@code extra}.
 *
 * <p>Immutable and thread-safe; its parser is stateless and shared.
 */
public final class NginxFormat implements LineFormat {

    // Roles a variable can play; ints rather than an enum so that the hot loop switches on an array.
    private static final int EXTRA = 0;
    private static final int CLIENT_IP = 1;
    private static final int BINARY_CLIENT_IP = 2;
    private static final int USER = 3;
    private static final int TIME_LOCAL = 4;
    private static final int TIME_ISO = 5;
    private static final int MSEC = 6;
    private static final int REQUEST = 7;
    private static final int METHOD = 8;
    private static final int REQUEST_URI = 9;
    private static final int URI = 10;
    private static final int ARGS = 11;
    private static final int STATUS = 12;
    private static final int BYTES = 13;
    private static final int REFERER = 14;
    private static final int USER_AGENT = 15;
    private static final int REQUEST_TIME = 16;
    private static final int HOST = 17;

    private final String logFormat;
    private final Parser parser;

    /**
     * @param logFormat the {@code log_format} string as written in {@code nginx.conf}, without the
     *                  surrounding quotes, such as
     *                  {@code $remote_addr - $remote_user [$time_local] "$request" $status ...}
     * @throws IllegalArgumentException when the format has no variables, a malformed variable, or
     *                                  two variables with no literal text between them
     */
    public NginxFormat(String logFormat) {
        if (logFormat == null || logFormat.isEmpty()) {
            throw new IllegalArgumentException("nginx log_format is empty");
        }
        this.logFormat = logFormat;
        this.parser = compile(logFormat);
    }

    @Override
    public String name() {
        return "nginx";
    }

    @Override
    public LineParser newParser() {
        return parser;
    }

    /** The format string this instance was compiled from. */
    public String logFormat() {
        return logFormat;
    }

    @Override
    public String toString() {
        return "nginx[" + logFormat + "]";
    }

    private static Parser compile(String fmt) {
        List<String> literals = new ArrayList<>();
        List<String> names = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        while (i < fmt.length()) {
            char c = fmt.charAt(i);
            if (c != '$') {
                lit.append(c);
                i++;
                continue;
            }
            String name;
            int start = i;
            if (i + 1 < fmt.length() && fmt.charAt(i + 1) == '{') {
                int close = fmt.indexOf('}', i + 2);
                if (close < 0) {
                    throw new IllegalArgumentException("nginx log_format: '${' at index " + start
                            + " has no closing '}': " + fmt);
                }
                name = fmt.substring(i + 2, close);
                i = close + 1;
            } else {
                int j = i + 1;
                while (j < fmt.length() && isNameChar(fmt.charAt(j))) {
                    j++;
                }
                name = fmt.substring(i + 1, j);
                i = j;
            }
            if (name.isEmpty() || !name.chars().allMatch(ch -> isNameChar((char) ch))) {
                throw new IllegalArgumentException("nginx log_format: invalid variable name '"
                        + fmt.substring(start, i) + "' at index " + start + ": " + fmt);
            }
            if (!names.isEmpty() && lit.length() == 0) {
                throw new IllegalArgumentException("nginx log_format: $" + names.get(names.size() - 1)
                        + " and $" + name + " have no literal text between them, so their values"
                        + " cannot be told apart: " + fmt);
            }
            literals.add(lit.toString());
            lit.setLength(0);
            names.add(name);
        }
        literals.add(lit.toString());
        if (names.isEmpty()) {
            throw new IllegalArgumentException("nginx log_format has no variables: " + fmt);
        }

        Set<String> present = new HashSet<>(names);
        int n = names.size();
        int[] roles = new int[n];
        boolean[] quoted = new boolean[n];
        byte[][] lits = new byte[n + 1][];
        String[] litText = new String[n + 1];
        for (int v = 0; v <= n; v++) {
            lits[v] = literals.get(v).getBytes(StandardCharsets.UTF_8);
            litText[v] = literals.get(v);
        }
        for (int v = 0; v < n; v++) {
            roles[v] = role(names.get(v), present);
            String before = literals.get(v);
            quoted[v] = !before.isEmpty() && before.charAt(before.length() - 1) == '"';
        }
        return new Parser(names.toArray(new String[0]), roles, quoted, lits, litText);
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    private static int role(String name, Set<String> present) {
        switch (name) {
            case "remote_addr": return CLIENT_IP;
            case "binary_remote_addr": return present.contains("remote_addr") ? EXTRA : BINARY_CLIENT_IP;
            case "remote_user": return USER;
            case "time_local": return TIME_LOCAL;
            case "time_iso8601": return present.contains("time_local") ? EXTRA : TIME_ISO;
            case "msec":
                return present.contains("time_local") || present.contains("time_iso8601") ? EXTRA : MSEC;
            case "request": return REQUEST;
            case "request_method": return METHOD;
            case "request_uri": return REQUEST_URI;
            case "uri": return URI;
            case "args": case "query_string": return ARGS;
            case "status": return STATUS;
            case "body_bytes_sent": return BYTES;
            // $bytes_sent counts headers too; the event's field is the body size.
            case "bytes_sent": return present.contains("body_bytes_sent") ? EXTRA : BYTES;
            case "http_referer": return REFERER;
            case "http_user_agent": return USER_AGENT;
            case "request_time": return REQUEST_TIME;
            // $host is nginx's best guess at the requested site; the others are fallbacks.
            case "host": return HOST;
            case "http_host": return present.contains("host") ? EXTRA : HOST;
            case "server_name":
                return present.contains("host") || present.contains("http_host") ? EXTRA : HOST;
            default: return EXTRA;
        }
    }

    /** The compiled format. Immutable and thread-safe. */
    private static final class Parser implements LineParser {
        private final String[] names;
        private final int[] roles;
        private final boolean[] quoted;
        /** {@code lits[v]} precedes variable {@code v}; {@code lits[n]} ends the line. */
        private final byte[][] lits;
        private final String[] litText;

        Parser(String[] names, int[] roles, boolean[] quoted, byte[][] lits, String[] litText) {
            this.names = names;
            this.roles = roles;
            this.quoted = quoted;
            this.lits = lits;
            this.litText = litText;
        }

        @Override
        public Event parse(Line line, Rejects rejects) {
            byte[] b = line.buf();
            int start = line.off();
            int end = line.end();
            if (end > start && b[end - 1] == '\r') {
                end--;
            }
            if (isBlank(b, start, end)) {
                return null;
            }
            if (!matches(b, start, end, lits[0])) {
                return reject(rejects, "expected '" + litText[0] + "' before $" + names[0] + " at column 1");
            }
            HttpRequest.Builder out = HttpRequest.builder(line.origin());
            String requestTarget = null;
            String requestUri = null;
            String uri = null;
            String args = null;
            int pos = start + lits[0].length;
            int n = names.length;
            for (int v = 0; v < n; v++) {
                byte[] next = lits[v + 1];
                int vs = pos;
                int ve;
                if (next.length == 0) {
                    // Only the last variable can have no literal after it (compile() enforces that).
                    ve = end;
                    pos = end;
                } else {
                    ve = find(b, vs, end, next, quoted[v]);
                    if (ve < 0) {
                        return reject(rejects, "expected '" + litText[v + 1] + "' after $" + names[v]
                                + " at column " + (expectedAt(b, vs, end, next[0], quoted[v]) - start + 1));
                    }
                    pos = ve + next.length;
                }
                if (v == n - 1 && pos != end) {
                    return reject(rejects, "expected end of line after '" + litText[n] + "' at column "
                            + (pos - start + 1));
                }
                if (ve == vs || (ve - vs == 1 && b[vs] == '-')) {
                    continue; // "-" and "" both mean nginx had no value
                }
                int role = roles[v];
                switch (role) {
                    case CLIENT_IP: out.clientIp(Escapes.decode(b, vs, ve)); break;
                    case BINARY_CLIENT_IP: out.clientIp(binaryAddress(b, vs, ve)); break;
                    case USER: out.user(Escapes.decode(b, vs, ve)); break;
                    case REFERER: out.referer(Escapes.decode(b, vs, ve)); break;
                    case USER_AGENT: out.userAgent(Escapes.decode(b, vs, ve)); break;
                    case HOST: out.host(Escapes.decode(b, vs, ve)); break;
                    case METHOD: out.method(Escapes.decode(b, vs, ve)); break;
                    case REQUEST_URI: requestUri = Escapes.decode(b, vs, ve); break;
                    case URI: uri = Escapes.decode(b, vs, ve); break;
                    case ARGS: args = Escapes.decode(b, vs, ve); break;
                    case REQUEST: {
                        String req = Escapes.decode(b, vs, ve);
                        int s1 = req.indexOf(' ');
                        int s2 = req.lastIndexOf(' ');
                        if (s1 > 0 && s2 > s1 + 1 && isToken(req, s1)
                                && req.regionMatches(true, s2 + 1, "HTTP/", 0, 5)) {
                            out.method(req.substring(0, s1));
                            requestTarget = req.substring(s1 + 1, s2);
                            out.protocol(req.substring(s2 + 1));
                        } else {
                            // Scanners send junk here; keep all of it for the detectors.
                            requestTarget = req;
                        }
                        break;
                    }
                    case STATUS: {
                        long s = digits(b, vs, ve, 9);
                        if (s < 0) {
                            return invalid(rejects, v, b, vs, ve, start);
                        }
                        out.status((int) s);
                        break;
                    }
                    case BYTES: {
                        long s = digits(b, vs, ve, 18);
                        if (s < 0) {
                            return invalid(rejects, v, b, vs, ve, start);
                        }
                        out.bytes(s);
                        break;
                    }
                    case REQUEST_TIME: {
                        long ms = secondsToMillis(b, vs, ve);
                        if (ms < 0) {
                            return invalid(rejects, v, b, vs, ve, start);
                        }
                        out.durationMs(ms);
                        break;
                    }
                    case MSEC: {
                        long ms = secondsToMillis(b, vs, ve);
                        if (ms < 0) {
                            return invalid(rejects, v, b, vs, ve, start);
                        }
                        out.timeMillis(ms);
                        break;
                    }
                    case TIME_LOCAL: {
                        long t = Timestamps.clf(b, vs, ve);
                        if (t == Event.NO_TIME) {
                            return invalid(rejects, v, b, vs, ve, start);
                        }
                        out.timeMillis(t);
                        break;
                    }
                    case TIME_ISO: {
                        long t = Timestamps.iso(Escapes.decode(b, vs, ve));
                        if (t == Event.NO_TIME) {
                            return invalid(rejects, v, b, vs, ve, start);
                        }
                        out.timeMillis(t);
                        break;
                    }
                    default:
                        out.extra(names[v], Escapes.decode(b, vs, ve));
                }
            }
            if (requestUri != null) {
                out.target(requestUri);
            } else if (requestTarget != null) {
                out.target(requestTarget);
            } else if (uri != null) {
                out.target(args == null ? uri : uri + '?' + args);
            }
            return out.build();
        }

        private Event invalid(Rejects rejects, int v, byte[] b, int vs, int ve, int start) {
            String value = new String(b, vs, Math.min(ve - vs, 40), StandardCharsets.UTF_8);
            return reject(rejects, "invalid $" + names[v] + " '" + value + (ve - vs > 40 ? "...'" : "'")
                    + " at column " + (vs - start + 1));
        }

        private static Event reject(Rejects rejects, String reason) {
            rejects.reject(reason);
            return null;
        }

        private static boolean isBlank(byte[] b, int from, int to) {
            for (int i = from; i < to; i++) {
                if (b[i] != ' ' && b[i] != '\t') {
                    return false;
                }
            }
            return true;
        }

        private static boolean matches(byte[] b, int at, int end, byte[] lit) {
            if (end - at < lit.length) {
                return false;
            }
            for (int k = 0; k < lit.length; k++) {
                if (b[at + k] != lit[k]) {
                    return false;
                }
            }
            return true;
        }

        /** First index {@code >= from} where {@code lit} starts, stepping over escapes if asked. */
        private static int find(byte[] b, int from, int end, byte[] lit, boolean skipEscapes) {
            byte first = lit[0];
            int last = end - lit.length;
            for (int i = from; i <= last; i++) {
                byte c = b[i];
                if (c == first && matches(b, i, end, lit)) {
                    return i;
                }
                if (skipEscapes && c == '\\') {
                    i++;
                }
            }
            return -1;
        }

        /**
         * Where the missing literal most likely belonged, for the reject reason: the first place its
         * first byte appears (the rest did not match there), else the end of the line.
         */
        private static int expectedAt(byte[] b, int from, int end, byte first, boolean skipEscapes) {
            for (int i = from; i < end; i++) {
                if (b[i] == first) {
                    return i;
                }
                if (skipEscapes && b[i] == '\\') {
                    i++;
                }
            }
            return end;
        }

        private static boolean isToken(String s, int to) {
            for (int i = 0; i < to; i++) {
                char c = s.charAt(i);
                boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
                if (!ok) {
                    return false;
                }
            }
            return true;
        }

        /** Unsigned decimal of at most {@code maxDigits} digits, or -1. */
        private static long digits(byte[] b, int from, int to, int maxDigits) {
            if (to - from > maxDigits) {
                return -1;
            }
            long v = 0;
            for (int i = from; i < to; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    return -1;
                }
                v = v * 10 + d;
            }
            return v;
        }

        /** {@code 12.345} seconds as 12345 ms (fraction digits past the third are rounded), or -1. */
        private static long secondsToMillis(byte[] b, int from, int to) {
            int dot = from;
            while (dot < to && b[dot] != '.') {
                dot++;
            }
            if (dot == from || dot - from > 12) {
                return -1;
            }
            long whole = digits(b, from, dot, 12);
            if (whole < 0) {
                return -1;
            }
            long millis = 0;
            int scale = 100;
            boolean roundUp = false;
            for (int i = dot + 1; i < to; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    return -1;
                }
                if (scale > 0) {
                    millis += d * scale;
                    scale /= 10;
                } else if (i == dot + 4) {
                    roundUp = d >= 5;
                }
            }
            if (dot + 1 == to && dot < to) {
                return -1; // "12." is not a number nginx writes
            }
            return whole * 1000 + millis + (roundUp ? 1 : 0);
        }

        private static String binaryAddress(byte[] b, int from, int to) {
            byte[] addr = Escapes.decodeBytes(b, from, to);
            if (addr.length == 4 || addr.length == 16) {
                try {
                    return InetAddress.getByAddress(addr).getHostAddress();
                } catch (UnknownHostException e) {
                    // getByAddress only throws for other lengths; fall through to the text form
                }
            }
            return Escapes.decode(b, from, to);
        }
    }
}
