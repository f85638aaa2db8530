package dev.vigil.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.http.HttpRules;
import dev.vigil.detect.process.ProcessRules;
import dev.vigil.rules.Rule;
import dev.vigil.server.Web;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The built-in detection rules (HTTP and process), loaded once on first use, for
 * {@code /api/rules}. Thread-safe (the holder idiom loads them once).
 */
public final class RuleCatalog {
    private RuleCatalog() {}

    private static final class Holder {
        static final List<Rule> RULES = load();

        private static List<Rule> load() {
            AlertCatalogue c = AlertCatalogue.builtIn();
            List<Rule> all = new ArrayList<>(HttpRules.builtInRules(c).rules());
            all.addAll(ProcessRules.builtInRules(c).rules());
            return List.copyOf(all);
        }
    }

    public static List<Rule> all() {
        return Holder.RULES;
    }

    public static Optional<Rule> find(String id) {
        return all().stream().filter(r -> r.id().equals(id)).findFirst();
    }

    public static ObjectNode summary(Rule r) {
        ObjectNode o = Web.MAPPER.createObjectNode();
        o.put("id", r.id());
        o.put("title", r.title());
        o.put("type", r.type().name());
        o.put("severity", r.severity().label());
        o.put("status", r.status().name().toLowerCase(java.util.Locale.ROOT));
        strings(o.putArray("tactics"), r.tactics());
        strings(o.putArray("techniques"), r.techniques());
        return o;
    }

    public static ObjectNode detail(Rule r) {
        ObjectNode o = summary(r);
        o.put("description", r.description());
        o.put("severityOnSuccess", r.severityOnSuccess() == null ? null : r.severityOnSuccess().label());
        strings(o.putArray("falsePositives"), r.falsePositives());
        strings(o.putArray("remediation"), r.remediation());
        strings(o.putArray("references"), r.references());
        o.put("source", r.source());
        o.put("examples", r.matches().size() + r.noMatches().size());
        return o;
    }

    private static void strings(ArrayNode arr, List<String> values) {
        values.forEach(arr::add);
    }
}
