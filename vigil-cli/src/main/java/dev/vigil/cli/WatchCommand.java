package dev.vigil.cli;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertAggregator;
import dev.vigil.alert.suppress.Suppressor;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.Severity;
import dev.vigil.export.JsonOutput;
import dev.vigil.export.sink.Delivery;
import dev.vigil.export.sink.DeliveryLoop;
import dev.vigil.export.sink.MemoryOutbox;
import dev.vigil.export.sink.Outlet;
import dev.vigil.export.sink.SinkSpec;
import dev.vigil.pipeline.WatchConfig;
import dev.vigil.pipeline.Watcher;
import dev.vigil.store.AlertStore;
import dev.vigil.store.SqliteAlertStore;
import dev.vigil.tail.FileFollower;
import dev.vigil.text.TerminalText;
import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil watch}: follows log files as they grow and raises alerts as lines arrive. Offsets,
 * detector state and alerts are committed to the database together, so a watch that is killed
 * resumes where its last commit stopped and stores no alert twice (see docs/watch.md).
 */
@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Follow log files as they grow (like tail -F) and print each alert as it is raised or grows.",
            "",
            "PATH is a file, a folder (its files, and files created in it later) or a glob in the last "
                    + "part of the path (/var/log/nginx/access.log*). Rotated files are followed by identity "
                    + "(device, inode and a fingerprint of the first bytes): rename-and-create, copytruncate and "
                    + "compressed rotations lose no line and read none twice. Existing content is read first.",
            "",
            "File positions, detector state and alerts are committed to the database together every "
                    + "--commit-every; a watch that is stopped or killed resumes at its last commit. Stop it "
                    + "with Ctrl-C or SIGTERM: it commits what it read and exits within seconds.",
            "",
            "'-' reads standard input until it closes (no position is kept: a restart does not resume it).",
            "",
            "Sinks (--sink, or 'sinks:' in the config) get each alert as it is raised or grows: the updates "
                    + "for each are queued in the database's outbox in the same transaction as the commit and "
                    + "delivered by a loop per sink, retried with backoff while the sink is down.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  vigil watch /var/log/nginx/access.log",
            "  vigil watch --resource shop --format ndjson '/var/log/nginx/*.log' >> alerts.ndjson",
            "  vigil watch --input auditd /var/log/audit/audit.log",
            "  vigil watch --sink ndjson:/var/log/vigil/alerts.ndjson --sink syslog+tls://siem.example:6514 /var/log/nginx/access.log",
            "  journalctl -f -o cat -u app | vigil watch --no-db -",
            "  vigil watch --config /etc/vigil/watch.yaml",
            "  vigil watch --check-config /etc/vigil/watch.yaml",
            "",
            "Exit codes: 0 stopped cleanly, 2 usage error, 3 the database could not be opened or its saved "
                    + "state read."
        })
