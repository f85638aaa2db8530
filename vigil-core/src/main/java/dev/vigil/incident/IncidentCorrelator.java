package dev.vigil.incident;

import dev.vigil.alert.Alert;
import dev.vigil.catalogue.Severity;
import dev.vigil.event.Event;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Groups alerts into incidents, as {@code docs/ALERTS.md} describes:
 * <ul>
 *   <li>alerts about the same attacker address belong together;</li>
 *   <li>runtime alerts on the same resource within the window belong together;</li>
 *   <li>a web attack alert followed on the same resource, within the link window, by a runtime
 *       alert (a process the request plausibly started) joins both, and confirms the attack.</li>
 * </ul>
 * Test alerts never join incidents. An incident with one alert is still an incident: it gives the
 * alert its story and outcome.
 *
 * <p>Stateless apart from its settings; thread-safe.
 */
public final class IncidentCorrelator {
    /** Web alert types whose success would start processes on the host. */
    private static final Set<String> EXECUTION_ATTEMPTS = Set.of("CommandInjectionAttempt", "CodeInjectionAttempt",
            "WebShellRequest", "PhpInUploadFolder", "RemoteFileInclusionAttempt", "WordPressThemeInjection",
            "SuspiciousUserAgent");
    private static final Set<String> SUCCESS_SIGNS = Set.of("WordPressThemeInjection");

    private final long resourceWindowMillis;
    private final long linkWindowMillis;

    public IncidentCorrelator() {
        this(3_600_000L, 600_000L);
    }

    /**
     * @param resourceWindowMillis runtime alerts on one resource this close together join
     * @param linkWindowMillis     a runtime alert this soon after a web execution attempt on the
     *                             same resource joins it
     */
    public IncidentCorrelator(long resourceWindowMillis, long linkWindowMillis) {
        this.resourceWindowMillis = resourceWindowMillis;
        this.linkWindowMillis = linkWindowMillis;
    }

