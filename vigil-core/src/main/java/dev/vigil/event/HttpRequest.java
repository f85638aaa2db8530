package dev.vigil.event;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request as an access log recorded it. String fields hold the values as logged (log
 * escapes such as {@code \x22} undone, percent-encoding kept); a field the log did not carry is
 * {@code null}, never {@code "-"}. Numbers the log did not carry are {@code -1}.
 *
 * @param origin      where the line came from
 * @param timeMillis  request time in epoch milliseconds, {@link Event#NO_TIME} if unknown
 * @param clientIp    client address as logged (may be a host name when the server resolves them)
 * @param user        authenticated user, if any
 * @param method      request method; {@code null} when the request line was not a request (a
 *                    bare {@code "-"} or junk a scanner sent)
 * @param target      the request target as sent: path plus {@code ?query}
 * @param protocol    such as {@code HTTP/1.1}, may be null
 * @param status      response status, -1 if unknown
 * @param bytes       response body bytes, -1 if unknown
 * @param referer     Referer header
 * @param userAgent   User-Agent header
 * @param host        Host header or site name, the resource the request was for
 * @param durationMs  time taken in milliseconds, -1 if unknown
 * @param extra       any other logged fields by name; never null
 *
 * <p>Immutable and thread-safe.
 */
public record HttpRequest(
        Origin origin,
        long timeMillis,
        String clientIp,
        String user,
        String method,
        String target,
        String protocol,
        int status,
        long bytes,
        String referer,
        String userAgent,
        String host,
        long durationMs,
        Map<String, String> extra) implements Event {

    public HttpRequest {
        Objects.requireNonNull(origin, "origin");
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /** The path part of the target, without the query; {@code null} when there is no target. */
    public String path() {
        if (target == null) {
            return null;
        }
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** The raw query string after {@code ?}, or {@code null} when the target has none. */
    public String query() {
        if (target == null) {
            return null;
        }
        int q = target.indexOf('?');
        return q < 0 ? null : target.substring(q + 1);
    }

    /** A copy naming the resource, for logs that do not ({@code vigil scan --resource}). */
    public HttpRequest withHost(String newHost) {
        return new HttpRequest(origin, timeMillis, clientIp, user, method, target, protocol, status, bytes,
                referer, userAgent, newHost, durationMs, extra);
    }

    /** Request time, or {@code null} when unknown. */
    public Instant time() {
        return timeMillis == NO_TIME ? null : Instant.ofEpochMilli(timeMillis);
    }

    /** A builder for parsers, which learn fields in whatever order their format gives them. */
    public static Builder builder(Origin origin) {
        return new Builder(origin);
    }

    /** Mutable, not thread-safe; one per parsed line. */
    public static final class Builder {
        private final Origin origin;
        private long timeMillis = NO_TIME;
        private String clientIp;
        private String user;
        private String method;
        private String target;
        private String protocol;
        private int status = -1;
        private long bytes = -1;
        private String referer;
        private String userAgent;
        private String host;
        private long durationMs = -1;
        private Map<String, String> extra;

        private Builder(Origin origin) {
            this.origin = origin;
        }

        public Builder timeMillis(long v) { this.timeMillis = v; return this; }
        public Builder clientIp(String v) { this.clientIp = v; return this; }
        public Builder user(String v) { this.user = v; return this; }
        public Builder method(String v) { this.method = v; return this; }
        public Builder target(String v) { this.target = v; return this; }
        public Builder protocol(String v) { this.protocol = v; return this; }
        public Builder status(int v) { this.status = v; return this; }
        public Builder bytes(long v) { this.bytes = v; return this; }
        public Builder referer(String v) { this.referer = v; return this; }
        public Builder userAgent(String v) { this.userAgent = v; return this; }
        public Builder host(String v) { this.host = v; return this; }
        public Builder durationMs(long v) { this.durationMs = v; return this; }

        public Builder extra(String name, String value) {
            if (extra == null) {
                extra = new java.util.LinkedHashMap<>();
            }
            extra.put(name, value);
            return this;
        }

        public HttpRequest build() {
            return new HttpRequest(origin, timeMillis, clientIp, user, method, target, protocol,
                    status, bytes, referer, userAgent, host, durationMs, extra);
        }
    }
}