final class WatchCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Log files, folders or globs to follow "
            + "(or name them in --config).")
    List<String> paths = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE",
            description = "A YAML file that names the sources (path or glob, format, resource each), the database, "
                    + "rules, feeds and options, for a long-running service (see docs/watch.md). Options given "
                    + "on the command line as well are refused.")
    Path config;

    @Option(names = "--check-config", paramLabel = "FILE",
            description = "Check a config file (sources, formats, rules, feeds, options) and exit: 0 when it can "
                    + "run, 2 with the file, line and reason when not.")
    Path checkConfig;

    /** Set by {@code vigil serve --watch}: the watch stores into the server's database, whatever the config says. */
    Path serveDb;

    /** The config this run was made from, with each option's line; null on a plain command line. */
    private WatchConfig fromConfig;
    private final Map<String, Integer> optionLines = new java.util.HashMap<>();

    @CommandLine.Mixin
    DetectionOptions detection = new DetectionOptions();

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "How alerts are printed: table (one readable line each) or ndjson (one JSON object "
                    + "each, the Defender alert schema). Default: table on a terminal, ndjson otherwise.")
    String format;

    @Option(names = "--sink", paramLabel = "SINK",
            description = "Send alerts as they happen to SINK (repeatable): stdout, ndjson:PATH, "
                    + "syslog+tls://HOST:PORT (or syslog+tcp://, syslog:// for UDP; CEF in RFC 5424), "
                    + "webhook:URL (the Defender JSON alert) or slack:URL (a Slack message); a URL may be "
                    + "env:NAME. Default: stdout only; naming sinks replaces it unless stdout is named too.")
    List<String> sinkArgs = new ArrayList<>();

    /** The config's sinks, with their lines; empty on a plain command line. */
    private List<WatchConfig.SinkEntry> configSinks = List.of();

    /** How long the sinks may go on delivering after the last commit of a stop, before what is left waits in the outbox. */
    static final Duration SINK_GRACE = Duration.ofSeconds(2);

    @Option(names = "--min-severity", paramLabel = "SEVERITY", defaultValue = "informational",
            description = "Print only alerts at or above this severity (all are stored; default: ${DEFAULT-VALUE}).")
    String minSeverity;

    @Option(names = "--db", paramLabel = "PATH", defaultValue = "${sys:vigil.db:-" + SqliteAlertStore.DEFAULT_FILE + "}",
            description = "The database for alerts and the watch's saved state (default: ${DEFAULT-VALUE}).")
    Path db;

    @Option(names = "--no-db",
            description = "Keep nothing: no alert is stored and a restart reads every file from the start again.")
    boolean noDb;

    @Option(names = "--name", paramLabel = "NAME",
            description = "The name the watch's state is saved under (default: made from the paths), so several "
                    + "watches can share one database.")
    String name;

    @Option(names = "--commit-every", paramLabel = "AGE", defaultValue = "1s",
            description = "How often positions, state and alerts are committed (default: ${DEFAULT-VALUE}).")
    String commitEvery;

    @Option(names = "--idle-timeout", paramLabel = "AGE", defaultValue = "30s",
            description = "When no line arrived for this long, time windows move on with the clock, so the "
                    + "alert of a burst comes out even when the log goes quiet (default: ${DEFAULT-VALUE}).")
    String idleTimeout;

    @Option(names = "--poll", paramLabel = "AGE", defaultValue = "200ms",
            description = "How long to wait before looking again when nothing was new (default: ${DEFAULT-VALUE}).")
    String poll;

    @Option(names = {"-q", "--quiet"}, description = "No notes on standard error; only alerts and errors.")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** How long a stop (SIGTERM, Ctrl-C) may take to commit before the process exits anyway. */
    static final Duration STOP_GRACE = Duration.ofSeconds(5);

    /** Counted down when the watch has committed and said its last word: the stop hook waits for it. */
    private final CountDownLatch done = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        Path file = checkConfig != null ? checkConfig : config;
        if (file != null && fromConfig == null) {
            return fromConfigFile(file, checkConfig != null);
        }
        if (paths.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "name the files to watch, or --config FILE");
        }
        try {
            return watch(checkConfig != null);
        } catch (CommandLine.ParameterException e) {
            if (fromConfig == null) {
                throw e;
            }
            // a value from the config file: point at its line
            String m = e.getMessage();
            int line = 0;
            for (Map.Entry<String, Integer> o : optionLines.entrySet()) {
                if (m.startsWith(o.getKey() + " ") || m.startsWith(o.getKey() + ":") || m.startsWith(o.getKey() + "=")) {
                    line = o.getValue();
                }
            }
            throw new CommandLine.ParameterException(spec.commandLine(), fromConfig.file() + (line > 0 ? ":" + line : "")
                    + ": " + m.replaceFirst("^--", ""));
        }
    }

    /**
     * Runs (or with {@code check} only checks) the watch a config file describes: its values become
     * the options they name and go through the same checks, errors pointing at their line.
     */
    private Integer fromConfigFile(Path file, boolean check) throws Exception {
        CommandLine cmd = spec.commandLine();
        if (!paths.isEmpty() || cmd.getParseResult().matchedOptions().size() > 1) {
            throw new CommandLine.ParameterException(cmd, "--config and --check-config take every setting from the "
                    + "file; give no other options or paths");
        }
        WatchConfig c;
        try {
            c = WatchConfig.read(file);
        } catch (WatchConfig.ConfigException e) {
            throw new CommandLine.ParameterException(cmd, e.getMessage());
        }
        WatchCommand run = new WatchCommand();
        run.fromConfig = c;
        run.serveDb = serveDb;
        run.configSinks = c.sinks();
        List<String> args = new ArrayList<>();
        c.options().forEach((k, v) -> {
            run.optionLines.put("--" + k, v.line());
            if (v.value().equals("true") || v.value().equals("false")) {
                if (v.value().equals("true")) {
                    args.add("--" + k);
                }
            } else {
                args.add("--" + k + "=" + v.value());
            }
        });
        for (WatchConfig.Located r : c.rules()) {
            run.optionLines.put("--rules", r.line());
            args.add("--rules=" + r.value());
        }
        for (WatchConfig.Located t : c.ti()) {
            run.optionLines.put("--ti", t.line());
            args.add("--ti=" + t.value());
        }
        c.throttle().forEach((type, age) -> {
            run.optionLines.put("--throttle", age.line());
            args.add("--throttle=" + type + "=" + age.value());
        });
        if (serveDb != null) {
            if (c.database() != null && (c.database().value().equalsIgnoreCase("none")
                    || !Path.of(c.database().value()).toAbsolutePath().normalize().equals(serveDb.toAbsolutePath().normalize()))) {
                throw new CommandLine.ParameterException(cmd, file + ":" + c.database().line() + ": vigil serve --watch "
                        + "stores into the server's database (" + serveDb + "); leave 'database:' out or name that one");
            }
            args.add("--db=" + serveDb);
        } else if (c.database() != null) {
            if (c.database().value().equalsIgnoreCase("none")) {
                args.add("--no-db");
            } else {
                run.optionLines.put("--db", c.database().line());
                args.add("--db=" + c.database().value());
            }
        }
        if (c.name() != null) {
            args.add("--name=" + c.name().value());
        }
        if (check) {
            args.add("--check-config=" + file);
        }
        for (WatchConfig.SourceSpec s : c.sources()) {
            args.add(s.path().value());
        }
        CommandLine sub = new CommandLine(run);
        try {
            sub.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            String m = e.getMessage();
            int line = run.optionLines.entrySet().stream().filter(o -> m.contains(o.getKey()))
                    .mapToInt(Map.Entry::getValue).findFirst().orElse(0);
            throw new CommandLine.ParameterException(cmd, file + (line > 0 ? ":" + line : "") + ": " + m);
        }
        run.spec = sub.getCommandSpec();
        try {
            return run.call();
        } catch (CommandLine.ParameterException e) {
            throw new CommandLine.ParameterException(cmd, e.getMessage());
        }
    }

    /** Each config source's format and resource, for the files its path or glob matches. */
    private Watcher.SourceOptions sourceOptions(Path p, String defaultResource) {
        if (fromConfig == null) {
            return Watcher.SourceOptions.DEFAULT;
        }
        for (WatchConfig.SourceSpec s : fromConfig.sources()) {
            Path spec = Path.of(s.path().value()).toAbsolutePath().normalize();
            boolean matches = p.equals(spec) || p.startsWith(spec)
                    || (spec.getParent() != null && p.getParent() != null && p.getParent().equals(spec.getParent())
                    && spec.getFileSystem().getPathMatcher("glob:" + spec.getFileName()).matches(p.getFileName()));
            if (matches) {
                dev.vigil.ingest.LineFormat f = s.format() == null ? null
                        : dev.vigil.ingest.formats.Formats.forName(s.format().value()).orElse(null);
                return new Watcher.SourceOptions(f, s.resource() != null ? s.resource().value() : defaultResource);
            }
        }
        return Watcher.SourceOptions.DEFAULT;
    }

    private Integer watch(boolean check) throws Exception {
        CommandLine cmd = spec.commandLine();
        Severity min;
        try {
            min = Severity.parse(minSeverity);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, "--min-severity: " + e.getMessage());
        }
        String outFormat = format == null ? (Terminals.stdoutIsTerminal() ? "table" : "ndjson")
                : format.toLowerCase(Locale.ROOT);
        if (!outFormat.equals("table") && !outFormat.equals("ndjson")) {
            throw new CommandLine.ParameterException(cmd, "--format: expected table or ndjson, got '" + format + "'");
        }
        Watcher.Options options = new Watcher.Options(duration(cmd, "--poll", poll),
                duration(cmd, "--commit-every", commitEvery), duration(cmd, "--idle-timeout", idleTimeout),
                Duration.ofMillis(Math.max(2 * 3_600_000L, 2 * detection.longestWindowMillis(cmd))));
        boolean stdin = paths.contains("-");
        if (stdin && paths.size() > 1) {
            throw new CommandLine.ParameterException(cmd, "'-' (standard input) is watched alone; give files in another watch");
        }
        List<Path> watched = new ArrayList<>();
        for (String p : paths) {
            if (!p.equals("-")) {
                watched.add(Path.of(p).toAbsolutePath().normalize());
            }
        }
        String stateName = name != null ? name : "watch:" + String.join("|", watched.stream().map(Path::toString).sorted().toList());
        List<SinkSpec> specs = sinkSpecs(cmd, min);
        boolean toStdout = specs.isEmpty() || specs.stream().anyMatch(x -> x.type() == SinkSpec.Type.STDOUT);
        List<Outlet> outlets = outlets(cmd, specs);

        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
        AlertStore store = null;
        if (check && !noDb) {
            Path dir = db.toAbsolutePath().getParent();
            if (dir == null || !java.nio.file.Files.isDirectory(dir) || !java.nio.file.Files.isWritable(dir)) {
                throw new CommandLine.ParameterException(cmd, "--db " + db + ": its folder does not exist or cannot be written");
            }
        } else if (!noDb) {
            try {
                store = SqliteAlertStore.open(db);
            } catch (RuntimeException | LinkageError e) {
                err.println(TerminalText.sanitize("vigil: error: cannot open the database (use --no-db to watch "
                        + "without one): " + e.getMessage(), 1000));
                return Main.EXIT_FAILED;
            }
        }
        try {
            List<Path> registered = store == null ? List.of() : AlertStoring.registeredFeeds(db.toString(), err, !check);
            DetectionOptions.Built built = detection.engine(cmd, err, quiet, registered);
            AlertAggregator aggregator = detection.aggregator(cmd);
            FileFollower follower = new FileFollower(watched,
                    new FileFollower.Options(detection.maxLineLength(), Math.max(4 << 20, detection.maxLineLength() + 1),
                            options.idleAdvance(), Duration.ofMinutes(5), 4096),
                    p -> err.println("vigil: " + TerminalText.sanitize(p.toString(), 600)), System::currentTimeMillis);
            if (fromConfig != null) {
                for (WatchConfig.SourceSpec src : fromConfig.sources()) {
                    if (src.format() != null) {
                        try {
                            if (dev.vigil.ingest.formats.Formats.forName(src.format().value()).isEmpty()) {
                                throw new IllegalArgumentException("'auto' cannot be a source's format here; leave it out");
                            }
                        } catch (IllegalArgumentException e) {
                            throw new CommandLine.ParameterException(cmd, fromConfig.file() + ":" + src.format().line()
                                    + ": " + e.getMessage());
                        }
                    }
                }
            }
            for (Outlet o : outlets) {
                if (o.spec().ca() != null) {
                    try {
                        Delivery.trusting(o.spec().ca());
                    } catch (java.io.IOException e) {
                        throw new CommandLine.ParameterException(cmd, sinkWhere(o.spec()) + o.spec().shown() + ": "
                                + e.getMessage());
                    }
                }
            }
            if (check) {
                out.flush();
                err.println(TerminalText.sanitize((fromConfig != null ? fromConfig.file() + ": " : "") + "ok: "
                        + watched.size() + (watched.size() == 1 ? " source, " : " sources, ")
                        + built.engine().detectors().size() + " detectors"
                        + (noDb ? ", not stored" : ", alerts and state in " + db)
                        + (outlets.isEmpty() ? "" : ", sinks: " + String.join(", ",
                                outlets.stream().map(Outlet::destination).toList())), 1000));
                return Main.EXIT_OK;
            }
            Printer printer = toStdout ? new Printer(out, outFormat.equals("ndjson"), min, Terminals.colour()) : null;
            MemoryOutbox memoryOutbox = store == null && !outlets.isEmpty() ? new MemoryOutbox() : null;
            List<DeliveryLoop> loops = new ArrayList<>();
            Sink sink = new Sink(store, stdin ? null : stateName, printer, err, quiet, outlets, memoryOutbox,
                    () -> loops.forEach(DeliveryLoop::wake)).enrichedBy(built.enricher());
            dev.vigil.tail.StreamFollower stream = stdin ? new dev.vigil.tail.StreamFollower(System.in, Path.of("-"),
                    detection.maxLineLength(), p -> err.println("vigil: " + TerminalText.sanitize(p.toString(), 600)))
                    : null;
            Watcher watcher = new Watcher(built.engine(), aggregator, stdin ? stream : follower, sink,
                    m -> err.println("vigil: " + TerminalText.sanitize(m, 600)),
                    AlertCatalogue.builtIn()::find, System::currentTimeMillis, options);
            String defaultResource = detection.resource();
            watcher.perSource(p -> sourceOptions(p, defaultResource));
            try {
                if (watcher.restore() && !quiet) {
                    err.println("vigil: resuming watch '" + TerminalText.sanitize(stateName, 300) + "' from its last commit");
                }
            } catch (java.io.IOException e) {
                err.println(TerminalText.sanitize("vigil: error: the saved state of watch '" + stateName + "' cannot be "
                        + "read (" + e.getMessage() + "); give another --name to start afresh", 1000));
                return Main.EXIT_FAILED;
            }
            for (Outlet o : outlets) {
                Delivery d;
                try {
                    d = Delivery.of(o, System::getenv, Duration.ofSeconds(10));
                } catch (java.io.IOException | IllegalArgumentException e) {
                    err.println(TerminalText.sanitize("vigil: error: sink " + o.destination() + ": " + e.getMessage(), 1000));
                    return Main.EXIT_FAILED;
                }
                DeliveryLoop.Queue q = store != null ? storeQueue(store, o) : memoryOutbox.queue(o);
                loops.add(new DeliveryLoop(o, q, d, m -> err.println("vigil: " + TerminalText.sanitize(m, 600)),
                        DeliveryLoop.Options.defaults()).start());
            }
            if (!quiet) {
                err.println(TerminalText.sanitize("vigil: watching " + (stdin ? "standard input" : String.join(", ", paths))
                        + (store == null ? " (not stored: --no-db)" : stdin ? " (alerts in " + db + ")"
                                : " (alerts and state in " + db + ")")
                        + (outlets.isEmpty() ? "" : "; sending to " + String.join(", ",
                                outlets.stream().map(Outlet::destination).toList()))
                        + (stdin ? "; until it closes" : "; Ctrl-C stops"), 1000));
            }
            // fetched feeds with a --refresh interval are fetched again while the watch runs
            try (AutoCloseable feeds = store == null ? () -> { } : FeedRefresher.whileWatching(store, built, err, quiet)) {
                run(watcher, stream == null ? () -> false : stream::finished);
            }
            out.flush();
            stopSinks(loops, store, memoryOutbox, err);
            if (!quiet) {
                err.printf(Locale.ROOT, "vigil: stopped after %,d lines, %,d events, %,d alert updates%s%n",
                        watcher.live().lines(), watcher.live().events(), watcher.committedAlerts(),
                        watcher.failedCommits() > 0 ? ", " + watcher.failedCommits() + " failed commits" : "");
            }
            watcher.live().failures().forEach((id, n) -> err.println(TerminalText.sanitize(String.format(Locale.ROOT,
                    "vigil: detector %s failed on %,d events, which lost its verdict (a bug in Vigil: please report it)",
                    id, n))));
            return Main.EXIT_OK;
        } finally {
            if (store != null) {
                store.close();
            }
            done.countDown();
        }
    }

    /**
     * Runs the watch on this thread until SIGTERM or Ctrl-C: the shutdown hook asks it to stop and
     * waits for its last commit, at most {@link #STOP_GRACE}.
     */
    private void run(Watcher watcher, java.util.function.BooleanSupplier finished) throws InterruptedException {
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                done.await(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "vigil-watch-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            watcher.run(() -> stop.get() || finished.getAsBoolean());
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already: the hook is running and waits for done
            }
        }
    }

    /**
     * The sinks of the command line (at or above --min-severity), then of the config (each with its
     * own min-severity); the form checked, errors pointing at the option or line.
     */
    private List<SinkSpec> sinkSpecs(CommandLine cmd, Severity min) {
        List<SinkSpec> out = new ArrayList<>();
        for (String a : sinkArgs) {
            try {
                out.add(SinkSpec.parse(a, min, null, System::getenv)); // --min-severity holds for them too
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cmd, "--sink: " + e.getMessage());
            }
        }
        for (WatchConfig.SinkEntry e : configSinks) {
            out.add(e.spec());
        }
        return out;
    }

    private String sinkWhere(SinkSpec s) {
        for (WatchConfig.SinkEntry e : configSinks) {
            if (e.spec() == s) {
                return fromConfig.file() + ":" + e.line() + ": ";
            }
        }
        return "--sink ";
    }

    /** The outlets of the sinks other than standard output, each destination once. */
    private List<Outlet> outlets(CommandLine cmd, List<SinkSpec> specs) {
        Map<String, Outlet> out = new LinkedHashMap<>();
        for (SinkSpec s : specs) {
            if (s.type() == SinkSpec.Type.STDOUT) {
                continue;
            }
            try {
                Outlet o = Outlet.of(s, System::getenv);
                out.putIfAbsent(o.sink() + "\u0000" + o.destKey(), o);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cmd, sinkWhere(s) + e.getMessage());
            }
        }
        return List.copyOf(out.values());
    }

    /** A destination's rows in the store's outbox, for its delivery loop. */
    static DeliveryLoop.Queue storeQueue(AlertStore store, Outlet o) {
        return new DeliveryLoop.Queue() {
            @Override
            public List<DeliveryLoop.Pending> next(int limit) {
                return store.outbox(o.sink(), o.destKey(), limit).stream()
                        .map(e -> new DeliveryLoop.Pending(e.id(), e.payload())).toList();
            }

            @Override
            public void delivered(List<String> ids) {
                store.outboxDelivered(ids);
            }

            @Override
            public void failed(String id, String error) {
                store.outboxResult(id, false, error);
            }
        };
    }

    /**
     * Lets the sinks deliver what the last commit queued, for at most {@link #SINK_GRACE}, then
     * says what waits: in the outbox for the next start, or (without a database) lost.
     */
    private void stopSinks(List<DeliveryLoop> loops, AlertStore store, MemoryOutbox memory, PrintStream err)
            throws InterruptedException {
        for (DeliveryLoop l : loops) {
            l.wake();
        }
        long end = System.nanoTime() + SINK_GRACE.toNanos();
        for (DeliveryLoop l : loops) {
            l.stop(Duration.ofNanos(Math.max(1_000_000, end - System.nanoTime())));
        }
        for (DeliveryLoop l : loops) {
            Outlet o = l.outlet();
            int left = store != null ? store.outboxDestinations(o.sink()).stream()
                    .filter(d -> d.destKey().equals(o.destKey())).mapToInt(dev.vigil.store.OutboxDestination::pending).sum()
                    : memory.pending(o);
            if (left > 0) {
                err.println(TerminalText.sanitize("vigil: sink " + o.destination() + ": " + left
                        + (left == 1 ? " update" : " updates") + " not delivered"
                        + (store != null ? " (last error: " + l.lastError() + "); kept in the outbox for the next start"
                                : "; lost (no database: --no-db)"), 1000));
            } else if (!quiet && l.delivered() > 0) {
                err.println(TerminalText.sanitize("vigil: sink " + o.destination() + ": " + l.delivered() + " delivered", 1000));
            }
        }
    }

    private static Duration duration(CommandLine cmd, String option, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                long ms = Long.parseLong(v.substring(0, v.length() - 2));
                if (ms < 0) {
                    throw new NumberFormatException();
                }
                return Duration.ofMillis(ms);
            }
            Duration d = Since.age(v);
            if (d != null) {
                return d;
            }
        } catch (NumberFormatException e) {
            // fall through to the usage error
        }
        throw new CommandLine.ParameterException(cmd, option + ": expected a duration such as 200ms, 1s, 30s or 5m, got '"
                + value + "'");
    }

    /** Prints alerts as they are raised or grow. Not thread-safe (the watch thread). */
    static final class Printer {
        private final PrintStream out;
        private final boolean ndjson;
        private final Severity min;
        private final boolean colour;
        /** Alerts printed before, so a grown one says so; bounded (the oldest forgotten first). */
        private final Map<String, Long> seen = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> e) {
                return size() > 100_000;
            }
        };

        Printer(PrintStream out, boolean ndjson, Severity min, boolean colour) {
            this.out = out;
            this.ndjson = ndjson;
            this.min = min;
            this.colour = colour;
        }

        void print(Alert a) {
            if (!a.severity().atLeast(min)) {
                return;
            }
            Long before = seen.put(a.id(), a.count());
            if (before != null && before == a.count()) {
                return; // handed over again (after a restart) without growing: nothing new to say
            }
            if (ndjson) {
                out.println(JsonOutput.line(JsonOutput.alert(a)));
            } else {
                String sev = a.severity().toString();
                if (colour) {
                    sev = switch (a.severity()) {
                        case HIGH -> "\u001b[31m" + sev + "\u001b[0m";
                        case MEDIUM -> "\u001b[33m" + sev + "\u001b[0m";
                        default -> sev;
                    };
                }
                String entity = a.entities().getOrDefault("ip", a.entities().getOrDefault("host", ""));
                out.println(TerminalText.sanitize(String.format(Locale.ROOT, "%s  %-6s %s  %s %s  %d detection%s  %s",
                        a.lastSeen() == dev.vigil.event.Event.NO_TIME ? "-" : Instant.ofEpochMilli(a.lastSeen()).toString(),
                        before == null ? "new" : "grew", sev, a.type().name(), entity, a.count(),
                        a.count() == 1 ? "" : "s", a.id().substring(0, 12)), 2000));
            }
            out.flush();
        }
    }

    /**
     * Commits to the store (or keeps the state in memory with --no-db), queueing each sink's
     * updates in the same transaction, wakes the sinks' delivery loops and prints what was
     * committed. A null {@code name} keeps no state (standard input).
     */
    static final class Sink implements Watcher.Sink {
        private final AlertStore store;
        private final String name;
        private final Printer printer;
        private final PrintStream err;
        private final boolean quiet;
        private final List<Outlet> outlets;
        private final MemoryOutbox memoryOutbox;
        private final Runnable committed;
        private byte[] memory;
        private dev.vigil.enrich.AlertEnricher enricher = dev.vigil.enrich.AlertEnricher.NONE;

        Sink(AlertStore store, String name, Printer printer, PrintStream err, boolean quiet) {
            this(store, name, printer, err, quiet, List.of(), null, () -> {});
        }

        Sink(AlertStore store, String name, Printer printer, PrintStream err, boolean quiet, List<Outlet> outlets,
             MemoryOutbox memoryOutbox, Runnable committed) {
            this.store = store;
            this.name = name;
            this.printer = printer;
            this.err = err;
            this.quiet = quiet;
            this.outlets = outlets;
            this.memoryOutbox = memoryOutbox;
            this.committed = committed;
        }

        /** Enriches (GeoIP, crawler verification) the alerts of each commit before they are stored and shown. */
        Sink enrichedBy(dev.vigil.enrich.AlertEnricher e) {
            this.enricher = e;
            return this;
        }

        @Override
        public void commit(List<Alert> changed, byte[] state) {
            changed = enricher.enrichAll(changed);
            Suppressor suppressor = null;
            if (store != null) {
                suppressor = new Suppressor(store.rules(), System.currentTimeMillis());
                AlertStore.UpsertResult r = store.upsert(changed, suppressor, "vigil-watch", name, name == null ? null : state,
                        outlets);
                if (r.suppressed() > 0 && !quiet) {
                    err.println("vigil: " + r.suppressed() + " alerts dismissed by suppression rules");
                }
            } else {
                memory = state;
                if (memoryOutbox != null) {
                    memoryOutbox.add(changed, outlets, Instant.now());
                }
            }
            committed.run();
            if (printer == null) {
                return;
            }
            for (Alert a : changed) {
                if (suppressor == null || suppressor.match(a).isEmpty()) {
                    printer.print(a);
                }
            }
        }

        @Override
        public Optional<byte[]> state() {
            if (name == null) {
                return Optional.empty();
            }
            return store != null ? store.state(name) : Optional.ofNullable(memory);
        }

        @Override
        public Optional<Alert> committed(String id) {
            return store == null ? Optional.empty() : store.find(id).map(dev.vigil.store.StoredAlert::alert);
        }
    }
}
