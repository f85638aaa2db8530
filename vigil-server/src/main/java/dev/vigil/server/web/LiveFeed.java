package dev.vigil.server.web;

import dev.vigil.server.StoreGate;
import dev.vigil.store.AlertQuery;
import dev.vigil.store.StoredAlert;
import io.javalin.http.Handler;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Live updates for open dashboard pages, as server-sent events on {@code /events}: one thread
 * looks at the most recently seen alert every {@code periodMillis} and, when it differs from what
 * a listener's page was built with (a new alert, or more detections merged into one), sends that
 * listener an {@code alerts} event; the page then offers a reload. Each listener keeps its own
 * baseline, taken when it connects, so a page opened after a change is not told about it. Looking
 * costs one one-row query per check, however many pages listen (and one per new listener), and
 * none while no page listens.
 *
 * <p>Thread-safe.
 */
public final class LiveFeed implements AutoCloseable {
    /** Listeners kept at most; more are refused (each holds a connection and a thread of Jetty's). */
    static final int MAX_CLIENTS = 200;
    /** The baseline of a listener that connected while the store was busy (no fingerprint holds a NUL). */
    private static final String UNREAD = "\0unread";

    private final StoreGate store;
    /** Each listener with the fingerprint its page was built with ({@link #UNREAD} until one could be read). */
    private final Map<SseClient, String> clients = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

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
            // the baseline now, so a change right after it connects is seen and one before it is not
            String base = UNREAD;
            try {
                base = fingerprint();
            } catch (RuntimeException e) {
                // the store is busy: the next check takes it
            }
            clients.put(client, base);
            client.onClose(() -> clients.remove(client));
            client.sendComment("connected");
            client.keepAlive();
        });
    }

    private void check() {
        if (clients.isEmpty()) {
            return; // nobody listens: no query
        }
        try {
            String now = fingerprint();
            for (Map.Entry<SseClient, String> e : clients.entrySet()) {
                SseClient c = e.getKey();
                String base = e.getValue();
                if (base.equals(now)) {
                    continue;
                }
                clients.replace(c, base, now);
                if (!base.equals(UNREAD)) {
                    try {
                        c.sendEvent("alerts", "changed");
                    } catch (RuntimeException x) {
                        clients.remove(c);
                    }
                }
            }
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
        clients.keySet().forEach(c -> {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        });
    }
}
