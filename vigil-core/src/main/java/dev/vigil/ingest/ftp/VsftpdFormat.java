package dev.vigil.ingest.ftp;

import dev.vigil.ingest.Bytes;
import static dev.vigil.ingest.Bytes.text;

import dev.vigil.event.Event;
import dev.vigil.event.FtpLogin;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.SyslogTime;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * vsftpd's own log ({@code vsftpd.log}, {@code dual_log_enable} or {@code xferlog_std_format=NO}),
 * in its file form or through syslog:
 * <pre>
 * Sat Nov 28 10:00:00 2026 [pid 1234] [alice] OK LOGIN: Client "192.0.2.1"
 * Sat Nov 28 10:00:03 2026 [pid 1236] [bob] FAIL LOGIN: Client "::ffff:192.0.2.7"
 * Nov 28 10:00:03 ftp1 vsftpd[1236]: [bob] FAIL LOGIN: Client "192.0.2.7"
 * </pre>
 * {@code OK LOGIN} and {@code FAIL LOGIN} lines are events; other vsftpd lines (CONNECT, uploads,
 * downloads) carry none; lines that are not vsftpd's are rejected. IPv4-mapped IPv6 clients
 * ({@code ::ffff:192.0.2.7}, which vsftpd writes when listening on IPv6) become plain IPv4, so
 * they match feeds and group with other logs. The syslog host, when written, is the resource;
 * the pid goes to {@code extra}. Times are UTC (see {@link SyslogTime}).
 *
 * <p>Parses by index scanning. Immutable and thread-safe; its parser is stateless and shared.
 */
public final class VsftpdFormat implements LineFormat, LineParser {
    public static final VsftpdFormat INSTANCE = new VsftpdFormat(Clock.systemUTC());

    private final Clock clock;

    /** @param clock gives the year of syslog time stamps, which carry none */
    public VsftpdFormat(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "vsftpd";
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
        long time = SyslogTime.ctime(b, start, end);
        String host = null;
        String pid = null;
        int p;
        if (time != Event.NO_TIME) {
            p = skip(b, start + 24, end);
            if (startsWith(b, p, end, "[pid ")) {
                int close = indexOf(b, p, end, (byte) ']');
                if (close < 0) {
                    return reject(rejects, "unterminated [pid ...] at column " + (p - start + 1));
                }
                pid = text(b, p + 5, close).trim();
                if (pid.isEmpty() || !pid.chars().allMatch(Character::isDigit)) {
                    return reject(rejects, "unreadable [pid ...] at column " + (p - start + 1));
                }
                p = skip(b, close + 1, end);
            }
        } else {
            time = SyslogTime.bsd(b, start, end, clock);
            if (time == Event.NO_TIME) {
                return reject(rejects, "expected a vsftpd time stamp such as 'Sat Nov 28 10:00:00 2026' at column 1");
            }
            p = skip(b, start + SyslogTime.BSD_LENGTH, end);
            int t = tokenEnd(b, p, end);
            if (t > p && b[t - 1] != ':') {
                host = text(b, p, t);
                p = skip(b, t, end);
                t = tokenEnd(b, p, end);
            }
            if (!startsWith(b, p, end, "vsftpd")) {
                return reject(rejects, "not a vsftpd log line (no vsftpd program name)");
            }
            int open = indexOf(b, p, t, (byte) '[');
            if (open > 0 && t - 2 > open) {
                pid = text(b, open + 1, t - 2);
            }
            p = skip(b, t, end);
        }
        String user = null;
        if (p < end && b[p] == '[') {
            int close = indexOf(b, p, end, (byte) ']');
            if (close < 0) {
                return reject(rejects, "unterminated [user] at column " + (p - start + 1));
            }
            user = text(b, p + 1, close);
            p = skip(b, close + 1, end);
        }
        boolean ok;
        if (startsWith(b, p, end, "OK LOGIN:")) {
            ok = true;
        } else if (startsWith(b, p, end, "FAIL LOGIN:")) {
            ok = false;
        } else {
            return null; // CONNECT, uploads, downloads...: no login
        }
        int c = find(b, p, end, "Client \"");
        if (c < 0) {
            return reject(rejects, "expected Client \"<address>\" after the login result at column " + (p - start + 1));
        }
        int cs = c + 8;
        int ce = indexOf(b, cs, end, (byte) '"');
        if (ce < 0) {
            return reject(rejects, "unterminated client address at column " + (cs - start + 1));
        }
        String client = text(b, cs, ce);
        if (client.regionMatches(true, 0, "::ffff:", 0, 7) && client.indexOf('.') > 0) {
            client = client.substring(7);
        }
        Map<String, String> extra = new LinkedHashMap<>();
        if (pid != null && !pid.isEmpty()) {
            extra.put("pid", pid);
        }
        int anon = find(b, ce, end, "anon password \"");
        if (anon >= 0) {
            int ae = indexOf(b, anon + 15, end, (byte) '"');
            extra.put("anon_password", text(b, anon + 15, ae < 0 ? end : ae));
        }
        return new FtpLogin(line.origin(), time, client, user, ok, host, extra);
    }

    private static Event reject(Rejects rejects, String reason) {
        rejects.reject(reason);
        return null;
    }

    private static int skip(byte[] b, int p, int end) {
        while (p < end && b[p] == ' ') {
            p++;
        }
        return p;
    }

    private static int tokenEnd(byte[] b, int p, int end) {
        while (p < end && b[p] != ' ') {
            p++;
        }
        return p;
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] b, int p, int end, String s) {
        return find(b, p, Math.min(end, p + s.length()), s) == p;
    }

    private static int find(byte[] b, int from, int to, String needle) {
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

    @Override
    public String toString() {
        return name();
    }
}
