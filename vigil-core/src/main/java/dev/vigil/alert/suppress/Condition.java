package dev.vigil.alert.suppress;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertEntities;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One entity condition of a suppression rule. All conditions of a rule must hold.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface Condition {
    boolean matches(Alert a);

    /** The condition as people read and write it, such as {@code ip in 10.0.0.0/8, 192.0.2.1}. */
    String describe();

    /** {@code entities.ip.address in [...]}: the client IP is one of the addresses or networks. */
    record IpIn(List<IpRange> ranges) implements Condition {
        public IpIn {
            ranges = List.copyOf(ranges);
            if (ranges.isEmpty()) {
                throw new IllegalArgumentException("an ip condition needs at least one address or network");
            }
        }

        public static IpIn parse(List<String> specs) {
            return new IpIn(specs.stream().map(IpRange::parse).toList());
        }

        @Override
        public boolean matches(Alert a) {
            String ip = a.entities().get(AlertEntities.IP);
            return ranges.stream().anyMatch(r -> r.contains(ip));
        }

        @Override
        public String describe() {
            return "ip in " + String.join(", ", ranges.stream().map(IpRange::spec).toList());
        }
    }

    /** The host (resource) equals this name, ignoring case as DNS does. */
    record HostEquals(String host) implements Condition {
        public HostEquals {
            Objects.requireNonNull(host, "host");
        }

        @Override
        public boolean matches(Alert a) {
            String h = a.entities().get(AlertEntities.HOST);
            return h != null && h.equalsIgnoreCase(host);
        }

        @Override
        public String describe() {
            return "host = " + host;
        }
    }

    /** The request path starts with this prefix (case-sensitive, as paths are). */
    record UrlPrefix(String prefix) implements Condition {
        public UrlPrefix {
            Objects.requireNonNull(prefix, "prefix");
        }

        @Override
        public boolean matches(Alert a) {
            String u = a.entities().get(AlertEntities.URL);
            return u != null && u.startsWith(prefix);
        }

        @Override
        public String describe() {
            return "url starts with " + prefix;
        }
    }

    /** {@code entities.process.commandline contains ...}, ignoring case. */
    record CommandLineContains(String text) implements Condition {
        public CommandLineContains {
            Objects.requireNonNull(text, "text");
            if (text.isEmpty()) {
                throw new IllegalArgumentException("command-line text must not be empty");
            }
        }

        @Override
        public boolean matches(Alert a) {
            String c = a.entities().get(AlertEntities.PROCESS_COMMAND_LINE);
            return c != null && c.toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT));
        }

        @Override
        public String describe() {
            return "process command line contains " + text;
        }
    }
}
