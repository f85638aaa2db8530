package dev.vigil.ti.load;

import dev.vigil.ti.Indicator;
import dev.vigil.ti.IndicatorKind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Parsing of the loosely typed fields feeds carry: times, confidences, type names. Thread-safe. */
final class FeedValues {
    private FeedValues() {}

    /** Thrown-free result holder for {@link #time}: {@code null} input gives {@code null}. */
    static final class BadValue extends Exception {
        private static final long serialVersionUID = 1L;

        BadValue(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * An instant from RFC 3339 / ISO 8601 (with or without offset, 'T' or space), a bare date (UTC
     * midnight) or epoch seconds; {@code null} for blank input.
     */
    static Instant time(String raw) throws BadValue {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String s = raw.strip();
        if (s.length() > 40) {
            throw new BadValue("bad timestamp: " + s.substring(0, 40) + "...");
        }
        if (s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            if (s.length() > 12) {
                throw new BadValue("bad epoch timestamp: " + s);
            }
            return Instant.ofEpochSecond(Long.parseLong(s));
        }
        String t = s.replace(' ', 'T');
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            if (t.endsWith("Z") || t.endsWith("z")) {
                return Instant.parse(t.substring(0, t.length() - 1) + "Z");
            }
            int tIdx = t.indexOf('T');
            if (tIdx > 0 && (t.indexOf('+', tIdx) > 0 || t.indexOf('-', tIdx) > 0)) {
                return OffsetDateTime.parse(t).toInstant();
            }
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new BadValue("bad timestamp: " + s);
        }
    }

    /**
     * A confidence 0..100 from an integer, a fraction 0..1, or the words high/medium/low (the STIX
     * 2.1 High-Medium-Low scale); {@code dflt} for blank input.
     */
    static int confidence(String raw, int dflt) throws BadValue {
        if (raw == null || raw.isBlank()) {
            return dflt;
        }
        String s = raw.strip().toLowerCase(Locale.ROOT);
        switch (s) {
            case "high":
                return 85;
            case "medium":
                return 50;
            case "low":
                return 15;
            case "none":
                return 0;
            default:
                break;
        }
        double d;
        try {
            d = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new BadValue("bad confidence: " + s);
        }
        if (s.indexOf('.') >= 0 && d >= 0 && d <= 1) {
            d *= 100;
        }
        if (!(d >= 0 && d <= 100)) {
            throw new BadValue("confidence outside 0..100: " + s);
        }
        return (int) Math.round(d);
    }

    /**
     * The indicator kind for a feed's type name (CSV type columns, MISP attribute types), or
     * {@code null} when the type is not one Vigil matches. IP types return {@link IndicatorKind#IPV4}
     * as a placeholder: the value decides IPv4, IPv6 or network.
     */
    static IndicatorKind kindForType(String raw) {
        if (raw == null) {
            return null;
        }
        String t = raw.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        switch (t) {
            case "ip":
            case "ipv4":
            case "ipv6":
            case "ip-src":
            case "ip-dst":
            case "ip-src|port":
            case "ip-dst|port":
            case "ipv4-addr":
            case "ipv6-addr":
            case "ip-address":
            case "ipaddress":
            case "cidr":
            case "network":
            case "netblock":
                return IndicatorKind.IPV4;
            case "domain":
            case "domain-name":
            case "fqdn":
                return IndicatorKind.DOMAIN;
            case "hostname":
            case "host":
            case "hostname|port":
                return IndicatorKind.HOSTNAME;
            case "url":
            case "uri":
                return IndicatorKind.URL;
            case "md5":
            case "filename|md5":
            case "filehash-md5":
                return IndicatorKind.MD5;
            case "sha1":
            case "sha-1":
            case "filename|sha1":
            case "filehash-sha1":
                return IndicatorKind.SHA1;
            case "sha256":
            case "sha-256":
            case "filename|sha256":
            case "filehash-sha256":
                return IndicatorKind.SHA256;
            default:
                return null;
        }
    }

    /** For IP placeholders from {@link #kindForType}: the precise kind guessed from the value. */
    static IndicatorKind refine(IndicatorKind kind, String value) {
        if (kind != IndicatorKind.IPV4) {
            return kind;
        }
        IndicatorKind g = Indicator.guessKind(value);
        return g != null && g.isNetwork() ? g : IndicatorKind.IPV4;
    }
}
