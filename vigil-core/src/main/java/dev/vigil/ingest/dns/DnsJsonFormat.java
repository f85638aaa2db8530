package dev.vigil.ingest.dns;

import dev.vigil.ingest.Bytes;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.vigil.event.DnsQuery;
import dev.vigil.event.Event;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.Timestamps;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * DNS query logs as JSON lines, one query per line, the shape that log shippers give CoreDNS,
 * Azure DNS analytics or resolver exports once flattened:
 * <pre>
 * {"time":"2026-11-28T10:00:00Z","client":"192.0.2.1","query":"example.com.","type":"A","rcode":"NOERROR","server":"dns1"}
 * </pre>
 * <ul>
 *   <li>{@code query} (required; also {@code qname}, {@code query_name}, {@code QueryName}): the name;</li>
 *   <li>{@code time} ({@code timestamp}, {@code TimeGenerated}): ISO-8601 (no offset means UTC) or
 *       epoch seconds as a number;</li>
 *   <li>{@code client} ({@code client_ip}, {@code SourceIp}): an address, a port after
 *       {@code #} or (IPv4, or IPv6 in brackets) after {@code :} is dropped;</li>
 *   <li>{@code type} ({@code qtype}, {@code query_type}, {@code QueryType}): a name such as
 *       {@code AAAA};</li>
 *   <li>{@code rcode} ({@code response_code}, {@code ResponseCode}): such as {@code NXDOMAIN};</li>
 *   <li>{@code server} ({@code host}, {@code resolver}): the resolver, the resource.</li>
 * </ul>
 * Keys match case-insensitively; every other key lands in {@code extra} as text. A line without
 * a query name is rejected, which also keeps other JSON logs from being taken for DNS logs.
 *
 * <p>Immutable and thread-safe; its parser is stateless and shared.
 */
public final class DnsJsonFormat implements LineFormat, LineParser {
    public static final DnsJsonFormat INSTANCE = new DnsJsonFormat();

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final int TIME = 1;
    private static final int CLIENT = 2;
    private static final int QUERY = 3;
    private static final int TYPE = 4;
    private static final int RCODE = 5;
    private static final int SERVER = 6;

    private static final Map<String, Integer> ROLES = Map.ofEntries(
            Map.entry("time", TIME), Map.entry("timestamp", TIME), Map.entry("timegenerated", TIME),
            Map.entry("client", CLIENT), Map.entry("client_ip", CLIENT), Map.entry("sourceip", CLIENT),
            Map.entry("query", QUERY), Map.entry("qname", QUERY), Map.entry("query_name", QUERY),
            Map.entry("queryname", QUERY),
            Map.entry("type", TYPE), Map.entry("qtype", TYPE), Map.entry("query_type", TYPE),
            Map.entry("querytype", TYPE),
            Map.entry("rcode", RCODE), Map.entry("response_code", RCODE), Map.entry("responsecode", RCODE),
            Map.entry("server", SERVER), Map.entry("host", SERVER), Map.entry("resolver", SERVER));

    private DnsJsonFormat() {}

    @Override
    public String name() {
        return "dns-json";
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
        start = Bytes.skipBlanks(b, Bytes.skipBom(b, start, end), end);
        if (start == end) {
            return null;
        }
        if (b[start] != '{') {
            return reject(rejects, "not a JSON object (expected '{' at column 1)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(line.string(start, end));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            return reject(rejects, "invalid JSON: " + e.getOriginalMessage()
                    + (at != null && at.getColumnNr() > 0 ? " at column " + at.getColumnNr() : ""));
        }
        if (root == null || !root.isObject()) {
            return reject(rejects, "expected a JSON object");
        }
        long time = Event.NO_TIME;
        String client = null;
        String query = null;
        String type = null;
        String rcode = null;
        String server = null;
        Map<String, String> extra = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            if (v.isNull()) {
                continue;
            }
            String s = v.isValueNode() ? v.asText() : v.toString();
            Integer role = ROLES.get(f.getKey().toLowerCase(Locale.ROOT));
            if (role == null) {
                extra.put(f.getKey(), s);
                continue;
            }
            switch (role) {
                case TIME -> {
                    time = v.isNumber() ? Timestamps.fromEpochSeconds(v.asDouble()) : Timestamps.iso(s);
                    if (time == Event.NO_TIME) {
                        return reject(rejects, "unreadable time '" + shorten(s) + "'");
                    }
                }
                case CLIENT -> client = stripPort(s);
                case QUERY -> query = s;
                case TYPE -> type = s;
                case RCODE -> rcode = s;
                default -> server = s;
            }
        }
        if (query == null || query.isBlank()) {
            return reject(rejects, "no query name (expected a \"query\" field)");
        }
        return new DnsQuery(line.origin(), time, blankToNull(client), query.strip(), blankToNull(type),
                blankToNull(rcode), blankToNull(server), extra);
    }

    /** {@code 192.0.2.1#53}, {@code 192.0.2.1:53} and {@code [2001:db8::1]:53} lose their port. */
    static String stripPort(String s) {
        int hash = s.lastIndexOf('#');
        if (hash > 0) {
            return s.substring(0, hash);
        }
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            return close > 1 ? s.substring(1, close) : s;
        }
        int colon = s.indexOf(':');
        if (colon > 0 && colon == s.lastIndexOf(':')) {
            return s.substring(0, colon); // one colon: IPv4 with a port (IPv6 has several)
        }
        return s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
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
