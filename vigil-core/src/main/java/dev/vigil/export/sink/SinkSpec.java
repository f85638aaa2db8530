package dev.vigil.export.sink;

import dev.vigil.catalogue.Severity;
import dev.vigil.export.webhook.WebhookTarget;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Where a watch sends its alerts as they happen, as the user named it: on the command line
 * ({@code --sink ndjson:/var/log/vigil/alerts.ndjson}, {@code --sink syslog+tls://siem:6514},
 * {@code --sink webhook:https://...}, {@code --sink slack:env:SLACK_URL}) or in a config's
 * {@code sinks:} list. Parsing checks the form only (a URL that parses, a port in range); whether
 * the destination answers is the delivery's business, since a sink that is down must not stop
 * the watch.
 *
 * <p>Immutable and thread-safe.
 *
 * @param type        what kind of destination
 * @param target      the file path (ndjson), {@code host:port} (syslog), or the URL or
 *                    {@code env:NAME} (webhook, slack); empty for stdout
 * @param transport   syslog only: udp, tcp or tls; null otherwise
 * @param minSeverity alerts below it are not sent to this sink
 * @param ca          syslog over TLS only: a PEM file of the certificates to trust instead of the
 *                    JDK's; null for the JDK's
 */
public record SinkSpec(Type type, String target, String transport, Severity minSeverity, Path ca) {
    /** The kinds of sinks. */
    public enum Type {
        /** Printed as now (table or NDJSON); not kept in the outbox. */
        STDOUT,
        /** Appended to a file, one JSON object per line, synced to disk before it counts as delivered. */
        NDJSON,
        /** CEF in RFC 5424 syslog over UDP, TCP or TLS (octet counting on TCP and TLS). */
        SYSLOG,
        /** POSTed as the Defender-shaped JSON alert. */
        WEBHOOK,
        /** POSTed as a Slack incoming-webhook message (also read by Mattermost and others). */
        SLACK;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The transports a syslog sink names after {@code syslog+}. */
    public static final Set<String> TRANSPORTS = Set.of("udp", "tcp", "tls");

    public SinkSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(minSeverity, "minSeverity");
    }

    /**
     * Parses the command line's form: {@code stdout}, {@code ndjson:PATH},
     * {@code syslog://HOST:PORT} (UDP), {@code syslog+udp|tcp|tls://HOST:PORT},
     * {@code webhook:URL|env:NAME}, {@code slack:URL|env:NAME}.
     *
     * @throws IllegalArgumentException with the reason, a URL's secrets masked
     */
    public static SinkSpec parse(String spec) {
        return parse(spec, Severity.INFORMATIONAL, null, System::getenv);
    }

    /** As {@link #parse(String)}, with a config entry's settings and the environment to read. */
    public static SinkSpec parse(String spec, Severity minSeverity, Path ca, Function<String, String> env) {
        String s = spec == null ? "" : spec.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.equals("stdout") || lower.equals("-")) {
            return new SinkSpec(Type.STDOUT, "", null, minSeverity, null);
        }
        if (lower.startsWith("ndjson:")) {
            String path = s.substring("ndjson:".length());
            if (path.isBlank()) {
                throw new IllegalArgumentException("sink '" + s + "': name the file, as ndjson:/var/log/vigil/alerts.ndjson");
            }
            return new SinkSpec(Type.NDJSON, Path.of(path).toAbsolutePath().normalize().toString(), null, minSeverity, null);
        }
        if (lower.startsWith("syslog://") || lower.startsWith("syslog+")) {
            int scheme = s.indexOf("://");
            if (scheme < 0) {
                throw new IllegalArgumentException("sink '" + s + "': expected syslog+tls://HOST:PORT (or +tcp, +udp)");
            }
            String transport = lower.startsWith("syslog+") ? lower.substring("syslog+".length(), scheme) : "udp";
            if (!TRANSPORTS.contains(transport)) {
                throw new IllegalArgumentException("sink '" + s + "': the transport must be udp, tcp or tls, not '"
                        + transport + "'");
            }
            String hostPort = s.substring(scheme + 3);
            if (hostPort.endsWith("/")) {
                hostPort = hostPort.substring(0, hostPort.length() - 1);
            }
            hostPort(s, hostPort); // checks it
            if (ca != null && !transport.equals("tls")) {
                throw new IllegalArgumentException("sink '" + s + "': 'ca' is for syslog+tls only");
            }
            return new SinkSpec(Type.SYSLOG, hostPort, transport, minSeverity, ca);
        }
        for (Type t : new Type[] {Type.WEBHOOK, Type.SLACK}) {
            String prefix = t.label() + ":";
            if (lower.startsWith(prefix)) {
                String url = s.substring(prefix.length());
                WebhookTarget.parse(url, env); // checks it; the message is redacted
                return new SinkSpec(t, url, null, minSeverity, null);
            }
        }
        throw new IllegalArgumentException("sink '" + (lower.startsWith("http") ? WebhookTarget.redact(s) : s)
                + "': expected stdout, ndjson:PATH, syslog+tls://HOST:PORT (or syslog://, +tcp, +udp), "
                + "webhook:URL or slack:URL (a URL may be env:NAME)");
    }

    /** The host and port of {@code host:port} or {@code [v6]:port}. */
    static Map.Entry<String, Integer> hostPort(String spec, String s) {
        return dev.vigil.export.syslog.SyslogSender.hostPort("sink '" + spec + "'", s);
    }

    /** The sink as the user may see it: a webhook's secrets masked. */
    public String shown() {
        return switch (type) {
            case STDOUT -> "stdout";
            case NDJSON -> "ndjson:" + target;
            case SYSLOG -> "syslog+" + transport + "://" + target;
            case WEBHOOK, SLACK -> type.label() + ":" + (target.regionMatches(true, 0, "env:", 0, 4)
                    ? target : WebhookTarget.redact(target));
        };
    }

    @Override
    public String toString() {
        return shown();
    }
}
