package dev.vigil.cli;

import dev.vigil.alert.Alert;
import dev.vigil.alert.TriagedAlert;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.Detection;
import dev.vigil.catalogue.Severity;
import dev.vigil.analyze.process.WebWorkers;
import dev.vigil.engine.Engine;
import dev.vigil.incident.Incident;
import dev.vigil.incident.IncidentCorrelator;
import dev.vigil.pipeline.BatchScan;
import dev.vigil.export.formats.Exporters;
import dev.vigil.engine.Problem;
import dev.vigil.engine.ScanListener;
import dev.vigil.engine.ScanSummary;
import dev.vigil.engine.SourceStats;
import dev.vigil.ingest.formats.Formats;
import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.Source;
import dev.vigil.ingest.Sources;
import dev.vigil.export.JsonOutput;
import dev.vigil.cli.render.TableOutput;
import dev.vigil.text.TerminalText;
import dev.vigil.store.SqliteAlertStore;
import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil scan}: reads logs, runs the detectors, prints alerts or detections. */
@Command(
        name = "scan",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Scan logs for attacks and print the alerts found: web server access logs, process-creation "
                    + "events, DNS query logs and FTP logs.",
            "",
            "PATH may be a file, a folder (read recursively, hidden files skipped), a file compressed "
                    + "with gzip, bzip2, xz or zstd (recognised by its content) or - for standard input. The format of each "
                    + "file is recognised from its first lines unless --input names it.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  vigil scan /var/log/nginx/",
            "  vigil scan --input combined --detections --format ndjson access.log.gz",
            "  zcat old.log.gz | vigil scan --fail-on high -",
            "  vigil scan --rules sigma:sigma/rules --min-level medium /var/log/sysmon.json",
            "  vigil scan --input 'nginx:$remote_addr [$time_local] \"$request\" $status \"$http_user_agent\"' app.log",
            "",
            "Exit codes: 0 done (whatever was found), 1 an alert at or above --fail-on, "
                    + "2 usage error, 3 some input or output failed (a file that could not be read, or "
                    + "nothing read at all)."
        })
