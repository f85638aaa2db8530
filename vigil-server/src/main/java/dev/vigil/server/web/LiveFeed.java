package dev.vigil.server.web;

import dev.vigil.server.StoreGate;
import dev.vigil.store.AlertQuery;
import dev.vigil.store.StoredAlert;
import io.javalin.http.Handler;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Live updates for open dashboard pages, as server-sent events on {@code /events}: one thread
 * looks at the most recently seen alert every {@code periodMillis} and, when it changed (a new
 * alert, or more detections merged into one), sends an {@code alerts} event to every listener;
 * the page then offers a reload. Looking costs one one-row query, however many pages listen, and
 * none while no page listens.
 *
 * <p>Thread-safe.
 */
public final class LiveFeed implements AutoCloseable {
    /** Listeners kept at most; more are refused (each holds a connection and a thread of Jetty's). */
    static final int MAX_CLIENTS = 200;

    private final StoreGate store;
    private final Set<SseClient> clients = new CopyOnWriteArraySet<>();
    private final ScheduledExecutorService timer;
    private volatile String last;

    public LiveFeed(StoreGate store, long periodMillis) {
        this.store = store;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-live-feed");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::check, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** What {@code /events} runs. */
    public Handler handler() {
        return new SseHandler(client -> {
            if (clients.size() >= MAX_CLIENTS) {
                client.close();
                return;
            }
            if (last == null) {
                // the first listener: take the baseline now, so a change right after it connects is seen
                try {
                    last = fingerprint();
                } catch (RuntimeException e) {
                    // the store is busy: the next check takes it
                }
            }
            clients.add(client);
            client.onClose(() -> clients.remove(client));
            client.sendComment("connected");
            client.keepAlive();
        });
    }

    private void check() {
        if (clients.isEmpty()) {
            // nobody listens: no query; the next listener's first check sets the baseline again
            last = null;
            return;
        }
        try {
            String now = fingerprint();
            if (last != null && !last.equals(now)) {
                for (SseClient c : clients) {
                    try {
                        c.sendEvent("alerts", "changed");
                    } catch (RuntimeException e) {
                        clients.remove(c);
                    }
                }
            }
            last = now;
        } catch (RuntimeException e) {
            // the store is busy or gone: try again next time; pages simply see no update
        }
    }

    private String fingerprint() {
        List<StoredAlert> top = store.call("live", s -> s.list(new AlertQuery(null, null, null, null, null, 1)));
        if (top.isEmpty()) {
            return "";
        }
        StoredAlert a = top.get(0);
        return a.alert().id() + "/" + a.alert().count() + "/" + a.updatedMillis();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        clients.forEach(c -> {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        });
    }
}
