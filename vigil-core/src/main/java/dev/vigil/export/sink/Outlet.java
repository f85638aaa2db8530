package dev.vigil.export.sink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertEntities;
import dev.vigil.alert.TriagedAlert;
import dev.vigil.event.Event;
import dev.vigil.export.JsonOutput;
import dev.vigil.export.cef.CefExporter;
import dev.vigil.export.syslog.SyslogSender;
import dev.vigil.export.webhook.WebhookTarget;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Function;

/**
 * One destination of a watch as the outbox sees it: the names it is kept and shown under, and how
 * an alert update becomes what is sent there. A watch's commit turns each alert that is new or grew
 * into one outbox row per outlet, in the same transaction as the alerts and file positions, so the
 * rows exist exactly when the commit does.
 *
 * <p>What is sent is an <em>update</em>: the alert whole, as it stands, keyed by its id and its
 * detection count ({@link #key}). An alert that grows is sent again under the same id with a
 * higher count and {@code update: true}, never as a new alert; the same id and count is never
 * queued twice for one destination (the store remembers the last count queued), and a receiver
 * that gets one twice (a crash between sending and recording it) can drop it by the key.
 *
 * <p>Immutable and thread-safe.
 *
 * @param sink        the outbox's sink column: {@code watch:webhook}, {@code watch:syslog}, ...
 * @param destination what to show for it; never a secret
 * @param destKey     tells destinations apart (a hash of the real target)
 * @param reference   how to find the real target again ({@code env:NAME}, the URL when it holds
 *                    no secret, the path, {@code host:port}), or null when only the user knows it
 */
public record Outlet(SinkSpec spec, String sink, String destination, String destKey, String reference) {
    /** Prefix of the outbox sink names a watch's deliveries are kept under. */
    public static final String PREFIX = "watch:";

    public Outlet {
        Objects.requireNonNull(spec, "spec");
        if (spec.type() == SinkSpec.Type.STDOUT) {
            throw new IllegalArgumentException("standard output is printed, not queued");
        }
    }

    /** The outlet of a sink spec, reading {@code env:NAME} through {@code env}. */
    public static Outlet of(SinkSpec spec, Function<String, String> env) {
        String sink = PREFIX + spec.type().label();
        return switch (spec.type()) {
            case NDJSON -> new Outlet(spec, sink, spec.shown(), hash(spec.target()), spec.target());
            case SYSLOG -> new Outlet(spec, sink, spec.shown(), hash(spec.shown()), spec.shown());
            case WEBHOOK, SLACK -> {
                WebhookTarget t = WebhookTarget.parse(spec.target(), env);
                yield new Outlet(spec, sink, spec.type().label() + ":" + t.redacted(), t.key(), t.reference());
            }
            case STDOUT -> throw new IllegalArgumentException("standard output is printed, not queued");
        };
    }

    /** The idempotency key of one update of an alert: its id and detection count. */
    public static String key(Alert a) {
        return a.id() + ":" + a.count();
    }

    /**
     * Whether {@code a} is sent here, given the detection count last queued for it here (null:
     * never): only alerts at or above the sink's severity, and only when new or grown.
     */
    public boolean wants(Alert a, Long lastQueued) {
        return a.severity().atLeast(spec.minSeverity()) && !a.sample() && (lastQueued == null || a.count() > lastQueued);
    }

    /**
     * What the outbox keeps for one update: the idempotency key, a line break, and the body as it
     * is sent ({@link #open} splits them again).
     *
     * @param update whether an earlier count of the same alert was queued here
     */
    public String payload(Alert a, boolean update, Instant now) {
        return key(a) + "\n" + body(a, update, now);
    }

    /** A kept payload split into key and body. */
    public record Payload(String key, String body) {}

    public static Payload open(String payload) {
        int nl = payload.indexOf('\n');
        return nl < 0 ? new Payload("", payload) : new Payload(payload.substring(0, nl), payload.substring(nl + 1));
    }

    private String body(Alert a, boolean update, Instant now) {
        return switch (spec.type()) {
            case NDJSON, WEBHOOK -> JsonOutput.line(json(a, update));
            case SLACK -> slack(a, update);
            case SYSLOG -> {
                String cef = CefExporter.line(TriagedAlert.active(a)) + " flexString1Label=delivery flexString1="
                        + (update ? "update" : "new");
                yield SyslogSender.message(cef, a.severity(), now,
                        SyslogSender.hostnameFor(a.entities().get(AlertEntities.HOST)));
            }
            case STDOUT -> throw new IllegalStateException();
        };
    }

    /** The Defender-shaped alert, with a {@code delivery} object saying which update of it this is. */
    static ObjectNode json(Alert a, boolean update) {
        ObjectNode o = JsonOutput.alert(a);
        ObjectNode d = o.putObject("delivery");
        d.put("key", key(a));
        d.put("update", update);
        d.put("detections", a.count());
        return o;
    }

    /**
     * A Slack incoming-webhook message: one line of mrkdwn text. Attacker-controlled text (the
     * entities) has Slack's three control characters escaped, so it cannot form a link or a
     * {@code <!channel>} mention.
     */
    static String slack(Alert a, boolean update) {
        StringBuilder t = new StringBuilder();
        t.append(update ? "Updated: " : "New: ").append('*').append(a.severity().label()).append("* ")
                .append(a.type().displayName()).append(" (").append(a.type().name()).append(')');
        String ip = a.entities().get(AlertEntities.IP);
        String host = a.entities().get(AlertEntities.HOST);
        if (host != null) {
            t.append(" on ").append(host);
        }
        if (ip != null) {
            t.append(" from ").append(ip);
        }
        t.append(", ").append(a.count()).append(a.count() == 1 ? " detection" : " detections");
        if (a.lastSeen() != Event.NO_TIME) {
            t.append(", last ").append(Instant.ofEpochMilli(a.lastSeen()));
        }
        t.append(". id ").append(a.id());
        ObjectNode o = JsonOutput.mapper().createObjectNode();
        o.put("text", slackEscape(t.toString()));
        return JsonOutput.line(o);
    }

    /** Slack's escaping for message text: {@code &}, {@code <} and {@code >}; line breaks flattened. */
    static String slackEscape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '\n', '\r' -> b.append(' ');
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
