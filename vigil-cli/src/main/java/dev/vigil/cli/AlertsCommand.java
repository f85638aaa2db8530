package dev.vigil.cli;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertStatus;
import dev.vigil.alert.TriagedAlert;
import dev.vigil.catalogue.Severity;
import dev.vigil.event.Event;
import dev.vigil.export.formats.Exporters;
import dev.vigil.cli.render.EvidenceText;
import dev.vigil.text.TerminalText;
import dev.vigil.store.AlertQuery;
import dev.vigil.store.AlertPage;
import dev.vigil.store.AlertStore;
import dev.vigil.store.StatusChange;
import dev.vigil.store.StoredAlert;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil alerts}: list, show, triage and export the alerts in the database. */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = "List, show, triage and export stored alerts (see 'vigil scan --db').",
        subcommands = {AlertsCommand.ListAlerts.class, AlertsCommand.Show.class, AlertsCommand.SetStatus.class,
            AlertsCommand.Export.class, BlocklistCommand.class})
final class AlertsCommand implements Runnable {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static PrintStream out() {
        return new PrintStream(System.out, false, StandardCharsets.UTF_8);
    }

    static String time(long t) {
        return t == Event.NO_TIME ? "-" : TIME.format(Instant.ofEpochMilli(t));
    }

    /** Filters shared by list and export. */
    static final class Filters {
        @Option(names = "--status", split = ",", paramLabel = "STATUS",
                description = "Only these statuses: active, inprogress, resolved, dismissed (comma-separated).")
        List<String> status;

        @Option(names = "--severity", paramLabel = "SEVERITY", description = "Only at or above this severity.")
        String severity;

        @Option(names = "--type", paramLabel = "TYPE", description = "Only this alert type, such as SqlInjectionAttempt.")
        String type;

        @Option(names = "--since", paramLabel = "WHEN",
                description = "Only alerts last seen since: an age (24h, 7d), a date or a UTC time.")
        String since;

        @Option(names = "--until", paramLabel = "WHEN",
                description = "Only alerts first seen until: an age (2h: two hours ago), a date or a UTC time.")
        String until;

        @Option(names = "--entity", paramLabel = "VALUE",
                description = "Only alerts about this IP or host, or whose URL or command line contains it.")
        String entity;

        AlertQuery query(int limit) {
            Set<AlertStatus> st = EnumSet.noneOf(AlertStatus.class);
            if (status != null) {
                status.forEach(s -> st.add(AlertStatus.parse(s)));
            }
            Severity sev = severity == null ? null : Severity.parse(severity);
            Instant now = Instant.now();
            Long from = since == null ? null : Since.parse(since, now);
            Long to = until == null ? null : Since.parse(until, now, "--until");
            return new AlertQuery(st, sev, type, from, to, entity, limit, null);
        }

