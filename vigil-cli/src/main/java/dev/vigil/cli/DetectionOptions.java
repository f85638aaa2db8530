package dev.vigil.cli;

import dev.vigil.alert.AlertAggregator;
import dev.vigil.analyze.process.WebWorkers;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.engine.Engine;
import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.formats.Formats;
import dev.vigil.text.TerminalText;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options that say what to detect and how to group it, shared by {@code scan} and
 * {@code watch}: input format, resource, rules, threat intel, web workers, line limit, threads,
 * grouping windows. {@link #engine} and {@link #aggregator} turn them into the core's parts; a
 * wrong value is a usage error naming the option.
 *
 * <p>A picocli mixin: one instance per command invocation.
 */
final class DetectionOptions {
    @Option(names = "--input", paramLabel = "FORMAT", defaultValue = "auto",
            description = "Input format: auto (default: recognised per file), combined, common, "
                    + "nginx:'<log_format>' (any nginx log_format string), w3c (IIS), appservice-json "
                    + "(Azure App Service HTTP logs), process-json (Vigil's process events), auditd, sysmon, "
                    + "falco, tetragon (their JSON process events); container logs: docker-json[:FORMAT], "
                    + "cri[:FORMAT] (the lines inside sniffed, or in FORMAT); "
                    + "DNS query logs: bind-query, dnsmasq, dns-json; FTP logins: vsftpd, iis-ftp.")
    String input;

    @Option(names = "--max-line-length", paramLabel = "BYTES", defaultValue = "65536",
            description = "Lines longer than this are counted as rejected and skipped (default: ${DEFAULT-VALUE}). "
                    + "Capped to what the heap can hold with the worker threads; the cap is said when it applies.")
    int maxLineLength;

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

    @CommandLine.Mixin
    EnrichmentOptions enrichment = new EnrichmentOptions();

    @Option(names = "--threads", paramLabel = "N",
            description = "Worker threads that parse and detect (default: the number of cores).")
    Integer threads;

    /** The heap the line limit must fit in; tests set a small one instead of writing lines of gigabytes. */
    static java.util.function.LongSupplier heapBytes = () -> Runtime.getRuntime().maxMemory();

    /**
     * What {@link #engine} built, and what it loaded on the way: the feed files read, and the
     * snapshot the threat-intel detector matches against (a watch swaps it when its fetched feeds
     * are refreshed; empty when no feed was given).
     */
    record Built(Engine engine, ThreatIntelFeeds.Loaded intel, List<java.nio.file.Path> feedFiles,
                 java.util.concurrent.atomic.AtomicReference<dev.vigil.ti.match.ThreatIntel> liveIntel,
                 dev.vigil.enrich.AlertEnricher enricher) {}

    /** The --input format, or null for auto. */
    LineFormat lineFormat(CommandLine cmd) {
        try {
            return Formats.forName(input).orElse(null);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, e.getMessage());
        }
    }

    /** Checks what can be checked before any work: the format and the feed files. */
    void validate(CommandLine cmd) {
        lineFormat(cmd);
        for (java.nio.file.Path f : tiFiles) {
            if (!java.nio.file.Files.isReadable(f)) {
                throw new CommandLine.ParameterException(cmd, "--ti " + f + ": cannot read feed file");
            }
        }
    }

    /**
     * The engine for these options: built-in detectors (unless --no-builtin-rules), the --rules
     * folders, threat intel from --ti and the database's registered feeds, the line limit (capped
     * to what the heap holds, said on {@code err}) and threads.
     *
     * @param registeredFeeds feed files registered in the database (may be empty)
     */
    Built engine(CommandLine cmd, PrintStream err, boolean quiet, List<java.nio.file.Path> registeredFeeds) {
        validate(cmd);
        // enrichment files are checked before any input is read: a wrong --geoip is a usage error
        dev.vigil.enrich.AlertEnricher enricher = enrichment.enricher(cmd);
        Engine.Builder builder = Engine.builder()
                .format(lineFormat(cmd))
                .resource(resource);
        if (!noBuiltinRules) {
            builder.defaultDetectors(AlertCatalogue.builtIn(), preview, webWorkers(cmd));
        } else if (ruleFolders.isEmpty()) {
            throw new CommandLine.ParameterException(cmd, "--no-builtin-rules needs --rules DIR");
        }
        ScanRules.Loaded extraRules;
        try {
            extraRules = ScanRules.load(ruleFolders, minLevel, sigmaDeprecated, preview, webWorkers(cmd));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, e.getMessage());
        }
        builder.detectors(extraRules.detectors());
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
            throw new CommandLine.ParameterException(cmd, e.getMessage());
        }
        if (!quiet) {
            extraRules.notes().forEach(n -> err.println("vigil: rules " + TerminalText.sanitize(n, 400)));
        }
        List<java.nio.file.Path> feeds = new java.util.ArrayList<>(tiFiles);
        feeds.addAll(registeredFeeds);
        ThreatIntelFeeds.Loaded loaded = ThreatIntelFeeds.load(feeds, err, quiet);
        java.util.concurrent.atomic.AtomicReference<dev.vigil.ti.match.ThreatIntel> live =
                new java.util.concurrent.atomic.AtomicReference<>(loaded.intel());
        if (loaded.intel() != null) {
            builder.detector(new dev.vigil.detect.intel.ThreatIntelDetector(live::get, AlertCatalogue.builtIn()));
        }
        builder.detectors(enrichment.detectors());
        return new Built(builder.build(), loaded, List.copyOf(feeds), live, enricher);
    }

    /** The --resource name, or null. */
    String resource() {
        return resource;
    }

    /** The line limit as given (before any cap). */
    int maxLineLength() {
        return maxLineLength;
    }

    /** The grouping of detections into alerts: --group-window, --throttle, --max-alerts. */
    AlertAggregator aggregator(CommandLine cmd) {
        try {
            if (maxAlerts < 1) {
                throw new IllegalArgumentException("--max-alerts: must be at least 1, got " + maxAlerts);
            }
            AlertAggregator aggregator = new AlertAggregator(ageMillis("--group-window", groupWindow),
                    dev.vigil.store.AlertStore.EVIDENCE_KEPT, maxAlerts);
            for (java.util.Map.Entry<String, String> t : throttle.entrySet()) {
                if (AlertCatalogue.builtIn().find(t.getKey()).isEmpty()) {
                    throw new IllegalArgumentException("--throttle: unknown alert type '" + t.getKey() + "'");
                }
                aggregator.window(t.getKey(), ageMillis("--throttle " + t.getKey(), t.getValue()));
            }
            return aggregator;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, e.getMessage());
        }
    }

    int maxAlerts() {
        return maxAlerts;
    }

    /** The longest --group-window or --throttle window, in milliseconds. */
    long longestWindowMillis(CommandLine cmd) {
        try {
            long max = ageMillis("--group-window", groupWindow);
            for (java.util.Map.Entry<String, String> t : throttle.entrySet()) {
                max = Math.max(max, ageMillis("--throttle " + t.getKey(), t.getValue()));
            }
            return max;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, e.getMessage());
        }
    }

    static long ageMillis(String option, String value) {
        java.time.Duration d = Since.age(value);
        if (d == null || d.isZero()) {
            throw new IllegalArgumentException(option + ": expected an age such as 30m, 1h, 1d or 2w, got '" + value + "'");
        }
        return d.toMillis();
    }

    /** The --web-workers list: the defaults, replaced or (with a leading +) extended. */
    private WebWorkers webWorkers(CommandLine cmd) {
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
            throw new CommandLine.ParameterException(cmd, "--web-workers: no entries in '" + webWorkers + "'");
        }
        try {
            return WebWorkers.of(entries);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, "--web-workers: " + e.getMessage());
        }
    }
}
