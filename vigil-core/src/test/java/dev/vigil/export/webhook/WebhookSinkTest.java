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
    final List<String> upgrades = new CopyOnWriteArrayList<>();
    final List<String> protocols = new CopyOnWriteArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final AtomicInteger silentRequests = new AtomicInteger();
    final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

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
                upgrades.add(String.valueOf(ex.getRequestHeaders().getFirst("Upgrade")));
                protocols.add(ex.getProtocol());
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
        server.createContext("/slow", ex -> {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            ex.getRequestBody().readAllBytes();
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.createContext("/silent", ex -> {
            // reads the request and never answers, like an endpoint behind a black-holing firewall
            silentRequests.incrementAndGet();
            ex.getRequestBody().readAllBytes();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
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

    @Test
    void speaksHttp11WithoutOfferingAnUpgrade() throws Exception {
        WebhookSink sink = new WebhookSink(url("/hook"), 1, Duration.ofMillis(1), Duration.ofSeconds(5));
        assertThat(sink.deliver("{}").delivered()).isTrue();
        assertThat(protocols).containsExactly("HTTP/1.1");
        assertThat(upgrades).containsExactly("null");
    }

    @Test
    void aSilentEndpointCostsOneDeliverysRetriesNotOnePerAlert() throws Exception {
        WebhookSink sink = new WebhookSink(WebhookTarget.parse(url("/silent").toString()),
                new WebhookSink.Options(2, Duration.ofMillis(1), Duration.ofMillis(300), 2, 1));
        List<String> docs = java.util.Collections.nCopies(40, "{}");
        List<WebhookSink.Result> r = sink.deliverAll(docs);
        assertThat(r).hasSize(40).noneMatch(WebhookSink.Result::delivered);
        // the first deliveries in flight time out and retry; every later one is not attempted
        assertThat(silentRequests.get()).isLessThanOrEqualTo(2 * 2);
        assertThat(r.stream().filter(x -> !x.attempted()).count()).isGreaterThanOrEqualTo(36);
        assertThat(r.stream().filter(x -> !x.attempted()).findFirst().orElseThrow().error())
                .startsWith("not attempted: http://127.0.0.1:").contains("did not answer");
    }

    @Test
    void sendsConcurrentlyWithinTheBound() throws Exception {
        String slow = url("/slow").toString();
        WebhookSink sink = new WebhookSink(WebhookTarget.parse(slow),
                new WebhookSink.Options(1, Duration.ofMillis(1), Duration.ofSeconds(5), 3, 1));
        List<WebhookSink.Result> r = sink.deliverAll(java.util.Collections.nCopies(30, "{}"));
        assertThat(r).hasSize(30).allMatch(WebhookSink.Result::delivered);
        assertThat(maxInFlight.get()).isBetween(2, 3);
    }

    @Test
    void batchesDocumentsAsJsonArrays() throws Exception {
        WebhookSink sink = new WebhookSink(WebhookTarget.parse(url("/hook").toString()),
                WebhookSink.Options.defaults().withBatch(4));
        List<String> docs = List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":4}", "{\"n\":5}");
        List<WebhookSink.Result> r = sink.deliverAll(docs);
        assertThat(r).hasSize(5).allMatch(WebhookSink.Result::delivered);
        assertThat(bodies).containsExactlyInAnyOrder("[{\"n\":1},{\"n\":2},{\"n\":3},{\"n\":4}]", "[{\"n\":5}]");
    }

    @Test
    void errorsNeverCarryTheUrlsSecrets() throws Exception {
        int port = server.getAddress().getPort();
        server.stop(0);
        WebhookSink sink = new WebhookSink(WebhookTarget.parse("http://bot:hunter2@127.0.0.1:" + port
                + "/services/T0001/B0002/a8Xk2Lm9Qp3Rt7Vw1Yz5Cd4F?token=s3cr3t-v4lue"),
                new WebhookSink.Options(1, Duration.ofMillis(1), Duration.ofSeconds(2), 1, 1));
        List<WebhookSink.Result> r = sink.deliverAll(List.of("{}", "{}"));
        assertThat(r).allSatisfy(x -> assertThat(x.error()).doesNotContain("hunter2").doesNotContain("s3cr3t")
                .doesNotContain("a8Xk2Lm9Qp3Rt7Vw1Yz5Cd4F"));
        assertThat(sink.target().redacted()).isEqualTo("http://***@127.0.0.1:" + port + "/services/T0001/B0002/***?token=***");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0); // for stop()
    }
}
