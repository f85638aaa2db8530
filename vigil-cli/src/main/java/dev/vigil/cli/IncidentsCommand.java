package dev.vigil.cli;

import dev.vigil.export.incident.IncidentExport;
import dev.vigil.output.TerminalText;
import dev.vigil.store.SqliteAlertStore;
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
        description = {"List, show and export incidents: alerts grouped by attacker address, by resource and "
                + "time, and by a web request followed by a process it would start (see 'vigil scan --db')."},
        subcommands = {IncidentsCommand.ListIncidents.class, IncidentsCommand.Show.class, IncidentsCommand.Export.class})
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
        StoreOptions store;

        @Option(names = "--all", description = "Also incidents of a single alert (by default only those of two or more).")
        boolean all;

        @Override
        public Integer call() {
            PrintStream out = AlertsCommand.out();
            try (SqliteAlertStore s = store.openExisting()) {
                List<StoredIncident> list = s.incidents().stream().filter(i -> all || i.alertIds().size() > 1).toList();
                if (list.isEmpty()) {
                    out.println("No incidents.");
                }
                for (StoredIncident i : list) {
                    out.printf("%-13s %-6s %-17s %3d alerts  %s  %s%n", shortId(i.id()), i.severity().label(), i.outcome(),
                            i.alertIds().size(), i.firstSeen() == null ? "-" : AlertsCommand.time(i.firstSeen()),
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
        StoreOptions store;

        @Parameters(paramLabel = "ID", description = "The incident id or a unique prefix of it.")
        String id;

        @Override
        public Integer call() {
            PrintStream out = AlertsCommand.out();
            PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
            try (SqliteAlertStore s = store.openExisting()) {
                Optional<StoredIncident> found = s.incident(id);
                if (found.isEmpty()) {
                    err.println("vigil: no incident with id " + TerminalText.sanitize(id, 80));
                    return Main.EXIT_USAGE;
                }
                StoredIncident i = found.get();
                out.println(TerminalText.sanitize(i.title()));
                out.printf("  id:        %s%n  severity:  %s%n  outcome:   %s%n  seen:      %s .. %s%n", i.id(),
                        i.severity().label(), i.outcome(),
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
                out.flush();
            }
            return Main.EXIT_OK;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Incidents as json, ndjson, csv or cef, each naming its alerts and entities.")
    static final class Export implements Callable<Integer> {
        @Mixin
        StoreOptions store;

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
            try (SqliteAlertStore s = store.openExisting()) {
                List<IncidentExport.Row> rows = new ArrayList<>();
                for (StoredIncident i : s.incidents()) {
                    List<String> types = new ArrayList<>();
                    for (String aid : i.alertIds()) {
                        types.add(s.find(aid).map(a -> a.alert().type().name()).orElse(null));
                    }
                    rows.add(new IncidentExport.Row(i.id(), i.title(), i.severity().label(), i.outcome(), i.narrative(),
                            i.alertIds(), types, i.ips(), i.hosts(), i.firstSeen(), i.lastSeen()));
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
