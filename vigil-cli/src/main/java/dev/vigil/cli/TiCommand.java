package dev.vigil.cli;

import dev.vigil.text.TerminalText;
import dev.vigil.store.AlertStore;
import dev.vigil.ti.fetch.FeedFetcher;
import dev.vigil.ti.load.LoadResult;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil ti}: threat-intel feeds. {@code load} checks feed files, or fetches feeds from http(s)
 * URLs, and registers them in the database, so every later {@code vigil scan} with that database
 * matches against them (a file is read fresh each scan, so updating it needs no reload; a fetched
 * feed is read from its local copy, which {@code refresh} or a watch's refresh interval renews).
 */
@Command(name = "ti", mixinStandardHelpOptions = true,
        description = {"Threat-intel feeds: plain IP/CIDR/domain/URL lists, CSV with a header, STIX 2.1 bundles "
                + "and MISP event JSON (gzip too), from files or http(s) URLs. Registered feeds are used by every "
                + "scan with the same --db; 'vigil scan --ti FILE' uses a feed for one scan."},
        subcommands = {TiCommand.Load.class, TiCommand.Refresh.class, TiCommand.ListFeeds.class, TiCommand.Remove.class})
final class TiCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The shortest --refresh interval: feeds are lists that change hourly at most, and servers rate-limit. */
    static final Duration MIN_REFRESH = Duration.ofMinutes(5);

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = {"Check feed files, or fetch feeds from http(s) URLs, and register them for later scans.",
                "A feed that is not a feed (an access log, text) is refused, as is one over the limits: by default "
                        + "as many entries as 40% of the heap holds (at most 5 million) and 256 MiB once "
                        + "decompressed (32 MiB for STIX and MISP JSON); set them with "
                        + "JAVA_OPTS='-Dvigil.ti.maxEntries=N -Dvigil.ti.maxBytes=N'. Entries that match "
                        + "everything (0.0.0.0/0, networks broader than /8 or /16 for IPv6, single-label domains) "
                        + "are rejected one by one.",
                "A URL is fetched over HTTP/1.1 (10 s to connect, 30 s for an answer, 5 min for the whole feed) "
                        + "into a local copy (-Dvigil.feedCache=DIR, default ~/.cache/vigil/feeds); "
                        + "'vigil ti refresh' fetches it again only if it changed (ETag, Last-Modified). "
                        + "A URL with a key in it: give env:NAME, the variable that holds it, so the key is "
                        + "never stored; URLs are shown with keys and query values masked."},
            sortOptions = false)
    static final class Load implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Option(names = "--refresh", paramLabel = "INTERVAL",
                description = "For URLs: how often a running watch (or serve --watch) fetches the feed again, "
                        + "such as 1h or 1d (at least 5m). Without it the feed is refreshed by 'vigil ti refresh'.")
        String refresh;

        @Parameters(arity = "1..*", paramLabel = "FILE|URL", description = "Feed files, http(s) URLs, or env:NAME for a URL kept in an environment variable.")
        List<String> sources;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            long every = refresh == null ? 0 : interval(spec.commandLine(), refresh).toMillis();
            if (every > 0 && sources.stream().noneMatch(FeedRefresher::isReference)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--refresh applies to feeds fetched from "
                        + "a URL; a feed file is read afresh by every scan");
            }
            PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
            int rc = Main.EXIT_OK;
            try (AlertStore s = store.open()) {
                FeedFetcher fetcher = null;
                for (String src : sources) {
                    if (FeedRefresher.isReference(src)) {
                        try {
                            FeedFetcher.parse(FeedRefresher.resolve(src));
                        } catch (FeedFetcher.FetchException e) {
                            err.println("vigil: " + TerminalText.sanitize(FeedRefresher.display(src), 300) + ": " + e.getMessage());
                            rc = Main.EXIT_USAGE;
                            continue;
                        }
                        if (fetcher == null) {
                            fetcher = FeedRefresher.fetcher();
                        }
                        AlertStore.Feed previous = s.feeds().stream().filter(f -> src.equals(f.url())).findFirst().orElse(null);
                        // a load fetches afresh: the copy is replaced even when the server would say 304
                        AlertStore.Feed fresh = previous == null ? null : new AlertStore.Feed(previous.path(), previous.name(),
                                previous.format(), previous.indicators(), previous.loadedMillis(), previous.url(), null, null,
                                previous.refreshMillis(), previous.refreshedMillis(), previous.outcome());
                        long keep = refresh == null && previous != null ? previous.refreshMillis() : every;
                        FeedRefresher.Outcome o = FeedRefresher.fetch(s, fetcher, src, fresh, keep, err, false);
                        if (!o.ok()) {
                            rc = Main.EXIT_FAILED;
                        }
                        continue;
                    }
                    Path f = Path.of(src);
                    if (!Files.isReadable(f)) {
                        err.println("vigil: " + TerminalText.sanitize(src, 300) + ": cannot read feed file");
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

    static Duration interval(CommandLine cmd, String value) {
        Duration d = Since.age(value);
        if (d == null || d.compareTo(MIN_REFRESH) < 0) {
            throw new CommandLine.ParameterException(cmd, "--refresh '" + value + "': expected an interval of at least 5m, "
                    + "such as 30m, 6h or 1d");
        }
        return d;
    }

    @Command(name = "refresh", mixinStandardHelpOptions = true,
            description = {"Fetch registered URL feeds again: all of them, or those given. An unchanged feed "
                    + "(304 Not Modified) is kept as it is; a download that is refused, or a failed fetch, keeps the "
                    + "previous copy in use. Each attempt's time and outcome is shown by 'vigil ti list'.",
                "Exit status 3 when any feed could not be refreshed."})
    static final class Refresh implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(arity = "0..*", paramLabel = "URL", description = "Registered feed URLs (default: every fetched feed).")
        List<String> urls = new ArrayList<>();

        @Override
        public Integer call() {
            PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
            int rc = Main.EXIT_OK;
            try (AlertStore s = store.open()) {
                List<AlertStore.Feed> fetched = s.feeds().stream().filter(AlertStore.Feed::fetched).toList();
                for (String u : urls) {
                    if (fetched.stream().noneMatch(f -> f.url().equals(u))) {
                        err.println("vigil: no feed registered from " + TerminalText.sanitize(FeedRefresher.display(u), 300)
                                + " ('vigil ti load URL' registers one)");
                        rc = Main.EXIT_USAGE;
                    }
                }
                if (fetched.isEmpty() && urls.isEmpty()) {
                    err.println("vigil: no feeds fetched from a URL are registered ('vigil ti load URL')");
                    return Main.EXIT_OK;
                }
                FeedFetcher fetcher = FeedRefresher.fetcher();
                for (AlertStore.Feed f : fetched) {
                    if (!urls.isEmpty() && !urls.contains(f.url())) {
                        continue;
                    }
                    FeedRefresher.Outcome o = FeedRefresher.fetch(s, fetcher, f.url(), f, f.refreshMillis(), err, false);
                    if (!o.ok() && rc == Main.EXIT_OK) {
                        rc = Main.EXIT_FAILED;
                    }
                }
            }
            return rc;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Registered feeds; for one fetched from a URL also its refresh interval and the time and "
                    + "outcome of its last refresh.")
    static final class ListFeeds implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            PrintStream out = AlertsCommand.out();
            try (AlertStore s = store.open()) {
                List<AlertStore.Feed> feeds = s.feeds();
                if (feeds.isEmpty()) {
                    out.println("No feeds registered (vigil ti load FILE|URL).");
                }
                for (AlertStore.Feed f : feeds) {
                    out.printf("%-10s %9d indicators  loaded %s  %s%n", f.format(), f.indicators(),
                            AlertsCommand.time(f.loadedMillis()),
                            TerminalText.sanitize(f.fetched() ? FeedRefresher.display(f.url()) : f.path(), 300));
                    if (f.fetched()) {
                        out.printf("           refresh %s; last refresh %s: %s%n",
                                f.refreshMillis() > 0 ? "every " + every(f.refreshMillis()) : "by hand ('vigil ti refresh')",
                                f.refreshedMillis() > 0 ? AlertsCommand.time(f.refreshedMillis()) + " UTC" : "never",
                                TerminalText.sanitize(f.outcome() == null ? "-" : f.outcome(), 300));
                    }
                }
                out.flush();
            }
            return Main.EXIT_OK;
        }

        private static String every(long ms) {
            Duration d = Duration.ofMillis(ms);
            if (d.toDays() > 0 && d.toHours() % 24 == 0) {
                return d.toDays() + "d";
            }
            if (d.toHours() > 0 && d.toMinutes() % 60 == 0) {
                return d.toHours() + "h";
            }
            return d.toMinutes() + "m";
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Unregister a feed (its local copy too, for a URL).")
    static final class Remove implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(paramLabel = "FILE|URL", description = "The feed file or URL as registered.")
        String feed;

        @Override
        public Integer call() {
            try (AlertStore s = store.open()) {
                String key = FeedRefresher.isReference(feed) ? feed : Path.of(feed).toAbsolutePath().normalize().toString();
                AlertStore.Feed reg = s.feeds().stream().filter(f -> key.equals(f.url()) || key.equals(f.path()))
                        .findFirst().orElse(null);
                if (reg == null || !s.removeFeed(key)) {
                    System.err.println("vigil: no registered feed " + TerminalText.sanitize(FeedRefresher.display(feed), 300));
                    return Main.EXIT_USAGE;
                }
                if (reg.fetched()) {
                    try {
                        Files.deleteIfExists(Path.of(reg.path()));
                    } catch (java.io.IOException e) {
                        System.err.println("vigil: warning: cannot delete the local copy " + TerminalText.sanitize(reg.path(), 300)
                                + ": " + TerminalText.sanitize(String.valueOf(e.getMessage()), 200));
                    }
                }
            }
            return Main.EXIT_OK;
        }
    }
}
