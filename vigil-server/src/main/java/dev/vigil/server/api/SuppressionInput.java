package dev.vigil.server.api;

import dev.vigil.alert.suppress.Condition;
import dev.vigil.alert.suppress.SuppressionRule;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.server.HttpError;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * A suppression rule as the API (JSON) and the dashboard (a form) describe it: {@code type},
 * {@code ip} (addresses or networks), {@code host}, {@code urlPrefix}, {@code cmdlineContains},
 * {@code reason}, {@code comment}, {@code expires} and {@code enabled}. Static and thread-safe.
 */
public final class SuppressionInput {
    private SuppressionInput() {}

    /**
     * Builds the rule; a 400 naming the field when one is wrong.
     *
     * @param get    one field's value, or null
     * @param ips    the IP field's values (a JSON array, a repeated form field, or comma-separated)
     * @param forSim a simulation: the reason may be left out
     */
    public static SuppressionRule rule(Function<String, String> get, List<String> ips, String actor, boolean forSim) {
        String type = blank(get.apply("type"));
        if (type != null && AlertCatalogue.builtIn().find(type).isEmpty()) {
            throw HttpError.badRequest("type: unknown alert type '" + type + "'");
        }
        List<Condition> cs = new ArrayList<>();
        List<String> specs = new ArrayList<>();
        for (String v : ips) {
            for (String p : v.split(",")) {
                if (!p.isBlank()) {
                    specs.add(p.trim());
                }
            }
        }
        try {
            if (!specs.isEmpty()) {
                cs.add(Condition.IpIn.parse(specs));
            }
            String host = blank(get.apply("host"));
            if (host != null) {
                cs.add(new Condition.HostEquals(host));
            }
            String url = blank(get.apply("urlPrefix"));
            if (url != null) {
                cs.add(new Condition.UrlPrefix(url));
            }
            String cmd = blank(get.apply("cmdlineContains"));
            if (cmd != null) {
                cs.add(new Condition.CommandLineContains(cmd));
            }
            String reason = blank(get.apply("reason"));
            if (reason == null) {
                if (!forSim) {
                    throw HttpError.badRequest("reason: say why such alerts need no triage");
                }
                reason = "simulated";
            }
            if (reason.length() > 500) {
                throw HttpError.badRequest("reason: at most 500 characters");
            }
            String comment = get.apply("comment");
            if (comment != null && comment.length() > 2000) {
                throw HttpError.badRequest("comment: at most 2000 characters");
            }
            String enabled = blank(get.apply("enabled"));
            String id = forSim ? "simulated" : "sup-" + UUID.randomUUID().toString().substring(0, 8);
            return new SuppressionRule(id, type, cs, reason, comment, expires(get.apply("expires")),
                    enabled == null || !enabled.equalsIgnoreCase("false"), System.currentTimeMillis(), actor);
        } catch (HttpError e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
    }

    private static Long expires(String v) {
        String s = blank(v);
        if (s == null) {
            return null;
        }
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            return Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw HttpError.badRequest("expires: expected a date (2025-12-31) or a UTC time (2025-12-31T00:00:00Z)");
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
