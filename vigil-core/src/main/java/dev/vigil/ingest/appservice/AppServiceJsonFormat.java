package dev.vigil.ingest.appservice;

import dev.vigil.ingest.Bytes;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.Timestamps;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Azure App Service HTTP logs as JSON lines, one request per line: the {@code AppServiceHTTPLogs}
 * columns ({@code TimeGenerated, CsMethod, CsUriStem, CsUriQuery, CIp, UserAgent, Referer,
 * ScStatus, CsHost, ScBytes, TimeTaken, CsUsername, ...}) either at the top level (a Log Analytics
 * export) or under {@code properties} (a diagnostic-settings export to storage or Event Hubs, with
 * {@code time}, {@code resourceId} and {@code category} around it). {@code properties} may also be
 * a string holding that object, as some exporters write it.
 *
 * <p>Keys match case-insensitively, so {@code csUriStem} and {@code CSURISTEM} work too. Numbers
 * may come as JSON numbers or strings. A port on {@code CIp} is dropped. The site is
 * {@code CsHost}, else the last segment of {@code resourceId}. Every other key lands in
 * {@code extra} as text (objects and arrays as their JSON).
 *
 * <p>Immutable and thread-safe; its parser is stateless and shared.
 */
public final class AppServiceJsonFormat implements LineFormat {

    // Raw control characters inside strings are invalid JSON but turn up in logged attack strings;
    // taking them keeps the request rather than losing it. Trailing junk after the object is refused.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final LineParser PARSER = new Parser();

    @Override
    public String name() {
        return "appservice-json";
    }

    @Override
    public LineParser newParser() {
        return PARSER;
    }

    private static final int TIME_GENERATED = 1;
    private static final int ENVELOPE_TIME = 2;
    private static final int METHOD = 3;
    private static final int URI_STEM = 4;
    private static final int URI_QUERY = 5;
    private static final int CLIENT_IP = 6;
    private static final int USER_AGENT = 7;
    private static final int REFERER = 8;
    private static final int STATUS = 9;
    private static final int HOST = 10;
    private static final int BYTES = 11;
    private static final int TIME_TAKEN = 12;
    private static final int USER = 13;
    private static final int RESOURCE_ID = 14;
    private static final int CATEGORY = 15;
    private static final int PROPERTIES = 16;

    /** Lower-cased key to role; keys not here go to {@code extra}. */
    private static final Map<String, Integer> ROLES = Map.ofEntries(
            Map.entry("timegenerated", TIME_GENERATED),
            Map.entry("time", ENVELOPE_TIME),
            Map.entry("csmethod", METHOD),
            Map.entry("csuristem", URI_STEM),
            Map.entry("csuriquery", URI_QUERY),
            Map.entry("cip", CLIENT_IP),
            Map.entry("useragent", USER_AGENT),
            Map.entry("referer", REFERER),
            Map.entry("scstatus", STATUS),
            Map.entry("cshost", HOST),
            Map.entry("scbytes", BYTES),
            Map.entry("timetaken", TIME_TAKEN),
            Map.entry("csusername", USER),
            Map.entry("resourceid", RESOURCE_ID),
            Map.entry("_resourceid", RESOURCE_ID),
            Map.entry("category", CATEGORY),
            Map.entry("properties", PROPERTIES));

    /** Stateless and thread-safe: all per-line state lives in a {@link Record} on the stack. */
    private static final class Parser implements LineParser {

