package dev.vigil.export.ocsf;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertEntities;
import dev.vigil.alert.AlertStatus;
import dev.vigil.alert.Evidence;
import dev.vigil.alert.TriagedAlert;
import dev.vigil.event.Event;
import dev.vigil.export.AlertExporter;
import dev.vigil.export.AlertWriter;
import dev.vigil.export.JsonOutput;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * OCSF 1.1 Detection Finding (class 2004, category 2 Findings), one JSON object per line. Carries
 * the class's required attributes ({@code activity_id}, {@code category_uid}, {@code class_uid},
 * {@code type_uid}, {@code time}, {@code severity_id}, {@code metadata} with product and schema
 * version, {@code finding_info} with {@code uid} and {@code title}) plus status, confidence, MITRE
 * attacks, observables and remediation. Evidence lines, which have no OCSF home that fits, go
 * under {@code unmapped}.
 *
 * <p>Stateless and thread-safe.
 */
public final class OcsfExporter implements AlertExporter {
    public static final String SCHEMA_VERSION = "1.1.0";
    public static final int CLASS_UID = 2004;
    public static final int CATEGORY_UID = 2;

    @Override
    public String name() {
        return "ocsf";
    }

    @Override
    public String description() {
        return "OCSF Detection Finding (class 2004) objects, one per line";
    }

    @Override
    public AlertWriter open(Writer out) {
        return new AlertWriter() {
            @Override
            public void write(TriagedAlert a) throws IOException {
                out.write(JsonOutput.line(finding(a)));
                out.write('\n');
            }

            @Override
            public void finish() throws IOException {
                out.flush();
            }
        };
    }

    public static ObjectNode finding(TriagedAlert t) {
        Alert a = t.alert();
        ObjectNode o = JsonOutput.mapper().createObjectNode();
        // Create for open alerts, Update once someone works on it, Close when resolved or dismissed.
        int activity = switch (t.status()) {
            case ACTIVE -> 1;
            case IN_PROGRESS -> 2;
            case RESOLVED, DISMISSED -> 3;
        };
        String activityName = switch (activity) {
            case 1 -> "Create";
            case 2 -> "Update";
            default -> "Close";
        };
        o.put("activity_id", activity);
        o.put("activity_name", activityName);
        o.put("category_uid", CATEGORY_UID);
        o.put("category_name", "Findings");
        o.put("class_uid", CLASS_UID);
        o.put("class_name", "Detection Finding");
        o.put("type_uid", CLASS_UID * 100L + activity);
        o.put("type_name", "Detection Finding: " + activityName);
        long time = a.lastSeen() == Event.NO_TIME ? 0 : a.lastSeen();
        o.put("time", time);
        if (a.firstSeen() != Event.NO_TIME) {
            o.put("start_time", a.firstSeen());
            o.put("end_time", a.lastSeen());
        }
        o.put("count", a.count());
        o.put("severity_id", switch (a.severity()) {
            case INFORMATIONAL -> 1;
            case LOW -> 2;
            case MEDIUM -> 3;
            case HIGH -> 4;
        });
        o.put("severity", a.severity().label());
        o.put("status_id", status(t.status()));
        o.put("status", switch (t.status()) {
            case ACTIVE -> "New";
            case IN_PROGRESS -> "In Progress";
            case DISMISSED -> "Suppressed";
            case RESOLVED -> "Resolved";
        });
        o.put("confidence_id", a.confidence() >= 80 ? 3 : a.confidence() >= 50 ? 2 : 1);
        o.put("confidence", a.confidenceLevel());
        o.put("confidence_score", a.confidence());
        o.put("message", a.description());

        ObjectNode meta = o.putObject("metadata");
        meta.put("version", SCHEMA_VERSION);
        meta.put("uid", a.id());
        ObjectNode product = meta.putObject("product");
        product.put("name", JsonOutput.PRODUCT);
        product.put("vendor_name", JsonOutput.PRODUCT);
        if (a.sample() || a.type().test()) {
            meta.putArray("labels").add(a.sample() ? "sample" : "test");
        }

        ObjectNode info = o.putObject("finding_info");
        info.put("uid", a.id());
        info.put("title", (a.sample() ? JsonOutput.SAMPLE_PREFIX : "") + a.type().displayName());
        info.put("desc", a.type().description());
        info.putArray("types").add(a.type().name());
        if (a.firstSeen() != Event.NO_TIME) {
            info.put("first_seen_time", a.firstSeen());
            info.put("last_seen_time", a.lastSeen());
        }
        ObjectNode analytic = info.putObject("analytic");
        analytic.put("name", String.join(",", a.rules()));
        analytic.put("type_id", 1);
        analytic.put("type", "Rule");
        ArrayNode attacks = info.putArray("attacks");
        // One attack per technique and tactic, the tactic being one ATT&CK gives the technique
        // (T1071 is Command and Control, never Execution): see AttackMatrix.
        for (String tq : a.type().techniques()) {
            String base = tq.contains(".") ? tq.substring(0, tq.indexOf('.')) : tq;
            List<AttackMatrix.Tactic> tactics = AttackMatrix.tacticsFor(tq, a.type().tactics());
            for (int i = 0; i < Math.max(1, tactics.size()); i++) {
                ObjectNode at = attacks.addObject();
                ObjectNode tech = at.putObject("technique").put("uid", base);
                AttackMatrix.technique(base).ifPresent(x -> tech.put("name", x.name()));
                if (tq.contains(".")) {
                    ObjectNode sub = at.putObject("sub_technique").put("uid", tq);
                    AttackMatrix.technique(tq).ifPresent(x -> sub.put("name", x.name()));
                }
                if (!tactics.isEmpty()) {
                    at.putObject("tactic").put("uid", tactics.get(i).uid()).put("name", tactics.get(i).name());
                }
            }
        }

        ObjectNode rem = o.putObject("remediation");
        rem.put("desc", String.join(" ", a.type().remediation()));

        ArrayNode obs = o.putArray("observables");
        observable(obs, "ip", 2, "IP Address", a.entities().get(AlertEntities.IP));
        observable(obs, "host", 1, "Hostname", a.entities().get(AlertEntities.HOST));
        observable(obs, "url", 6, "URL String", a.entities().get(AlertEntities.URL));
        observable(obs, "process.cmd_line", 13, "Command Line", a.entities().get(AlertEntities.PROCESS_COMMAND_LINE));
        String image = a.entities().get(AlertEntities.PROCESS_IMAGE_FILE);
        observable(obs, "process.name", 9, "Process Name", image == null ? null : AlertEntities.fileName(image));
        String file = a.entities().get(AlertEntities.FILE);
        observable(obs, "file.name", 7, "File Name", file == null ? null : AlertEntities.fileName(file));
        String host = a.entities().get(AlertEntities.HOST);
        if (host != null) {
            o.putArray("resources").addObject().put("name", host).put("type", "host");
        }
        enrichments(o, a.entities());

        ObjectNode unmapped = o.putObject("unmapped");
        unmapped.put("alert_type", a.type().name());
        unmapped.put("sample", a.sample());
        if (t.suppressedBy() != null) {
            unmapped.put("suppressed_by", t.suppressedBy());
        }
        ArrayNode ev = unmapped.putArray("evidence");
        for (Evidence e : a.evidence()) {
            ObjectNode n = ev.addObject();
            n.put("source", e.source());
            n.put("line", e.line());
            n.put("rule", e.ruleId());
            n.put("field", e.field());
            n.put("value", e.value());
            n.put("decoded", e.decoded());
        }
        return o;
    }

