package dev.vigil.cli;

import dev.vigil.alert.AlertStatus;
import dev.vigil.export.incident.IncidentExport;
import dev.vigil.text.TerminalText;
import dev.vigil.store.AlertStore;
import dev.vigil.store.StatusChange;
import dev.vigil.store.StoredAlert;
import dev.vigil.store.StoredIncident;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil incidents}: the stories that related alerts tell, as every scan regroups them. */
@Command(name = "incidents", mixinStandardHelpOptions = true,
        description = {"List, show, triage and export incidents: alerts grouped by attacker address, by resource and "
                + "time, and by a web request followed by a process it would start (see 'vigil scan --db'). "
                + "An incident keeps its id while alerts join or leave it."},
        subcommands = {IncidentsCommand.ListIncidents.class, IncidentsCommand.Show.class, IncidentsCommand.SetStatus.class,
            IncidentsCommand.Export.class})
final class IncidentsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Incidents, most severe first.")
    static final class ListIncidents implements Callable<Integer> {
        @Mixin
        DbOption store;

        @Option(names = "--all", description = "Also incidents of a single alert (by default only those of two or more).")
        boolean all;

        @Option(names = "--status", split = ",", paramLabel = "STATUS",
                description = "Only these statuses: active, inprogress, resolved, dismissed (comma-separated).")
        List<String> status;

        @Override
        public Integer call() {
            PrintStream out = AlertsCommand.out();
            java.util.Set<AlertStatus> wanted = java.util.EnumSet.noneOf(AlertStatus.class);
            if (status != null) {
                status.forEach(x -> wanted.add(AlertStatus.parse(x)));
            }
            try (AlertStore s = store.openExisting()) {
                List<StoredIncident> list = s.incidents().stream().filter(i -> all || i.alertIds().size() > 1)
                        .filter(i -> wanted.isEmpty() || wanted.contains(i.status())).toList();
                if (list.isEmpty()) {
                    out.println("No incidents.");
                }
                for (StoredIncident i : list) {
                    out.printf("%-13s %-10s %-6s %-17s %3d alerts  %s  %s%n", shortId(i.id()), i.status().label(),
                            i.severity().label(), i.outcome(), i.alertIds().size(),
                            i.firstSeen() == null ? "-" : AlertsCommand.time(i.firstSeen()),
                            TerminalText.sanitize(i.title(), 100));
                }
                out.flush();
            }
            return Main.EXIT_OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One incident with its alerts in kill-chain order.")
    static final class Show implements Callable<Integer> {
        @Mixin
        DbOption store;

        @Parameters(paramLabel = "ID", description = "The incident id or a unique prefix of it.")
        String id;

        @Override
        public Integer call() {
            PrintStream out = AlertsCommand.out();
            PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
            try (AlertStore s = store.openExisting()) {
                Optional<StoredIncident> found = find(s, id, err);
                if (found.isEmpty()) {
                    return Main.EXIT_USAGE;
                }
                StoredIncident i = found.get();
                out.println(TerminalText.sanitize(i.title()));
                out.printf("  id:        %s%n  status:    %s%n  severity:  %s%n  outcome:   %s%n  seen:      %s .. %s%n",
                        i.id(), i.status().label(), i.severity().label(), i.outcome(),
                        i.firstSeen() == null ? "-" : AlertsCommand.time(i.firstSeen()),
                        i.lastSeen() == null ? "-" : AlertsCommand.time(i.lastSeen()));
                out.println("  attackers: " + TerminalText.sanitize(String.join(", ", i.ips())));
                out.println("  resources: " + TerminalText.sanitize(String.join(", ", i.hosts())));
                out.println("  story:     " + TerminalText.sanitize(i.narrative()));
                out.println("  alerts (kill-chain order):");
                for (String aid : i.alertIds()) {
                    Optional<StoredAlert> a = s.find(aid);
                    out.printf("    %s  %-7s %-28s %s%n", shortId(aid),
                            a.map(x -> x.alert().severity().label()).orElse("?"),
                            a.map(x -> x.alert().type().name()).orElse("(alert no longer stored)"),
                            a.map(x -> x.status().label()).orElse(""));
                }
                List<StatusChange> h = s.incidentHistory(i.id());
                if (!h.isEmpty()) {
                    out.println("  history:");
                    for (StatusChange c : h) {
                        out.printf("    %s  %s -> %s  by %s%s%n", AlertsCommand.time(c.timeMillis()), c.from().label(),
                                c.to().label(), TerminalText.sanitize(c.actor(), 80),
                                c.comment().isEmpty() ? "" : ": " + TerminalText.sanitize(c.comment(), 500));
                    }
                }
                out.flush();
            }
            return Main.EXIT_OK;
        }
    }

    /**
     * The incident {@code id} names, following what regrouping did to an id no longer stored
     * (merged into another, or left without alerts) and saying so on {@code err}.
     */
    static Optional<StoredIncident> find(AlertStore s, String id, PrintStream err) {
        Optional<StoredIncident> found = s.incident(id);
        String at = id;
        for (int hops = 0; found.isEmpty() && hops < 16; hops++) {
            Optional<String> alias = s.incidentAlias(at);
            if (alias.isEmpty()) {
                break;
            }
            if (alias.get().isEmpty()) {
                err.println("vigil: incident " + TerminalText.sanitize(id, 80) + " no longer has alerts "
                        + "(they were dismissed or regrouped)");
                return Optional.empty();
            }
            err.println("vigil: incident " + TerminalText.sanitize(at, 80) + " was merged into " + alias.get());
            at = alias.get();
            found = s.incident(at);
        }
        if (found.isEmpty()) {
            err.println("vigil: no incident with id " + TerminalText.sanitize(id, 80));
        }
        return found;
    }

    @Command(name = "set-status", mixinStandardHelpOptions = true,
            description = "Change the status of incidents: Active -> InProgress -> Resolved or Dismissed, and back to "
                    + "Active. The status stays with the incident as later scans add or remove alerts.")
    static final class SetStatus implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Mixin
        ActorOption actor;

        @Parameters(index = "0", paramLabel = "ID", description = "The incident id (or a unique prefix).")
        String id;

        @Parameters(index = "1", paramLabel = "STATUS", description = "The new status: active, inprogress, resolved, dismissed.")
        String status;

        @Option(names = {"-m", "--comment"}, paramLabel = "TEXT", defaultValue = "", description = "Why, for the history.")
        String comment;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            AlertStatus to;
            try {
                to = AlertStatus.parse(status);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "STATUS: " + e.getMessage());
            }
            PrintStream out = AlertsCommand.out();
            PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
            int failed = 0;
            try (AlertStore s = store.openExisting()) {
                Optional<StoredIncident> i = find(s, id, err);
                if (i.isEmpty()) {
                    failed++;
                } else {
                    try {
                        StatusChange c = s.setIncidentStatus(i.get().id(), to, actor.actor(), comment);
                        out.printf("%s  %s -> %s%n", c.alertId(), c.from().label(), c.to().label());
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
            description = "Incidents as json, ndjson, csv or cef, each naming its alerts and entities.")
    static final class Export implements Callable<Integer> {
        @Mixin
        DbOption store;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "ndjson",
                description = "json, ndjson, csv or cef (default: ${DEFAULT-VALUE}).")
        String format;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (!IncidentExport.FORMATS.contains(format)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--format: unknown export format '"
                        + format + "' (expected " + String.join(", ", IncidentExport.FORMATS) + ")");
            }
            try (AlertStore s = store.openExisting()) {
                List<IncidentExport.Row> rows = new ArrayList<>();
                for (StoredIncident i : s.incidents()) {
                    List<String> types = new ArrayList<>();
                    for (String aid : i.alertIds()) {
                        types.add(s.find(aid).map(a -> a.alert().type().name()).orElse(null));
                    }
                    rows.add(new IncidentExport.Row(i.id(), i.title(), i.severity().label(), i.outcome(), i.narrative(),
                            i.alertIds(), types, i.ips(), i.hosts(), i.firstSeen(), i.lastSeen(), i.status().label()));
                }
                BufferedWriter w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
                IncidentExport.write(rows, format, w);
                w.flush();
            }
            return Main.EXIT_OK;
        }
    }

    static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
