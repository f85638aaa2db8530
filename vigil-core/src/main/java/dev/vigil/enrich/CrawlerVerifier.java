package dev.vigil.enrich;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertEntities;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Checks that a client claiming to be a search engine's crawler is one, the way the engines
 * document it: the reverse (PTR) name of its address must lie in the owner's domains, and a
 * forward look-up (A or AAAA) of that name must give the address back (anyone can publish a PTR
 * record saying {@code crawl.googlebot.com} for their own address; only Google can make that name
 * resolve to it).
 *
 * <p>The verdict goes on the alert about that address as the entities {@code crawler} (the claim),
 * {@code crawler.verification} ({@code verified}, {@code not verified} or {@code unknown}) and
 * {@code crawler.host} (the name checked). Unknown means the check could not be made: a DNS time
 * out or server failure, the look-up budget spent, or a crawler whose owner documents no DNS names.
 *
 * <p>Bounded: each query waits at most {@code timeout}; verdicts are cached per address (at most
 * {@code cacheSize}, each for {@code cacheTtl}); at most {@code maxLookups} DNS queries are sent
 * per hour, so a flood of fake crawlers cannot turn Vigil into a DNS load generator. Thread-safe
 * (synchronised: verification runs on the thread that stores alerts, not on the detectors').
 */
public final class CrawlerVerifier implements AlertEnricher {
    public static final String CRAWLER = AlertEntities.CRAWLER;
    public static final String VERIFICATION = AlertEntities.CRAWLER_VERIFICATION;
    public static final String HOST = AlertEntities.CRAWLER_HOST;

    /** The three verdicts, as stored on the alert. */
    public enum Status {
        VERIFIED("verified"), NOT_VERIFIED("not verified"), UNKNOWN("unknown");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A verdict about one address: the status, and the PTR name checked (null when none). */
    public record Verdict(Status status, String host, String reason) {}

    /** Limits of the verifier. */
    public record Options(Duration timeout, int maxLookups, int cacheSize, Duration cacheTtl) {
        public static Options defaults() {
            return new Options(Duration.ofSeconds(2), 1000, 10_000, Duration.ofHours(24));
        }
    }

    private static final long HOUR = 3_600_000L;

    private final CrawlerClaims claims;
    private final Resolver resolver;
    private final Options options;
    private final LongSupplier clock;
    private final LinkedHashMap<String, Cached> cache = new LinkedHashMap<>(256, 0.75f, true);
    private long windowStart;
    private int lookupsInWindow;
    private long lookups;

    private record Cached(Verdict verdict, long at) {}

    public CrawlerVerifier(CrawlerClaims claims, Resolver resolver, Options options, LongSupplier clock) {
        this.claims = claims;
        this.resolver = resolver;
        this.options = options;
        this.clock = clock;
        resolver.setTimeout(options.timeout());
    }

    @Override
    public Alert enrich(Alert alert) {
        String ip = alert.entities().get(AlertEntities.IP);
        Crawler c = claims.claimOf(ip);
        if (c == null) {
            return alert;
        }
        Verdict v = verify(ip, c);
        Map<String, String> add = new LinkedHashMap<>();
        add.put(CRAWLER, c.label());
        add.put(VERIFICATION, v.status().label() + (v.reason() == null ? "" : " (" + v.reason() + ")"));
        if (v.host() != null) {
            add.put(HOST, v.host());
        }
        return AlertEnricher.withEntities(alert, add);
    }

    /** How many DNS queries were sent so far. */
    public synchronized long lookups() {
        return lookups;
    }

    /** The verdict for {@code ip} claiming to be {@code crawler}, from the cache when it is there. */
    synchronized Verdict verify(String ip, Crawler crawler) {
        long now = clock.getAsLong();
        String key = crawler.name() + "|" + ip;
        Cached c = cache.get(key);
        if (c != null && now - c.at() < options.cacheTtl().toMillis()) {
            return c.verdict();
        }
        Verdict v = check(ip, crawler, now);
        if (v.status() != Status.UNKNOWN || v.reason() == null || !v.reason().startsWith("look-up budget")) {
            cache.put(key, new Cached(v, now));
            if (cache.size() > options.cacheSize()) {
                cache.remove(cache.keySet().iterator().next());
            }
        }
        return v;
    }

    private Verdict check(String ip, Crawler crawler, long now) {
        if (crawler.domains().isEmpty()) {
            return new Verdict(Status.UNKNOWN, null, "its owner publishes addresses, not DNS names");
        }
        InetAddress addr = IpLiteral.parse(ip);
        if (addr == null) {
            return new Verdict(Status.UNKNOWN, null, "not an IP address");
        }
        if (!budget(now, 2)) {
            return new Verdict(Status.UNKNOWN, null, "look-up budget of " + options.maxLookups() + " an hour spent");
        }
        Message ptr;
        try {
            ptr = query(ReverseMap.fromAddress(addr), Type.PTR);
        } catch (IOException e) {
            return new Verdict(Status.UNKNOWN, null, "reverse look-up failed: " + reason(e));
        }
        if (ptr.getRcode() == Rcode.NXDOMAIN) {
            return new Verdict(Status.NOT_VERIFIED, null, "no reverse DNS name");
        }
        if (ptr.getRcode() != Rcode.NOERROR) {
            return new Verdict(Status.UNKNOWN, null, "reverse look-up: " + Rcode.string(ptr.getRcode()));
        }
        List<String> names = new ArrayList<>();
        for (Record r : ptr.getSection(Section.ANSWER)) {
            if (r instanceof PTRRecord p) {
                names.add(p.getTarget().toString(true));
            }
        }
        if (names.isEmpty()) {
            return new Verdict(Status.NOT_VERIFIED, null, "no reverse DNS name");
        }
        String owned = names.stream().filter(crawler::owns).findFirst().orElse(null);
        if (owned == null) {
            return new Verdict(Status.NOT_VERIFIED, names.get(0), "not a " + String.join(" or ", crawler.domains()) + " name");
        }
        Message fwd;
        try {
            fwd = query(Name.fromString(owned + "."), addr.getAddress().length == 4 ? Type.A : Type.AAAA);
        } catch (IOException e) {
            return new Verdict(Status.UNKNOWN, owned, "forward look-up failed: " + reason(e));
        }
        if (fwd.getRcode() != Rcode.NOERROR && fwd.getRcode() != Rcode.NXDOMAIN) {
            return new Verdict(Status.UNKNOWN, owned, "forward look-up: " + Rcode.string(fwd.getRcode()));
        }
        for (Record r : fwd.getSection(Section.ANSWER)) {
            InetAddress a = r instanceof ARecord ar ? ar.getAddress() : r instanceof AAAARecord aa ? aa.getAddress() : null;
            if (addr.equals(a)) {
                return new Verdict(Status.VERIFIED, owned, null);
            }
        }
        return new Verdict(Status.NOT_VERIFIED, owned, "the name does not resolve back to the address");
    }

    private Message query(Name name, int type) throws IOException {
        lookups++;
        lookupsInWindow++;
        Message q = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        return resolver.send(q);
    }

    private boolean budget(long now, int needed) {
        if (now - windowStart >= HOUR) {
            windowStart = now;
            lookupsInWindow = 0;
        }
        return lookupsInWindow + needed <= options.maxLookups();
    }

    private static String reason(IOException e) {
        if (e instanceof java.net.SocketTimeoutException
                || String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("timed out")) {
            return "timed out";
        }
        if (e instanceof java.net.PortUnreachableException) {
            return "no DNS server answers at the resolver's address";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
