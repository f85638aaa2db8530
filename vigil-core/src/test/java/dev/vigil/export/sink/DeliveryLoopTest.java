package dev.vigil.export.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.alert.Alert;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A webhook receiver on 127.0.0.1 that is down, then answers 500, then accepts: every update
 * arrives, exactly once per alert id and detection count among the accepted ones, in the order
 * each alert grew, and nothing is taken off the outbox before it was accepted.
 */
class DeliveryLoopTest {
    private static final DeliveryLoop.Options FAST =
            new DeliveryLoop.Options(Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofMillis(20));

    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** What the receiver accepted (2xx): the Idempotency-Key and body of each, in arrival order. */
    private final List<String[]> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger refused = new AtomicInteger();

    private void startReceiver(int port, int failFirst) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/hook", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (calls.incrementAndGet() <= failFirst) {
                refused.incrementAndGet();
                ex.sendResponseHeaders(500, -1);
            } else {
                accepted.add(new String[] {ex.getRequestHeaders().getFirst("Idempotency-Key"), body,
                        ex.getProtocol(), String.valueOf(ex.getRequestHeaders().getFirst("Upgrade"))});
                ex.sendResponseHeaders(204, -1);
            }
            ex.close();
        });
        server.start();
    }

    @Test
    void aReceiverDownThenFailingThenUpGetsEveryUpdateOnceInOrder() throws Exception {
        int port = freePort();
        Outlet outlet = Outlet.of(SinkSpec.parse("webhook:http://127.0.0.1:" + port + "/hook"), n -> null);
        MemoryOutbox outbox = new MemoryOutbox();
        List<String> reports = new CopyOnWriteArrayList<>();
        DeliveryLoop loop = new DeliveryLoop(outlet, outbox.queue(outlet),
                Delivery.of(outlet, n -> null, Duration.ofSeconds(5)), reports::add, FAST).start();

        // three alerts grow over five commits while the receiver is down
        SinkTestAlerts alerts = new SinkTestAlerts();
        List<String> queued = new ArrayList<>();
        String[] ips = {"203.0.113.1", "203.0.113.2", "203.0.113.3"};
        for (int commit = 0; commit < 5; commit++) {
            List<Alert> changed = new ArrayList<>();
            for (int i = 0; i <= commit % 3; i++) {
                changed.addAll(alerts.add(ips[i], 1 + commit));
            }
            for (Alert a : changed) {
                queued.add(Outlet.key(a));
            }
            outbox.add(changed, List.of(outlet), Instant.now());
            loop.wake();
        }
        Thread.sleep(300);
        assertThat(outbox.pending(outlet)).isEqualTo(queued.size()); // nothing lost while it is down
        assertThat(loop.failedAttempts()).isPositive();

        startReceiver(port, 4); // up, but the first four answers are 500
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (outbox.pending(outlet) > 0 && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat(loop.stop(Duration.ofSeconds(2))).isTrue();
        assertThat(refused.get()).isEqualTo(4);

        List<String> keys = accepted.stream().map(a -> a[0]).toList();
        assertThat(keys).doesNotHaveDuplicates().containsExactlyElementsOf(queued);
        // per alert, counts only grow; every update after the first says it is one
        Map<String, Long> last = new LinkedHashMap<>();
        for (String[] a : accepted) {
            String id = a[0].substring(0, a[0].indexOf(':'));
            long count = Long.parseLong(a[0].substring(a[0].indexOf(':') + 1));
            Long before = last.put(id, count);
            assertThat(before == null || before < count).as("order of %s", id).isTrue();
            assertThat(a[1]).contains("\"systemAlertId\":\"" + id + "\"")
                    .contains("\"update\":" + (before != null));
            assertThat(a[2]).isEqualTo("HTTP/1.1");
            assertThat(a[3]).isEqualTo("null"); // no Upgrade: h2c
        }
        assertThat(last).hasSize(3);
        assertThat(reports).anySatisfy(r -> assertThat(r).contains("delivery failed"))
                .anySatisfy(r -> assertThat(r).contains("delivering again"));
    }

    @Test
    void anUpdateAlreadyQueuedIsNotQueuedAgainAndABelowSeverityOneNever() throws Exception {
        Outlet all = Outlet.of(SinkSpec.parse("webhook:http://127.0.0.1:9/a"), n -> null);
        Outlet highOnly = Outlet.of(SinkSpec.parse("webhook:http://127.0.0.1:9/b",
                dev.vigil.catalogue.Severity.HIGH, null, n -> null), n -> null);
        MemoryOutbox outbox = new MemoryOutbox();
        SinkTestAlerts alerts = new SinkTestAlerts();
        List<Alert> a = alerts.add("203.0.113.9", 3);
        assertThat(outbox.add(a, List.of(all, highOnly), Instant.now())).isEqualTo(a.get(0).severity()
                .atLeast(dev.vigil.catalogue.Severity.HIGH) ? 2 : 1);
        assertThat(outbox.add(a, List.of(all), Instant.now())).isZero(); // handed over again after a restart
        assertThat(outbox.add(alerts.add("203.0.113.9", 1), List.of(all), Instant.now())).isEqualTo(1);
    }

    @Test
    void backoffDoublesUpToItsCapWithJitter() {
        Outlet o = Outlet.of(SinkSpec.parse("webhook:http://127.0.0.1:9/a"), n -> null);
        DeliveryLoop.Options opts = new DeliveryLoop.Options(Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ofSeconds(1));
        DeliveryLoop low = new DeliveryLoop(o, new MemoryOutbox().queue(o), new Delivery() {
            @Override
            public void send(Outlet.Payload payload) {}
        }, m -> {}, opts, bound -> 0);
        DeliveryLoop high = new DeliveryLoop(o, new MemoryOutbox().queue(o), new Delivery() {
            @Override
            public void send(Outlet.Payload payload) {}
        }, m -> {}, opts, bound -> bound - 1);
        assertThat(low.backoff(1)).isEqualTo(50);
        assertThat(high.backoff(1)).isEqualTo(100);
        assertThat(low.backoff(2)).isEqualTo(100);
        assertThat(high.backoff(3)).isEqualTo(400);
        assertThat(high.backoff(10)).isEqualTo(1000);
        assertThat(low.backoff(50)).isEqualTo(500);
    }
}
