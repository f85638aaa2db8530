package dev.vigil.cli;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertStatus;
import dev.vigil.catalogue.Severity;
import dev.vigil.export.blocklist.Blocklist;
import dev.vigil.text.TerminalText;
import dev.vigil.store.AlertQuery;
import dev.vigil.store.AlertStore;
import dev.vigil.store.StoredAlert;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil alerts blocklist}: the client addresses of stored alerts, for nginx, ipset or any firewall. */
@Command(name = "blocklist", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write the client addresses of alerts at or above a severity as a blocklist: a plain "
                + "list, an nginx 'deny' include or an 'ipset restore' file whose entries expire.",
            "Addresses are checked and written in canonical form; private, loopback and other non-public "
                    + "addresses, dismissed alerts and sample or test alerts are left out."},
        footer = {"", "Examples:",
            "  vigil alerts blocklist --min-severity high --format nginx -o /etc/nginx/vigil-deny.conf",
            "  vigil alerts blocklist --format ipset --ttl 24h | ipset -exist restore"})
final class BlocklistCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Option(names = "--min-severity", paramLabel = "SEVERITY", defaultValue = "high",
            description = "Alerts at or above this severity: informational, low, medium, high (default: ${DEFAULT-VALUE}).")
    String minSeverity;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "plain",
            description = "plain (one address a line), nginx (deny lines) or ipset (ipset restore commands) "
                    + "(default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--ttl", paramLabel = "AGE", defaultValue = "24h",
            description = "How long the entries stay: the ipset timeout, and a 'valid until' comment in the "
                    + "other formats; 0 for no expiry (default: ${DEFAULT-VALUE}).")
    String ttl;

    @Option(names = "--since", paramLabel = "WHEN",
            description = "Only alerts last seen since: an age (24h, 7d), a date or a UTC time (default: all).")
    String since;

    @Option(names = "--status", split = ",", paramLabel = "STATUS",
            description = "Only these statuses (default: active, inprogress, resolved: all but dismissed).")
    List<String> status;

    @Option(names = "--set", paramLabel = "NAME", defaultValue = "vigil-blocklist",
            description = "The ipset set name; IPv6 addresses go to NAME-v6 (default: ${DEFAULT-VALUE}).")
    String setName;

    @Option(names = "--include-private",
            description = "Keep private, loopback, link-local and other non-public addresses.")
    boolean includePrivate;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write to this file (replaced at once, so a server never reads half of it) instead of standard output.")
    Path output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Severity min;
        Blocklist.Format f;
        Duration life;
        Set<AlertStatus> statuses = EnumSet.noneOf(AlertStatus.class);
        try {
            min = Severity.parse(minSeverity);
            f = Blocklist.Format.parse(format);
            life = ttl.strip().equals("0") ? Duration.ZERO : Since.age(ttl);
            if (life == null) {
                throw new IllegalArgumentException("--ttl '" + ttl + "': expected an age such as 30m, 24h or 7d, or 0");
            }
            if (f == Blocklist.Format.IPSET) {
                Blocklist.checkSetName(setName);
                if (life.getSeconds() > Blocklist.IPSET_MAX_TIMEOUT) {
                    throw new IllegalArgumentException("--ttl " + ttl + ": ipset timeouts end at "
                            + Blocklist.IPSET_MAX_TIMEOUT + " seconds (about 24 days)");
                }
            }
            if (status == null) {
                statuses.addAll(EnumSet.complementOf(EnumSet.of(AlertStatus.DISMISSED)));
            } else {
                status.forEach(s -> statuses.add(AlertStatus.parse(s)));
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Long from = since == null ? null : Since.parse(since, Instant.now());
        List<Alert> alerts = new ArrayList<>();
        try (AlertStore s = store.open()) {
            for (StoredAlert a : s.list(new AlertQuery(statuses, min, null, from, null, 0))) {
                alerts.add(a.alert());
            }
        }
        Blocklist.Addresses a = Blocklist.of(alerts, includePrivate);
        String about = alerts.size() + " alerts at or above " + min.label();
        if (output == null) {
            Writer w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
            Blocklist.write(a, f, life, setName, Instant.now(), about, w);
            w.flush();
        } else {
            Path abs = output.toAbsolutePath();
            Path tmp = Files.createTempFile(abs.getParent(), ".vigil-blocklist", ".tmp");
            try {
                // readable by the web server's or firewall's user, as a file written by hand would be
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep its defaults
            }
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                Blocklist.write(a, f, life, setName, Instant.now(), about, w);
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        System.err.println(TerminalText.sanitize(Main.PREFIX + a.size() + " addresses from " + about
                + (a.nonPublic() > 0 ? "; " + a.nonPublic() + " non-public left out" : "")
                + (a.invalid() > 0 ? "; " + a.invalid() + " client addresses that are not IP addresses left out" : "")
                + (output == null ? "" : "; written to " + output), 500));
        return Main.EXIT_OK;
    }
}
