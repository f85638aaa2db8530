package dev.vigil.ingest.dns;

import dev.vigil.ingest.Bytes;
import dev.vigil.event.DnsQuery;
import dev.vigil.event.Event;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.SyslogTime;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * BIND 9 query logs ({@code querylog yes;}, the {@code queries} category), written to a file
 * channel or through syslog:
 * <pre>
 * 28-Nov-2026 10:00:00.123 queries: info: client @0x7f0a2c0 192.0.2.1#53211 (example.com): query: example.com IN A +E(0)K (192.0.2.53)
 * Nov 28 10:00:00 ns1 named[812]: client 192.0.2.1#53211 (example.com): view internal: query: example.com IN A + (192.0.2.53)
 * </pre>
 * The client is the address before {@code #port}; the resource ({@code host}) is the syslog host,
 * else the server address in the last parentheses. BIND does not log the answer's code in this
 * category, so {@code responseCode} stays null. The class, flags, server address and view go to
 * {@code extra}. Other {@code named} messages (zone loads, denied queries) carry no event; lines
 * that are not BIND's at all are rejected. Times are UTC (see {@link SyslogTime}).
 *
 * <p>Parses by index scanning. Immutable and thread-safe; its parser is stateless and shared.
 */
public final class BindQueryFormat implements LineFormat, LineParser {
    public static final BindQueryFormat INSTANCE = new BindQueryFormat(Clock.systemUTC());

    private final Clock clock;

    /** @param clock gives the year of syslog time stamps, which carry none */
    public BindQueryFormat(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "bind-query";
    }

    @Override
    public LineParser newParser() {
        return this;
    }

    @Override
    public Event parse(Line line, Rejects rejects) {
        byte[] b = line.buf();
        int start = line.off();
        int end = line.end();
        end = Bytes.trimEnd(b, start, end);
        start = Bytes.skipBlanks(b, start, end);
        if (start == end) {
            return null;
        }
        long time = Event.NO_TIME;
        String syslogHost = null;
        int p = start;
        if (isDigit(b[start])) {
            long[] t = SyslogTime.bind(b, start, end);
            if (t == null) {
                return reject(rejects, "expected a BIND time stamp such as 28-Nov-2026 10:00:00.000 at column 1");
            }
            time = t[0];
            p = (int) t[1];
        } else if (end - start > SyslogTime.BSD_LENGTH && b[start + 3] == ' ' && isLetter(b[start])) {
            time = SyslogTime.bsd(b, start, end, clock);
            if (time == Event.NO_TIME) {
                return reject(rejects, "expected a syslog time stamp such as 'Nov 28 10:00:00' at column 1");
            }
            p = start + SyslogTime.BSD_LENGTH;
            p = Bytes.skipBlanks(b, p, end);
            int t1 = tokenEnd(b, p, end);
            if (t1 > p && b[t1 - 1] != ':') {
                syslogHost = text(b, p, t1);
                p = Bytes.skipBlanks(b, t1, end);
            }
        }
        int client = find(b, p, end, "client ");
        if (client < 0) {
            if (find(b, p, end, "named[") >= 0 || find(b, p, end, "queries:") >= 0) {
                return null; // another named message
            }
            return reject(rejects, "not a BIND query log line (no 'client ' after the time)");
        }
        int q = find(b, client, end, "query:");
        if (q < 0) {
            return null; // a client message that is not a query log entry ("query (cache) ... denied")
        }
        p = Bytes.skipBlanks(b, client + "client ".length(), end);
        if (p + 1 < end && b[p] == '@') {
            p = Bytes.skipBlanks(b, tokenEnd(b, p, end), end); // the client object's address, BIND 9.11+
        }
        int addrEnd = tokenEnd(b, p, end);
        int hash = lastIndexOf(b, p, addrEnd, (byte) '#');
        if (hash <= p) {
            return reject(rejects, "expected the client as address#port at column " + (p - start + 1));
        }
        String clientIp = text(b, p, hash);
        String view = null;
        int v = find(b, addrEnd, q, "view ");
        if (v >= 0) {
            int ve = v + 5;
            while (ve < q && b[ve] != ':') {
                ve++;
            }
            view = text(b, v + 5, ve);
        }

        p = Bytes.skipBlanks(b, q + "query:".length(), end);
        int nameEnd = tokenEnd(b, p, end);
        if (nameEnd == p) {
            return reject(rejects, "expected the query name after 'query: ' at column " + (p - start + 1));
        }
        String name = text(b, p, nameEnd);
        p = Bytes.skipBlanks(b, nameEnd, end);
        int classEnd = tokenEnd(b, p, end);
        String qclass = classEnd > p ? text(b, p, classEnd) : null;
        p = Bytes.skipBlanks(b, classEnd, end);
        int typeEnd = tokenEnd(b, p, end);
        if (typeEnd == p) {
            return reject(rejects, "expected the class and type after the query name at column " + (p - start + 1));
        }
        String type = text(b, p, typeEnd);
        p = Bytes.skipBlanks(b, typeEnd, end);
        String flags = null;
        String server = null;
        if (p < end && b[p] != '(') {
            int fe = tokenEnd(b, p, end);
            flags = text(b, p, fe);
            p = Bytes.skipBlanks(b, fe, end);
        }
        if (p < end && b[p] == '(') {
            int close = indexOf(b, p + 1, end, (byte) ')');
            if (close > p + 1) {
                server = text(b, p + 1, close);
            }
        }
        java.util.Map<String, String> extra = new java.util.LinkedHashMap<>();
        put(extra, "class", qclass);
        put(extra, "flags", flags);
        put(extra, "server", server);
        put(extra, "view", view);
        return new DnsQuery(line.origin(), time, clientIp, name, type, null,
                syslogHost != null ? syslogHost : server, extra);
    }

    private static void put(java.util.Map<String, String> m, String k, String v) {
        if (v != null && !v.isEmpty()) {
            m.put(k, v);
        }
    }

    private static Event reject(Rejects rejects, String reason) {
        rejects.reject(reason);
        return null;
    }

    static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    static boolean isLetter(byte c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    static int tokenEnd(byte[] b, int p, int end) {
        while (p < end && b[p] != ' ' && b[p] != '\t') {
            p++;
        }
        return p;
    }

    static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    static int lastIndexOf(byte[] b, int from, int to, byte c) {
        for (int i = to - 1; i >= from; i--) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the ASCII {@code needle} in {@code b[from, to)}, or -1. */
    static int find(byte[] b, int from, int to, String needle) {
        int n = needle.length();
        outer:
        for (int i = from; i <= to - n; i++) {
            for (int k = 0; k < n; k++) {
                if (b[i + k] != needle.charAt(k)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static String text(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return name();
    }
}
