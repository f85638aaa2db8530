package dev.vigil.ingest.w3c;

import static dev.vigil.ingest.Bytes.isBlank;
import static dev.vigil.ingest.Bytes.skipBom;
import static dev.vigil.ingest.Bytes.startsWith;
import static dev.vigil.ingest.Bytes.text;
import static dev.vigil.ingest.Bytes.words;

import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.Timestamps;
import dev.vigil.ingest.ftp.IisFtpFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * W3C extended log files as IIS writes them. The {@code #Fields:} directive names the columns of
 * the lines after it and may change in the middle of a file (IIS writes a new header whenever the
 * logging configuration changes or the service restarts), so the parser is stateful. Other
 * directives ({@code #Software}, {@code #Version}) carry no event; {@code #Date} is remembered for
 * old layouts that log a {@code time} field but no {@code date}.
 *
 * <p>Lines before any {@code #Fields:} (a file cut out of the middle of a log, or a header lost in
 * rotation) are read with the IIS default field list, {@link #IIS_DEFAULT_FIELDS}, when they have
 * exactly that many fields; any other count is rejected, since guessing the meaning of columns
 * would put values into the wrong fields silently.
 *
 * <p>A {@code #Fields:} naming {@code x-session} is the IIS FTP service's layout
 * ({@link IisFtpFormat}); lines under it are rejected with a pointer to {@code iis-ftp} rather than
 * read as HTTP requests.
 *
 * <p>Immutable and thread-safe. Each {@link #newParser()} is a fresh stateful parser, used by one
 * thread at a time.
 */
public final class W3cFormat implements LineFormat {

    /**
     * The fields IIS 7 and later log by default, in the order IIS writes them. The default set is
     * the {@code logExtFileFlags} default of {@code system.applicationHost/sites/siteDefaults/logFile}
     * in the IIS settings schema: "Date, Time, ClientIP, UserName, ServerIP, Method, UriStem,
     * UriQuery, HttpStatus, Win32Status, TimeTaken, ServerPort, UserAgent, Referer, HttpSubStatus";
     * the order is the fixed one in which IIS emits them into {@code #Fields:}.
     */
    public static final List<String> IIS_DEFAULT_FIELDS = List.of(
            "date", "time", "s-ip", "cs-method", "cs-uri-stem", "cs-uri-query", "s-port", "cs-username",
            "c-ip", "cs(User-Agent)", "cs(Referer)", "sc-status", "sc-substatus", "sc-win32-status",
            "time-taken");

    private static final Schema IIS_DEFAULT = Schema.of(IIS_DEFAULT_FIELDS, false);

    @Override
    public String name() {
        return "w3c";
    }

    @Override
    public LineParser newParser() {
        return new Parser(null, null);
    }

    // Roles of fields.
    private static final int EXTRA = 0;
    private static final int DATE = 1;
    private static final int TIME = 2;
    private static final int CLIENT_IP = 3;
    private static final int USER = 4;
    private static final int METHOD = 5;
    private static final int URI_STEM = 6;
    private static final int URI_QUERY = 7;
    private static final int URI = 8;
    private static final int PROTOCOL = 9;
    private static final int STATUS = 10;
    private static final int BYTES = 11;
    private static final int USER_AGENT = 12;
    private static final int REFERER = 13;
    private static final int HOST = 14;
    private static final int SITE_NAME = 15;
    private static final int COMPUTER_NAME = 16;
    private static final int TIME_TAKEN = 17;

    private static int role(String field) {
        switch (field.toLowerCase(Locale.ROOT)) {
            case "date": return DATE;
            case "time": return TIME;
            case "c-ip": return CLIENT_IP;
            case "cs-username": return USER;
            case "cs-method": return METHOD;
            case "cs-uri-stem": return URI_STEM;
            case "cs-uri-query": return URI_QUERY;
            case "cs-uri": return URI;
            case "cs-version": return PROTOCOL;
            case "sc-status": return STATUS;
            case "sc-bytes": return BYTES;
            case "cs(user-agent)": return USER_AGENT;
            case "cs(referer)": return REFERER;
            case "cs-host": return HOST;
            case "s-sitename": return SITE_NAME;
            case "s-computername": return COMPUTER_NAME;
            case "time-taken": return TIME_TAKEN;
            default: return EXTRA;
        }
    }

    /** The columns named by one {@code #Fields:} directive. Immutable. */
    private static final class Schema {
        final String[] names;
        final int[] roles;
        /** False for the IIS default used before any directive, which changes the reject reason. */
        final boolean declared;
        /** The IIS FTP service's layout: its lines are FTP commands, not HTTP requests. */
        final boolean ftp;

        private Schema(String[] names, int[] roles, boolean declared, boolean ftp) {
            this.names = names;
            this.roles = roles;
            this.declared = declared;
            this.ftp = ftp;
        }

        static Schema of(List<String> names, boolean declared) {
            return of(names, declared, null);
        }

        /**
         * A schema for {@code names}; a name given twice (in any case) is reported to
         * {@code duplicates} and decided the same way every time: the first column keeps the
         * name's meaning, each later one is kept as an extra field named {@code name#2},
         * {@code name#3}..., so no value is lost and none is silently replaced.
         */
        static Schema of(List<String> names, boolean declared, List<String> duplicates) {
            String[] out = names.toArray(new String[0]);
            int[] roles = new int[out.length];
            java.util.Map<String, Integer> seen = new java.util.HashMap<>();
            for (int i = 0; i < roles.length; i++) {
                String key = out[i].toLowerCase(Locale.ROOT);
                int n = seen.merge(key, 1, Integer::sum);
                if (n == 1) {
                    roles[i] = role(out[i]);
                } else {
                    if (duplicates != null && n == 2) {
                        duplicates.add(out[i]);
                    }
                    out[i] = out[i] + "#" + n;
                    roles[i] = EXTRA;
                }
            }
            return new Schema(out, roles, declared, IisFtpFormat.isFtpFields(names));
        }
    }

    /**
     * Stateful: holds the current {@link Schema} and {@code #Date}. Not thread-safe; the state is
     * two references to immutable values, so {@link #snapshot()} is a cheap independent copy.
     */
    private static final class Parser implements LineParser {
        private Schema schema;
        private String directiveDate;

        Parser(Schema schema, String directiveDate) {
            this.schema = schema;
            this.directiveDate = directiveDate;
        }

        @Override
        public boolean stateful() {
            return true;
        }

        @Override
        public boolean isDirective(Line line) {
            byte[] b = line.buf();
            int start = skipBom(b, line.off(), line.end());
            return startsWith(b, start, line.end(), "#fields:") || startsWith(b, start, line.end(), "#date:");
        }

        @Override
        public LineParser snapshot() {
            return new Parser(schema, directiveDate);
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
                return directive(b, start, end, rejects);
            }
            Schema s = schema != null ? schema : IIS_DEFAULT;
            if (s.ftp) {
                // USER/PASS lines read as HTTP requests would be nonsense (and win format sniffing)
                return reject(rejects, "an IIS FTP log line (#Fields: has x-session): read it with --input iis-ftp");
            }
            int count = 1;
            for (int i = start; i < end; i++) {
                if (b[i] == ' ') {
                    count++;
                }
            }
            if (count != s.names.length) {
                if (!s.declared) {
                    return reject(rejects, "no #Fields: directive before this line, and its " + count
                            + " fields are not the " + s.names.length + " of the IIS default field list");
                }
                return reject(rejects, "expected " + s.names.length + " fields as the #Fields: directive lists, found "
                        + count);
            }

            HttpRequest.Builder out = HttpRequest.builder(line.origin());
            String date = null;
            String time = null;
            String stem = null;
            String query = null;
            String uri = null;
            String host = null;
            String siteName = null;
            String computerName = null;
            int fs = start;
            for (int f = 0; f < s.names.length; f++) {
                int fe = fs;
                while (fe < end && b[fe] != ' ') {
                    fe++;
                }
                if (fe > fs && !(fe - fs == 1 && b[fs] == '-')) {
                    switch (s.roles[f]) {
                        case DATE: date = text(b, fs, fe); break;
                        case TIME: time = text(b, fs, fe); break;
                        case CLIENT_IP: out.clientIp(text(b, fs, fe)); break;
                        case USER: out.user(text(b, fs, fe)); break;
                        case METHOD: out.method(text(b, fs, fe)); break;
                        case URI_STEM: stem = text(b, fs, fe); break;
                        case URI_QUERY: query = text(b, fs, fe); break;
                        case URI: uri = text(b, fs, fe); break;
                        case PROTOCOL: out.protocol(text(b, fs, fe)); break;
                        // IIS writes the spaces of these two headers as '+'; only these two.
                        case USER_AGENT: out.userAgent(text(b, fs, fe).replace('+', ' ')); break;
                        case REFERER: out.referer(text(b, fs, fe).replace('+', ' ')); break;
                        case HOST: host = text(b, fs, fe); break;
                        case SITE_NAME:
                            siteName = text(b, fs, fe);
                            out.extra(s.names[f], siteName);
                            break;
                        case COMPUTER_NAME:
                            computerName = text(b, fs, fe);
                            out.extra(s.names[f], computerName);
                            break;
                        case STATUS: {
                            long v = digits(b, fs, fe, 9);
                            if (v < 0) {
                                return invalid(rejects, s, f, b, fs, fe, start);
                            }
                            out.status((int) v);
                            break;
                        }
                        case BYTES: {
                            long v = digits(b, fs, fe, 18);
                            if (v < 0) {
                                return invalid(rejects, s, f, b, fs, fe, start);
                            }
                            out.bytes(v);
                            break;
                        }
                        case TIME_TAKEN: {
                            long v = digits(b, fs, fe, 18);
                            if (v < 0) {
                                return invalid(rejects, s, f, b, fs, fe, start);
                            }
                            out.durationMs(v);
                            break;
                        }
                        default:
                            out.extra(s.names[f], text(b, fs, fe));
                    }
                }
                fs = fe + 1;
            }

            if (time != null) {
                String day = date != null ? date : directiveDate;
                long t = Timestamps.w3c(day, time);
                if (t == Event.NO_TIME && day != null) {
                    return reject(rejects, "invalid date and time '" + day + " " + time + "'");
                }
                out.timeMillis(t);
            }
            if (stem != null) {
                out.target(query == null ? stem : stem + '?' + query);
            } else if (uri != null) {
                out.target(uri);
            } else if (query != null) {
                out.target('?' + query);
            }
            out.host(host != null ? host : siteName != null ? siteName : computerName);
            return out.build();
        }

        private Event directive(byte[] b, int start, int end, Rejects rejects) {
            if (startsWith(b, start, end, "#fields:")) {
                List<String> names = words(b, start + "#fields:".length(), end);
                if (names.isEmpty()) {
                    return reject(rejects, "#Fields: directive names no fields; keeping the previous ones");
                }
                List<String> duplicates = new java.util.ArrayList<>();
                schema = Schema.of(names, true, duplicates);
                if (!duplicates.isEmpty()) {
                    rejects.warn("#Fields: names " + String.join(", ", duplicates)
                            + " more than once; the first column of each name is read as it, later ones are kept as "
                            + duplicates.get(0) + "#2...");
                }
            } else if (startsWith(b, start, end, "#date:")) {
                // "#Date: 2024-03-01 00:00:00": only the day matters, for layouts without a date field.
                int i = start + "#date:".length();
                while (i < end && b[i] == ' ') {
                    i++;
                }
                int j = i;
                while (j < end && b[j] != ' ') {
                    j++;
                }
                directiveDate = j > i ? text(b, i, j) : null;
            }
            return null;
        }

        private static Event invalid(Rejects rejects, Schema s, int f, byte[] b, int fs, int fe, int start) {
            String value = new String(b, fs, Math.min(fe - fs, 40), StandardCharsets.UTF_8);
            return reject(rejects, "invalid " + s.names[f] + " '" + value + (fe - fs > 40 ? "...'" : "'")
                    + " in field " + (f + 1) + " at column " + (fs - start + 1));
        }

        private static Event reject(Rejects rejects, String reason) {
            rejects.reject(reason);
            return null;
        }
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
}
