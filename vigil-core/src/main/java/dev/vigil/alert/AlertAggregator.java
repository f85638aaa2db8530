package dev.vigil.alert;

import dev.vigil.detect.Detection;
import dev.vigil.detect.Severity;
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
import java.util.Set;

/**
 * Groups detections into alerts: one alert per alert type, resource (host), client IP and fixed
 * time window (aligned to the epoch, so a rerun over the same logs finds the same windows and
 * the same ids). Memory grows with the number of alerts, not detections: each keeps a bounded
 * evidence sample.
 *
 * <p>Not thread-safe: feed it from one thread (the engine's listener thread).
 */
public final class AlertAggregator {
    /** Default grouping window, as cloud products group an hour of the same activity. */
    public static final long DEFAULT_WINDOW_MILLIS = 3_600_000L;

    /** Sources counted one by one per alert; the rest share one entry. */
    static final int MAX_SOURCES = 256;
    static final String OTHER_SOURCES = "(other sources)";

    private final long windowMillis;
    private final int maxEvidence;
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, Long> perType = new java.util.HashMap<>();

    public AlertAggregator() {
        this(DEFAULT_WINDOW_MILLIS, 5);
    }

    public AlertAggregator(long windowMillis, int maxEvidence) {
        if (windowMillis < 1000) {
            throw new IllegalArgumentException("window must be at least one second");
        }
        this.windowMillis = windowMillis;
        this.maxEvidence = maxEvidence;
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

    public void add(Detection d) {
        Map<String, String> entities = AlertEntities.of(d.event());
        long t = d.event().timeMillis();
        long size = perType.getOrDefault(d.type().name(), windowMillis);
        long window = t == Event.NO_TIME ? 0 : Math.floorDiv(t, size) * size;
        String key = d.type().name() + '\u0000' + entities.getOrDefault("host", "")
                + '\u0000' + entities.getOrDefault("ip", "") + '\u0000' + window;
        Group g = groups.computeIfAbsent(key, k -> new Group(d, entities, k));
        g.add(d, maxEvidence);
    }

    /** The alerts so far, most severe first, then by first-seen time. */
    public List<Alert> alerts() {
        List<Alert> out = new ArrayList<>(groups.size());
        for (Group g : groups.values()) {
            out.add(g.toAlert());
        }
        out.sort(Comparator.comparing(Alert::severity).reversed()
                .thenComparingLong(Alert::firstSeen)
                .thenComparing(a -> a.type().name())
                .thenComparing(Alert::id));
        return out;
    }

    public int size() {
        return groups.size();
    }

    private static final class Group {
        private final Detection first;
        private final Map<String, String> entities;
        private final String id;
        private Severity severity;
        private long firstSeen = Long.MAX_VALUE;
        private long lastSeen = Long.MIN_VALUE;
        private long count;
        private final Set<String> rules = new LinkedHashSet<>();
        private final List<Evidence> evidence = new ArrayList<>();
        private final Map<String, Long> sources = new LinkedHashMap<>();

        Group(Detection first, Map<String, String> entities, String key) {
            this.first = first;
            this.entities = entities;
            this.id = id(key);
            this.severity = first.severity();
        }

        void add(Detection d, int maxEvidence) {
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
            if (evidence.size() < maxEvidence) {
                evidence.add(Evidence.of(d));
            }
        }

        Alert toAlert() {
            boolean timed = firstSeen != Long.MAX_VALUE;
            return new Alert(id, first.type(), severity, entities,
                    timed ? firstSeen : Event.NO_TIME, timed ? lastSeen : Event.NO_TIME,
                    count, new ArrayList<>(rules), evidence,
                    Alert.confidence(first.type(), count, rules.size()), false, sources);
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
