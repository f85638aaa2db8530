package dev.vigil.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps incident ids stable across regrouping. Incidents are recomputed from the stored alerts
 * after every scan; their computed id hashes their alert ids, so it changes whenever an alert
 * joins or leaves (a suppression dismisses one, a later scan adds one). A recomputed incident
 * that shares alerts with a stored one continues it: same id, same status.
 *
 * <p>Matching is greedy on shared alerts, largest overlap first (ties: the stored incident seen
 * first, then the smaller id), each stored id given to at most one new incident, so a split
 * keeps the id on its larger part and a merge keeps the id of the part it shares most with.
 * Linear in the number of alert ids plus the candidate pairs.
 *
 * <p>Static and thread-safe.
 */
final class IncidentIds {
    private IncidentIds() {}

    /** {@code fresh} with ids and statuses carried over from {@code stored}, in the order given. */
    static List<StoredIncident> assign(List<StoredIncident> stored, List<StoredIncident> fresh) {
        return assign(stored, fresh, Set.of());
    }

    /**
     * As {@link #assign(List, List)}, when {@code stored} is only the part being regrouped: the
     * ids of the incidents left as they are ({@code reserved}) are never given to a new one.
     */
    static List<StoredIncident> assign(List<StoredIncident> stored, List<StoredIncident> fresh, Set<String> reserved) {
        Map<String, StoredIncident> byId = new HashMap<>();
        Map<String, String> owner = new HashMap<>();
        for (StoredIncident s : stored) {
            byId.put(s.id(), s);
            for (String a : s.alertIds()) {
                owner.put(a, s.id());
            }
        }
        record Pair(int fresh, String storedId, int shared, long firstSeen) {}
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < fresh.size(); i++) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (String a : fresh.get(i).alertIds()) {
                String o = owner.get(a);
                if (o != null) {
                    counts.merge(o, 1, Integer::sum);
                }
            }
            for (Map.Entry<String, Integer> c : counts.entrySet()) {
                Long fs = byId.get(c.getKey()).firstSeen();
                pairs.add(new Pair(i, c.getKey(), c.getValue(), fs == null ? Long.MAX_VALUE : fs));
            }
        }
        pairs.sort(Comparator.comparingInt((Pair p) -> -p.shared()).thenComparingLong(Pair::firstSeen)
                .thenComparing(Pair::storedId).thenComparingInt(Pair::fresh));
        String[] given = new String[fresh.size()];
        Set<String> used = new HashSet<>();
        for (Pair p : pairs) {
            if (given[p.fresh()] == null && used.add(p.storedId())) {
                given[p.fresh()] = p.storedId();
            }
        }
        // A computed id that a stored incident still uses elsewhere must not be taken twice.
        Set<String> taken = new HashSet<>(used);
        taken.addAll(reserved);
        List<StoredIncident> out = new ArrayList<>(fresh.size());
        for (int i = 0; i < fresh.size(); i++) {
            StoredIncident f = fresh.get(i);
            if (given[i] != null) {
                out.add(f.withId(given[i], byId.get(given[i]).status()));
            } else {
                String id = f.id();
                for (int n = 2; taken.contains(id); n++) {
                    id = f.id() + "-" + n;
                }
                taken.add(id);
                out.add(f.withId(id, f.status()));
            }
        }
        return out;
    }

    /**
     * Stored ids not in {@code now}: each to the new incident holding most of its alerts, or to
     * null when none of them is in an incident any more.
     */
    static Map<String, String> retired(List<StoredIncident> stored, List<StoredIncident> now) {
        Set<String> live = new HashSet<>();
        Map<String, String> owner = new HashMap<>();
        for (StoredIncident n : now) {
            live.add(n.id());
            for (String a : n.alertIds()) {
                owner.put(a, n.id());
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (StoredIncident s : stored) {
            if (live.contains(s.id())) {
                continue;
            }
            Map<String, Integer> counts = new HashMap<>();
            for (String a : s.alertIds()) {
                String o = owner.get(a);
                if (o != null) {
                    counts.merge(o, 1, Integer::sum);
                }
            }
            out.put(s.id(), counts.entrySet().stream()
                    .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry::getKey,
                            Comparator.reverseOrder()))
                    .map(Map.Entry::getKey).orElse(null));
        }
        return out;
    }
}
