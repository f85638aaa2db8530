package dev.vigil.enrich;

import java.util.List;
import java.util.Locale;

/**
 * Search-engine crawlers whose owners document how to check that a client is theirs: a reverse
 * DNS look-up of the address gives a name in one of their domains, and a forward look-up of that
 * name gives the address back. The user-agent tokens are the ones each owner documents.
 *
 * <p>DuckDuckBot is recognised but DuckDuckGo documents its crawler by a list of addresses, not
 * by DNS names, so its claim is reported as unknown rather than checked against a guessed domain.
 *
 * <p>Immutable and thread-safe.
 */
enum Crawler {
    GOOGLEBOT("Googlebot", List.of("googlebot", "adsbot-google", "mediapartners-google", "google-inspectiontool",
            "googleother", "storebot-google"), List.of("googlebot.com", "google.com", "googleusercontent.com")),
    BINGBOT("Bingbot", List.of("bingbot", "adidxbot", "bingpreview", "msnbot"), List.of("search.msn.com")),
    APPLEBOT("Applebot", List.of("applebot"), List.of("applebot.apple.com")),
    YANDEXBOT("YandexBot", List.of("yandexbot", "yandex.com/bots"), List.of("yandex.ru", "yandex.net", "yandex.com")),
    BAIDUSPIDER("Baiduspider", List.of("baiduspider"), List.of("baidu.com", "baidu.jp")),
    DUCKDUCKBOT("DuckDuckBot", List.of("duckduckbot"), List.of());

    private final String label;
    private final List<String> tokens;
    private final List<String> domains;

    Crawler(String label, List<String> tokens, List<String> domains) {
        this.label = label;
        this.tokens = tokens;
        this.domains = domains;
    }

    public String label() {
        return label;
    }

    /** The owner's domains a verified crawler's name ends in; empty when the owner documents none. */
    public List<String> domains() {
        return domains;
    }

    /** The crawler a user agent claims to be, or null. */
    static Crawler claimedBy(String userAgent) {
        if (userAgent == null || userAgent.length() < 6) {
            return null;
        }
        String ua = userAgent.length() > 512 ? userAgent.substring(0, 512) : userAgent;
        ua = ua.toLowerCase(Locale.ROOT);
        for (Crawler c : values()) {
            for (String t : c.tokens) {
                if (ua.contains(t)) {
                    return c;
                }
            }
        }
        return null;
    }

    /** Whether {@code host} (a DNS name, trailing dot or not) is one of the domains or a name under one. */
    public boolean owns(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        for (String d : domains) {
            if (h.equals(d) || h.endsWith("." + d)) {
                return true;
            }
        }
        return false;
    }
}
