package dev.vigil.server;

import dev.vigil.store.AlertStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * The server's one way into the {@link AlertStore}, timed per operation ({@code vigil_store_seconds}).
 * The store is thread-safe (a connection pool; writes serialised by the store itself), so
 * requests on Jetty's threads call it at once: reads run side by side instead of queuing behind
 * one another. Closing waits for the calls in flight and refuses later ones.
 *
 * <p>Thread-safe.
 */
public final class StoreGate implements AutoCloseable {
    private final AlertStore store;
    /** Calls share it; {@link #close} takes it alone. */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;
    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

    public StoreGate(AlertStore store, MeterRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    /** Runs {@code body} on the store, timed as {@code op}; other calls may run at the same time. */
    public <T> T call(String op, Function<AlertStore, T> body) {
        Timer timer = timers.computeIfAbsent(op, o -> Timer.builder("vigil.store")
                .description("Time spent in the alert store per operation, a write's wait for the write lock included")
                .tag("op", o).publishPercentiles(0.5, 0.95).register(registry));
        long start = System.nanoTime();
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the server is closing");
            }
            return body.apply(store);
        } finally {
            lock.readLock().unlock();
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
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                store.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
