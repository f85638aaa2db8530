package dev.vigil.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alert.AlertEntities;
import dev.vigil.alert.AlertStatus;
import dev.vigil.catalogue.Severity;
import dev.vigil.event.Event;
import dev.vigil.server.StoreGate;
import dev.vigil.server.Web;
import dev.vigil.store.AlertQuery;
import dev.vigil.store.StoredAlert;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The overview: open alerts by status and severity, alerts per day by severity, and the top
 * alert types, client IPs and resources, from the {@value #BASIS} most recently seen alerts
 * (the response says how many it read and whether there were more).
 *
 * <p>Reading that many alerts takes seconds on a large store (the store has no aggregate query
 * yet), so {@link Cache} reuses a result for {@link Cache#MAX_AGE_MILLIS}.
 *
 * @param days per day (UTC) of last activity, oldest first: counts by severity label
 *
 * <p>Immutable and thread-safe.
 */
public record Overview(long computedMillis, int basis, boolean truncated, Map<String, Long> byStatus, Map<String, Long> bySeverity,
                       Map<String, Map<String, Long>> days, List<Map.Entry<String, Long>> topTypes,
                       List<Map.Entry<String, Long>> topIps, List<Map.Entry<String, Long>> topResources) {
    public static final int BASIS = 20_000;
    static final int TOP = 10;
    static final int DAYS = 14;

    public static Overview compute(StoreGate store) {
        List<StoredAlert> all = store.call("overview", s -> s.list(new AlertQuery(null, null, null, null, null, BASIS + 1)));
        boolean truncated = all.size() > BASIS;
        if (truncated) {
            all = all.subList(0, BASIS);
        }
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (AlertStatus st : AlertStatus.values()) {
            byStatus.put(st.label(), 0L);
        }
        Map<Severity, Long> sev = new EnumMap<>(Severity.class);
        Map<String, Long> types = new HashMap<>();
        Map<String, Long> ips = new HashMap<>();
        Map<String, Long> hosts = new HashMap<>();
        TreeMap<LocalDate, Map<String, Long>> days = new TreeMap<>();
        long latest = Long.MIN_VALUE;
        for (StoredAlert s : all) {
            if (s.alert().lastSeen() != Event.NO_TIME) {
                latest = Math.max(latest, s.alert().lastSeen());
            }
        }
        LocalDate last = latest == Long.MIN_VALUE ? null : Instant.ofEpochMilli(latest).atZone(ZoneOffset.UTC).toLocalDate();
        for (StoredAlert s : all) {
            byStatus.merge(s.status().label(), 1L, Long::sum);
            boolean open = s.status() == AlertStatus.ACTIVE || s.status() == AlertStatus.IN_PROGRESS;
            if (!open) {
                continue;
            }
            sev.merge(s.alert().severity(), 1L, Long::sum);
            types.merge(s.alert().type().name(), 1L, Long::sum);
            String ip = s.alert().entities().get(AlertEntities.IP);
            if (ip != null) {
                ips.merge(ip, 1L, Long::sum);
            }
            String host = s.alert().entities().get(AlertEntities.HOST);
            if (host != null) {
                hosts.merge(host, 1L, Long::sum);
            }
            if (last != null && s.alert().lastSeen() != Event.NO_TIME) {
                LocalDate d = Instant.ofEpochMilli(s.alert().lastSeen()).atZone(ZoneOffset.UTC).toLocalDate();
                if (!d.isBefore(last.minusDays(DAYS - 1))) {
                    days.computeIfAbsent(d, k -> new LinkedHashMap<>()).merge(s.alert().severity().label(), 1L, Long::sum);
                }
            }
        }
        Map<String, Long> bySeverity = new LinkedHashMap<>();
        for (Severity s : Severity.values()) {
            bySeverity.put(s.label(), sev.getOrDefault(s, 0L));
        }
        Map<String, Map<String, Long>> perDay = new LinkedHashMap<>();
        if (last != null) {
            for (LocalDate d = last.minusDays(DAYS - 1); !d.isAfter(last); d = d.plusDays(1)) {
                Map<String, Long> m = new LinkedHashMap<>();
                for (Severity s : Severity.values()) {
                    m.put(s.label(), days.getOrDefault(d, Map.of()).getOrDefault(s.label(), 0L));
                }
                perDay.put(d.toString(), m);
            }
        }
        return new Overview(System.currentTimeMillis(), all.size(), truncated, byStatus, bySeverity, perDay, top(types), top(ips), top(hosts));
    }

    private static List<Map.Entry<String, Long>> top(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP).map(e -> Map.entry(e.getKey(), e.getValue())).toList();
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

    /**
     * The last overview, reused while younger than {@link #MAX_AGE_MILLIS}: a dashboard left open
     * on the overview, or several analysts, cost one computation per period.
     *
     * <p>Thread-safe: one computation at a time; callers in the meantime wait for it.
     */
    public static final class Cache {
        public static final long MAX_AGE_MILLIS = 15_000;
        private final StoreGate store;
        private Overview last;

        public Cache(StoreGate store) {
            this.store = store;
        }

        public synchronized Overview get() {
            long now = System.currentTimeMillis();
            if (last == null || now - last.computedMillis() > MAX_AGE_MILLIS || now < last.computedMillis()) {
                last = compute(store);
            }
            return last;
        }
    }
}