    public List<Incident> correlate(List<Alert> all) {
        List<Alert> alerts = all.stream().filter(a -> !a.type().test()).toList();
        int n = alerts.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        boolean[] confirmed = new boolean[n];

        // same attacker address
        Map<String, Integer> byIp = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String ip = alerts.get(i).entities().get("ip");
            if (ip != null) {
                Integer j = byIp.putIfAbsent(ip, i);
                if (j != null) {
                    union(parent, i, j);
                }
            }
        }
        // same resource: runtime alerts within the window, and web execution attempts followed by runtime alerts
        Map<String, List<Integer>> runtimeByHost = new HashMap<>();
        for (int j = 0; j < n; j++) {
            String host = alerts.get(j).entities().get("host");
            if (host != null && isRuntime(alerts.get(j))) {
                runtimeByHost.computeIfAbsent(host, k -> new ArrayList<>()).add(j);
            }
        }
        for (int i = 0; i < n; i++) {
            Alert a = alerts.get(i);
            String host = a.entities().get("host");
            List<Integer> runtime = host == null ? null : runtimeByHost.get(host);
            if (runtime == null) {
                continue;
            }
            for (int j : runtime) {
                if (i == j) {
                    continue;
                }
                Alert b = alerts.get(j);
                if (isRuntime(a) && i < j && close(a, b, resourceWindowMillis)) {
                    union(parent, i, j);
                } else if (!isRuntime(a) && EXECUTION_ATTEMPTS.contains(a.type().name()) && follows(a, b, linkWindowMillis)) {
                    union(parent, i, j);
                    confirmed[i] = true;
                    confirmed[j] = true;
                }
            }
        }

        Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            groups.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(i);
        }
        List<Incident> out = new ArrayList<>();
        for (List<Integer> g : groups.values()) {
            boolean conf = g.stream().anyMatch(i -> confirmed[i]);
            out.add(build(g.stream().map(alerts::get).toList(), conf));
        }
        out.sort(Comparator.comparing(Incident::severity).reversed().thenComparingLong(Incident::firstSeen));
        return out;
    }

    /**
     * Whether {@link #correlate} joins these two alerts directly: the edges of its grouping, so an
     * incident is a connected set of them. Symmetric. A store that regroups incrementally uses it
     * to find the stored incidents a new or changed alert can join.
     */
    public boolean linked(Alert a, Alert b) {
        if (a.type().test() || b.type().test() || a.id().equals(b.id())) {
            return false;
        }
        String ip = a.entities().get("ip");
        if (ip != null && ip.equals(b.entities().get("ip"))) {
            return true;
        }
        String host = a.entities().get("host");
        if (host == null || !host.equals(b.entities().get("host"))) {
            return false;
        }
        if (isRuntime(a) && isRuntime(b)) {
            return close(a, b, resourceWindowMillis);
        }
        return executionFollowedBy(a, b) || executionFollowedBy(b, a);
    }

    /** Whether {@code a} can join another alert through its host, not only through its address. */
    public boolean linksOnHost(Alert a) {
        return a.entities().get("host") != null && (isRuntime(a) || EXECUTION_ATTEMPTS.contains(a.type().name()));
    }

    private boolean executionFollowedBy(Alert web, Alert runtime) {
        return !isRuntime(web) && EXECUTION_ATTEMPTS.contains(web.type().name()) && isRuntime(runtime)
                && follows(web, runtime, linkWindowMillis);
    }

    private Incident build(List<Alert> group, boolean confirmed) {
        List<Alert> ordered = new ArrayList<>(group);
        ordered.sort(Comparator.comparingInt((Alert a) -> KillChain.stage(a.type().tactics()))
                .thenComparingLong(Alert::firstSeen)
                .thenComparing(Alert::id));
        Set<String> ips = new TreeSet<>();
        Set<String> hosts = new TreeSet<>();
        Severity severity = Severity.INFORMATIONAL;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        boolean likely = false;
        for (Alert a : ordered) {
            if (a.entities().get("ip") != null) {
                ips.add(a.entities().get("ip"));
            }
            if (a.entities().get("host") != null) {
                hosts.add(a.entities().get("host"));
            }
            if (a.severity().compareTo(severity) > 0) {
                severity = a.severity();
            }
            if (a.firstSeen() != Event.NO_TIME) {
                first = Math.min(first, a.firstSeen());
                last = Math.max(last, a.lastSeen());
            }
            likely |= isRuntime(a) || SUCCESS_SIGNS.contains(a.type().name())
                    || a.rules().stream().anyMatch(r -> r.endsWith("-success"))
                    || a.severity().compareTo(a.type().severity()) > 0;
        }
        Incident.Outcome outcome = confirmed ? Incident.Outcome.CONFIRMED
                : likely ? Incident.Outcome.LIKELY_SUCCEEDED : Incident.Outcome.ATTEMPTED;
        if (outcome != Incident.Outcome.ATTEMPTED && severity != Severity.HIGH) {
            severity = Severity.values()[severity.ordinal() + 1];
        }
        String where = hosts.isEmpty() ? "an unnamed resource" : String.join(", ", hosts);
        String who = ips.isEmpty() ? "" : " from " + String.join(", ", ips);
        String title = (ordered.size() == 1 ? ordered.get(0).type().displayName() : "Attack") + " on " + where + who;
        return new Incident(id(ordered), title, severity, outcome, narrative(ordered, outcome), ordered, ips, hosts,
                first == Long.MAX_VALUE ? Event.NO_TIME : first, last == Long.MIN_VALUE ? Event.NO_TIME : last);
    }

    private static String narrative(List<Alert> ordered, Incident.Outcome outcome) {
        StringBuilder b = new StringBuilder();
        Set<String> seen = new LinkedHashSet<>();
        for (Alert a : ordered) {
            seen.add(a.type().displayName() + (a.count() > 1 ? " (" + a.count() + "×)" : ""));
        }
        b.append(String.join(", then ", seen)).append('.');
        b.append(" Outcome: ").append(outcome.label());
        switch (outcome) {
            case CONFIRMED -> b.append(": a web attack was followed on the same host by processes it would start.");
            case LIKELY_SUCCEEDED -> b.append(": the evidence shows signs of success; check the host.");
            case ATTEMPTED -> b.append(": nothing shows the attempts worked.");
        }
        return b.toString();
    }

    private static boolean isRuntime(Alert a) {
        return a.type().family().toLowerCase(Locale.ROOT).equals("runtime");
    }

    private static boolean close(Alert a, Alert b, long window) {
        if (a.firstSeen() == Event.NO_TIME || b.firstSeen() == Event.NO_TIME) {
            return false;
        }
        return b.firstSeen() <= a.lastSeen() + window && a.firstSeen() <= b.lastSeen() + window;
    }

    /** b starts after a started, and no later than the window after a ended. */
    private static boolean follows(Alert a, Alert b, long window) {
        if (a.firstSeen() == Event.NO_TIME || b.firstSeen() == Event.NO_TIME) {
            return false;
        }
        return b.firstSeen() >= a.firstSeen() && b.firstSeen() <= a.lastSeen() + window;
    }

    private static String id(List<Alert> alerts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            alerts.stream().map(Alert::id).sorted().forEach(id -> md.update(id.getBytes(StandardCharsets.UTF_8)));
            return "inc-" + HexFormat.of().formatHex(md.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private static int find(int[] p, int i) {
        while (p[i] != i) {
            p[i] = p[p[i]];
            i = p[i];
        }
        return i;
    }

    private static void union(int[] p, int a, int b) {
        int ra = find(p, a);
        int rb = find(p, b);
        if (ra != rb) {
            p[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
