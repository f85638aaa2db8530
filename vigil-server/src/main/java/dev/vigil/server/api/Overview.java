package dev.vigil.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.catalogue.Severity;
import dev.vigil.server.StoreGate;
import dev.vigil.server.Web;
import dev.vigil.store.AlertStore;
import dev.vigil.store.AlertSummary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The overview: alerts by status, open alerts by severity and per day by severity, and the top
 * alert types, client IPs and resources, over every stored alert. The store keeps these counts
 * as it writes alerts ({@link AlertStore#summary}), so computing the overview reads a few hundred
 * rows however many alerts there are, and nothing is cached.
 *
 * @param basis     how many alerts were counted: all of them
 * @param truncated always false now (the overview once counted only the most recent alerts;
 *                  the field stays for API clients)
 * @param days      per day (UTC) of last activity, oldest first: counts by severity label
 *
 * <p>Immutable and thread-safe.
 */
public record Overview(long computedMillis, long basis, boolean truncated, Map<String, Long> byStatus, Map<String, Long> bySeverity,
                       Map<String, Map<String, Long>> days, List<Map.Entry<String, Long>> topTypes,
                       List<Map.Entry<String, Long>> topIps, List<Map.Entry<String, Long>> topResources) {
    static final int TOP = 10;
    static final int DAYS = 14;

    public static Overview compute(StoreGate store) {
        AlertSummary sum = store.call("overview", s -> s.summary(TOP, DAYS));
        Map<String, Long> byStatus = new LinkedHashMap<>();
        sum.byStatus().forEach((st, n) -> byStatus.put(st.label(), n));
        Map<String, Long> bySeverity = new LinkedHashMap<>();
        sum.openBySeverity().forEach((sv, n) -> bySeverity.put(sv.label(), n));
        Map<String, Map<String, Long>> perDay = new LinkedHashMap<>();
        sum.openByDay().forEach((day, counts) -> {
            Map<String, Long> m = new LinkedHashMap<>();
            for (Severity sv : Severity.values()) {
                m.put(sv.label(), counts.getOrDefault(sv, 0L));
            }
            perDay.put(day.toString(), m);
        });
        return new Overview(System.currentTimeMillis(), sum.total(), false, byStatus, bySeverity, perDay,
                top(sum.topTypes()), top(sum.topIps()), top(sum.topHosts()));
    }

    private static List<Map.Entry<String, Long>> top(List<AlertSummary.Count> counts) {
        return counts.stream().map(c -> Map.entry(c.value(), c.count())).toList();
    }

    public ObjectNode json() {
        ObjectNode o = Web.MAPPER.createObjectNode();
        o.put("computedAt", AlertJson.time(computedMillis));
        o.put("basis", basis);
        o.put("truncated", truncated);
        ObjectNode st = o.putObject("byStatus");
        byStatus.forEach(st::put);
        ObjectNode sv = o.putObject("openBySeverity");
        bySeverity.forEach(sv::put);
        ArrayNode d = o.putArray("days");
        days.forEach((day, counts) -> {
            ObjectNode x = d.addObject().put("day", day);
            counts.forEach(x::put);
        });
        top(o.putArray("topTypes"), "type", topTypes);
        top(o.putArray("topIps"), "ip", topIps);
        top(o.putArray("topResources"), "host", topResources);
        return o;
    }

    private static void top(ArrayNode arr, String key, List<Map.Entry<String, Long>> rows) {
        rows.forEach(e -> arr.addObject().put(key, e.getKey()).put("count", e.getValue()));
    }
}