final class ScanCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Log files, folders or - (standard input).")
    List<String> paths;

    @CommandLine.Mixin
    DetectionOptions detection = new DetectionOptions();

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Output format: table or ndjson; for alerts also json, csv, cef or ocsf. "
                    + "Default: table on a terminal, ndjson otherwise.")
    String format;

    @Option(names = "--detections",
            description = "Print every detection (one per matching line) instead of grouped alerts.")
    boolean detections;

    @Option(names = "--min-severity", paramLabel = "SEVERITY", defaultValue = "informational",
            description = "Print only alerts or detections at or above this severity: "
                    + "informational, low, medium, high (default: ${DEFAULT-VALUE}).")
    String minSeverity;

    @Option(names = "--fail-on", paramLabel = "SEVERITY",
            description = "Exit with code 1 when an alert at or above this severity was found (for CI pipelines).")
    String failOn;

    @Option(names = {"-q", "--quiet"},
            description = "No progress bar, summary or problem report on standard error; only results and errors.")
    boolean quiet;

    @Option(names = "--follow-links",
            description = "Follow symbolic links inside folders, also out of the folder (never into /proc, /sys or "
                    + "/dev). Without it, links out of a scanned folder are reported and left out.")
    boolean followLinks;

    @Option(names = "--no-progress", description = "Never show the progress bar.")
    boolean noProgress;

    @Option(names = "--tz", paramLabel = "ZONE",
            description = "Show the table's times in this zone: UTC (default), local, or a zone such as Europe/Paris "
                    + "or +02:00. Machine formats (ndjson, json, csv, cef, ocsf) always carry UTC.")
    String tz;

    // --- alert store (vigil-store); storing never changes the scan's output or exit code ---
    @Option(names = "--db", paramLabel = "DB", defaultValue = "${sys:vigil.db:-" + SqliteAlertStore.DEFAULT_FILE + "}",
            description = "Store the alerts in this database, suppression rules applied: an SQLite file (default: "
                    + "${DEFAULT-VALUE} in the working directory) or postgresql://HOST/DB?user=NAME.")
    String db;

    @Option(names = "--no-db", description = "Do not store the alerts.")
    boolean noDb;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Severity min = severity(minSeverity, "--min-severity");
        Severity fail = failOn == null ? null : severity(failOn, "--fail-on");
        java.time.ZoneId zone = AlertTable.zone(tz); // a bad zone is refused before any input is read
        String outFormat = format == null ? (Terminals.stdoutIsTerminal() ? "table" : "ndjson")
                : format.toLowerCase(Locale.ROOT);
        boolean exporter = !outFormat.equals("table") && !outFormat.equals("ndjson");
        if (exporter && (detections || Exporters.find(outFormat).isEmpty())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown output format '" + format
                    + (detections ? "' for --detections (expected table or ndjson)"
                            : "' (expected table, " + String.join(", ", Exporters.names()) + ")"));
        }
        detection.validate(spec.commandLine());
        // Our own buffered UTF-8 streams over System.out/err: large writes, any platform encoding.
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        List<java.nio.file.Path> registered = !noDb ? AlertStoring.registeredFeeds(db, err) : List.of();
        DetectionOptions.Built built = detection.engine(spec.commandLine(), err, quiet, registered);
        Engine engine = built.engine();
        ThreatIntelFeeds.Loaded loaded = built.intel();
        PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);

        Sources.Expansion expansion = Sources.expand(paths, followLinks);
        for (String e : expansion.missing()) {
            err.println("vigil: " + TerminalText.sanitize(e));
        }
        for (String e : expansion.errors()) {
            err.println("vigil: " + TerminalText.sanitize(e));
        }
        if (!quiet) {
            for (String e : expansion.notes()) {
                err.println("vigil: " + TerminalText.sanitize(e));
            }
        }
        List<Source> sources = expansion.sources();

        BatchScan scan = BatchScan.builder(engine).aggregators(() -> detection.aggregator(spec.commandLine()))
                .enricher(built.enricher()).build();
        TableOutput table = new TableOutput(out, Terminals.width(), Terminals.colour(), zone);
        boolean ndjson = outFormat.equals("ndjson");
        if (detections && !ndjson) {
            table.detectionHeader();
        }
        long totalBytes = sources.stream().mapToLong(s -> Math.max(0, s.size())).sum();
        boolean stdin = sources.stream().anyMatch(s -> s.name().equals("-"));
        Progress progress = (!quiet && !noProgress && Terminals.stderrIsTerminal()
                && (totalBytes > Progress.THRESHOLD_BYTES || stdin))
                ? Progress.start(totalBytes, stdin) : Progress.NONE;

        ScanListener listener = new ScanListener() {
            @Override
            public void onDetection(Detection d) {
                if (detections && d.severity().atLeast(min)) {
                    if (ndjson) {
                        out.println(JsonOutput.line(JsonOutput.detection(d)));
                    } else {
                        table.detection(d);
                    }
                    if (out.checkError()) {
                        throw new OutputClosed();
                    }
                }
            }

            @Override
            public void onProgress(long bytesRead) {
                progress.update(bytesRead);
            }
        };

        BatchScan.Result result;
        try {
            result = scan.run(sources, listener);
        } catch (OutputClosed e) {
            return Main.EXIT_OK; // the reader of our output went away (| head): not an error
        } finally {
            progress.close();
        }

        ScanSummary summary = result.summary();
        // grouped, and enriched (GeoIP/ASN, crawler verification) when asked for, before storing
        List<Alert> alerts = result.alerts();
        detection.enrichment.close();
        // store first: the incidents shown come from every stored alert, not this scan's alone
        AlertStoring.Stored stored = noDb ? null : AlertStoring.store(db, alerts, err, quiet);
        List<Incident> incidents = stored == null ? null : stored.incidents();
        if (incidents == null) {
            incidents = new IncidentCorrelator().correlate(alerts);
        }
        java.util.Set<String> scanned = alerts.stream().map(Alert::id).collect(java.util.stream.Collectors.toSet());
        List<Incident> related = incidents.stream()
                .filter(i -> i.alerts().size() > 1 && i.alerts().stream().anyMatch(a -> scanned.contains(a.id())))
                .toList();
        if (!detections) {
            List<Alert> shown = alerts.stream().filter(a -> a.severity().atLeast(min)).toList();
            if (exporter) {
                java.io.Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
                Exports.write(shown.stream().map(TriagedAlert::active).toList(), outFormat, w);
                w.flush();
            } else if (ndjson) {
                for (Alert a : shown) {
                    out.println(JsonOutput.line(JsonOutput.alert(a)));
                }
            } else {
                table.alerts(shown);
                table.incidents(related);
            }
        }
        out.flush();

        if (!quiet) {
            report(err, summary, alerts.size());
            if (result.folded() > 0) {
                err.println(TerminalText.sanitize(String.format(Locale.ROOT,
                        "vigil: more than %,d alerts were open at once: %,d folded into storm alerts (%s); "
                                + "raise --max-alerts to keep more whole", detection.maxAlerts(), result.folded(),
                        result.foldedByType().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                                .collect(java.util.stream.Collectors.joining(", ")))));
            }
        } else {
            reportErrorsOnly(err, summary);
        }
        if (!expansion.missing().isEmpty()) {
            return Main.EXIT_USAGE;
        }
        boolean inputFailed = inputFailed(err, expansion, summary) || loaded.refused() > 0;
        if (inputFailed || (stored != null && stored.failed() && !defaultDbNotCreatable())) {
            return Main.EXIT_FAILED; // the same 3 as Main.EXIT_FAILED: some input or output failed
        }
        if (fail != null && alerts.stream().anyMatch(a -> a.severity().atLeast(fail))) {
            return Main.EXIT_FOUND;
        }
        return Main.EXIT_OK;
    }

    /**
     * Whether some input failed, saying why for what the per-file report does not already say:
     * an entry that could not be read, a file that could not be opened or was cut short, a file
     * none of whose lines could be read (a wrong --input), or a scan that read nothing at all.
     */
    static boolean inputFailed(PrintStream err, Sources.Expansion expansion, ScanSummary summary) {
        boolean failed = !expansion.errors().isEmpty();
        int read = 0;
        for (SourceStats st : summary.sources()) {
            switch (st.status()) {
                case UNREADABLE, PARTIAL -> failed = true;
                case SKIPPED -> { }
                default -> {
                    if (st.events() == 0 && st.rejected() > 0) {
                        failed = true;
                        err.println(TerminalText.sanitize(String.format(Locale.ROOT,
                                "vigil: %s: none of its %,d lines could be read as %s (%,d rejected); name its format "
                                        + "with --input", st.source(), st.lines(), st.format(), st.rejected()), 600));
                    } else {
                        read++;
                    }
                }
            }
        }
        if (read == 0) {
            long skipped = summary.count(SourceStats.Status.SKIPPED);
            String why = summary.sources().isEmpty() && expansion.errors().isEmpty() ? "no file to scan"
                    : skipped == summary.sources().size() && skipped > 0
                            ? "no file was in a format Vigil recognises (name it with --input)"
                            : "no file could be read";
            err.println("vigil: nothing could be read: " + why);
            return true;
        }
        return failed;
    }

    /**
     * Whether the store failed only because the default database (no --db given) could not be
     * created in a working directory we may not write to. The user asked for no database, the
     * scan's output is complete and the error was printed: that stays a failure to report, not
     * a failed scan (scripts and scorers run scans from read-only folders). A database the user
     * named, or one that exists and could not be written (busy, full disk), fails the scan.
     */
    private boolean defaultDbNotCreatable() {
        boolean named = spec.commandLine().getParseResult().hasMatchedOption("--db")
                || System.getProperty("vigil.db") != null;
        if (named || dev.vigil.store.PostgresUrl.matches(db) || java.nio.file.Files.exists(java.nio.file.Path.of(db))) {
            return false;
        }
        java.nio.file.Path dir = java.nio.file.Path.of(db).toAbsolutePath().getParent();
        return dir != null && !java.nio.file.Files.isWritable(dir);
    }

    private Severity severity(String s, String option) {
        try {
            return Severity.parse(s);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }

    private static void report(PrintStream err, ScanSummary s, int alerts) {
        List<String> skipped = new java.util.ArrayList<>();
        for (SourceStats st : s.sources()) {
            if (st.status() == SourceStats.Status.SKIPPED) {
                skipped.add(st.source());
            } else {
                printProblems(err, st);
            }
        }
        if (skipped.size() == 1) {
            s.sources().stream().filter(st -> st.status() == SourceStats.Status.SKIPPED)
                    .forEach(st -> printProblems(err, st));
        } else if (skipped.size() > 1) {
            err.println(TerminalText.sanitize("vigil: skipped " + skipped.size()
                    + " files not in a log format Vigil recognises (name it with --input): "
                    + String.join(", ", skipped), 1000));
            // files Vigil reads with another command are named with it, not left as unknown
            s.sources().stream().filter(st -> st.status() == SourceStats.Status.SKIPPED)
                    .filter(st -> st.problems().stream().anyMatch(p -> p.reason().contains(", not a log;")))
                    .forEach(st -> printProblems(err, st));
        }
        long files = s.sources().size() - s.count(SourceStats.Status.SKIPPED) - s.count(SourceStats.Status.UNREADABLE);
        double secs = s.elapsedNanos() / 1e9;
        StringBuilder b = new StringBuilder("vigil: ");
        b.append(String.format(Locale.ROOT, "scanned %,d %s (%s): %,d lines, %,d events, %,d rejected",
                files, files == 1 ? "file" : "files", bytes(s.bytes()), s.lines(), s.events(), s.rejected()));
        if (s.warnings() > 0) {
            b.append(String.format(Locale.ROOT, ", %,d repaired", s.warnings()));
        }
        b.append(String.format(Locale.ROOT, ", %,d detections, %,d alerts in %.2f s (%,.0f lines/s)",
                s.detections(), alerts, secs, s.linesPerSecond()));
        if (!skipped.isEmpty()) {
            b.append(String.format(Locale.ROOT, "; %d skipped", skipped.size()));
        }
        err.println(b);
        printDetectorFailures(err, s);
    }

    /** A detector that threw lost those events' verdicts: say which, and how often, every time. */
    private static void printDetectorFailures(PrintStream err, ScanSummary s) {
        s.detectorFailures().forEach((id, n) -> err.println(TerminalText.sanitize(String.format(Locale.ROOT,
                "vigil: detector %s failed on %,d %s, which lost its verdict (a bug in Vigil: please report it)",
                id, n, n == 1 ? "event" : "events"))));
    }

    private static void reportErrorsOnly(PrintStream err, ScanSummary s) {
        printDetectorFailures(err, s);
        for (SourceStats st : s.sources()) {
            if (st.status() == SourceStats.Status.UNREADABLE) {
                printProblems(err, st);
            }
        }
    }

    private static void printProblems(PrintStream err, SourceStats st) {
        long lineProblems = st.rejected() + st.warnings();
        int shownLineProblems = 0;
        for (Problem p : st.problems()) {
            String kind = switch (p.kind()) {
                case REJECTED -> "rejected: ";
                case WARNING -> "repaired: ";
                case SOURCE -> "";
            };
            if (p.kind() != Problem.Kind.SOURCE) {
                shownLineProblems++;
            }
            err.println("vigil: " + TerminalText.sanitize(p.toString().replaceFirst(
                    java.util.regex.Pattern.quote(p.reason()) + "$", "") + kind + p.reason(), 300));
        }
        if (lineProblems > shownLineProblems) {
            err.printf(Locale.ROOT, "vigil: %s: %,d more line problems (%,d rejected, %,d repaired in all)%n",
                    TerminalText.sanitize(st.source()), lineProblems - shownLineProblems, st.rejected(), st.warnings());
        }
    }

    private static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        }
        if (n < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", n / 1048576.0);
        }
        return String.format(Locale.ROOT, "%.2f GiB", n / 1073741824.0);
    }

    /** Thrown from the listener when standard output was closed under us. */
    private static final class OutputClosed extends RuntimeException {
        OutputClosed() {
            super(null, null, false, false);
        }
    }
}