        @Override
        public Event parse(Line line, Rejects rejects) {
            byte[] b = line.buf();
            int start = line.off();
            int end = line.end();
            end = Bytes.trimEnd(b, start, end);
            start = Bytes.skipBlanks(b, Bytes.skipBom(b, start, end), end);
            if (start == end) {
                return null;
            }
            JsonNode root;
            try {
                // Decoding first turns invalid UTF-8 into U+FFFD instead of failing the whole line.
                root = JSON.readTree(line.string(start, end));
            } catch (JsonProcessingException e) {
                JsonLocation at = e.getLocation();
                return reject(rejects, "invalid JSON: " + e.getOriginalMessage()
                        + (at != null && at.getColumnNr() > 0 ? " at column " + at.getColumnNr() : ""));
            }
            if (root == null || !root.isObject()) {
                return reject(rejects, "expected a JSON object, found " + kind(root));
            }
            Record r = new Record(HttpRequest.builder(line.origin()));
            String error = r.take(root, true);
            if (error != null) {
                return reject(rejects, error);
            }
            return r.finish(root, rejects);
        }

        private static String kind(JsonNode n) {
            return n == null ? "nothing" : n.getNodeType().name().toLowerCase(Locale.ROOT);
        }
    }

    /** Fields of one line as they are found. Not thread-safe; one per parsed line. */
    private static final class Record {
        final HttpRequest.Builder out;
        long time = Event.NO_TIME;
        long envelopeTime = Event.NO_TIME;
        String stem;
        String query;
        String host;
        String resourceId;
        String category;
        boolean sawRequestField;

        Record(HttpRequest.Builder out) {
            this.out = out;
        }

        /** Takes the fields of {@code obj}; returns a reject reason or {@code null}. */
        String take(JsonNode obj, boolean topLevel) {
            for (Iterator<Map.Entry<String, JsonNode>> it = obj.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> en = it.next();
                String key = en.getKey();
                JsonNode v = en.getValue();
                Integer role = ROLES.get(key.toLowerCase(Locale.ROOT));
                if (role == null) {
                    String t = text(v);
                    if (t != null) {
                        out.extra(key, t);
                    }
                    continue;
                }
                String error = take(role, key, v, topLevel);
                if (error != null) {
                    return error;
                }
            }
            return null;
        }

        private String take(int role, String key, JsonNode v, boolean topLevel) {
            switch (role) {
                case PROPERTIES: {
                    JsonNode nested = v;
                    if (v.isTextual() && v.textValue().trim().startsWith("{")) {
                        try {
                            nested = JSON.readTree(v.textValue());
                        } catch (JsonProcessingException e) {
                            nested = v;
                        }
                    }
                    if (topLevel && nested.isObject()) {
                        return take(nested, false);
                    }
                    String t = text(v);
                    if (t != null) {
                        out.extra(key, t);
                    }
                    return null;
                }
                case TIME_GENERATED:
                case ENVELOPE_TIME: {
                    String t = value(v);
                    if (t == null) {
                        return null;
                    }
                    long ms = v.isTextual() ? Timestamps.iso(t) : Event.NO_TIME;
                    if (ms == Event.NO_TIME) {
                        return "invalid " + key + " '" + clip(t) + "'";
                    }
                    if (role == TIME_GENERATED) {
                        time = ms;
                        sawRequestField = true;
                    } else {
                        envelopeTime = ms;
                    }
                    return null;
                }
                case STATUS:
                case BYTES:
                case TIME_TAKEN: {
                    long n = number(v);
                    if (n == BAD_NUMBER) {
                        return "invalid " + key + " '" + clip(text(v)) + "'";
                    }
                    if (n >= 0) {
                        if (role == STATUS) {
                            if (n > Integer.MAX_VALUE) {
                                return "invalid " + key + " '" + clip(text(v)) + "'";
                            }
                            out.status((int) n);
                            sawRequestField = true;
                        } else if (role == BYTES) {
                            out.bytes(n);
                        } else {
                            out.durationMs(n);
                        }
                    }
                    return null;
                }
                default:
                    break;
            }
            String t = value(v);
            if (t == null) {
                return null;
            }
            switch (role) {
                case METHOD: out.method(t); sawRequestField = true; break;
                case URI_STEM: stem = t; sawRequestField = true; break;
                case URI_QUERY: query = t.startsWith("?") ? t.substring(1) : t; break;
                case CLIENT_IP: out.clientIp(stripPort(t)); sawRequestField = true; break;
                case USER_AGENT: out.userAgent(t); break;
                case REFERER: out.referer(t); break;
                case HOST: host = t; break;
                case USER: out.user(t); break;
                case RESOURCE_ID: resourceId = t; out.extra(key, t); break;
                case CATEGORY: category = t; out.extra(key, t); break;
                default: out.extra(key, t);
            }
            return null;
        }

