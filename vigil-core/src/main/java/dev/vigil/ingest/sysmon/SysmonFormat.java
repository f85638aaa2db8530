package dev.vigil.ingest.sysmon;

import dev.vigil.ingest.Bytes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.event.Event;
import dev.vigil.event.ProcessStart;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.Timestamps;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sysmon Event ID 1 (process creation), Windows or Sysmon for Linux, one event per line:
 * <ul>
 * <li>the XML that {@code wevtutil qe ... /f:xml} prints or Sysmon for Linux sends to syslog
 *     (anything before {@code <Event} is skipped, so a syslog prefix is fine; only the first
 *     event of a line is read);</li>
 * <li>its JSON renderings: {@code {"EventID":1,"Computer":..,"EventData":{"Image":..}}},
 *     Winlogbeat's {@code winlog.event_id}/{@code winlog.event_data.*} (nested or flattened with
 *     dots), {@code EventData.Data} as a list of {@code {"@Name":..,"#text":..}} (XML-to-JSON
 *     converters), and {@code Get-WinEvent | ConvertTo-Json} ({@code Id}, {@code MachineName} and
 *     the {@code Message} text).</li>
 * </ul>
 * Events with another ID, or from a provider other than Sysmon, give {@code null} without a
 * reject. Known {@code EventData} fields map to the event (UtcTime, ProcessId, Image,
 * CommandLine, CurrentDirectory, User, ParentProcessId, ParentImage, ParentCommandLine); the
 * others (Hashes, ProcessGuid, IntegrityLevel...) go to {@code extra}; the host is
 * {@code Computer}.
 *
 * <p>The XML is read by a small scanner over the line's bytes, not a DOM: it looks only for the
 * elements it needs and decodes the five predefined entities and numeric character references;
 * it never reads a DTD, so no external entity can be resolved. Stateless, immutable and
 * thread-safe.
 */
public final class SysmonFormat implements LineFormat, LineParser {
    public static final SysmonFormat INSTANCE = new SysmonFormat();

    private static final ObjectMapper JSON = new ObjectMapper();

    private SysmonFormat() {}

    @Override
    public String name() {
        return "sysmon";
    }

    @Override
    public LineParser newParser() {
        return this;
    }

    @Override
    public Event parse(Line line, Rejects rejects) {
        byte[] b = line.buf();
        int from = line.off();
        int to = line.end();
        while (from < to && isSpace(b[from])) {
            from++;
        }
        while (to > from && isSpace(b[to - 1])) {
            to--;
        }
        if (from == to) {
            return null;
        }
        int ev = b[from] == '{' ? -1 : Bytes.indexOf(b, from, to, EVENT_OPEN);
        if (ev >= 0) {
            return Xml.parse(line, b, ev, to, rejects);
        }
        int brace = b[from] == '{' ? from : Bytes.indexOf(b, from, to, (byte) '{');
        if (brace >= 0) {
            return json(line, b, brace, to, rejects);
        }
        rejects.reject("not a Sysmon event (expected <Event> XML or a JSON object)");
        return null;
    }

    // --- JSON --------------------------------------------------------------------------------

