package dev.vigil.export;

import dev.vigil.text.TerminalText;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertEntities;
import dev.vigil.alert.TriagedAlert;
import dev.vigil.alert.Evidence;
import dev.vigil.detect.Detection;
import dev.vigil.event.Event;
import dev.vigil.event.DnsQuery;
import dev.vigil.event.DnsRecord;
import dev.vigil.event.FtpLogin;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.ProcessStart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * JSON shapes of detections and alerts. Alerts use the field names of the Defender for Cloud alert
 * schema ({@code alertType}, {@code systemAlertId}, {@code entities}...) so existing SIEM mappings
 * work. Output is escaped beyond JSON's rules: C1 controls, line separators and bidi overrides
 * become {@code \\uXXXX}, so the text stays inert when someone cats it to a terminal.
 *
 * <p>Thread-safe.
 */
public final class JsonOutput {
    public static final String PRODUCT = "Vigil";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        MAPPER.getFactory().setCharacterEscapes(new SafeEscapes());
        MAPPER.getFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    private JsonOutput() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** One line of {@code --detections} output. */
    public static ObjectNode detection(Detection d) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("rule", d.ruleId());
        o.put("type", d.type().name());
        o.put("severity", d.severity().label());
        o.put("source", d.origin().source());
        o.put("line", d.origin().line());
        o.put("offset", d.origin().offset());
        time(o, "time", d.event().timeMillis());
        o.put("field", d.field());
        o.put("value", d.value());
        o.put("decoded", d.decoded());
        if (d.event() instanceof HttpRequest r) {
            o.put("client_ip", r.clientIp());
            o.put("host", r.host());
            o.put("method", r.method());
            o.put("target", r.target());
            o.put("status", r.status());
            o.put("user_agent", r.userAgent());
        } else if (d.event() instanceof ProcessStart p) {
            o.put("host", p.host());
            o.put("pid", p.pid());
            o.put("exe", p.exe());
            o.put("cmdline", p.commandLine());
            o.put("parent_exe", p.parentExe());
            o.put("user", p.user());
            if (!p.ancestors().isEmpty()) {
                o.put("ancestry", String.join(" -> ", p.ancestors()));
            }
        } else if (d.event() instanceof DnsQuery q) {
            o.put("client_ip", q.clientIp());
            o.put("host", q.host());
            o.put("query", q.queryName());
            o.put("query_type", q.queryType());
            o.put("rcode", q.responseCode());
        } else if (d.event() instanceof FtpLogin f) {
            o.put("client_ip", f.clientIp());
            o.put("host", f.host());
            o.put("user", f.user());
            o.put("success", f.success());
        } else if (d.event() instanceof DnsRecord r) {
            o.put("name", r.name());
            o.put("record_type", r.type());
            o.put("data", r.data());
            o.put("zone", r.zone());
        }
        return o;
    }

    /** A fresh (Active) alert, shaped as Defender for Cloud writes its alerts. */
    public static ObjectNode alert(Alert a) {
        return alert(TriagedAlert.active(a));
    }

    /**
     * An alert with its triage status, shaped as Defender for Cloud writes its alerts. This is the
     * one Defender-shaped form: the json and ndjson exporters and the webhook sink all write it.
     */
    public static ObjectNode alert(TriagedAlert t) {
        Alert a = t.alert();
        ObjectNode o = MAPPER.createObjectNode();
        o.put("alertType", a.type().name());
        o.put("systemAlertId", a.id());
        o.put("alertDisplayName", (a.sample() ? SAMPLE_PREFIX : "") + a.type().displayName());
        o.put("description", a.description());
        o.put("severity", a.severity().label());
        o.put("intent", String.join(", ", a.type().tactics()));
        time(o, "startTimeUtc", a.firstSeen());
        time(o, "endTimeUtc", a.lastSeen());
        ArrayNode steps = o.putArray("remediationSteps");
        a.type().remediation().forEach(steps::add);
        o.put("status", t.status().label());
        o.put("confidenceScore", a.confidence() / 100.0);
        o.put("confidenceLevel", a.confidenceLevel());
        o.put("isTest", a.type().test());
        o.put("isSample", a.sample());
        entities(o.putArray("entities"), a.entities());
        if (a.entities().containsKey(AlertEntities.HOST)) {
            o.put("compromisedEntity", a.entities().get(AlertEntities.HOST));
        }
        ArrayNode techniques = o.putArray("techniques");
        ArrayNode subTechniques = o.putArray("subTechniques");
        for (String tq : a.type().techniques()) {
            (tq.contains(".") ? subTechniques : techniques).add(tq);
        }
        o.put("productName", PRODUCT);
        ObjectNode ext = o.putObject("extendedProperties");
        ext.put("count", a.count());
        ext.put("rules", String.join(",", a.rules()));
        if (t.suppressedBy() != null) {
            ext.put("suppressedBy", t.suppressedBy());
        }
        ArrayNode ev = ext.putArray("evidence");
        for (Evidence e : a.evidence()) {
            ObjectNode n = ev.addObject();
            n.put("source", e.source());
            n.put("line", e.line());
            time(n, "time", e.timeMillis());
            n.put("rule", e.ruleId());
            n.put("field", e.field());
            n.put("value", e.value());
            n.put("decoded", e.decoded());
            if (e.method() != null) {
                n.put("method", e.method());
            }
            if (e.status() != 0) {
                n.put("status", e.status());
            }
            if (e.param() != null) {
                n.put("param", e.param());
            }
            if (e.observation()) {
                n.put("observation", true); // "decoded" says what a detector observed, not a decoding
            }
        }
        return o;
    }

    /** Marks sample alerts in their title, as Defender marks its sample alerts. */
    public static final String SAMPLE_PREFIX = "[Sample alert] ";

    /** Entities as Defender writes them: one object per entity with a {@code type}. */
    private static void entities(ArrayNode out, Map<String, String> m) {
        String ip = m.get(AlertEntities.IP);
        if (ip != null) {
            ObjectNode o = out.addObject().put("type", "ip").put("address", ip);
            // enrichment, shaped as Defender's ip entity carries it: location with country, city, ASN
            if (m.containsKey(AlertEntities.IP_COUNTRY_CODE) || m.containsKey(AlertEntities.IP_ASN)
                    || m.containsKey(AlertEntities.IP_CITY) || m.containsKey(AlertEntities.IP_COUNTRY)) {
                ObjectNode loc = o.putObject("location");
                putIf(loc, "countryCode", m.get(AlertEntities.IP_COUNTRY_CODE));
                putIf(loc, "countryName", m.get(AlertEntities.IP_COUNTRY));
                putIf(loc, "city", m.get(AlertEntities.IP_CITY));
                String asn = m.get(AlertEntities.IP_ASN);
                if (asn != null && asn.startsWith("AS")) {
                    try {
                        loc.put("asn", Long.parseLong(asn.substring(2)));
                    } catch (NumberFormatException e) {
                        loc.put("asn", asn);
                    }
                }
                putIf(loc, "organization", m.get(AlertEntities.IP_ORG));
            }
            if (m.containsKey(AlertEntities.CRAWLER)) {
                ObjectNode c = o.putObject("crawler");
                putIf(c, "claimed", m.get(AlertEntities.CRAWLER));
                putIf(c, "verification", m.get(AlertEntities.CRAWLER_VERIFICATION));
                putIf(c, "hostName", m.get(AlertEntities.CRAWLER_HOST));
            }
        }
        String host = m.get(AlertEntities.HOST);
        if (host != null) {
            out.addObject().put("type", "host").put("hostName", host);
        }
        String url = m.get(AlertEntities.URL);
        if (url != null) {
            out.addObject().put("type", "url").put("url", url);
        }
        String cmd = m.get(AlertEntities.PROCESS_COMMAND_LINE);
        String image = m.get(AlertEntities.PROCESS_IMAGE_FILE);
        String pid = m.get(AlertEntities.PROCESS_ID);
        if (cmd != null || image != null || pid != null) {
            ObjectNode p = out.addObject().put("type", "process");
            if (pid != null) {
                p.put("processId", pid);
            }
            if (cmd != null) {
                p.put("commandLine", cmd);
            }
            if (image != null) {
                file(p.putObject("imageFile"), image);
            }
            String parent = m.get(AlertEntities.PROCESS_PARENT_IMAGE_FILE);
            if (parent != null) {
                file(p.putObject("parentProcess").put("type", "process").putObject("imageFile"), parent);
            }
            String ancestry = m.get(AlertEntities.PROCESS_ANCESTRY);
            if (ancestry != null) {
                p.put("ancestry", ancestry);
            }
            String user = m.get(AlertEntities.PROCESS_USER);
            if (user != null) {
                p.putObject("account").put("type", "account").put("name", user);
            }
        }
        String f = m.get(AlertEntities.FILE);
        if (f != null && !f.equals(image)) {
            file(out.addObject(), f);
        }
        for (Map.Entry<String, String> e : m.entrySet()) {
            if (!KNOWN.contains(e.getKey())) {
                out.addObject().put("type", e.getKey()).put("name", e.getValue());
            }
        }
    }

    private static final java.util.Set<String> KNOWN = java.util.Set.of(AlertEntities.IP, AlertEntities.HOST,
            AlertEntities.URL, AlertEntities.FILE, AlertEntities.PROCESS_ID, AlertEntities.PROCESS_COMMAND_LINE,
            AlertEntities.PROCESS_IMAGE_FILE, AlertEntities.PROCESS_PARENT_IMAGE_FILE,
            AlertEntities.PROCESS_ANCESTRY, AlertEntities.PROCESS_USER, AlertEntities.IP_COUNTRY_CODE,
            AlertEntities.IP_COUNTRY, AlertEntities.IP_CITY, AlertEntities.IP_ASN, AlertEntities.IP_ORG,
            AlertEntities.CRAWLER, AlertEntities.CRAWLER_VERIFICATION, AlertEntities.CRAWLER_HOST);

    private static void putIf(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }

    private static void file(ObjectNode o, String path) {
        o.put("type", "file").put("name", AlertEntities.fileName(path));
        String dir = AlertEntities.directory(path);
        if (!dir.isEmpty()) {
            o.put("directory", dir);
        }
    }

    /** An ISO-8601 UTC time, or {@code null} when unknown. */
    public static String isoTime(long millis) {
        return millis == Event.NO_TIME ? null : Instant.ofEpochMilli(millis).toString();
    }

    /** One compact line of JSON, without the trailing newline. */
    public static String line(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void time(ObjectNode o, String field, long millis) {
        if (millis == Event.NO_TIME) {
            o.putNull(field);
        } else {
            o.put(field, Instant.ofEpochMilli(millis).toString());
        }
    }

    /** Escapes what a terminal would act on, on top of JSON's own escapes. */
    private static final class SafeEscapes extends CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();

        SafeEscapes() {
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch > 0x7f && TerminalText.unsafe((char) ch)) {
                return new SerializedString(String.format("\\u%04X", ch));
            }
            return null;
        }
    }
}
