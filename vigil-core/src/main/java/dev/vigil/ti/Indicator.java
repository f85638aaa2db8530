package dev.vigil.ti;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One threat-intelligence indicator. The value is normalised in the compact constructor (domains
 * lower case, no trailing dot, punycode; URLs canonical per {@link Urls}; IPs and networks in
 * canonical text; hashes lower-case hex), and an invalid value is rejected with an
 * {@link IllegalArgumentException} whose message loaders report as the reason. An IPv4-mapped IPv6
 * address becomes an {@link IndicatorKind#IPV4} indicator. Immutable and thread-safe.
 *
 * @param kind what the value denotes
 * @param value normalised value
 * @param feed name of the feed it came from (defaults to the file name)
 * @param confidence 0..100
 * @param validFrom first instant the indicator applies, or {@code null} for always
 * @param validUntil instant from which it no longer applies, or {@code null} for never
 * @param labels labels/tags, never {@code null}
 * @param description free text, never {@code null} (empty when absent)
 */
public record Indicator(
        IndicatorKind kind,
        String value,
        String feed,
        int confidence,
        Instant validFrom,
        Instant validUntil,
        List<String> labels,
        String description) {

    /** Confidence used when a feed does not give one. */
    public static final int DEFAULT_CONFIDENCE = 50;

    public Indicator {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(feed, "feed");
        if (confidence < 0 || confidence > 100) {
            throw new IllegalArgumentException("confidence " + confidence + " outside 0..100");
        }
        if (validFrom != null && validUntil != null && validUntil.isBefore(validFrom)) {
            throw new IllegalArgumentException("valid_until " + validUntil + " before valid_from " + validFrom);
        }
        labels = labels == null ? List.of() : List.copyOf(labels);
        description = description == null ? "" : description;
        String normalised;
        switch (kind) {
            case IPV4:
            case IPV6:
            case CIDR: {
                IpPrefix p = IpPrefix.parse(value);
                if (p == null) {
                    throw new IllegalArgumentException("not an IP address or network: " + abbreviate(value));
                }
                if (kind != IndicatorKind.CIDR && !p.isHost()) {
                    kind = IndicatorKind.CIDR;
                } else if (kind != IndicatorKind.CIDR) {
                    kind = p.v6() ? IndicatorKind.IPV6 : IndicatorKind.IPV4;
                }
                normalised = kind == IndicatorKind.CIDR ? p.cidrText() : p.text();
                break;
            }
            case DOMAIN:
            case HOSTNAME: {
                normalised = Hosts.normalizeDomain(value);
                if (normalised == null) {
                    throw new IllegalArgumentException("not a domain name: " + abbreviate(value));
                }
                if (kind == IndicatorKind.DOMAIN && normalised.indexOf('.') < 0) {
                    // A single label would match a whole TLD ("com") as a suffix.
                    throw new IllegalArgumentException("single-label domain: " + abbreviate(value));
                }
                break;
            }
            case URL: {
                normalised = Urls.canonicalize(value);
                if (normalised == null) {
                    throw new IllegalArgumentException("not a URL: " + abbreviate(value));
                }
                break;
            }
            default: {
                normalised = value.strip().toLowerCase(Locale.ROOT);
                int expected = kind == IndicatorKind.MD5 ? 32 : kind == IndicatorKind.SHA1 ? 40 : 64;
                if (normalised.length() != expected || !isHex(normalised)) {
                    throw new IllegalArgumentException("not a " + kind.name().toLowerCase(Locale.ROOT)
                            + " hash (" + expected + " hex digits): " + abbreviate(value));
                }
            }
        }
        value = normalised;
    }

    /** An indicator with default confidence, no validity bounds, no labels. */
    public static Indicator of(IndicatorKind kind, String value, String feed) {
        return new Indicator(kind, value, feed, DEFAULT_CONFIDENCE, null, null, List.of(), "");
    }

    /**
     * Guesses the kind of a bare value as found in plain lists: IP, network, URL (has {@code ://}),
     * hash (32/40/64 hex digits) or domain; {@code null} when it is none of these.
     */
    public static IndicatorKind guessKind(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.strip();
        if (s.isEmpty()) {
            return null;
        }
        IpPrefix p = IpPrefix.parse(s);
        if (p != null) {
            return p.isHost() ? (p.v6() ? IndicatorKind.IPV6 : IndicatorKind.IPV4) : IndicatorKind.CIDR;
        }
        int slash = s.indexOf('/');
        if (slash > 0 && IpPrefix.parse(s.substring(0, slash)) != null
                && s.substring(slash + 1).chars().allMatch(c -> c >= '0' && c <= '9')) {
            // Looks like a network with a bad length; say so rather than reading it as a URL.
            return IndicatorKind.CIDR;
        }
        if (s.contains("://")) {
            return IndicatorKind.URL;
        }
        if (isHex(s)) {
            switch (s.length()) {
                case 32:
                    return IndicatorKind.MD5;
                case 40:
                    return IndicatorKind.SHA1;
                case 64:
                    return IndicatorKind.SHA256;
                default:
                    break;
            }
        }
        if (s.indexOf('/') > 0 && Urls.canonicalize(s) != null) {
            return IndicatorKind.URL;
        }
        return Hosts.normalizeDomain(s) != null ? IndicatorKind.DOMAIN : null;
    }

    /** True when {@code now} lies within [validFrom, validUntil). */
    public boolean isActiveAt(Instant now) {
        return (validFrom == null || !now.isBefore(validFrom)) && (validUntil == null || now.isBefore(validUntil));
    }

    /** True when validUntil is set and not after {@code now}. */
    public boolean isExpiredAt(Instant now) {
        return validUntil != null && !now.isBefore(validUntil);
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