        /** The matching alerts, at most {@code limit} (0: all). */
        List<StoredAlert> list(AlertStore s, int limit) {
            return s.list(query(limit));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List stored alerts, most recent first.")
    static final class ListAlerts implements Callable<Integer> {
        @Mixin
        DbOption store;

        @CommandLine.ArgGroup(exclusive = false)
        Filters filters = new Filters();

        @Option(names = "--limit", paramLabel = "N", defaultValue = "200", description = "At most N alerts (default: ${DEFAULT-VALUE}; 0 for all).")
        int limit;

        @Option(names = "--summary",
                description = "Counts by type and the top client addresses, resources and URLs instead of one row per alert.")
        boolean summary;

        @Option(names = "--tz", paramLabel = "ZONE",
                description = "Show times in this zone: UTC (default), local, or a zone such as Europe/Paris or +02:00.")
        String tz;

        @Option(names = "--cursor", paramLabel = "CURSOR",
                description = "Continue after the previous page: the cursor it printed (give the same filters).")
        String cursor;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            AlertTable table = new AlertTable(Terminals.width(), Terminals.colour(), AlertTable.zone(tz));
            try (AlertStore s = store.openExisting()) {
                AlertQuery query = filters.query(summary ? 0 : limit).after(summary ? null : cursor);
                AlertPage page;
                try {
                    page = s.page(query);
                } catch (IllegalArgumentException e) {
                    if (query.cursor() == null) {
                        throw e;
                    }
                    throw new CommandLine.ParameterException(spec.commandLine(), "--cursor: " + e.getMessage());
                }
                List<StoredAlert> alerts = page.alerts();
                PrintStream out = out();
                if (alerts.isEmpty()) {
                    out.println("No alerts.");
                } else if (summary) {
                    table.summary(alerts, out);
                } else {
                    table.list(alerts, out);
                }
                out.flush();
                if (page.nextCursor() != null) {
                    // on standard error, so the rows on standard output stay only rows
                    System.err.println("vigil: more alerts follow; next page: --cursor " + page.nextCursor());
                }
            }
            return Main.EXIT_OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show one alert: entities, evidence, ancestry, remediation and history.")
    static final class Show implements Callable<Integer> {
        @Mixin
        DbOption store;

        @Parameters(paramLabel = "ID", description = "The alert id, or its first 6 or more characters.")
        String id;

        @Option(names = "--all", description = "Every evidence line kept (by default the first " + EVIDENCE_LINES + ").")
        boolean all;

        @Option(names = "--tz", paramLabel = "ZONE",
                description = "Show times in this zone: UTC (default), local, or a zone such as Europe/Paris or +02:00.")
        String tz;

        @Override
        public Integer call() {
            // checked before the database is opened; every time shown (seen, evidence, history) is in this zone
            AlertTable zone = new AlertTable(0, false, AlertTable.zone(tz));
            try (AlertStore s = store.openExisting()) {
                StoredAlert st = s.find(id).orElseThrow(() -> new IllegalArgumentException(
                        "no alert with id '" + TerminalText.sanitize(id, 80) + "' in " + store.describe()));
                Alert a = st.alert();
                PrintStream out = out();
                out.println(TerminalText.sanitize((a.sample() ? "[Sample alert] " : "") + a.type().displayName()));
                out.printf("  id:          %s%n", a.id());
                out.printf("  type:        %s%n", a.type().name());
                out.printf("  severity:    %s   confidence: %d (%s)%n", a.severity().label(), a.confidence(), a.confidenceLevel());
                out.printf("  status:      %s%s%n", st.status().label(),
                        st.suppressedBy() == null ? "" : " (suppression rule " + TerminalText.sanitize(st.suppressedBy()) + ")");
                out.printf("  seen:        %s to %s %s, %d detections%n", zone.time(a.firstSeen()), zone.time(a.lastSeen()),
                        zone.zoneLabel(), a.count());
                out.printf("  tactics:     %s%n", String.join(", ", a.type().tactics()));
                out.printf("  techniques:  %s%n", String.join(", ", a.type().techniques()));
                out.printf("  rules:       %s%n", TerminalText.sanitize(String.join(", ", a.rules()), 300));
                out.println();
                out.println("Description:");
                out.println("  " + TerminalText.sanitize(a.description(), 2000));
                out.println();
                out.println("Entities:");
                for (Map.Entry<String, String> e : a.entities().entrySet()) {
                    out.printf("  %-24s %s%n", e.getKey(), TerminalText.sanitize(e.getValue(), 500));
                }
                out.println();
                printEvidence(out, a, all, zone);
                out.println();
                out.println("Remediation:");
                int n = 1;
                for (String step : a.type().remediation()) {
                    out.printf("  %d. %s%n", n++, step);
                }
                List<StatusChange> h = s.history(a.id());
                if (!h.isEmpty()) {
                    out.println();
                    out.println("History:");
                    for (StatusChange c : h) {
                        out.printf("  %s  %s -> %s  by %s%s%n", zone.time(c.timeMillis()),
                                c.from() == null ? "(new)" : c.from().label(), c.to().label(),
                                TerminalText.sanitize(c.actor(), 80),
                                c.comment().isEmpty() ? "" : ": " + TerminalText.sanitize(c.comment(), 500));
                    }
                }
                out.flush();
            }
            return Main.EXIT_OK;
        }
    }

    /** Evidence lines {@code alerts show} prints without {@code --all}. */
    static final int EVIDENCE_LINES = 5;

    /**
     * The evidence one input line at a time: where, when, method and status, the rules, each
     * value as logged with its decoding beside it when it differs, or a window's observation.
     */
    static void printEvidence(PrintStream out, Alert a, boolean all, AlertTable zone) {
        List<EvidenceText.Line> lines = EvidenceText.byLine(a.evidence());
        int shown = all ? lines.size() : Math.min(EVIDENCE_LINES, lines.size());
        String kept = a.count() > a.evidence().size()
                ? "; " + a.count() + " detections in all, the first " + a.evidence().size() + " kept" : "";
        out.println("Evidence (" + shown + " of " + lines.size() + (lines.size() == 1 ? " line" : " lines") + kept + "):");
        for (EvidenceText.Line l : lines.subList(0, shown)) {
            out.printf("  %s  %s%s%n", TerminalText.sanitize(l.where(), 200), zone.time(l.timeMillis()),
                    l.request().isEmpty() ? "" : "  " + TerminalText.sanitize(l.request(), 40));
            out.printf("      rules:   %s%n", TerminalText.sanitize(String.join(", ", l.rules()), 300));
            for (EvidenceText.Value v : EvidenceText.values(l, 2000)) {
                out.printf("      %s%n", v.text());
                if (v.decoded() != null) {
                    out.printf("      decoded: %s%n", v.decoded());
                }
            }
        }
        if (shown < lines.size()) {
            out.printf("  ... %d more %s kept: 'vigil alerts show %s --all'%n", lines.size() - shown,
                    lines.size() - shown == 1 ? "line" : "lines",
                    a.id().substring(0, Math.min(12, a.id().length())));
        }
    }

    @Command(name = "set-status", mixinStandardHelpOptions = true,
            description = "Change the status of alerts: Active -> InProgress -> Resolved or Dismissed, and back to Active.")
    static final class SetStatus implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Mixin
        ActorOption actor;

        // hideParamSyntax: the label as written; picocli would add its own "ID... STATUS..." repetition
        @Parameters(arity = "2..*", paramLabel = "ID... STATUS", hideParamSyntax = true,
                description = "Alert ids (or prefixes), then the new status: active, inprogress, resolved, dismissed.")
        List<String> args;

        @Option(names = {"-m", "--comment"}, paramLabel = "TEXT", defaultValue = "", description = "Why, for the history.")
        String comment;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            AlertStatus to;
            try {
                to = AlertStatus.parse(args.get(args.size() - 1));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            int failed = 0;
            PrintStream out = out();
            PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
            try (AlertStore s = store.openExisting()) {
                for (String id : args.subList(0, args.size() - 1)) {
                    try {
                        StatusChange c = s.setStatus(id, to, actor.actor(), comment);
                        out.printf("%s  %s -> %s%n", c.alertId().substring(0, 12), c.from().label(), c.to().label());
                    } catch (IllegalArgumentException | IllegalStateException e) {
                        err.println("vigil: " + TerminalText.sanitize(e.getMessage(), 300));
                        failed++;
                    }
                }
            }
            out.flush();
            return failed == 0 ? Main.EXIT_OK : Main.EXIT_USAGE;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Export stored alerts to standard output, a syslog receiver or a webhook.")
    static final class Export implements Callable<Integer> {
        @Mixin
        DbOption store;

        @CommandLine.ArgGroup(exclusive = false)
        Filters filters = new Filters();

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "ndjson",
                description = "json, ndjson, csv, cef or ocsf (default: ${DEFAULT-VALUE}).")
        String format;

        @Option(names = "--syslog", paramLabel = "HOST:PORT",
                description = "Also send each alert as a CEF line in RFC 5424 syslog (udp:// default, or tcp://host:port).")
        String syslog;

        @Option(names = "--webhook", paramLabel = "URL",
                description = "Also POST each alert as JSON to this URL, or to the URL in an environment variable "
                        + "(env:NAME, which keeps a URL with secrets retryable without storing it); failed deliveries "
                        + "are kept in the outbox and retried by the next export to the same destination.")
        String webhook;

        @Option(names = "--webhook-batch", paramLabel = "N", defaultValue = "1",
                description = "POST up to N alerts at once as a JSON array (default: ${DEFAULT-VALUE}: one alert per POST).")
        int webhookBatch;

        @Option(names = "--no-stdout", description = "Do not write the export to standard output (only --syslog/--webhook).")
        boolean noStdout;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (Exporters.find(format).isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--format: unknown export format '"
                        + format + "' (expected " + String.join(", ", Exporters.names()) + ")");
            }
            PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
            try (AlertStore s = store.openExisting()) {
                List<TriagedAlert> alerts = new ArrayList<>();
                for (StoredAlert a : filters.list(s, 0)) {
                    alerts.add(a.triaged());
                }
                if (!noStdout) {
                    BufferedWriter w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
                    Exports.write(alerts, format, w);
                    w.flush();
                }
                int rc = Main.EXIT_OK;
                if (syslog != null) {
                    try {
                        Exports.syslog(alerts, syslog);
                    } catch (IllegalArgumentException e) {
                        err.println("vigil: --syslog " + TerminalText.sanitize(syslog, 200) + ": " + e.getMessage());
                        rc = Main.EXIT_USAGE;
                    } catch (java.io.IOException e) {
                        // the target was fine but sending failed: an output failure, not a usage error
                        err.println("vigil: error: --syslog " + TerminalText.sanitize(syslog, 200) + ": "
                                + TerminalText.sanitize(String.valueOf(e.getMessage()), 300));
                        rc = Main.EXIT_FAILED;
                    }
                }
                if (webhook != null) {
                    Exports.WebhookReport r;
                    try {
                        r = Exports.webhook(alerts, webhook, webhookBatch, s, err);
                    } catch (IllegalArgumentException e) {
                        throw new CommandLine.ParameterException(spec.commandLine(), "--webhook: " + e.getMessage());
                    }
                    if (r.kept() > 0) {
                        rc = Main.EXIT_FAILED;
                    }
                }
                return rc;
            }
        }
    }
}
