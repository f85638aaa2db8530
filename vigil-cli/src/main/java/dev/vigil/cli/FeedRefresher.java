package dev.vigil.cli;

import dev.vigil.store.AlertStore;
import dev.vigil.text.TerminalText;
import dev.vigil.ti.fetch.FeedFetcher;
import dev.vigil.ti.load.LoadOptions;
import dev.vigil.ti.load.LoadResult;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.LongSupplier;

/**
 * Fetches and refreshes threat-intel feeds registered by URL. A fetched feed lives as a local copy
 * (in the feed cache folder) that scans read like any feed file; a refresh asks the server with the
 * copy's validators, keeps the copy on 304, and replaces it only with a download the loaders
 * accept: a download that is not a feed, or over a limit, is refused exactly as a file would be and
 * the old copy stays in use. Every attempt's time and outcome is stored with the feed.
 *
 * <p>The cache folder is {@code -Dvigil.feedCache=DIR}, else {@code $XDG_CACHE_HOME/vigil/feeds},
 * else {@code ~/.cache/vigil/feeds}. Stateless; thread-safe as long as two refreshes of one feed do
 * not run at once (the callers refresh one feed at a time).
 */
final class FeedRefresher {
    private FeedRefresher() {}

    /** Clock for refresh times; tests replace it. */
    static LongSupplier clock = System::currentTimeMillis;

    /** The outcome of one fetch: the feed as now registered (null when nothing is), and whether its copy changed. */
    record Outcome(AlertStore.Feed feed, boolean changed, boolean ok, String message) {}

    static Path cacheDir() {
        String p = System.getProperty("vigil.feedCache");
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("vigil").resolve("feeds");
    }

    /**
     * The local copy of a URL's feed: in a folder named by a hash of the URL (so two feeds never
     * share a file), under the URL's last path segment (so the loaders see its extension, .csv,
     * .json, .gz, and indicators are attributed to a feed name a person recognises).
     */
    static Path copyFor(String url) {
        return copyFor(url, url);
    }

