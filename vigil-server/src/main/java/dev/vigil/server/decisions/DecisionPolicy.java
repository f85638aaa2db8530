package dev.vigil.server.decisions;

import dev.vigil.alert.AlertEntities;
import dev.vigil.alert.AlertStatus;
import dev.vigil.alert.suppress.IpRange;
import dev.vigil.catalogue.Severity;
import dev.vigil.store.StoredAlert;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which alerts become blocking decisions for CrowdSec bouncers, and for how long.
 *
 * <p>An alert blocks its client IP when its type is one of {@code types} (or any type when that
 * is empty), its severity is at least {@code minSeverity}, it is not Dismissed (a dismissed alert
 * was a false positive; a Resolved one was real and handled, so it still blocks) and the IP is in
 * no range of {@code allow}. The decision lasts {@code ttl} from the alert's last activity (its
 * last event, or when it was stored if later: replayed old logs still block for a full TTL).
 *
 * <p>Immutable and thread-safe.
 */
public record DecisionPolicy(Set<String> types, Severity minSeverity, Duration ttl, List<IpRange> allow) {
    public DecisionPolicy {
        types = Set.copyOf(types == null ? Set.of() : types);
        Objects.requireNonNull(minSeverity, "minSeverity");
        Objects.requireNonNull(ttl, "ttl");
        allow = List.copyOf(allow == null ? List.of() : allow);
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a decision's time to live must be positive");
        }
    }

    /**
     * High-severity alerts of any type block for four hours (CrowdSec's default ban); loopback
     * and the private ranges are never blocked, so a misread proxy address cannot lock out the
     * site's own front end.
     */
    public static DecisionPolicy defaults() {
        return new DecisionPolicy(Set.of(), Severity.HIGH, Duration.ofHours(4), List.of(
                IpRange.parse("127.0.0.0/8"), IpRange.parse("::1"), IpRange.parse("10.0.0.0/8"),
                IpRange.parse("172.16.0.0/12"), IpRange.parse("192.168.0.0/16"), IpRange.parse("fc00::/7")));
    }

    /** The IP this alert would block, or null when the policy does not block for it. */
    public String blocks(StoredAlert a) {
        if (a.status() == AlertStatus.DISMISSED || a.alert().sample() || a.alert().type().test()) {
            return null;
        }
        if (!a.alert().severity().atLeast(minSeverity)) {
            return null;
        }
        if (!types.isEmpty() && !types.contains(a.alert().type().name())) {
            return null;
        }
        String ip = a.alert().entities().get(AlertEntities.IP);
        if (ip == null || ip.isBlank() || ip.indexOf('/') >= 0 || !isAddress(ip)) {
            return null;
        }
        for (IpRange r : allow) {
            if (r.contains(ip)) {
                return null;
            }
        }
        return ip;
    }

    /** Whether {@code ip} is an IP literal (a logged client field can hold anything). */
    static boolean isAddress(String ip) {
        try {
            IpRange.parse(ip);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** When the decision an alert gives ends (epoch ms). */
    public long until(StoredAlert a) {
        long base = Math.max(a.alert().lastSeen(), a.createdMillis());
        return base + ttl.toMillis();
    }
}
