package dev.vigil.cli;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertAggregator;
import dev.vigil.alert.TriagedAlert;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.Detection;
import dev.vigil.catalogue.Severity;
import dev.vigil.analyze.process.WebWorkers;
import dev.vigil.engine.Engine;
import dev.vigil.incident.Incident;
import dev.vigil.incident.IncidentCorrelator;
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

    @Option(names = "--input", paramLabel = "FORMAT", defaultValue = "auto",
            description = "Input format: auto (default: recognised per file), combined, common, "
                    + "nginx:'<log_format>' (any nginx log_format string), w3c (IIS), appservice-json "
                    + "(Azure App Service HTTP logs), process-json (Vigil's process events), auditd, sysmon; "
                    + "DNS query logs: bind-query, dnsmasq, dns-json; FTP logins: vsftpd, iis-ftp.")
    String input;

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

    @Option(names = "--max-line-length", paramLabel = "BYTES", defaultValue = "65536",
            description = "Lines longer than this are counted as rejected and skipped (default: ${DEFAULT-VALUE}). "
                    + "Capped to what the heap can hold with the worker threads; the cap is said when it applies.")
    int maxLineLength;

    @Option(names = "--follow-links",
            description = "Follow symbolic links inside folders, also out of the folder (never into /proc, /sys or "
                    + "/dev). Without it, links out of a scanned folder are reported and left out.")
    boolean followLinks;

    @Option(names = "--resource", paramLabel = "NAME",
            description = "The app or host these logs belong to, for records that do not name it "
                    + "(a plain combined log); alerts and incidents group by it.")
    String resource;

    @Option(names = "--ti", paramLabel = "FILE",
            description = "A threat-intel feed to match this scan against (repeatable); feeds registered with "
                    + "'vigil ti load' are used too.")
    List<java.nio.file.Path> tiFiles = new java.util.ArrayList<>();

    @Option(names = "--group-window", paramLabel = "AGE", defaultValue = "1h",
            description = "Group detections of one type, resource and client into one alert per window of "
                    + "this length in log time: 30m, 1h, 1d (default: ${DEFAULT-VALUE}).")
    String groupWindow;

    @Option(names = "--max-alerts", paramLabel = "N", defaultValue = "20000",
            description = "Hold at most N alerts while scanning (default: ${DEFAULT-VALUE}); past it the least severe, "
                    + "least recently updated are folded into one storm alert per type, so a flood from many "
                    + "addresses cannot exhaust memory. The summary says how many were folded.")
    int maxAlerts;

    @Option(names = "--throttle", paramLabel = "TYPE=AGE",
            description = "A longer window for one alert type, e.g. ScannerDetected=7d, as cloud products raise "
                    + "one alert per resource and type per week (repeatable).")
    java.util.Map<String, String> throttle = new java.util.LinkedHashMap<>();

    @Option(names = "--preview", description = "Also run preview rules (not yet stable; may be noisier).")
    boolean preview;

    @Option(names = "--rules", paramLabel = "DIR",
            description = "Also run the rules in this folder (repeatable): Vigil rules (see docs/rules.md), or "
                    + "sigma:DIR for a folder of Sigma rules (process_creation and webserver; see docs/sigma.md).")
    List<String> ruleFolders = new java.util.ArrayList<>();

    @Option(names = "--no-builtin-rules",
            description = "Run only the rules given with --rules (and threat intel), not Vigil's own detectors.")
    boolean noBuiltinRules;

    @Option(names = "--min-level", paramLabel = "LEVEL",
            description = "Sigma rules: leave out rules below this level (informational, low, medium, high, critical).")
    String minLevel;

    @Option(names = "--sigma-deprecated",
            description = "Sigma rules: also run rules whose status is deprecated or unsupported.")
    boolean sigmaDeprecated;

    @Option(names = "--web-workers", paramLabel = "LIST",
            description = "The processes whose children are judged as a web shell's, comma-separated, replacing "
                    + "the defaults; start with + to add to them. An entry is a name (nginx, w3wp.exe), a prefix* "
                    + "(php-fpm*), name:word|word (java:tomcat|jetty, only with one of the words in its command "
                    + "line) or name:!word (node:!npm, not with it). Default: nginx, httpd, apache2, php-fpm*, "
                    + "w3wp.exe, java with a servlet container, node, gunicorn, uwsgi, dotnet, puma and others.")
    String webWorkers;

    @Option(names = "--threads", paramLabel = "N",
            description = "Worker threads that parse and detect (default: the number of cores).")
    Integer threads;

    @Option(names = "--no-progress", description = "Never show the progress bar.")
    boolean noProgress;

    // --- alert store (vigil-store); storing never changes the scan's output or exit code ---
    @Option(names = "--db", paramLabel = "PATH", defaultValue = "${sys:vigil.db:-" + SqliteAlertStore.DEFAULT_FILE + "}",
            description = "Store the alerts in this database, suppression rules applied (default: ${DEFAULT-VALUE} "
                    + "in the working directory). A database that cannot be written only gives a warning.")
    java.nio.file.Path db;

    @Option(names = "--no-db", description = "Do not store the alerts.")
    boolean noDb;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The heap the line limit must fit in; tests set a small one instead of writing lines of gigabytes. */
    static java.util.function.LongSupplier heapBytes = () -> Runtime.getRuntime().maxMemory();

    /** The --web-workers list: the defaults, replaced or (with a leading +) extended. */
    private WebWorkers webWorkers() {
        if (webWorkers == null) {
            return WebWorkers.defaults();
        }
        String list = webWorkers.strip();
        boolean add = list.startsWith("+");
        List<String> entries = new java.util.ArrayList<>(add ? WebWorkers.DEFAULTS : List.of());
        for (String e : (add ? list.substring(1) : list).split(",")) {
            if (!e.isBlank()) {
                entries.add(e.strip());
            }
        }
        if (entries.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--web-workers: no entries in '" + webWorkers + "'");
        }
        try {
            return WebWorkers.of(entries);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--web-workers: " + e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        Severity min = severity(minSeverity, "--min-severity");
        Severity fail = failOn == null ? null : severity(failOn, "--fail-on");
        String outFormat = format == null ? (Terminals.stdoutIsTerminal() ? "table" : "ndjson")
                : format.toLowerCase(Locale.ROOT);
        boolean exporter = !outFormat.equals("table") && !outFormat.equals("ndjson");
        if (exporter && (detections || Exporters.find(outFormat).isEmpty())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown output format '" + format
                    + (detections ? "' for --detections (expected table or ndjson)"
                            : "' (expected table, " + String.join(", ", Exporters.names()) + ")"));
        }
        LineFormat lineFormat;
        try {
            lineFormat = Formats.forName(input).orElse(null);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        for (java.nio.file.Path f : tiFiles) {
            if (!java.nio.file.Files.isReadable(f)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--ti " + f + ": cannot read feed file");
            }
        }
        Engine.Builder builder = Engine.builder()
                .format(lineFormat)
                .resource(resource);
        if (!noBuiltinRules) {
            builder.defaultDetectors(AlertCatalogue.builtIn(), preview, webWorkers());
        } else if (ruleFolders.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--no-builtin-rules needs --rules DIR");
        }
        ScanRules.Loaded extraRules;
        try {
            extraRules = ScanRules.load(ruleFolders, minLevel, sigmaDeprecated, preview, webWorkers());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        builder.detectors(extraRules.detectors());
        // Our own buffered UTF-8 streams over System.out/err: large writes, any platform encoding.
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        try {
            int workers = threads != null ? threads : Math.max(1, Runtime.getRuntime().availableProcessors());
            int cap = Engine.maxLineLengthFor(heapBytes.getAsLong(), workers);
            int limit = maxLineLength;
            if (maxLineLength >= 256 && maxLineLength > cap) {
                limit = cap;
                err.printf(Locale.ROOT, "vigil: --max-line-length %,d is more than a %,d MiB heap holds with %d "
                        + "worker threads; lines over %,d bytes are skipped (give more memory with "
                        + "JAVA_OPTS=-Xmx..., or fewer --threads)%n", maxLineLength,
                        heapBytes.getAsLong() >> 20, workers, cap);
            }
            builder.maxLineLength(limit);
            if (threads != null) {
                builder.threads(threads);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);

        if (!quiet) {
            extraRules.notes().forEach(n -> err.println("vigil: rules " + TerminalText.sanitize(n, 400)));
        }
        List<java.nio.file.Path> feeds = new java.util.ArrayList<>(tiFiles);
        if (!noDb && java.nio.file.Files.exists(db)) {
            feeds.addAll(AlertStoring.registeredFeeds(db, err));
        }
        ThreatIntelFeeds.Loaded loaded = ThreatIntelFeeds.load(feeds, err, quiet);
        dev.vigil.ti.match.ThreatIntel intel = loaded.intel();
        if (intel != null) {
            builder.detector(new dev.vigil.detect.intel.ThreatIntelDetector(intel, AlertCatalogue.builtIn()));
        }
        Engine engine = builder.build();

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

        AlertAggregator aggregator;
        try {
            if (maxAlerts < 1) {
                throw new IllegalArgumentException("--max-alerts: must be at least 1, got " + maxAlerts);
            }
            aggregator = new AlertAggregator(ageMillis("--group-window", groupWindow),
                    dev.vigil.store.AlertStore.EVIDENCE_KEPT, maxAlerts);
            for (java.util.Map.Entry<String, String> t : throttle.entrySet()) {
                if (AlertCatalogue.builtIn().find(t.getKey()).isEmpty()) {
                    throw new IllegalArgumentException("--throttle: unknown alert type '" + t.getKey() + "'");
                }
                aggregator.window(t.getKey(), ageMillis("--throttle " + t.getKey(), t.getValue()));
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        TableOutput table = new TableOutput(out, Terminals.width(), Terminals.colour());
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
                aggregator.add(d);
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

        ScanSummary summary;
        try {
            summary = engine.scan(sources, listener);
        } catch (OutputClosed e) {
            return Main.EXIT_OK; // the reader of our output went away (| head): not an error
        } finally {
            progress.close();
        }

        List<Alert> alerts = aggregator.alerts();
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
            if (aggregator.folded() > 0) {
                err.println(TerminalText.sanitize(String.format(Locale.ROOT,
                        "vigil: more than %,d alerts were open at once: %,d folded into storm alerts (%s); "
                                + "raise --max-alerts to keep more whole", maxAlerts, aggregator.folded(),
                        aggregator.foldedByType().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
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
        if (named || java.nio.file.Files.exists(db)) {
            return false;
        }
        java.nio.file.Path dir = db.toAbsolutePath().getParent();
        return dir != null && !java.nio.file.Files.isWritable(dir);
    }

    private static long ageMillis(String option, String value) {
        java.time.Duration d = Since.age(value);
        if (d == null || d.isZero()) {
            throw new IllegalArgumentException(option + ": expected an age such as 30m, 1h, 1d or 2w, got '" + value + "'");
        }
        return d.toMillis();
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