        Event finish(JsonNode root, LineParser.Rejects rejects) {
            if (category != null && !category.equalsIgnoreCase("AppServiceHTTPLogs")) {
                return reject(rejects, "category '" + clip(category) + "' is not AppServiceHTTPLogs");
            }
            if (!sawRequestField) {
                if (root.has("records") && root.get("records").isArray()) {
                    return reject(rejects, "a {\"records\": [...]} batch holds many requests on one line;"
                            + " write one record per line");
                }
                return reject(rejects, "no AppServiceHTTPLogs fields (TimeGenerated, CsMethod, CsUriStem,"
                        + " ScStatus, CIp) in this object");
            }
            out.timeMillis(time != Event.NO_TIME ? time : envelopeTime);
            if (stem != null) {
                out.target(query == null ? stem : stem + '?' + query);
            } else if (query != null) {
                out.target('?' + query);
            }
            out.host(host != null ? host : lastSegment(resourceId));
            return out.build();
        }
    }

    private static final long BAD_NUMBER = Long.MIN_VALUE;

    /**
     * A whole number, -1 when absent, {@link #BAD_NUMBER} when not a number. Negative numbers count
     * as absent: -1 is how exporters say "unknown", and the request itself is still worth keeping.
     */
    private static long number(JsonNode v) {
        if (v.isNull()) {
            return -1;
        }
        if (v.isIntegralNumber()) {
            return !v.canConvertToLong() ? BAD_NUMBER : Math.max(-1, v.longValue());
        }
        if (v.isNumber()) {
            double d = v.doubleValue();
            return d < 0 ? -1 : d < 9.0e18 ? Math.round(d) : BAD_NUMBER;
        }
        if (v.isTextual()) {
            String s = v.textValue().trim();
            if (s.isEmpty() || s.equals("-")) {
                return -1;
            }
            if (s.length() > 18) {
                return BAD_NUMBER;
            }
            long n = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return BAD_NUMBER;
                }
                n = n * 10 + (c - '0');
            }
            return n;
        }
        return BAD_NUMBER;
    }

    /** A field's value as text, {@code null} for JSON null and for the empty and "-" placeholders. */
    private static String value(JsonNode v) {
        String t = text(v);
        return t == null || t.isEmpty() || t.equals("-") ? null : t;
    }

    /** Any node as text: scalars as their value, containers as their JSON; JSON null as null. */
    private static String text(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }

    /** {@code 1.2.3.4:5678} and {@code [::1]:443} lose the port; a bare IPv6 address is kept whole. */
    static String stripPort(String ip) {
        if (ip.startsWith("[")) {
            int close = ip.indexOf(']');
            return close > 1 ? ip.substring(1, close) : ip;
        }
        int colon = ip.indexOf(':');
        if (colon > 0 && colon == ip.lastIndexOf(':')) {
            return ip.substring(0, colon);
        }
        return ip;
    }

    private static String lastSegment(String resourceId) {
        if (resourceId == null) {
            return null;
        }
        int e = resourceId.length();
        while (e > 0 && resourceId.charAt(e - 1) == '/') {
            e--;
        }
        int s = resourceId.lastIndexOf('/', e - 1) + 1;
        return s < e ? resourceId.substring(s, e) : null;
    }

    private static String clip(String s) {
        return s == null ? "" : s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static Event reject(LineParser.Rejects rejects, String reason) {
        rejects.reject(reason);
        return null;
    }
}
