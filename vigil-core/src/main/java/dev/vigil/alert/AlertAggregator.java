package dev.vigil.alert;

import dev.vigil.catalogue.AlertType;
import dev.vigil.detect.Detection;
import dev.vigil.catalogue.Severity;
import dev.vigil.event.Event;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Groups detections into alerts: one alert per alert type, resource (host), client IP and fixed
 * time window (aligned to the epoch, so a rerun over the same logs finds the same windows and
 * the same ids). Each alert keeps a bounded evidence sample.
 *
 * <p>Memory is bounded by configuration, not by the input: at most {@code maxAlerts} alerts are
 * held. An attacker who sends requests from a million addresses must not decide how much Vigil
 * holds, so past the bound the least severe, least recently updated alert is folded into its
 * type's storm alert ({@link #STORM_ENTITY}): one alert per type that counts the alerts, client
 * addresses, resources and detections folded into it, with their first and last times and a
 * few evidence lines. The most severe and most recent alerts stay whole. {@link #folded()} says
 * how many were folded.
 *
 * <p>A long-running caller takes the alerts whose time window has closed with
 * {@link #closedBefore}; a late detection for such a window opens it again under the same id
 * (stores merge by id).
 *
 * <p>Not thread-safe: feed it from one thread (the engine's listener thread).
 */
public final class AlertAggregator {
    /** Default grouping window, as cloud products group an hour of the same activity. */
    public static final long DEFAULT_WINDOW_MILLIS = 3_600_000L;

    /** Sources counted one by one per alert; the rest share one entry. */
    static final int MAX_SOURCES = 256;
    static final String OTHER_SOURCES = "(other sources)";

    /** Default bound on alerts held at once (a few KB each). */
    public static final int DEFAULT_MAX_ALERTS = 20_000;
    /**
     * Characters of evidence values held over all alerts (16 Mi characters). Past it an alert still
     * keeps one evidence line, cut to {@link #SHORT_EVIDENCE_CHARS}, and no more: evidence values
     * come from the input, so their memory must be bounded by configuration too.
     */
    public static final long MAX_EVIDENCE_CHARS = 16L << 20;
    static final int SHORT_EVIDENCE_CHARS = 512;
    /** The entity that marks a storm alert, and says what was folded into it. */
    public static final String STORM_ENTITY = "storm";

    private final long windowMillis;
    private final int maxEvidence;
    private final int maxAlerts;
    private final Map<String, Group> groups = new java.util.HashMap<>();
    /** The same groups by severity, each least recently updated first: who is folded first. */
    @SuppressWarnings("unchecked")
    private final LinkedHashMap<String, Group>[] bySeverity = new LinkedHashMap[Severity.values().length];
    private final Map<String, Storm> storms = new java.util.TreeMap<>();
    private final Map<String, Long> perType = new java.util.HashMap<>();
    private long folded;
    /**
     * Keys of the groups (and {@link #STORM_CHANGE} plus type for storm alerts) that changed since
     * the last {@link #drain}: what a long-running caller must store or send again.
     */
    private final Set<String> changed = new LinkedHashSet<>();
    private static final String STORM_CHANGE = "\u0001storm\u0000";
    /** Characters of evidence values the held alerts keep. */
    private long evidenceChars;
    /** Windows that ended before this event time may have been let go ({@link #closedBefore}). */
    private long letGoBefore = Long.MIN_VALUE;
    /** Where an alert let go is found again by id ({@link #continueFrom}); null: nowhere. */
    private java.util.function.Function<String, java.util.Optional<Alert>> committed;

    public AlertAggregator() {
        this(DEFAULT_WINDOW_MILLIS, 5);
    }

    public AlertAggregator(long windowMillis, int maxEvidence) {
        this(windowMillis, maxEvidence, DEFAULT_MAX_ALERTS);
    }

    public AlertAggregator(long windowMillis, int maxEvidence, int maxAlerts) {
        if (windowMillis < 1000) {
            throw new IllegalArgumentException("window must be at least one second");
        }
        if (maxAlerts < 1) {
            throw new IllegalArgumentException("at least one alert must be held, got " + maxAlerts);
        }
        this.windowMillis = windowMillis;
        this.maxEvidence = maxEvidence;
        this.maxAlerts = maxAlerts;
        for (int i = 0; i < bySeverity.length; i++) {
            bySeverity[i] = new LinkedHashMap<>(16, 0.75f, true);
        }
    }

    /**
     * For a caller that lets windows go ({@link #drain}) after handing them over to a store: a
     * late detection for a window let go continues the alert as it was handed over, found again by
     * its id with {@code committed}, instead of counting from one. Without it the late detection's
     * version of the alert would undercount (a store merges the counts of one source by maximum,
     * since a rescan of a file sees the same detections again). Looked up only for windows that
     * ended before the latest {@link #closedBefore} time.
     */
    public AlertAggregator continueFrom(java.util.function.Function<String, java.util.Optional<Alert>> committed) {
        this.committed = Objects.requireNonNull(committed, "committed");
        return this;
    }

    /**
     * Groups alerts of {@code type} over a longer (or shorter) window than the default, as cloud
     * products raise one alert per resource and type per day or week for noisy types. Call
     * before the first {@link #add}.
     */
    public AlertAggregator window(String type, long millis) {
        if (millis < 1000) {
            throw new IllegalArgumentException("window for " + type + " must be at least one second");
        }
        perType.put(type, millis);
        return this;
    }

    /**
     * The key of the alert {@code d} belongs to (alert type, resource, client address and time
     * window), of which the alert's id is a hash. A caller that spreads grouping over machines
     * (the Flink job) partitions detections by it, so each alert is grouped in one place.
     */
    public String groupKey(Detection d) {
        return groupKey(d, AlertEntities.of(d.event()));
    }

    private String groupKey(Detection d, Map<String, String> entities) {
        long t = d.event().timeMillis();
        long size = perType.getOrDefault(d.type().name(), windowMillis);
        long window = t == Event.NO_TIME ? 0 : Math.floorDiv(t, size) * size;
        return d.type().name() + '\u0000' + entities.getOrDefault("host", "")
                + '\u0000' + entities.getOrDefault("ip", "") + '\u0000' + window;
    }

    /**
     * When the time window of the alert {@code d} belongs to ends (event time), after which only a
     * late detection adds to it; {@link Long#MAX_VALUE} for a detection without a time.
     */
    public long windowEnd(Detection d) {
        long t = d.event().timeMillis();
        long size = perType.getOrDefault(d.type().name(), windowMillis);
        return t == Event.NO_TIME ? Long.MAX_VALUE : Math.floorDiv(t, size) * size + size;
    }

    public void add(Detection d) {
        Map<String, String> entities = AlertEntities.of(d.event());
        long size = perType.getOrDefault(d.type().name(), windowMillis);
        long t = d.event().timeMillis();
        long window = t == Event.NO_TIME ? 0 : Math.floorDiv(t, size) * size;
        String key = groupKey(d, entities);
        Group g = groups.get(key);
        if (g == null) {
            if (groups.size() >= maxAlerts) {
                foldOne();
            }
            g = new Group(d, entities, key, window, size);
            if (committed != null && t != Event.NO_TIME && window + size <= letGoBefore) {
                java.util.Optional<Alert> was = committed.apply(g.id);
                if (was.isPresent() && was.get().type().name().equals(g.type.name())) {
                    evidenceChars += g.resume(was.get(), maxEvidence);
                }
            }
            groups.put(key, g);
            bySeverity[g.severity.ordinal()].put(key, g);
        } else {
            bySeverity[g.severity.ordinal()].get(key); // a use: recently updated groups stay
        }
        Severity before = g.severity;
        changed.add(key);
        evidenceChars += g.add(d, maxEvidence, evidenceChars < MAX_EVIDENCE_CHARS);
        if (g.severity != before) {
            bySeverity[before.ordinal()].remove(key);
            bySeverity[g.severity.ordinal()].put(key, g);
        }
    }

    /** Folds the least severe, least recently updated alert into its type's storm alert. */
    private void foldOne() {
        for (LinkedHashMap<String, Group> bucket : bySeverity) {
            if (!bucket.isEmpty()) {
                java.util.Iterator<Map.Entry<String, Group>> it = bucket.entrySet().iterator();
                Group g = it.next().getValue();
                it.remove();
                groups.remove(g.key);
                evidenceChars -= g.evidenceChars;
                storms.computeIfAbsent(g.type.name(), t -> new Storm(g.type)).fold(g, maxEvidence);
                changed.remove(g.key);
                changed.add(STORM_CHANGE + g.type.name());
                folded++;
                return;
            }
        }
    }

    /** The alerts so far, most severe first, then by first-seen time; storm alerts included. */
    public List<Alert> alerts() {
        List<Alert> out = new ArrayList<>(groups.size() + storms.size());
        for (Group g : groups.values()) {
            out.add(g.toAlert());
        }
        for (Storm s : storms.values()) {
            out.add(s.toAlert());
        }
        sort(out);
        return out;
    }

    private static void sort(List<Alert> out) {
        out.sort(Comparator.comparing(Alert::severity).reversed()
                .thenComparingLong(Alert::firstSeen)
                .thenComparing(a -> a.type().name())
                .thenComparing(Alert::id));
    }

    /**
     * Takes out the alerts whose time window ended before {@code time} (event time): nothing can
     * be added to them any more, unless late. Storm alerts stay until {@link #alerts}.
     */
    public List<Alert> closedBefore(long time) {
        letGoBefore = Math.max(letGoBefore, time);
        List<Alert> out = new ArrayList<>();
        for (java.util.Iterator<Group> it = groups.values().iterator(); it.hasNext(); ) {
            Group g = it.next();
            if (g.window != Long.MIN_VALUE && g.window + g.size <= time) {
                it.remove();
                bySeverity[g.severity.ordinal()].remove(g.key);
                evidenceChars -= g.evidenceChars;
                out.add(g.toAlert());
            }
        }
        sort(out);
        return out;
    }

    /**
     * What changed since the last drain, for a caller that runs without end ({@code vigil watch}):
     * the alerts that are new or grew, each in its whole current state (so storing it again is
     * idempotent: stores merge by id), most severe first; then the alerts whose window ended
     * before {@code closeBefore} (event time) are let go, so memory stays flat over weeks. A late
     * detection for a window let go opens it again under the same id: counting from there, or from
     * its committed version with {@link #continueFrom}.
     *
     * @param closeBefore event time before which windows are closed; {@link Long#MIN_VALUE} closes none
     */
    public List<Alert> drain(long closeBefore) {
        List<Alert> out = new ArrayList<>(changed.size());
        for (String k : changed) {
            if (k.startsWith(STORM_CHANGE)) {
                Storm s = storms.get(k.substring(STORM_CHANGE.length()));
                if (s != null) {
                    out.add(s.toAlert());
                }
            } else {
                Group g = groups.get(k);
                if (g != null) {
                    out.add(g.toAlert());
                }
            }
        }
        changed.clear();
        if (closeBefore != Long.MIN_VALUE) {
            closedBefore(closeBefore);
        }
        sort(out);
        return out;
    }

    /**
     * The changes not yet drained, to hand to {@link #unDrain} if what a {@link #drain} gave could
     * not be handed over: a caller that commits the drained alerts with a snapshot taken after the
     * drain (so a restart does not hand them over a second time) puts them back this way.
     */
    public List<String> pendingChanges() {
        return List.copyOf(changed);
    }

    /**
     * Marks again as changed the alerts of {@code pending} (from {@link #pendingChanges}) still
     * held, so the next {@link #drain} gives them again.
     */
    public void unDrain(List<String> pending) {
        for (String k : pending) {
            if (k.startsWith(STORM_CHANGE) ? storms.containsKey(k.substring(STORM_CHANGE.length())) : groups.containsKey(k)) {
                changed.add(k);
            }
        }
    }

    /** How many alerts changed since the last {@link #drain}. */
    public int changedCount() {
        return changed.size();
    }

    /**
     * Writes every held alert (whole groups in the order they would be folded, storm alerts, the
     * changes not yet drained) so that {@link #restore} continues exactly where this stopped:
     * the same ids, counts, evidence and fold order as if never stopped. Configuration (windows,
     * bounds) is not written; restore into an aggregator configured the same way.
     */
    public void snapshot(java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(SNAPSHOT_VERSION);
        out.writeLong(folded);
        out.writeLong(letGoBefore);
        List<Group> order = new ArrayList<>(groups.size());
        for (LinkedHashMap<String, Group> bucket : bySeverity) {
            order.addAll(bucket.values()); // access order within a severity: the fold order
        }
        out.writeInt(order.size());
        for (Group g : order) {
            g.write(out);
        }
        out.writeInt(storms.size());
        for (Storm s : storms.values()) {
            s.write(out);
        }
        out.writeInt(changed.size());
        for (String k : changed) {
            Snapshots.writeString(out, k);
        }
    }

    /** 2 adds the time before which windows may have been let go; 1 is still read. */
    private static final int SNAPSHOT_VERSION = 2;

    /**
     * Replaces what this aggregator holds with a {@link #snapshot}. Alert types are looked up by
     * name with {@code types}; an alert whose type is no longer known (a rule folder removed
     * between runs) is left out and counted in the result.
     *
     * @return how many alerts were left out for an unknown type
     * @throws java.io.IOException when the snapshot is cut short or not one of ours
     */
    public int restore(java.io.DataInput in, java.util.function.Function<String, java.util.Optional<AlertType>> types)
            throws java.io.IOException {
        int version = in.readInt();
        if (version != SNAPSHOT_VERSION && version != 1) {
            throw new java.io.IOException("alert snapshot version " + version + " (expected " + SNAPSHOT_VERSION + ")");
        }
        groups.clear();
        for (LinkedHashMap<String, Group> bucket : bySeverity) {
            bucket.clear();
        }
        storms.clear();
        changed.clear();
        evidenceChars = 0;
        folded = in.readLong();
        // version 1 did not say what was let go: any window may have been, so look each one up
        letGoBefore = version == 1 ? Long.MAX_VALUE : in.readLong();
        int unknown = 0;
        int n = Snapshots.count(in);
        for (int i = 0; i < n; i++) {
            Group g = Group.read(in, types);
            if (g == null) {
                unknown++;
                continue;
            }
            groups.put(g.key, g);
            bySeverity[g.severity.ordinal()].put(g.key, g);
            evidenceChars += g.evidenceChars;
        }
        int ns = Snapshots.count(in);
        for (int i = 0; i < ns; i++) {
            Storm s = Storm.read(in, types);
            if (s == null) {
                unknown++;
            } else {
                storms.put(s.type.name(), s);
            }
        }
        int nc = Snapshots.count(in);
        for (int i = 0; i < nc; i++) {
            changed.add(Snapshots.readString(in));
        }
        return unknown;
    }

    /** Alerts held whole (storm alerts aside). */
    public int size() {
        return groups.size();
    }

    /** How many alerts were folded into storm alerts because more than the bound were open. */
    public long folded() {
        return folded;
    }

    /** Folded alerts by type. */
    public Map<String, Long> foldedByType() {
        Map<String, Long> out = new java.util.TreeMap<>();
        storms.forEach((t, s) -> out.put(t, s.alerts));
        return out;
    }

    /** What was folded of one alert type: counts, times, a few evidence lines. */
    private static final class Storm {
        /**
         * Distinct addresses and resources counted exactly per type. A watch that runs for weeks
         * keeps its storm alerts, so this bounds what they hold (measured: at 100,000 the heap of
         * WatchHeapBenchmark still grew by 15% between 5M and 50M events as the sets filled).
         */
        private static final int MAX_DISTINCT = 10_000;
        private final AlertType type;
        private Severity severity = Severity.INFORMATIONAL;
        private long alerts;
        private long detections;
        private long firstSeen = Long.MAX_VALUE;
        private long lastSeen = Long.MIN_VALUE;
        /** Distinct addresses and resources, counted exactly up to a bound, then at least that many. */
        private final Set<String> ips = new java.util.HashSet<>();
        private final Set<String> hosts = new java.util.HashSet<>();
        private final Set<String> rules = new java.util.TreeSet<>();
        private final List<Evidence> evidence = new ArrayList<>();
        private final Map<String, Long> sources = new LinkedHashMap<>();

        Storm(AlertType type) {
            this.type = type;
        }

        void write(java.io.DataOutput out) throws java.io.IOException {
            Snapshots.writeString(out, type.name());
            out.writeInt(severity.ordinal());
            out.writeLong(alerts);
            out.writeLong(detections);
            out.writeLong(firstSeen);
            out.writeLong(lastSeen);
            Snapshots.writeStrings(out, ips);
            Snapshots.writeStrings(out, hosts);
            Snapshots.writeStrings(out, rules);
            Snapshots.writeEvidence(out, evidence);
            Snapshots.writeCounts(out, sources);
        }

        static Storm read(java.io.DataInput in, java.util.function.Function<String, java.util.Optional<AlertType>> types)
                throws java.io.IOException {
            String name = Snapshots.readString(in);
            Storm s = new Storm(types.apply(name).orElse(null));
            s.severity = Snapshots.severity(in.readInt());
            s.alerts = in.readLong();
            s.detections = in.readLong();
            s.firstSeen = in.readLong();
            s.lastSeen = in.readLong();
            Snapshots.readStrings(in, s.ips);
            Snapshots.readStrings(in, s.hosts);
            Snapshots.readStrings(in, s.rules);
            Snapshots.readEvidence(in, s.evidence);
            Snapshots.readCounts(in, s.sources);
            return s.type == null ? null : s;
        }

        void fold(Group g, int maxEvidence) {
            alerts++;
            detections += g.count;
            if (g.severity.compareTo(severity) > 0) {
                severity = g.severity;
            }
            if (g.firstSeen != Long.MAX_VALUE) {
                firstSeen = Math.min(firstSeen, g.firstSeen);
                lastSeen = Math.max(lastSeen, g.lastSeen);
            }
            addBounded(ips, g.entities.get("ip"));
            addBounded(hosts, g.entities.get("host"));
            if (rules.size() < 64) {
                rules.addAll(g.rules);
            }
            for (Evidence e : g.evidence) {
                if (evidence.size() < maxEvidence) {
                    evidence.add(e);
                }
            }
            g.sources.forEach((src, n) -> {
                String k = sources.size() < MAX_SOURCES || sources.containsKey(src) ? src : OTHER_SOURCES;
                sources.merge(k, n, Long::sum);
            });
        }

        private static void addBounded(Set<String> set, String v) {
            if (v != null && set.size() < MAX_DISTINCT) {
                set.add(v);
            }
        }

        private static String count(Set<String> set) {
            return set.size() >= MAX_DISTINCT ? "at least " + MAX_DISTINCT : Integer.toString(set.size());
        }

        Alert toAlert() {
            Map<String, String> entities = new LinkedHashMap<>();
            entities.put(STORM_ENTITY, String.format(java.util.Locale.ROOT,
                    "%d alerts folded (%d detections, %s client addresses, %s resources): more were open at once "
                            + "than the bound on alerts held", alerts, detections, count(ips), count(hosts)));
            if (hosts.size() == 1) {
                entities.put("host", hosts.iterator().next());
            }
            boolean timed = firstSeen != Long.MAX_VALUE;
            return new Alert(Group.id("storm\u0000" + type.name()), type, severity, entities,
                    timed ? firstSeen : Event.NO_TIME, timed ? lastSeen : Event.NO_TIME, detections,
                    new ArrayList<>(rules), evidence, Alert.confidence(type, detections, rules.size()), false, sources);
        }
    }

    private static final class Group {
        /** The alert type (not the first detection: that would keep its whole event alive). */
        private final AlertType type;
        private final Map<String, String> entities;
        private final String key;
        private final String id;
        /** The window's start (Long.MIN_VALUE for detections without a time) and length. */
        private final long window;
        private final long size;
        private Severity severity;
        private long firstSeen = Long.MAX_VALUE;
        private long lastSeen = Long.MIN_VALUE;
        private long count;
        private final Set<String> rules = new LinkedHashSet<>();
        private final List<Evidence> evidence = new ArrayList<>();
        private final Map<String, Long> sources = new LinkedHashMap<>();

        Group(Detection first, Map<String, String> entities, String key, long window, long size) {
            this.type = first.type();
            this.entities = entities;
            this.key = key;
            this.id = id(key);
            this.window = first.event().timeMillis() == Event.NO_TIME ? Long.MIN_VALUE : window;
            this.size = size;
            this.severity = first.severity();
        }

        /** Characters of evidence values this group keeps. */
        private long evidenceChars;

        void write(java.io.DataOutput out) throws java.io.IOException {
            Snapshots.writeString(out, type.name());
            Snapshots.writeCounts(out, entities);
            Snapshots.writeString(out, key);
            out.writeLong(window);
            out.writeLong(size);
            out.writeInt(severity.ordinal());
            out.writeLong(firstSeen);
            out.writeLong(lastSeen);
            out.writeLong(count);
            out.writeLong(evidenceChars);
            Snapshots.writeStrings(out, rules);
            Snapshots.writeEvidence(out, evidence);
            Snapshots.writeCounts(out, sources);
        }

        private Group(AlertType type, Map<String, String> entities, String key, long window, long size) {
            this.type = type;
            this.entities = entities;
            this.key = key;
            this.id = id(key);
            this.window = window;
            this.size = size;
        }

        static Group read(java.io.DataInput in, java.util.function.Function<String, java.util.Optional<AlertType>> types)
                throws java.io.IOException {
            String name = Snapshots.readString(in);
            Map<String, String> entities = new LinkedHashMap<>();
            Snapshots.readCounts(in, entities);
            Group g = new Group(types.apply(name).orElse(null), entities, Snapshots.readString(in), in.readLong(),
                    in.readLong());
            g.severity = Snapshots.severity(in.readInt());
            g.firstSeen = in.readLong();
            g.lastSeen = in.readLong();
            g.count = in.readLong();
            g.evidenceChars = in.readLong();
            Snapshots.readStrings(in, g.rules);
            Snapshots.readEvidence(in, g.evidence);
            Snapshots.readCounts(in, g.sources);
            return g.type == null ? null : g;
        }

        /**
         * Counts {@code d}; keeps it as evidence while there is room. Returns the characters of
         * evidence added. With {@code roomLeft} false (the aggregator's evidence budget is spent)
         * only a first evidence line is kept, cut short.
         */
        long add(Detection d, int maxEvidence, boolean roomLeft) {
            count++;
            if (d.severity().compareTo(severity) > 0) {
                severity = d.severity();
            }
            long t = d.event().timeMillis();
            if (t != Event.NO_TIME) {
                firstSeen = Math.min(firstSeen, t);
                lastSeen = Math.max(lastSeen, t);
            }
            rules.add(d.ruleId());
            // Per-source counts let a store tell a rescan of the same file from new input.
            String src = sources.size() < MAX_SOURCES || sources.containsKey(d.origin().source())
                    ? d.origin().source() : OTHER_SOURCES;
            sources.merge(src, 1L, Long::sum);
            if (evidence.size() < maxEvidence && (roomLeft || evidence.isEmpty())) {
                Evidence e = roomLeft ? Evidence.of(d) : Evidence.of(d, SHORT_EVIDENCE_CHARS);
                long chars = (e.value() == null ? 0 : e.value().length()) + (e.decoded() == null ? 0 : e.decoded().length());
                evidence.add(e);
                evidenceChars += chars;
                return chars;
            }
            return 0;
        }

        /**
         * Continues from {@code was}, this alert as handed over before its window was let go:
         * its counts per source, rules, times, severity and evidence. Returns the characters of
         * evidence taken over.
         */
        long resume(Alert was, int maxEvidence) {
            count += was.count();
            if (was.severity().compareTo(severity) > 0) {
                severity = was.severity();
            }
            if (was.firstSeen() != Event.NO_TIME) {
                firstSeen = Math.min(firstSeen, was.firstSeen());
                lastSeen = Math.max(lastSeen, was.lastSeen());
            }
            rules.addAll(was.rules());
            was.sources().forEach((k, v) -> sources.merge(
                    sources.size() < MAX_SOURCES || sources.containsKey(k) ? k : OTHER_SOURCES, v, Long::sum));
            long chars = 0;
            for (Evidence e : was.evidence()) {
                if (evidence.size() >= maxEvidence) {
                    break;
                }
                evidence.add(e);
                chars += (e.value() == null ? 0 : e.value().length()) + (e.decoded() == null ? 0 : e.decoded().length());
            }
            evidenceChars += chars;
            return chars;
        }

        Alert toAlert() {
            boolean timed = firstSeen != Long.MAX_VALUE;
            return new Alert(id, type, severity, entities,
                    timed ? firstSeen : Event.NO_TIME, timed ? lastSeen : Event.NO_TIME,
                    count, new ArrayList<>(rules), evidence,
                    Alert.confidence(type, count, rules.size()), false, sources);
        }

        private static String id(String key) {
            try {
                byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(h, 0, 16);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every Java platform", e);
            }
        }
    }
}
