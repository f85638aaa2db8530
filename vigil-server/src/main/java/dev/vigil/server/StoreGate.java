package dev.vigil.server;

import dev.vigil.store.AlertStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The server's one way into the {@link AlertStore}: the store implementations are not
 * thread-safe (one JDBC connection), and Jetty serves requests on many threads, so every call
 * goes through one lock, timed per operation ({@code vigil_store_seconds}).
 *
 * <p>Thread-safe.
 */
public final class StoreGate implements AutoCloseable {
    private final AlertStore store;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

    public StoreGate(AlertStore store, MeterRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    /** Runs {@code body} with the store held by this thread alone, timed as {@code op}. */
    public <T> T call(String op, Function<AlertStore, T> body) {
        Timer timer = timers.computeIfAbsent(op, o -> Timer.builder("vigil.store")
                .description("Time spent in the alert store per operation, waiting for its lock included")
                .tag("op", o).publishPercentiles(0.5, 0.95).register(registry));
        long start = System.nanoTime();
        lock.lock();
        try {
            return body.apply(store);
        } finally {
            lock.unlock();
            timer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /** Whether the store answers a query (one row): what {@code /readyz} reports. */
    public boolean ready() {
        try {
            return call("ready", s -> {
                s.list(new dev.vigil.store.AlertQuery(null, null, null, null, null, 1));
                return true;
            });
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            store.close();
        } finally {
            lock.unlock();
        }
    }
}
