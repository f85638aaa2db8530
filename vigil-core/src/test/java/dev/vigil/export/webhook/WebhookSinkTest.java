package dev.vigil.export.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookSinkTest {
    HttpServer server;
    final AtomicInteger failuresLeft = new AtomicInteger();
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final List<String> contentTypes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            int status;
            if (failuresLeft.getAndDecrement() > 0) {
                status = 503;
            } else {
                bodies.add(new String(body, StandardCharsets.UTF_8));
                contentTypes.add(ex.getRequestHeaders().getFirst("Content-Type"));
                status = 202;
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.createContext("/gone", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(410, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void retriesWithBackoffUntilDelivered() throws Exception {
        failuresLeft.set(2);
        WebhookSink sink = new WebhookSink(url("/hook"), 4, Duration.ofMillis(20), Duration.ofSeconds(5));
        long t0 = System.nanoTime();
        WebhookSink.Result r = sink.deliver("{\"alertType\":\"x\",\"v\":\"é\"}");
        assertThat(r.delivered()).isTrue();
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(Duration.ofMillis(60).toNanos()); // 20 + 40
        assertThat(bodies).containsExactly("{\"alertType\":\"x\",\"v\":\"é\"}");
        assertThat(contentTypes.get(0)).startsWith("application/json");
    }

    @Test
    void reportsFailureAfterTheLastAttempt() throws Exception {
        failuresLeft.set(100);
        WebhookSink sink = new WebhookSink(url("/hook"), 3, Duration.ofMillis(1), Duration.ofSeconds(5));
        WebhookSink.Result r = sink.deliver("{}");
        assertThat(r.delivered()).isFalse();
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(r.error()).isEqualTo("HTTP 503");
    }

    @Test
    void doesNotRetryARefusal() throws Exception {
        WebhookSink sink = new WebhookSink(url("/gone"), 5, Duration.ofMillis(1), Duration.ofSeconds(5));
        WebhookSink.Result r = sink.deliver("{}");
        assertThat(r.delivered()).isFalse();
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.status()).isEqualTo(410);
    }

    @Test
    void connectionRefusedIsAFailureNotAnException() throws Exception {
        int port = server.getAddress().getPort();
        server.stop(0);
        WebhookSink sink = new WebhookSink(URI.create("http://127.0.0.1:" + port + "/hook"), 2, Duration.ofMillis(1),
                Duration.ofSeconds(2));
        WebhookSink.Result r = sink.deliver("{}");
        assertThat(r.delivered()).isFalse();
        assertThat(r.error()).isNotBlank();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0); // for stop()
    }

    @Test
    void onlyHttpUrls() {
        assertThatThrownBy(() -> WebhookSink.of("file:///etc/passwd")).hasMessageContaining("file:///etc/passwd");
        assertThatThrownBy(() -> WebhookSink.of("not a url")).hasMessageContaining("not a url");
    }
}
