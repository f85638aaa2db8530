package dev.vigil.export.incident;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.export.cef.CefExporter;
import dev.vigil.export.csv.CsvExporter;
import dev.vigil.export.JsonOutput;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;

/**
 * Incidents in the export formats: json (an array), ndjson, csv and cef. An exported incident
 * names its alerts (ids and types) and its entities, so a SIEM can join it to the alerts exported
 * with {@code vigil alerts export}. Attacker text is escaped as each format needs.
 *
 * <p>Stateless and thread-safe.
 */
public final class IncidentExport {
    private IncidentExport() {}

    public static final List<String> FORMATS = List.of("json", "ndjson", "csv", "cef");

    /** What an exported incident carries; the CLI builds it from the store. */
    public record Row(String id, String title, String severity, String outcome, String narrative,
                      List<String> alertIds, List<String> alertTypes, List<String> ips, List<String> hosts,
                      Long firstSeen, Long lastSeen, String status) {
        public Row {
            alertIds = List.copyOf(alertIds);
            alertTypes = List.copyOf(alertTypes);
            ips = List.copyOf(ips);
            hosts = List.copyOf(hosts);
            status = status == null ? "Active" : status;
        }

        /** An incident not yet triaged (status Active). */
        public Row(String id, String title, String severity, String outcome, String narrative, List<String> alertIds,
                   List<String> alertTypes, List<String> ips, List<String> hosts, Long firstSeen, Long lastSeen) {
            this(id, title, severity, outcome, narrative, alertIds, alertTypes, ips, hosts, firstSeen, lastSeen, null);
        }
    }

    public static void write(List<Row> rows, String format, Writer w) throws IOException {
        switch (format) {
            case "json" -> {
                ArrayNode arr = JsonOutput.mapper().createArrayNode();
                rows.forEach(r -> arr.add(json(r)));
                w.write(JsonOutput.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(arr));
                w.write('\n');
            }
            case "ndjson" -> {
                for (Row r : rows) {
                    w.write(JsonOutput.line(json(r)));
                    w.write('\n');
                }
            }
            case "csv" -> {
                w.write("id,severity,outcome,title,first_seen,last_seen,ips,hosts,alerts,alert_types,narrative,status\r\n");
                for (Row r : rows) {
                    w.write(String.join(",", csv(r.id()), csv(r.severity()), csv(r.outcome()), csv(r.title()),
                            csv(time(r.firstSeen())), csv(time(r.lastSeen())), csv(String.join(" ", r.ips())),
                            csv(String.join(" ", r.hosts())), csv(String.join(" ", r.alertIds())),
                            csv(String.join(" ", r.alertTypes())), csv(r.narrative()), csv(r.status())));
                    w.write("\r\n");
                }
            }
            case "cef" -> {
                for (Row r : rows) {
                    w.write(cef(r));
                    w.write('\n');
                }
            }
            default -> throw new IllegalArgumentException("unknown incident export format '" + format
                    + "' (expected " + String.join(", ", FORMATS) + ")");
        }
    }

    public static ObjectNode json(Row r) {
        ObjectNode o = JsonOutput.mapper().createObjectNode();
        o.put("incidentId", r.id());
        o.put("displayName", r.title());
        o.put("severity", r.severity());
        o.put("outcome", r.outcome());
        o.put("status", r.status());
        o.put("description", r.narrative());
        o.put("startTimeUtc", time(r.firstSeen()));
        o.put("endTimeUtc", time(r.lastSeen()));
        ArrayNode alerts = o.putArray("alerts");
        for (int i = 0; i < r.alertIds().size(); i++) {
            ObjectNode a = alerts.addObject();
            a.put("systemAlertId", r.alertIds().get(i));
            a.put("alertType", i < r.alertTypes().size() ? r.alertTypes().get(i) : null);
        }
        ArrayNode entities = o.putArray("entities");
        r.ips().forEach(ip -> entities.addObject().put("type", "ip").put("address", ip));
        r.hosts().forEach(h -> entities.addObject().put("type", "host").put("hostName", h));
        o.put("productName", JsonOutput.PRODUCT);
        return o;
    }

    private static String cef(Row r) {
        StringBuilder b = new StringBuilder("CEF:0|");
        b.append(CefExporter.header(JsonOutput.PRODUCT)).append('|').append(CefExporter.header(JsonOutput.PRODUCT))
                .append('|').append(CefExporter.header(CefExporter.VERSION)).append("|Incident|")
                .append(CefExporter.header(r.title())).append('|')
                .append(CefExporter.severity(dev.vigil.catalogue.Severity.parse(r.severity()))).append('|');
        b.append("externalId=").append(CefExporter.value(r.id()));
        b.append(" act=").append(CefExporter.value(r.status()));
        if (r.lastSeen() != null) {
            b.append(" rt=").append(r.lastSeen());
        }
        if (!r.ips().isEmpty()) {
            b.append(" src=").append(CefExporter.value(r.ips().get(0)));
        }
        if (!r.hosts().isEmpty()) {
            b.append(" dhost=").append(CefExporter.value(r.hosts().get(0)));
        }
        b.append(" cs1Label=alerts cs1=").append(CefExporter.value(String.join(",", r.alertIds())));
        b.append(" cs2Label=outcome cs2=").append(CefExporter.value(r.outcome()));
        b.append(" msg=").append(CefExporter.value(r.narrative()));
        return b.toString();
    }

    private static String csv(String s) {
        String v = CsvExporter.cell(s == null ? "" : s);
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }

    private static String time(Long t) {
        return t == null ? null : Instant.ofEpochMilli(t).toString();
    }
}