    /** The copy for the feed registered as {@code ref} (a URL or env:NAME) that is fetched from {@code real}. */
    static Path copyFor(String ref, String real) {
        String url = ref;
        String name = nameOf(real).replaceAll("[^A-Za-z0-9._-]", "_");
        if (name.startsWith(".")) {
            name = "_" + name;
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return cacheDir().resolve(HexFormat.of().formatHex(h, 0, 8)).resolve(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The URL a feed reference names: the URL itself, or for {@code env:NAME} the URL in that
     * environment variable (so a URL with an API key in it is never written to the database).
     *
     * @throws FeedFetcher.FetchException when the variable is not set
     */
    static String resolve(String ref) throws FeedFetcher.FetchException {
        if (ref.startsWith("env:")) {
            String v = System.getenv(ref.substring(4));
            if (v == null || v.isBlank()) {
                throw new FeedFetcher.FetchException("the environment variable " + ref.substring(4) + " is not set");
            }
            return v.strip();
        }
        return ref;
    }

    /** Whether {@code s} names a feed to fetch: an http(s) URL or {@code env:NAME}. */
    static boolean isReference(String s) {
        return FeedFetcher.isUrl(s) || (s.startsWith("env:") && s.length() > 4);
    }

    /** A feed reference as shown to people and in messages: {@code env:NAME} as is, a URL with its secrets masked. */
    static String display(String ref) {
        return ref.startsWith("env:") ? ref : dev.vigil.export.webhook.WebhookTarget.redact(ref);
    }

    static String nameOf(String url) {
        String path = URI.create(url).getPath();
        String last = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        if (last.isEmpty()) {
            last = URI.create(url).getHost() + ".txt";
        }
        return last.length() > 100 ? last.substring(last.length() - 100) : last;
    }

    static FeedFetcher fetcher() {
        return new FeedFetcher(FeedFetcher.Options.defaults(LoadOptions.at(Instant.now()).maxBytes()));
    }

    /** Whether a registered fetched feed is due: its copy is missing, or its interval has passed since the last attempt. */
    static boolean due(AlertStore.Feed f, long now) {
        if (!f.fetched()) {
            return false;
        }
        if (!Files.isReadable(Path.of(f.path()))) {
            return true;
        }
        return f.refreshMillis() > 0 && now - f.refreshedMillis() >= f.refreshMillis();
    }

    /**
     * Fetches {@code url} (conditionally when {@code previous} has a copy) and registers the result.
     *
     * @param previous      the feed as registered, or null for a first load
     * @param refreshMillis the interval to keep with the feed (0: by hand only)
     */
    static Outcome fetch(AlertStore store, FeedFetcher fetcher, String url, AlertStore.Feed previous, long refreshMillis,
                         PrintStream err, boolean quiet) {
        String shown = TerminalText.sanitize(display(url), 300);
        String real;
        try {
            real = resolve(url);
            FeedFetcher.parse(real);
        } catch (FeedFetcher.FetchException e) {
            return failed(store, previous, refreshMillis, clock.getAsLong(), err, shown, e.getMessage());
        }
        Path copy = previous != null ? Path.of(previous.path()) : copyFor(url, real);
        boolean haveCopy = previous != null && Files.isReadable(copy);
        long now = clock.getAsLong();
        Path tmp = copy.resolveSibling(copy.getFileName() + ".part");
        try {
            Files.createDirectories(copy.getParent());
        } catch (IOException e) {
            return failed(store, previous, refreshMillis, now, err, shown,
                    "cannot create the feed cache folder " + copy.getParent() + " (" + e.getMessage() + ")");
        }
        FeedFetcher.Result r;
        try {
            r = fetcher.fetch(real, haveCopy ? previous.etag() : null, haveCopy ? previous.lastModified() : null, tmp);
        } catch (FeedFetcher.FetchException e) {
            return failed(store, previous, refreshMillis, now, err, shown, e.getMessage());
        }
        if (r.notModified()) {
            AlertStore.Feed f = with(previous, refreshMillis, now, "not modified");
            store.registerFeed(f);
            if (!quiet) {
                err.println("vigil: " + shown + ": not modified since " + AlertsCommand.time(previous.loadedMillis())
                        + " UTC; keeping " + previous.indicators() + " indicators");
            }
            return new Outcome(f, false, true, "not modified");
        }
        // the download is judged as a file would be, under the name the loaders expect
        Path judged = copy.getParent().resolve("new").resolve(copy.getFileName());
        try {
            Files.createDirectories(judged.getParent());
            Files.move(tmp, judged, StandardCopyOption.REPLACE_EXISTING);
            LoadResult check = ThreatIntelFeeds.check(judged);
            ThreatIntelFeeds.report(check, err, quiet, judged.toString(), display(url));
            if (check.isRefused()) {
                Files.deleteIfExists(judged);
                if (previous != null) { // the refusal itself was reported above
                    err.println("vigil: " + shown + ": keeping the copy of " + AlertsCommand.time(previous.loadedMillis())
                            + " UTC (" + previous.indicators() + " indicators)");
                }
                return failed(store, previous, refreshMillis, now, null, shown, "refused: " + check.refused());
            }
            Files.move(judged, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            AlertStore.Feed f = new AlertStore.Feed(copy.toString(), nameOf(real), check.format(), check.count(), now, url,
                    r.etag(), r.lastModified(), refreshMillis, now, "fetched: " + check.count() + " indicators");
            store.registerFeed(f);
            return new Outcome(f, true, true, f.outcome());
        } catch (IOException e) {
            try {
                Files.deleteIfExists(judged);
            } catch (IOException ignored) {
                // left for the next fetch to overwrite
            }
            return failed(store, previous, refreshMillis, now, err, shown, "cannot keep the download: " + e.getMessage());
        }
    }

    private static Outcome failed(AlertStore store, AlertStore.Feed previous, long refreshMillis, long now, PrintStream err,
                                  String shown, String why) {
        String outcome = why.startsWith("refused") ? why : "failed: " + why;
        if (err != null) {
            err.println("vigil: " + shown + ": " + TerminalText.sanitize(outcome, 400)
                    + (previous != null ? "; keeping the copy of " + AlertsCommand.time(previous.loadedMillis()) + " UTC" : ""));
        }
        if (previous == null) {
            return new Outcome(null, false, false, outcome); // nothing to keep: not registered
        }
        AlertStore.Feed f = with(previous, refreshMillis, now, outcome);
        store.registerFeed(f);
        return new Outcome(f, false, false, outcome);
    }

    private static AlertStore.Feed with(AlertStore.Feed p, long refreshMillis, long now, String outcome) {
        return new AlertStore.Feed(p.path(), p.name(), p.format(), p.indicators(), p.loadedMillis(), p.url(), p.etag(),
                p.lastModified(), refreshMillis, now, outcome.length() > 500 ? outcome.substring(0, 500) : outcome);
    }

    /**
     * Refreshes, while a watch runs, the fetched feeds registered with an interval: a daemon thread
     * looks for due feeds every minute (or the shortest interval, if shorter; tests set
     * {@code -Dvigil.feedCheckMillis}), refreshes them and, when a copy changed, reads every feed
     * file of the watch again into a new snapshot that the detector switches to at once. A failed
     * refresh keeps the snapshot in use. Closing stops the thread.
     */
    static AutoCloseable whileWatching(AlertStore store, DetectionOptions.Built built, PrintStream err, boolean quiet) {
        long shortest = store.feeds().stream().filter(f -> f.fetched() && f.refreshMillis() > 0)
                .mapToLong(AlertStore.Feed::refreshMillis).min().orElse(0);
        if (shortest == 0 || built.liveIntel().get() == null) {
            return () -> { };
        }
        long every = Long.getLong("vigil.feedCheckMillis", Math.min(60_000L, shortest));
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-feed-refresh");
            t.setDaemon(true);
            return t;
        });
        FeedFetcher fetcher = fetcher();
        timer.scheduleWithFixedDelay(() -> {
            try {
                boolean changed = false;
                long now = clock.getAsLong();
                for (AlertStore.Feed f : store.feeds()) {
                    if (f.refreshMillis() > 0 && due(f, now) && built.feedFiles().contains(Path.of(f.path()))) {
                        changed |= fetch(store, fetcher, f.url(), f, f.refreshMillis(), err, quiet).changed();
                    }
                }
                if (changed) {
                    ThreatIntelFeeds.Loaded reloaded = ThreatIntelFeeds.load(built.feedFiles(), err, quiet);
                    if (reloaded.intel() != null) {
                        built.liveIntel().set(reloaded.intel());
                    }
                }
            } catch (RuntimeException e) {
                // a store or loader failure must not end the refreshes, nor the watch
                err.println("vigil: warning: feed refresh failed: " + TerminalText.sanitize(String.valueOf(e.getMessage()), 300));
            }
        }, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
        return timer::shutdownNow;
    }
}
