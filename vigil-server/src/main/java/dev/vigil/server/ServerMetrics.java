package dev.vigil.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;

/**
 * The server's meters in one Prometheus registry: JVM (memory, GC, threads, classes, CPU,
 * uptime), HTTP requests per route and status, authentication refusals, and store latency
 * (recorded by {@link StoreGate}). The streaming pipeline registers its own meters (lines read
 * and rejected per source, detections, alerts, lag, outbox) in {@link #registry()} when it runs
 * in the same process.
 *
 * <p>Thread-safe (Micrometer meters are).
 */
public final class ServerMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public ServerMetrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Records one request by its route pattern (never the raw path: ids would explode the label set). */
    void request(String method, String route, int status, long nanos) {
        Timer.builder("vigil.http.requests").description("HTTP requests served")
                .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Counts a refused request: {@code missing}, {@code invalid}, {@code role} or {@code csrf}. */
    void refused(String why) {
        Counter.builder("vigil.auth.refused").description("Requests refused by authentication or authorization")
                .tag("reason", why).register(registry).increment();
    }

    /** The Prometheus text exposition. */
    String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