    private static Event json(Line line, byte[] b, int from, int to, Rejects rejects) {
        JsonNode root;
        try {
            root = JSON.readTree(new String(b, from, to - from, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            long col = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
            rejects.reject(col > 0 ? "invalid JSON near column " + col : "invalid JSON");
            return null;
        }
        if (root == null || !root.isObject()) {
            rejects.reject("not a JSON object");
            return null;
        }
        if (root.get("Event") != null && root.get("Event").isObject()) {
            root = root.get("Event");
        }
        JsonNode system = root.path("System");
        JsonNode winlog = root.path("winlog");
        String id = firstText(root.get("EventID"), system.get("EventID"), root.get("Id"), root.get("event_id"),
                winlog.get("event_id"), root.get("winlog.event_id"), root.path("event").get("code"),
                root.get("event.code"));
        if (id == null) {
            rejects.reject("no EventID in the JSON object");
            return null;
        }
        String provider = firstText(root.get("ProviderName"), root.get("Provider"), system.path("Provider").get("Name"),
                system.path("Provider").get("@Name"), winlog.get("provider_name"), root.get("winlog.provider_name"),
                root.get("SourceName"));
        if (!id.trim().equals("1") || (provider != null && !isSysmon(provider))) {
            return null;
        }
        Map<String, String> data = new LinkedHashMap<>();
        collectData(root.get("EventData"), data);
        collectData(root.get("event_data"), data);
        collectData(winlog.get("event_data"), data);
        for (Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String k = f.getKey();
            int dot = k.startsWith("winlog.event_data.") ? 18 : k.startsWith("event_data.") ? 11 : -1;
            if (dot > 0 && f.getValue().isValueNode() && !f.getValue().isNull()) {
                data.putIfAbsent(k.substring(dot), f.getValue().asText());
            }
        }
        JsonNode message = root.get("Message");
        if (data.isEmpty() && message != null && message.isTextual()) {
            messageData(message.asText(), data);
        }
        if (data.isEmpty()) {
            rejects.reject("Sysmon event 1 without EventData");
            return null;
        }
        String computer = firstText(root.get("Computer"), system.get("Computer"), root.get("MachineName"),
                winlog.get("computer_name"), root.get("winlog.computer_name"), root.path("host").get("name"),
                root.get("host.name"), root.get("hostname"));
        long time = Event.NO_TIME;
        if (data.get("UtcTime") == null) {
            String t = firstText(root.get("@timestamp"), root.get("TimeCreated"), system.path("TimeCreated").get("SystemTime"),
                    system.path("TimeCreated").get("@SystemTime"));
            time = jsonTime(t);
        }
        return build(line, data, computer, time);
    }

    private static void collectData(JsonNode n, Map<String, String> data) {
        if (n == null) {
            return;
        }
        if (n.isObject()) {
            JsonNode list = n.get("Data");
            if (list != null && (list.isArray() || list.isObject())) {
                collectData(list, data);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = n.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getValue().isValueNode() && !f.getValue().isNull()) {
                    data.putIfAbsent(f.getKey(), f.getValue().asText());
                }
            }
            String name = firstText(n.get("@Name"), n.get("Name"));
            String value = firstText(n.get("#text"), n.get("text"), n.get("Value"), n.get("value"));
            if (name != null && value != null) {
                data.putIfAbsent(name, value);
            }
        } else if (n.isArray()) {
            for (JsonNode e : n) {
                if (e.isObject()) {
                    String name = firstText(e.get("@Name"), e.get("Name"));
                    String value = firstText(e.get("#text"), e.get("text"), e.get("Value"), e.get("value"));
                    if (name != null) {
                        data.putIfAbsent(name, value == null ? "" : value);
                    }
                }
            }
        }
    }

    /** {@code Get-WinEvent}'s rendered message: "Process Create:\r\nRuleName: -\r\nUtcTime: ...". */
    private static void messageData(String msg, Map<String, String> data) {
        int p = 0;
        int n = msg.length();
        while (p < n) {
            int nl = msg.indexOf('\n', p);
            if (nl < 0) {
                nl = n;
            }
            int end = nl > p && msg.charAt(nl - 1) == '\r' ? nl - 1 : nl;
            int colon = msg.indexOf(": ", p);
            if (colon > p && colon < end) {
                String k = msg.substring(p, colon).trim();
                if (!k.isEmpty() && k.indexOf(' ') < 0) {
                    data.putIfAbsent(k, msg.substring(colon + 2, end));
                }
            }
            p = nl + 1;
        }
    }

    private static long jsonTime(String t) {
        if (t == null) {
            return Event.NO_TIME;
        }
        if (t.startsWith("/Date(") && t.endsWith(")/")) {
            String ms = t.substring(6, t.length() - 2);
            int sign = ms.indexOf('+', 1);
            if (sign < 0) {
                sign = ms.indexOf('-', 1);
            }
            try {
                return Long.parseLong(sign > 0 ? ms.substring(0, sign) : ms);
            } catch (NumberFormatException e) {
                return Event.NO_TIME;
            }
        }
        return Timestamps.iso(t);
    }

    private static String firstText(JsonNode... nodes) {
        for (JsonNode n : nodes) {
            if (n != null && n.isValueNode() && !n.isNull()) {
                return n.asText();
            }
            if (n != null && n.isObject()) {
                // {"#text":"1"} as XML-to-JSON converters write an element with attributes
                JsonNode t = n.get("#text");
                if (t != null && t.isValueNode()) {
                    return t.asText();
                }
            }
        }
        return null;
    }

    static boolean isSysmon(String provider) {
        return provider.toLowerCase(Locale.ROOT).contains("sysmon");
    }

    // --- shared -------------------------------------------------------------------------------

    static ProcessStart build(Line line, Map<String, String> data, String computer, long fallbackTime) {
        ProcessStart.Builder pb = ProcessStart.builder(line.origin());
        long time = Event.NO_TIME;
        pb.host(blankToNull(computer));
        for (Map.Entry<String, String> e : data.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "UtcTime": time = Timestamps.iso(v == null ? null : v.trim()); break;
                case "ProcessId": pb.pid(number(v)); break;
                case "ParentProcessId": pb.ppid(number(v)); break;
                case "Image": pb.exe(blankToNull(v)); break;
                case "CommandLine": pb.commandLine(blankToNull(v)); break;
                case "CurrentDirectory": pb.cwd(blankToNull(v)); break;
                case "User": pb.user(blankToNull(v)); break;
                case "ParentImage": pb.parentExe(blankToNull(v)); break;
                case "ParentCommandLine": pb.parentCommandLine(blankToNull(v)); break;
                default:
                    if (v != null && !v.isEmpty() && !v.equals("-")) {
                        pb.extra(e.getKey(), v);
                    }
                    break;
            }
        }
        pb.timeMillis(time != Event.NO_TIME ? time : fallbackTime);
        return pb.build();
    }

    private static String blankToNull(String v) {
        return v == null || v.isEmpty() || v.equals("-") ? null : v;
    }

    private static long number(String v) {
        if (v == null) {
            return -1;
        }
        String s = v.trim();
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(s);
    }

    static final byte[] EVENT_OPEN = "<Event".getBytes(StandardCharsets.US_ASCII);

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
