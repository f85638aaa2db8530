package dev.vigil.ingest.ftp;

import static dev.vigil.ingest.Bytes.isBlank;
import static dev.vigil.ingest.Bytes.skipBom;
import static dev.vigil.ingest.Bytes.startsWith;
import static dev.vigil.ingest.Bytes.text;
import static dev.vigil.ingest.Bytes.words;

import dev.vigil.event.Event;
import dev.vigil.event.FtpLogin;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.Timestamps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * IIS FTP service logs: W3C extended files whose {@code #Fields:} names FTP columns, such as
 * <pre>
 * #Fields: date time c-ip c-port cs-username s-ip s-port cs-method cs-uri-stem sc-status sc-win32-status sc-substatus x-session x-fullpath
 * 2026-11-28 10:00:05 192.0.2.1 50123 alice 10.0.0.4 21 PASS *** 530 1326 41 5c3e1d2a-... -
 * </pre>
 * Each FTP command is one line; a login attempt is the {@code PASS} command, answered {@code 230}
 * (logged in) or {@code 530} (not logged in). Those lines are events, with the user IIS logged in
 * {@code cs-username} (it fills that field from the earlier {@code USER} command of the session);
 * every other line carries none. The {@code x-session} id, status and sub-status go to
 * {@code extra}; the resource is {@code cs-host}, else {@code s-sitename}, else
 * {@code s-computername}. Lines before any {@code #Fields:} are rejected: the FTP service has no
 * fixed layout to fall back on. A {@code #Fields:} without {@code cs-method} and {@code sc-status}
 * cannot say what a login is; its lines are rejected too.
 *
 * <p>Immutable and thread-safe. Each {@link #newParser()} is a fresh stateful parser (the current
 * {@code #Fields:}), used by one thread at a time, as {@code w3c}'s is.
 */
public final class IisFtpFormat implements LineFormat {

    @Override
    public String name() {
        return "iis-ftp";
    }

    @Override
    public LineParser newParser() {
        return new Parser(null);
    }

    /** Whether a {@code #Fields:} list is an FTP log's: {@code x-session} is FTP-only in IIS. */
    public static boolean isFtpFields(List<String> fields) {
        for (String f : fields) {
            if (f.equalsIgnoreCase("x-session")) {
                return true;
            }
        }
        return false;
    }

    /** Column indexes of one {@code #Fields:} directive; -1 when absent. Immutable. */
    private static final class Schema {
        final int count;
        final int date;
        final int time;
        final int clientIp;
        final int user;
        final int method;
        final int status;
        final int substatus;
        final int session;
        final int host;
        final int site;
        final int computer;
        final int serverIp;

        Schema(List<String> names) {
            count = names.size();
            date = find(names, "date");
            time = find(names, "time");
            clientIp = find(names, "c-ip");
            user = find(names, "cs-username");
            method = find(names, "cs-method");
            status = find(names, "sc-status");
            substatus = find(names, "sc-substatus");
            session = find(names, "x-session");
            host = find(names, "cs-host");
            site = find(names, "s-sitename");
            computer = find(names, "s-computername");
            serverIp = find(names, "s-ip");
        }

        private static int find(List<String> names, String n) {
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).equalsIgnoreCase(n)) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** Stateful: the current {@link Schema}, an immutable value. Not thread-safe. */
    private static final class Parser implements LineParser {
        private Schema schema;

        Parser(Schema schema) {
            this.schema = schema;
        }

        @Override
        public boolean stateful() {
            return true;
        }

        @Override
        public boolean isDirective(Line line) {
            byte[] b = line.buf();
            return startsWith(b, skipBom(b, line.off(), line.end()), line.end(), "#fields:");
        }

        @Override
        public LineParser snapshot() {
            return new Parser(schema);
        }

        @Override
        public Event parse(Line line, Rejects rejects) {
            byte[] b = line.buf();
            int start = line.off();
            int end = line.end();
            if (end > start && b[end - 1] == '\r') {
                end--;
            }
            start = skipBom(b, start, end);
            if (isBlank(b, start, end)) {
                return null;
            }
            if (b[start] == '#') {
                if (startsWith(b, start, end, "#fields:")) {
                    List<String> names = words(b, start + "#fields:".length(), end);
                    if (names.isEmpty()) {
                        return reject(rejects, "#Fields: directive names no fields; keeping the previous ones");
                    }
                    schema = new Schema(names);
                }
                return null;
            }
            Schema s = schema;
            if (s == null) {
                return reject(rejects, "no #Fields: directive before this line");
            }
            if (s.method < 0 || s.status < 0) {
                return reject(rejects, "the #Fields: directive lacks cs-method or sc-status, so logins cannot be told");
            }
            String[] v = new String[s.count];
            int f = 0;
            int fs = start;
            while (fs <= end && f < s.count) {
                int fe = fs;
                while (fe < end && b[fe] != ' ') {
                    fe++;
                }
                v[f++] = fe > fs && !(fe - fs == 1 && b[fs] == '-') ? text(b, fs, fe) : null;
                fs = fe + 1;
            }
            if (f != s.count || fs <= end) {
                int count = 1;
                for (int i = start; i < end; i++) {
                    if (b[i] == ' ') {
                        count++;
                    }
                }
                return reject(rejects, "expected " + s.count + " fields as the #Fields: directive lists, found " + count);
            }
            if (v[s.method] == null || !v[s.method].equalsIgnoreCase("PASS")) {
                return null; // not a login attempt
            }
            String status = v[s.status];
            boolean ok;
            if ("230".equals(status)) {
                ok = true;
            } else if ("530".equals(status)) {
                ok = false;
            } else {
                return null; // PASS answered otherwise (332 needs account, 5xx syntax): no verdict
            }
            long time = Event.NO_TIME;
            if (s.time >= 0 && v[s.time] != null && s.date >= 0 && v[s.date] != null) {
                time = Timestamps.w3c(v[s.date], v[s.time]);
                if (time == Event.NO_TIME) {
                    return reject(rejects, "invalid date and time '" + v[s.date] + " " + v[s.time] + "'");
                }
            }
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put("status", status);
            put(extra, "substatus", s.substatus, v);
            put(extra, "session", s.session, v);
            put(extra, "server_ip", s.serverIp, v);
            String host = get(s.host, v);
            if (host == null) {
                host = get(s.site, v);
            }
            if (host == null) {
                host = get(s.computer, v);
            }
            return new FtpLogin(line.origin(), time, get(s.clientIp, v), get(s.user, v), ok, host, extra);
        }

        private static String get(int i, String[] v) {
            return i < 0 ? null : v[i];
        }

        private static void put(Map<String, String> m, String k, int i, String[] v) {
            String x = get(i, v);
            if (x != null) {
                m.put(k, x);
            }
        }

        private static Event reject(Rejects rejects, String reason) {
            rejects.reject(reason);
            return null;
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
