package dev.vigil.server.decisions;

import dev.vigil.store.StoredAlert;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The decisions the policy makes from the stored alerts, and what each bouncer has been told, so
 * that {@code /v1/decisions/stream} answers as CrowdSec's local API does: with
 * {@code startup=true} every active decision in {@code new}; afterwards only what changed since
 * that bouncer's last poll: decisions made or extended in {@code new}, decisions that ended
 * (expired, their alerts dismissed, their IP allow-listed) in {@code deleted}.
 *
 * <p>What bouncers were told is kept in memory per bouncer key: after a restart of the server a
 * bouncer that does not restart too misses the deletions of decisions that ended meanwhile, and
 * those expire at the bouncer by their own duration (the bouncer was given it). Active decisions
 * are recomputed from the store at most every {@link #REFRESH_MILLIS}, however many bouncers poll.
 *
 * <p>Thread-safe: every method synchronized.
 */
public final class DecisionBook {
    /** How long a computed set of decisions is reused; bouncers poll every 10 s by default. */
    static final long REFRESH_MILLIS = 2_000;

    private final DecisionPolicy policy;
    private final Supplier<Collection<StoredAlert>> alerts;
    private final LongSupplier clock;
    private final Map<String, Long> ids = new HashMap<>();
    private final Map<String, Map<String, Decision>> told = new HashMap<>();
    private Map<String, Decision> active = Map.of();
    private long computedAt = Long.MIN_VALUE;
    private long nextId = 1;

    /**
     * @param alerts the stored alerts the policy may block for (the caller narrows them by what
     *               the store can filter: statuses and minimum severity)
     */
    public DecisionBook(DecisionPolicy policy, Supplier<Collection<StoredAlert>> alerts, LongSupplier clock) {
        this.policy = policy;
        this.alerts = alerts;
        this.clock = clock;
    }

    public DecisionPolicy policy() {
        return policy;
    }

    /** What one poll returns. */
    public record Delta(List<Decision> added, List<Decision> deleted, long now) {}

    /** Answers one poll of the stream by {@code bouncer} (its key's id). */
    public synchronized Delta poll(String bouncer, boolean startup) {
        Map<String, Decision> now = active();
        Map<String, Decision> before = startup ? Map.of() : told.getOrDefault(bouncer, Map.of());
        List<Decision> added = new ArrayList<>();
        List<Decision> deleted = new ArrayList<>();
        for (Decision d : now.values()) {
            Decision old = before.get(d.ip());
            if (old == null || old.until() != d.until()) {
                added.add(d);
            }
        }
        for (Decision d : before.values()) {
            if (!now.containsKey(d.ip())) {
                deleted.add(d);
            }
        }
        told.put(bouncer, now);
        return new Delta(added, deleted, clock.getAsLong());
    }

    /** The active decisions for one IP (live-mode bouncers ask per request). */
    public synchronized List<Decision> forIp(String ip) {
        Decision d = active().get(ip);
        return d == null ? List.of() : List.of(d);
    }

    /** All active decisions, by IP. */
    public synchronized Map<String, Decision> active() {
        long now = clock.getAsLong();
        if (computedAt != Long.MIN_VALUE && now - computedAt < REFRESH_MILLIS && now >= computedAt) {
            // drop what expired since, without rereading the store
            Map<String, Decision> live = new LinkedHashMap<>();
            active.forEach((ip, d) -> {
                if (d.until() > now) {
                    live.put(ip, d);
                }
            });
            active = live;
            return active;
        }
        Map<String, Decision> next = new LinkedHashMap<>();
        Map<String, StoredAlert> worst = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Long> until = new HashMap<>();
        for (StoredAlert a : alerts.get()) {
            String ip = policy.blocks(a);
            if (ip == null) {
                continue;
            }
            long u = policy.until(a);
            if (u <= now) {
                continue;
            }
            until.merge(ip, u, Math::max);
            counts.merge(ip, 1, Integer::sum);
            worst.merge(ip, a, (x, y) -> y.alert().severity().compareTo(x.alert().severity()) > 0 ? y : x);
        }
        for (Map.Entry<String, Long> e : until.entrySet()) {
            String ip = e.getKey();
            long id = ids.computeIfAbsent(ip, k -> nextId++);
            next.put(ip, new Decision(id, ip, "vigil/" + worst.get(ip).alert().type().name(), e.getValue(), counts.get(ip)));
        }
        active = next;
        computedAt = now;
        return active;
    }

    /**
     * A duration as Go prints it ({@code 3h59m58s}, {@code -12m3s}, {@code 0s}): CrowdSec's API
     * sends decision durations this way and the bouncers parse them with Go's parser.
     */
    public static String goDuration(long millis) {
        long s = millis / 1000;
        if (s == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        if (s < 0) {
            b.append('-');
            s = -s;
        }
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        if (h > 0) {
            b.append(h).append('h');
        }
        if (h > 0 || m > 0) {
            b.append(m).append('m');
        }
        b.append(sec).append('s');
        return b.toString();
    }
}
