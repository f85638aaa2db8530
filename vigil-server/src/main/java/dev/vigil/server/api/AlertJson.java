package dev.vigil.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alert.Alert;
import dev.vigil.alert.Evidence;
import dev.vigil.alert.suppress.SuppressionRule;
import dev.vigil.event.Event;
import dev.vigil.incident.KillChain;
import dev.vigil.server.Web;
import dev.vigil.store.AlertStore;
import dev.vigil.store.StatusChange;
import dev.vigil.store.StoredAlert;
import dev.vigil.store.StoredIncident;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How the API shapes alerts, incidents, rules and history as JSON (the shapes the OpenAPI
 * document describes). Times are ISO-8601 UTC strings, or null when the log had none.
 *
 * <p>Static and thread-safe.
 */
public final class AlertJson {
    private AlertJson() {}

    public static String time(long millis) {
        return millis == Event.NO_TIME ? null : Instant.ofEpochMilli(millis).toString();
    }

    private static String time(Long millis) {
        return millis == null ? null : time(millis.longValue());
    }

    /** What a list shows of an alert. */
    public static ObjectNode summary(StoredAlert s) {
        Alert a = s.alert();
        ObjectNode o = Web.MAPPER.createObjectNode();
        o.put("id", a.id());
        o.put("type", a.type().name());
        o.put("title", a.type().displayName());
        o.put("severity", a.severity().label());
        o.put("status", s.status().label());
        o.put("confidence", a.confidence());
        o.put("count", a.count());
        o.put("firstSeen", time(a.firstSeen()));
        o.put("lastSeen", time(a.lastSeen()));
        ObjectNode e = o.putObject("entities");
        a.entities().forEach(e::put);
        o.put("suppressedBy", s.suppressedBy());
        o.put("sample", a.sample());
        o.put("stage", KillChain.stage(a.type().tactics()));
        return o;
    }

    /** One alert with everything a triage needs. */
    public static ObjectNode detail(StoredAlert s, List<StatusChange> history, List<String> incidents) {
        Alert a = s.alert();
        ObjectNode o = summary(s);
        o.put("description", a.description());
        o.put("typeDescription", a.type().description());
        o.put("confidenceLevel", a.confidenceLevel());
        strings(o.putArray("tactics"), a.type().tactics());
        ArrayNode t = o.putArray("techniques");
        for (String id : a.type().techniques()) {
            t.addObject().put("id", id).put("url", mitreUrl(id));
        }
        strings(o.putArray("remediation"), a.type().remediation());
        strings(o.putArray("rules"), a.rules());
        ObjectNode src = o.putObject("sources");
        for (Map.Entry<String, Long> e : a.sources().entrySet()) {
            src.put(e.getKey(), e.getValue());
        }
        ArrayNode ev = o.putArray("evidence");
        for (Evidence x : a.evidence()) {
            ObjectNode e = ev.addObject();
            e.put("source", x.source());
            e.put("line", x.line());
            e.put("time", time(x.timeMillis()));
            e.put("rule", x.ruleId());
            e.put("field", x.field());
            e.put("value", x.value());
            e.put("decoded", x.decoded());
            e.put("decodedDiffers", x.decodedDiffers());
            e.put("method", x.method());
            e.put("status", x.status() == 0 ? null : x.status());
            e.put("param", x.param());
            e.put("observation", x.observation());
        }
        ArrayNode h = o.putArray("history");
        history.forEach(c -> h.add(change(c)));
        strings(o.putArray("incidents"), incidents);
        o.put("createdAt", time(s.createdMillis()));
        o.put("updatedAt", time(s.updatedMillis()));
        return o;
    }

    /** A MITRE ATT&amp;CK technique page: {@code T1552.005} is {@code /techniques/T1552/005/}. */
    public static String mitreUrl(String technique) {
        String id = technique.trim();
        if (!id.matches("T\\d{4}(\\.\\d{3})?")) {
            return null;
        }
        return "https://attack.mitre.org/techniques/" + id.replace('.', '/') + "/";
    }

    public static ObjectNode change(StatusChange c) {
        ObjectNode o = Web.MAPPER.createObjectNode();
        o.put("id", c.alertId());
        o.put("seq", c.seq());
        o.put("time", time(c.timeMillis()));
        o.put("from", c.from() == null ? null : c.from().label());
        o.put("to", c.to().label());
        o.put("actor", c.actor());
        o.put("comment", c.comment());
        return o;
    }

    public static ObjectNode rule(SuppressionRule r, long now) {
        ObjectNode o = Web.MAPPER.createObjectNode();
        o.put("id", r.id());
        o.put("type", r.alertType());
        o.put("conditions", r.describeConditions());
        o.set("conditionList", readTree(r.conditionsJson()));
        o.put("reason", r.reason());
        o.put("comment", r.comment());
        o.put("expires", time(r.expiresMillis()));
        o.put("enabled", r.enabled());
        o.put("state", !r.enabled() ? "disabled" : r.activeAt(now) ? "enabled" : "expired");
        o.put("createdAt", time(r.createdMillis()));
        o.put("createdBy", r.createdBy());
        return o;
    }

    public static ObjectNode incident(StoredIncident i) {
        ObjectNode o = Web.MAPPER.createObjectNode();
        o.put("id", i.id());
        o.put("title", i.title());
        o.put("severity", i.severity().label());
        o.put("status", i.status().label());
        o.put("outcome", i.outcome());
        o.put("narrative", i.narrative());
        o.put("alertCount", i.alertIds().size());
        strings(o.putArray("ips"), i.ips());
        strings(o.putArray("hosts"), i.hosts());
        o.put("firstSeen", time(i.firstSeen()));
        o.put("lastSeen", time(i.lastSeen()));
        return o;
    }

    public static ObjectNode feed(AlertStore.Feed f) {
        ObjectNode o = Web.MAPPER.createObjectNode();
        o.put("path", f.path());
        o.put("name", f.name());
        o.put("format", f.format());
        o.put("indicators", f.indicators());
        o.put("loadedAt", time(f.loadedMillis()));
        return o;
    }

    private static void strings(ArrayNode arr, java.util.Collection<String> values) {
        values.forEach(arr::add);
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return Web.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            return Web.MAPPER.createArrayNode();
        }
    }
}
