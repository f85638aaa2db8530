package dev.vigil.ti.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetches against a server on 127.0.0.1: conditional requests, errors, limits, deadlines, HTTP/1.1. */
class FeedFetcherTest {
    @TempDir
    Path dir;

    HttpServer server;
    final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/feed.txt", ex -> {
            seen.add(ex.getRequestHeaders().getFirst("If-None-Match") + "|" + ex.getRequestHeaders().getFirst("Upgrade")
                    + "|" + ex.getProtocol());
            if ("\"v1\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                ex.sendResponseHeaders(304, -1);
                ex.close();
                return;
            }
            ex.getResponseHeaders().add("ETag", "\"v1\"");
            ex.getResponseHeaders().add("Last-Modified", "Tue, 01 Dec 2026 10:00:00 GMT");
            send(ex, 200, "198.51.100.7\n203.0.113.0/24\n");
        });
        server.createContext("/down", ex -> send(ex, 503, "busy"));
        server.createContext("/big", ex -> send(ex, 200, "x".repeat(5000)));
        server.createContext("/slow", ex -> {
            ex.sendResponseHeaders(200, 0);
            OutputStream o = ex.getResponseBody();
            try {
                for (int i = 0; i < 50; i++) {
                    o.write("198.51.100.1\n".getBytes(StandardCharsets.US_ASCII));
                    o.flush();
                    Thread.sleep(100);
                }
            } catch (InterruptedException | IOException e) {
                // the client went away, as it should
            }
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private FeedFetcher fetcher(long maxBytes, Duration bodyDeadline) {
        return new FeedFetcher(new FeedFetcher.Options(Duration.ofSeconds(5), Duration.ofSeconds(5), bodyDeadline, maxBytes));
    }

    @Test
    void fetchesThenAnUnchangedFeedAnswers304AndKeepsTheCopy() throws Exception {
        FeedFetcher f = fetcher(1 << 20, Duration.ofSeconds(30));
        Path copy = dir.resolve("feed.txt");
        FeedFetcher.Result first = f.fetch(url("/feed.txt"), null, null, copy);
        assertThat(first.notModified()).isFalse();
        assertThat(first.etag()).isEqualTo("\"v1\"");
        assertThat(first.lastModified()).isEqualTo("Tue, 01 Dec 2026 10:00:00 GMT");
        assertThat(Files.readString(copy)).isEqualTo("198.51.100.7\n203.0.113.0/24\n");

        Path other = dir.resolve("again.txt");
        FeedFetcher.Result second = f.fetch(url("/feed.txt"), first.etag(), first.lastModified(), other);
        assertThat(second.notModified()).isTrue();
        assertThat(second.etag()).isEqualTo("\"v1\"");
        assertThat(other).doesNotExist();
        // validators sent back; HTTP/1.1 without an h2c upgrade offer
        assertThat(seen).containsExactly("null|null|HTTP/1.1", "\"v1\"|null|HTTP/1.1");
    }

    @Test
    void errorsLimitsAndDeadlinesLeaveNoFile() {
        Path t = dir.resolve("t");
        FeedFetcher f = fetcher(1000, Duration.ofMillis(800));
        assertThatThrownBy(() -> f.fetch(url("/down"), null, null, t)).hasMessage("HTTP 503");
        assertThatThrownBy(() -> f.fetch(url("/big"), null, null, t)).hasMessage("larger than 1000 bytes");
        assertThat(t).doesNotExist();
        FeedFetcher patient = fetcher(1 << 20, Duration.ofMillis(800));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> patient.fetch(url("/slow"), null, null, t)).hasMessage("not complete within 800 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4)); // the server would take 5 s
        assertThat(t).doesNotExist();
    }

    @Test
    void onlyHttpUrlsAndRefusedConnectionsAreWorded() throws Exception {
        FeedFetcher f = fetcher(1000, Duration.ofSeconds(5));
        assertThatThrownBy(() -> f.fetch("file:///etc/passwd", null, null, dir.resolve("x"))).hasMessage("not an http or https URL");
        assertThatThrownBy(() -> f.fetch("http:///nohost", null, null, dir.resolve("x"))).hasMessage("the URL has no host");
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThatThrownBy(() -> f.fetch("http://127.0.0.1:" + port + "/x", null, null, dir.resolve("x")))
                .hasMessageStartingWith("cannot fetch: connection refused");
        assertThat(FeedFetcher.isUrl("HTTPS://x/y")).isTrue();
        assertThat(FeedFetcher.isUrl("/tmp/feed.txt")).isFalse();
    }
}
