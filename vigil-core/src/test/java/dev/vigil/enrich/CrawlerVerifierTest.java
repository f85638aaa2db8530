package dev.vigil.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.Alert;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.AlertType;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.Origin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.SimpleResolver;

/** Reverse then forward DNS against a responder on 127.0.0.1; no external DNS. */
class CrawlerVerifierTest {
    static final String GOOGLE_UA = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    static final String BING_UA = "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)";

    TinyDns dns;
    CrawlerClaims claims;
    final AtomicLong now = new AtomicLong(1_764_000_000_000L);

    @BeforeEach
    void start() throws Exception {
        dns = new TinyDns();
        // a real crawler: PTR in googlebot.com, and the name resolves back
        dns.ptr.put("1.66.249.66.in-addr.arpa.", "crawl-66-249-66-1.googlebot.com.");
        dns.a.put("crawl-66-249-66-1.googlebot.com.", List.of("66.249.66.1"));
        // a look-alike name outside the domain
        dns.ptr.put("9.113.0.203.in-addr.arpa.", "crawl.googlebot.com.evil.example.");
        // a PTR the owner of the address wrote, that Google's DNS does not confirm
        dns.ptr.put("20.100.51.198.in-addr.arpa.", "crawl-198-51-100-20.googlebot.com.");
        dns.a.put("crawl-198-51-100-20.googlebot.com.", List.of("192.0.2.1"));
        // Bingbot
        dns.ptr.put("5.200.51.198.in-addr.arpa.", "msnbot-198-51-200-5.search.msn.com.");
        dns.a.put("msnbot-198-51-200-5.search.msn.com.", List.of("198.51.200.5"));
        // a resolver that never answers for this one
        dns.silent.add("8.2.0.192.in-addr.arpa.");
        claims = new CrawlerClaims(1000);
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    CrawlerVerifier verifier(int maxLookups) {
        SimpleResolver r = new SimpleResolver(dns.address());
        return new CrawlerVerifier(claims, r, new CrawlerVerifier.Options(Duration.ofMillis(300), maxLookups, 100,
                Duration.ofHours(1)), now::get);
    }

    static HttpRequest request(String ip, String ua) {
        return HttpRequest.builder(new Origin("access.log", 1, 0)).clientIp(ip).method("GET").target("/").status(200)
                .userAgent(ua).build();
    }

    static Alert alertAbout(String ip) {
        AlertType t = AlertCatalogue.builtIn().get("SqlInjectionAttempt");
        Map<String, String> entities = new java.util.LinkedHashMap<>();
        entities.put("ip", ip);
        entities.put("host", "shop");
        return new Alert("0123456789abcdef0123456789abcdef", t, t.severity(), entities,
                1L, 2L, 1, List.of("r"), List.of());
    }

    void claim(String ip, String ua) {
        claims.inspect(request(ip, ua), d -> { throw new AssertionError("claims report nothing"); });
    }

    @Test
    void verdictsFollowReverseThenForwardDns() {
        CrawlerVerifier v = verifier(100);
        assertThat(v.verify("66.249.66.1", Crawler.GOOGLEBOT))
                .isEqualTo(new CrawlerVerifier.Verdict(CrawlerVerifier.Status.VERIFIED, "crawl-66-249-66-1.googlebot.com", null));
        CrawlerVerifier.Verdict lookAlike = v.verify("203.0.113.9", Crawler.GOOGLEBOT);
        assertThat(lookAlike.status()).isEqualTo(CrawlerVerifier.Status.NOT_VERIFIED);
        assertThat(lookAlike.host()).isEqualTo("crawl.googlebot.com.evil.example");
        CrawlerVerifier.Verdict forged = v.verify("198.51.100.20", Crawler.GOOGLEBOT);
        assertThat(forged.status()).isEqualTo(CrawlerVerifier.Status.NOT_VERIFIED);
        assertThat(forged.reason()).isEqualTo("the name does not resolve back to the address");
        assertThat(v.verify("192.0.2.99", Crawler.GOOGLEBOT).reason()).isEqualTo("no reverse DNS name");
        assertThat(v.verify("198.51.200.5", Crawler.BINGBOT).status()).isEqualTo(CrawlerVerifier.Status.VERIFIED);
        // a Googlebot name does not make a Bingbot
        assertThat(v.verify("66.249.66.1", Crawler.BINGBOT).status()).isEqualTo(CrawlerVerifier.Status.NOT_VERIFIED);
        CrawlerVerifier.Verdict timeout = v.verify("192.0.2.8", Crawler.GOOGLEBOT);
        assertThat(timeout.status()).isEqualTo(CrawlerVerifier.Status.UNKNOWN);
        assertThat(timeout.reason()).isEqualTo("reverse look-up failed: timed out");
        assertThat(v.verify("192.0.2.50", Crawler.DUCKDUCKBOT).status()).isEqualTo(CrawlerVerifier.Status.UNKNOWN);
    }

    @Test
    void theAlertAboutAClaimingAddressCarriesTheVerdict() {
        claim("66.249.66.1", GOOGLE_UA);
        claim("198.51.100.20", GOOGLE_UA);
        claim("192.0.2.200", "curl/8.5");
        CrawlerVerifier v = verifier(100);
        Alert real = v.enrich(alertAbout("66.249.66.1"));
        assertThat(real.entities()).containsEntry("crawler", "Googlebot").containsEntry("crawler.verification", "verified")
                .containsEntry("crawler.host", "crawl-66-249-66-1.googlebot.com").containsEntry("host", "shop");
        Alert fake = v.enrich(alertAbout("198.51.100.20"));
        assertThat(fake.entities().get("crawler.verification"))
                .isEqualTo("not verified (the name does not resolve back to the address)");
        Alert plain = alertAbout("192.0.2.200");
        assertThat(v.enrich(plain)).isSameAs(plain);
        assertThat(real.id()).isEqualTo(plain.id());
    }

    @Test
    void cachedAndBounded() {
        CrawlerVerifier v = verifier(4);
        v.verify("66.249.66.1", Crawler.GOOGLEBOT);
        v.verify("66.249.66.1", Crawler.GOOGLEBOT);
        assertThat(dns.queries.get()).isEqualTo(2); // PTR and A once; the second answer came from the cache
        v.verify("198.51.200.5", Crawler.BINGBOT);
        assertThat(dns.queries.get()).isEqualTo(4);
        CrawlerVerifier.Verdict spent = v.verify("198.51.100.20", Crawler.GOOGLEBOT);
        assertThat(spent.status()).isEqualTo(CrawlerVerifier.Status.UNKNOWN);
        assertThat(spent.reason()).startsWith("look-up budget of 4");
        assertThat(dns.queries.get()).isEqualTo(4);
        now.addAndGet(Duration.ofHours(2).toMillis()); // a new hour, and the cache entries expired
        assertThat(v.verify("198.51.100.20", Crawler.GOOGLEBOT).status()).isEqualTo(CrawlerVerifier.Status.NOT_VERIFIED);
        assertThat(v.lookups()).isEqualTo(6);
    }

    @Test
    void claimsComeFromDocumentedTokensAndAreBounded() {
        assertThat(Crawler.claimedBy(GOOGLE_UA)).isEqualTo(Crawler.GOOGLEBOT);
        assertThat(Crawler.claimedBy(BING_UA)).isEqualTo(Crawler.BINGBOT);
        assertThat(Crawler.claimedBy("Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1 "
                + "Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)")).isEqualTo(Crawler.APPLEBOT);
        assertThat(Crawler.claimedBy("Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)")).isEqualTo(Crawler.YANDEXBOT);
        assertThat(Crawler.claimedBy("Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"))
                .isEqualTo(Crawler.BAIDUSPIDER);
        assertThat(Crawler.claimedBy("DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)")).isEqualTo(Crawler.DUCKDUCKBOT);
        assertThat(Crawler.claimedBy("Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0")).isNull();
        assertThat(Crawler.GOOGLEBOT.owns("crawl-1.googlebot.com.")).isTrue();
        assertThat(Crawler.GOOGLEBOT.owns("evilgooglebot.com")).isFalse();

        CrawlerClaims small = new CrawlerClaims(2);
        small.inspect(request("192.0.2.1", GOOGLE_UA), d -> { });
        small.inspect(request("192.0.2.2", GOOGLE_UA), d -> { });
        small.inspect(request("192.0.2.3", GOOGLE_UA), d -> { });
        assertThat(small.claimOf("192.0.2.2")).isEqualTo(Crawler.GOOGLEBOT);
        assertThat(small.claimOf("192.0.2.3")).isNull();
    }
}
