package dev.vigil.cli;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertAggregator;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.Detection;
import dev.vigil.dns.AppHostSuffixes;
import dev.vigil.dns.DanglingDnsChecker;
import dev.vigil.dns.LiveInventory;
import dev.vigil.dns.ZoneFile;
import dev.vigil.export.JsonOutput;
import dev.vigil.cli.render.TableOutput;
import dev.vigil.text.TerminalText;
import dev.vigil.store.SqliteAlertStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil dns}: checks of DNS data that is not a log. {@code check} reads a zone file and an
 * inventory of live app host names and raises DanglingDns alerts through the same aggregation,
 * store and output as {@code vigil scan}.
 */
@Command(name = "dns", mixinStandardHelpOptions = true,
        description = "DNS checks: 'vigil dns check' finds records pointing at app hosts that no longer exist.",
        subcommands = {DnsCommand.Check.class})
final class DnsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
            description = {
                "Find dangling DNS records: CNAMEs to app-hosting services (App Service, Traffic Manager, blob "
                        + "storage, CDN, Heroku, GitHub Pages, S3, CloudFront...) whose target is not in the "
                        + "inventory of live app host names. High when anyone could claim the name; Low when "
                        + "the zone's domain-verification TXT record (asuid.<name> for App Service) blocks that.",
                ""
            },
            footer = {"", "Example:", "  az webapp list --query '[].defaultHostName' -o tsv > live.txt",
                "  vigil dns check --zone db.contoso.com --inventory live.txt"})
    static final class Check implements Callable<Integer> {
        @Option(names = "--zone", required = true, paramLabel = "FILE",
                description = "A DNS zone file (RFC 1035 master file; $INCLUDE files are read from its folder, $GENERATE is expanded).")
        Path zone;

        @Option(names = "--inventory", required = true, paramLabel = "FILE",
                description = "Live app host names and addresses, one a line (# comments, URLs allowed).")
        Path inventory;

        @Option(names = "--origin", paramLabel = "NAME",
                description = "The zone's origin for relative names before any $ORIGIN (default: none).")
        String origin;

        @Option(names = "--check-addresses",
                description = "Also report A/AAAA records whose address is not in the inventory (only when the "
                        + "inventory lists every address the zone should point at).")
        boolean checkAddresses;

        @Option(names = "--format", paramLabel = "FORMAT",
                description = "table or ndjson. Default: table on a terminal, ndjson otherwise.")
        String format;

        @Option(names = {"-q", "--quiet"}, description = "No summary or problem report on standard error.")
        boolean quiet;

        @Option(names = "--db", paramLabel = "DB", defaultValue = "${sys:vigil.db:-" + SqliteAlertStore.DEFAULT_FILE + "}",
                description = "Store the alerts in this database: an SQLite file (default: ${DEFAULT-VALUE}) or "
                        + "postgresql://HOST/DB?user=NAME. A database that cannot be written only gives a warning.")
        String db;

        @Option(names = "--no-db", description = "Do not store the alerts.")
        boolean noDb;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            String outFormat = format == null ? (Terminals.stdoutIsTerminal() ? "table" : "ndjson")
                    : format.toLowerCase(Locale.ROOT);
            if (!outFormat.equals("table") && !outFormat.equals("ndjson")) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "unknown output format '" + format + "' (expected table or ndjson)");
            }
            PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
            PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
            String zoneText = read(zone, "--zone", err);
            String inventoryText = read(inventory, "--inventory", err);
            if (zoneText == null || inventoryText == null) {
                return Main.EXIT_USAGE;
            }
            ZoneFile.Result z = ZoneFile.read(zoneText, zone.toString(), origin, zone.toAbsolutePath().getParent());
            LiveInventory inv = LiveInventory.parse(inventoryText);
            List<Detection> found = new DanglingDnsChecker(AlertCatalogue.builtIn(), AppHostSuffixes.builtIn(),
                    checkAddresses).check(z.records(), inv);
            AlertAggregator aggregator = new AlertAggregator();
            found.forEach(aggregator::add);
            List<Alert> alerts = aggregator.alerts();
            boolean storeFailed = !noDb && AlertStoring.store(db, alerts, err, quiet).failed();
            if (outFormat.equals("ndjson")) {
                for (Alert a : alerts) {
                    out.println(JsonOutput.line(JsonOutput.alert(a)));
                }
            } else {
                new TableOutput(out, Terminals.width(), Terminals.colour(), java.time.ZoneOffset.UTC).alerts(alerts);
            }
            out.flush();
            if (!quiet) {
                for (ZoneFile.Problem p : z.problems()) {
                    err.println(TerminalText.sanitize("vigil: " + p.source() + ":" + p.line() + ": " + p.reason(), 300));
                }
                err.println(TerminalText.sanitize(String.format(Locale.ROOT,
                        "vigil: checked %d records of %s against %d live host names and %d addresses: "
                                + "%d dangling, %d problems", z.records().size(), zone, inv.hostCount(),
                        inv.addressCount(), alerts.size(), z.problems().size()), 1000));
            }
            return storeFailed ? Main.EXIT_FAILED : Main.EXIT_OK;
        }

        /** The file as text (bad UTF-8 replaced), or null after saying why it cannot be read. */
        private static String read(Path p, String option, PrintStream err) {
            try {
                byte[] b = Files.readAllBytes(p);
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(java.nio.ByteBuffer.wrap(b)).toString();
            } catch (IOException e) {
                err.println(TerminalText.sanitize("vigil: " + option + " " + p + ": cannot read (" + e.getMessage() + ")", 300));
                return null;
            }
        }
    }
}
