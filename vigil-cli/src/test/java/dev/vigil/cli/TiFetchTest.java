package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.store.AlertStore;
import dev.vigil.store.SqliteAlertStore;
import dev.vigil.ti.match.ThreatIntel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil ti load URL}, {@code ti refresh}, {@code ti list} and a watch's refresh, against a
 * feed server on 127.0.0.1 whose answer each test sets.
 */
class TiFetchTest {
    private static final String LOG =
            "198.51.100.7 - - [28/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\"\n"
            + "192.0.2.44 - - [28/Nov/2026:10:00:01 +0000] \"GET / HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\"\n";

    @TempDir
    Path dir;

    @RegisterExtension
    final StdStreams std = new StdStreams();

    HttpServer server;
    /** What the server answers: status, ETag, body. */
    volatile String[] answer = {"200", "\"v1\"", "# test feed\n198.51.100.7\n203.0.113.0/24\n"};
    final List<String> conditional = new CopyOnWriteArrayList<>();
    String db;

    @BeforeEach
    void start() throws IOException {
        System.setProperty("vigil.feedCache", dir.resolve("cache").toString());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/feeds/bad.txt", ex -> {
            String[] a = answer;
            String inm = ex.getRequestHeaders().getFirst("If-None-Match");
            conditional.add(String.valueOf(inm));
            if (inm != null && inm.equals(a[1])) {
                ex.sendResponseHeaders(304, -1);
                ex.close();
                return;
            }
            byte[] b = a[2].getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("ETag", a[1]);
            ex.sendResponseHeaders(Integer.parseInt(a[0]), b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        db = dir.resolve("v.db").toString();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        System.clearProperty("vigil.feedCache");
        System.clearProperty("vigil.feedCheckMillis");
        FeedRefresher.clock = System::currentTimeMillis;
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/feeds/bad.txt";
    }

    private int run(String... args) {
        std.reset();
        return Main.run(args);
    }

    private Path log() throws IOException {
        Path log = dir.resolve("access.log");
        Files.writeString(log, LOG);
        return log;
    }

    @Test
    void loadListScanRefreshAndKeepTheCopyWhenARefreshFails() throws Exception {
        assertThat(run("ti", "load", "--db", db, "--refresh", "1h", url())).isZero();
        assertThat(std.err()).contains(url()).contains("2 indicators");
        assertThat(run("ti", "list", "--db", db)).isZero();
        assertThat(std.out()).contains(url()).contains("2 indicators").contains("refresh every 1h")
                .contains("fetched: 2 indicators");

        assertThat(run("scan", "--db", db, "--format", "ndjson", log().toString())).isZero();
        assertThat(std.out()).contains("\"alertType\":\"ThreatIntelClientIp\"").contains("198.51.100.7")
                .doesNotContain("192.0.2.44");

        // unchanged: the server is asked with the ETag and answers 304
        assertThat(run("ti", "refresh", "--db", db)).isZero();
        assertThat(conditional).containsExactly("null", "\"v1\"");
        assertThat(run("ti", "list", "--db", db)).isZero();
        assertThat(std.out()).contains("2 indicators").contains(": not modified");

        // the server now serves an access log: refused like a file, the old copy stays in use
        answer = new String[] {"200", "\"v2\"", LOG.repeat(20)};
        assertThat(run("ti", "refresh", "--db", db, url())).isEqualTo(Main.EXIT_FAILED);
        assertThat(std.err()).contains("refused").contains("keeping the copy");
        assertThat(run("ti", "list", "--db", db)).isZero();
        assertThat(std.out()).contains("2 indicators").contains(": refused:");

        // down: the failure is kept with the feed, the copy too
        answer = new String[] {"503", "\"v3\"", "busy"};
        assertThat(run("ti", "refresh", "--db", db)).isEqualTo(Main.EXIT_FAILED);
        assertThat(run("ti", "list", "--db", db)).isZero();
        assertThat(std.out()).contains(": failed: HTTP 503");
        assertThat(run("scan", "--db", db, "--format", "ndjson", log().toString())).isZero();
        assertThat(std.out()).contains("ThreatIntelClientIp");

        // changed: the new list replaces the old one
        answer = new String[] {"200", "\"v4\"", "192.0.2.44\n"};
        assertThat(run("ti", "refresh", "--db", db)).isZero();
        assertThat(run("ti", "list", "--db", db)).isZero();
        assertThat(std.out()).contains("1 indicators").contains("fetched: 1 indicators");
        assertThat(run("scan", "--no-db", "--format", "ndjson", log().toString())).isZero(); // no db: no feeds
        assertThat(std.out()).doesNotContain("ThreatIntelClientIp");

        // a copy lost (another machine, a cleaned cache) is fetched again by the next scan
        Path copy = FeedRefresher.copyFor(url());
        assertThat(copy).exists();
        Files.delete(copy);
        assertThat(run("scan", "--db", db, "--format", "ndjson", log().toString())).isZero();
        assertThat(std.out()).contains("192.0.2.44").contains("ThreatIntelClientIp");

        assertThat(run("ti", "remove", "--db", db, url())).isZero();
        assertThat(copy).doesNotExist();
        assertThat(run("ti", "list", "--db", db)).isZero();
        assertThat(std.out()).contains("No feeds registered");
    }

    @Test
    void aUrlThatIsNotAFeedOrUnreachableIsNotRegistered() throws Exception {
        answer = new String[] {"200", "\"x\"", LOG.repeat(20)};
        assertThat(run("ti", "load", "--db", db, url())).isEqualTo(Main.EXIT_FAILED);
        assertThat(std.err()).contains(url()).contains("refused");
        answer = new String[] {"404", "\"x\"", "no"};
        assertThat(run("ti", "load", "--db", db, url())).isEqualTo(Main.EXIT_FAILED);
        assertThat(std.err()).contains("failed: HTTP 404");
        assertThat(run("ti", "load", "--db", db, "ftp://127.0.0.1/x")).isEqualTo(Main.EXIT_USAGE);
        assertThat(run("ti", "list", "--db", db)).isZero();
        assertThat(std.out()).contains("No feeds registered");

        assertThat(run("ti", "load", "--db", db, "--refresh", "1m", url())).isEqualTo(Main.EXIT_USAGE);
        assertThat(std.err()).contains("--refresh '1m'");
        Path file = dir.resolve("list.txt");
        Files.writeString(file, "198.51.100.7\n");
        assertThat(run("ti", "load", "--db", db, "--refresh", "1h", file.toString())).isEqualTo(Main.EXIT_USAGE);
        assertThat(run("ti", "refresh", "--db", db, url())).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void aWatchSwitchesToTheRefreshedFeedWhenItsIntervalPasses() throws Exception {
        assertThat(run("ti", "load", "--db", db, "--refresh", "1h", url())).isZero();
        Path copy = FeedRefresher.copyFor(url());
        AtomicReference<ThreatIntel> live = new AtomicReference<>(
                ThreatIntelFeeds.load(List.of(copy), System.err, true).intel());
        DetectionOptions.Built built = new DetectionOptions.Built(null, null, List.of(copy), live, dev.vigil.enrich.AlertEnricher.NONE);
        assertThat(live.get().matchIp("192.0.2.44")).isEmpty();

        answer = new String[] {"200", "\"v2\"", "192.0.2.44\n"};
        System.setProperty("vigil.feedCheckMillis", "50");
        long start = System.currentTimeMillis();
        FeedRefresher.clock = () -> start + 30 * 60_000L; // half an hour later: not due yet
        try (AlertStore s = SqliteAlertStore.open(Path.of(db));
             AutoCloseable refresher = FeedRefresher.whileWatching(s, built, System.err, true)) {
            Thread.sleep(400);
            assertThat(live.get().matchIp("192.0.2.44")).isEmpty();
            FeedRefresher.clock = () -> start + 61 * 60_000L; // past the hour
            long deadline = System.currentTimeMillis() + 10_000;
            while (live.get().matchIp("192.0.2.44").isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(live.get().matchIp("192.0.2.44")).isNotEmpty();
            assertThat(live.get().matchIp("198.51.100.7")).isEmpty();
        }
    }

    @Test
    void keysInAUrlAreNeverShownAndEnvNamesAUrlWithoutStoringIt() throws Exception {
        String keyed = url() + "?key=s3cr3t-token";
        assertThat(run("ti", "load", "--db", db, keyed)).isZero();
        assertThat(std.err()).doesNotContain("s3cr3t").contains("key=***");
        assertThat(run("ti", "list", "--db", db)).isZero();
        assertThat(std.out()).contains("/feeds/bad.txt?key=***").doesNotContain("s3cr3t");
        assertThat(run("ti", "remove", "--db", db, keyed)).isZero();

        String unset = "VIGIL_TEST_FEED_URL_" + ProcessHandle.current().pid();
        assertThat(run("ti", "load", "--db", db, "env:" + unset)).isEqualTo(Main.EXIT_USAGE);
        assertThat(std.err()).contains("env:" + unset).contains("is not set");
    }
}
