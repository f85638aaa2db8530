package dev.vigil.ingest.dns;

import dev.vigil.ingest.Bytes;
import static dev.vigil.ingest.dns.BindQueryFormat.find;
import static dev.vigil.ingest.dns.BindQueryFormat.indexOf;
import static dev.vigil.ingest.dns.BindQueryFormat.isLetter;
import static dev.vigil.ingest.dns.BindQueryFormat.text;
import static dev.vigil.ingest.dns.BindQueryFormat.tokenEnd;

import dev.vigil.event.DnsQuery;
import dev.vigil.event.Event;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.SyslogTime;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * dnsmasq query logs ({@code log-queries}), in its own log file or through syslog:
 * <pre>
 * Nov 28 10:00:00 dnsmasq[1234]: query[A] example.com from 192.0.2.1
 * Nov 28 10:00:00 gw dnsmasq[1234]: 17 192.0.2.1/53211 query[AAAA] example.com from 192.0.2.1
 * </pre>
 * Only {@code query[TYPE]} lines are events. dnsmasq logs the answer on later lines
 * ({@code reply}, {@code cached}, {@code forwarded}, {@code config}); they carry no event here, so
 * {@code responseCode} stays null: joining them would need state across lines and chunks. The
 * syslog host, when written, is the resource. Lines that are not dnsmasq's are rejected. Times are
 * UTC with the year inferred (see {@link SyslogTime}).
 *
 * <p>Parses by index scanning. Immutable and thread-safe; its parser is stateless and shared.
 */
public final class DnsmasqFormat implements LineFormat, LineParser {
    public static final DnsmasqFormat INSTANCE = new DnsmasqFormat(Clock.systemUTC());

    private final Clock clock;

    /** @param clock gives the year of syslog time stamps, which carry none */
    public DnsmasqFormat(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "dnsmasq";
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
        String host = null;
        int p = start;
        if (end - start > SyslogTime.BSD_LENGTH && b[start + 3] == ' ' && isLetter(b[start])) {
            time = SyslogTime.bsd(b, start, end, clock);
            if (time == Event.NO_TIME) {
                return reject(rejects, "expected a syslog time stamp such as 'Nov 28 10:00:00' at column 1");
            }
            p = Bytes.skipBlanks(b, start + SyslogTime.BSD_LENGTH, end);
            int t1 = tokenEnd(b, p, end);
            if (t1 > p && b[t1 - 1] != ':') {
                host = text(b, p, t1);
                p = Bytes.skipBlanks(b, t1, end);
            }
        }
        int prog = find(b, p, end, "dnsmasq");
        if (prog < 0) {
            return reject(rejects, "not a dnsmasq log line (no 'dnsmasq' program name)");
        }
        int colon = indexOf(b, prog, end, (byte) ':');
        if (colon < 0) {
            return reject(rejects, "expected ':' after the dnsmasq program name");
        }
        int q = find(b, colon, end, "query[");
        if (q < 0) {
            return null; // reply, forwarded, cached, config...: about an earlier query
        }
        Map<String, String> extra = new LinkedHashMap<>();
        // log-queries=extra puts a serial number and the client's address/port before "query["
        int before = Bytes.skipBlanks(b, colon + 1, end);
        if (before < q) {
            int s = tokenEnd(b, before, q);
            extra.put("serial", text(b, before, s));
        }
        int close = indexOf(b, q + 6, end, (byte) ']');
        if (close <= q + 6) {
            return reject(rejects, "expected query[TYPE] at column " + (q - start + 1));
        }
        String type = text(b, q + 6, close);
        p = Bytes.skipBlanks(b, close + 1, end);
        int nameEnd = tokenEnd(b, p, end);
        if (nameEnd == p) {
            return reject(rejects, "expected the query name after query[" + type + "] at column " + (p - start + 1));
        }
        String name = text(b, p, nameEnd);
        p = Bytes.skipBlanks(b, nameEnd, end);
        String client = null;
        if (find(b, p, Math.min(end, p + 5), "from ") == p) {
            int cs = Bytes.skipBlanks(b, p + 5, end);
            int ce = tokenEnd(b, cs, end);
            if (ce > cs) {
                client = text(b, cs, ce);
            }
        }
        if (client == null) {
            return reject(rejects, "expected 'from <client address>' after the query name at column " + (p - start + 1));
        }
        return new DnsQuery(line.origin(), time, client, name, type, null, host, extra);
    }

    private static Event reject(Rejects rejects, String reason) {
        rejects.reject(reason);
        return null;
    }

    @Override
    public String toString() {
        return name();
    }
}
