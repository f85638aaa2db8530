package dev.vigil.cli;

import dev.vigil.text.TerminalText;
import dev.vigil.store.AlertStore;
import dev.vigil.ti.load.LoadResult;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil ti}: threat-intel feeds. {@code load} checks feed files and registers them in the
 * database, so every later {@code vigil scan} with that database matches against them (read
 * fresh each scan, so updating a feed file needs no reload).
 */
@Command(name = "ti", mixinStandardHelpOptions = true,
        description = {"Threat-intel feeds: plain IP/CIDR/domain/URL lists, CSV with a header, STIX 2.1 bundles "
                + "and MISP event JSON (gzip too). Registered feeds are used by every scan with the same --db; "
                + "'vigil scan --ti FILE' uses a feed for one scan."},
        subcommands = {TiCommand.Load.class, TiCommand.ListFeeds.class, TiCommand.Remove.class})
final class TiCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = {"Check feed files and register them for later scans.",
                "A file that is not a feed (an access log, text) is refused, as is one over the limits: by default "
                        + "as many entries as 40% of the heap holds (at most 5 million) and 256 MiB once "
                        + "decompressed (32 MiB for STIX and MISP JSON); set them with "
                        + "JAVA_OPTS='-Dvigil.ti.maxEntries=N -Dvigil.ti.maxBytes=N'. Entries that match "
                        + "everything (0.0.0.0/0, networks broader than /8 or /16 for IPv6, single-label domains) "
                        + "are rejected one by one."})
    static final class Load implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Feed files.")
        List<Path> files;

        @Override
        public Integer call() {
            PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
            int rc = Main.EXIT_OK;
            try (AlertStore s = store.open()) {
                for (Path f : files) {
                    if (!Files.isReadable(f)) {
                        err.println("vigil: " + TerminalText.sanitize(f.toString(), 300) + ": cannot read feed file");
                        rc = Main.EXIT_USAGE;
                        continue;
                    }
                    LoadResult r = ThreatIntelFeeds.check(f);
                    ThreatIntelFeeds.report(r, err, false);
                    if (r.isRefused()) {
                        rc = Main.EXIT_FAILED; // not registered: every later scan would read it again
                        continue;
                    }
                    Path abs = f.toAbsolutePath().normalize();
                    s.registerFeed(new AlertStore.Feed(abs.toString(), abs.getFileName().toString(), r.format(),
                            r.count(), System.currentTimeMillis()));
                }
            }
            return rc;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Registered feeds.")
    static final class ListFeeds implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            PrintStream out = AlertsCommand.out();
            try (AlertStore s = store.open()) {
                List<AlertStore.Feed> feeds = s.feeds();
                if (feeds.isEmpty()) {
                    out.println("No feeds registered (vigil ti load FILE).");
                }
                for (AlertStore.Feed f : feeds) {
                    out.printf("%-10s %9d indicators  loaded %s  %s%n", f.format(), f.indicators(),
                            AlertsCommand.time(f.loadedMillis()), TerminalText.sanitize(f.path(), 300));
                }
                out.flush();
            }
            return Main.EXIT_OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Unregister a feed.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(paramLabel = "FILE", description = "The feed file as registered.")
        Path file;

        @Override
        public Integer call() {
            try (AlertStore s = store.open()) {
                boolean removed = s.removeFeed(file.toAbsolutePath().normalize().toString());
                if (!removed) {
                    System.err.println("vigil: no registered feed " + TerminalText.sanitize(file.toString(), 300));
                    return Main.EXIT_USAGE;
                }
            }
            return Main.EXIT_OK;
        }
    }
}
