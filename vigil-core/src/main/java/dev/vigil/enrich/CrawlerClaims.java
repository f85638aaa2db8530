package dev.vigil.enrich;

import dev.vigil.detect.Detection;
import dev.vigil.detect.Detector;
import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Remembers which client addresses sent requests whose user agent claims to be a known crawler,
 * so that {@link CrawlerVerifier} can check the alerts about those addresses. It rides along the
 * detectors (it sees every request and reports nothing) because the user agent is not part of an
 * alert.
 *
 * <p>Not detection state: losing it (a restarted watch) only makes a later verdict "unknown", so
 * it is a plain bounded map rather than window state. At most {@code maxAddresses} addresses are
 * kept; past that, new claims are not recorded. Thread-safe: detectors run on every worker.
 */
public final class CrawlerClaims implements Detector {
    private final int maxAddresses;
    private final Map<String, Crawler> claims = new ConcurrentHashMap<>();

    public CrawlerClaims(int maxAddresses) {
        this.maxAddresses = maxAddresses;
    }

    @Override
    public String id() {
        return "crawler-claims";
    }

    @Override
    public void inspect(Event event, Consumer<Detection> out) {
        if (event instanceof HttpRequest r && r.clientIp() != null && r.userAgent() != null) {
            Crawler c = Crawler.claimedBy(r.userAgent());
            if (c != null && (claims.size() < maxAddresses || claims.containsKey(r.clientIp()))) {
                claims.putIfAbsent(r.clientIp(), c);
            }
        }
    }

    /** The crawler the address claimed to be in any request seen, or null. */
    Crawler claimOf(String ip) {
        return ip == null ? null : claims.get(ip);
    }

    /** Records a claim seen elsewhere (tests, a restored watch). */
    void record(String ip, Crawler c) {
        if (claims.size() < maxAddresses) {
            claims.putIfAbsent(ip, c);
        }
    }
}