    static int status(AlertStatus s) {
        return switch (s) {
            case ACTIVE -> 1;
            case IN_PROGRESS -> 2;
            case DISMISSED -> 3;
            case RESOLVED -> 4;
        };
    }

    /**
     * GeoIP/ASN and crawler verification as OCSF {@code enrichments} (the base event's array of
     * Enrichment objects: name and value say what was enriched, data holds the facts, provider and
     * type say where they came from). Written only when the alert was enriched.
     */
    private static void enrichments(ObjectNode o, java.util.Map<String, String> m) {
        String ip = m.get(AlertEntities.IP);
        if (ip == null) {
            return;
        }
        ArrayNode out = null;
        if (m.containsKey(AlertEntities.IP_COUNTRY_CODE) || m.containsKey(AlertEntities.IP_COUNTRY)
                || m.containsKey(AlertEntities.IP_CITY)) {
            out = o.putArray("enrichments");
            ObjectNode e = out.addObject().put("name", "ip").put("value", ip).put("type", "location")
                    .put("provider", "MaxMind GeoIP2 database");
            ObjectNode d = e.putObject("data");
            putIf(d, "country", m.get(AlertEntities.IP_COUNTRY_CODE));
            putIf(d, "country_name", m.get(AlertEntities.IP_COUNTRY));
            putIf(d, "city", m.get(AlertEntities.IP_CITY));
        }
        if (m.containsKey(AlertEntities.IP_ASN) || m.containsKey(AlertEntities.IP_ORG)) {
            if (out == null) {
                out = o.putArray("enrichments");
            }
            ObjectNode e = out.addObject().put("name", "ip").put("value", ip)
                    .put("type", "autonomous_system").put("provider", "MaxMind ASN database");
            ObjectNode d = e.putObject("data");
            String asn = m.get(AlertEntities.IP_ASN);
            if (asn != null && asn.startsWith("AS") && asn.substring(2).chars().allMatch(Character::isDigit)
                    && asn.length() > 2 && asn.length() < 13) {
                d.put("number", Long.parseLong(asn.substring(2)));
            }
            putIf(d, "name", m.get(AlertEntities.IP_ORG));
        }
        if (m.containsKey(AlertEntities.CRAWLER)) {
            if (out == null) {
                out = o.putArray("enrichments");
            }
            ObjectNode e = out.addObject().put("name", "ip").put("value", ip)
                    .put("type", "crawler_verification").put("provider", "reverse and forward DNS");
            ObjectNode d = e.putObject("data");
            putIf(d, "claimed", m.get(AlertEntities.CRAWLER));
            putIf(d, "verification", m.get(AlertEntities.CRAWLER_VERIFICATION));
            putIf(d, "hostname", m.get(AlertEntities.CRAWLER_HOST));
        }
    }

    private static void putIf(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }

    private static void observable(ArrayNode obs, String name, int typeId, String type, String value) {
        if (value != null) {
            obs.addObject().put("name", name).put("type_id", typeId).put("type", type).put("value", value);
        }
    }
}
