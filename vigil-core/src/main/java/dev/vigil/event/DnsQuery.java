package dev.vigil.event;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One DNS lookup as a resolver's query log recorded it (BIND {@code query} lines, dnsmasq
 * {@code query[A]} lines, JSON-lines analytics records). Text fields the log did not carry are
 * {@code null}.
 *
 * @param origin       where the line came from
 * @param timeMillis   query time in epoch milliseconds, {@link Event#NO_TIME} if unknown
 * @param clientIp     the address that asked
 * @param queryName    the name looked up, lower-cased and without the trailing dot ({@code .}
 *                     for the root)
 * @param queryType    record type asked for ({@code A}, {@code AAAA}, {@code TXT}...), upper-cased
 * @param responseCode the answer's code ({@code NOERROR}, {@code NXDOMAIN}...) when logged
 * @param host         the resolver or server that logged the query, the resource
 * @param extra        any other logged fields by name; never null
 *
 * <p>Immutable and thread-safe.
 */
public record DnsQuery(
        Origin origin,
        long timeMillis,
        String clientIp,
        String queryName,
        String queryType,
        String responseCode,
        String host,
        Map<String, String> extra) implements Event {

    public DnsQuery {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(queryName, "queryName");
        // One spelling per name, so feeds and alerts agree: DNS names are case-insensitive and the
        // root dot is implied.
        if (queryName.isEmpty()) {
            throw new IllegalArgumentException("queryName must not be empty");
        }
        String n = normalizeName(queryName);
        queryName = n.isEmpty() ? "." : n; // only dots: a query for the root
        queryType = queryType == null ? null : queryType.toUpperCase(Locale.ROOT);
        responseCode = responseCode == null ? null : responseCode.toUpperCase(Locale.ROOT);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /** A name lower-cased and without trailing dots; the root ({@code .}) becomes empty. */
    public static String normalizeName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        int end = n.length();
        while (end > 0 && n.charAt(end - 1) == '.') {
            end--;
        }
        return n.substring(0, end);
    }

    /** Query time, or {@code null} when unknown. */
    public Instant time() {
        return timeMillis == NO_TIME ? null : Instant.ofEpochMilli(timeMillis);
    }

    /** A copy naming the resolver, for logs that do not ({@code vigil scan --resource}). */
    public DnsQuery withHost(String newHost) {
        return new DnsQuery(origin, timeMillis, clientIp, queryName, queryType, responseCode, newHost, extra);
    }
}
