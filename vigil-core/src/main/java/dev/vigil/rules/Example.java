package dev.vigil.rules;

import dev.vigil.event.HttpRequest;
import dev.vigil.event.Origin;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A small request from a rule file's {@code examples}: a map of field names ({@code target},
 * {@code method}, {@code status}, {@code user_agent}, {@code referer}, {@code host},
 * {@code client_ip}) to values as a log would show them.
 *
 * <p>Immutable and thread-safe.
 */
public record Example(Map<String, String> fields) {
    public Example {
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(fields)));
    }

    /** The example as a request, with method GET, target {@code /} and status 200 unless given. */
    public HttpRequest toRequest(String source, int line) {
        HttpRequest.Builder b = HttpRequest.builder(new Origin(source, Math.max(1, line), 0));
        b.method(fields.getOrDefault("method", "GET"));
        b.target(fields.getOrDefault("target", "/"));
        b.protocol("HTTP/1.1");
        b.status(parseInt(fields.getOrDefault("status", "200")));
        b.userAgent(fields.get("user_agent"));
        b.referer(fields.get("referer"));
        b.host(fields.get("host"));
        b.clientIp(fields.getOrDefault("client_ip", "192.0.2.10"));
        return b.build();
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
