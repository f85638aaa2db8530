package dev.vigil.export.sink;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;

/**
 * Delivers what the outbox holds for one destination, oldest first, until stopped: a thread of
 * its own per destination, so a destination that is down delays only itself. Rows leave the
 * outbox only after the destination has them ({@link Delivery}); a failure keeps the row, counts
 * the attempt with its error, and waits before trying the same row again: exponential backoff
 * (from {@link Options#base} doubling up to {@link Options#max}) with jitter (a random half of
 * each wait), so many watches that lost the same receiver do not all come back at once. Rows are
 * tried in order and the loop never skips a failing one, so the updates of an alert arrive in the
 * order they were made.
 *
 * <p>Delivery is at least once: a crash after the destination took a row and before the row was
 * removed sends it again at the next start; the payload's key ({@link Outlet#key}) lets the
 * receiver drop it.
 *
 * <p>Thread-safe: {@link #wake} and {@link #stop} may be called from any thread.
 */
public final class DeliveryLoop implements Runnable {
    /** Rows read from the outbox at a time. */
    static final int BATCH = 100;

    /** The outbox rows of one destination. Implementations are called from the loop's thread only. */
    public interface Queue {
        /** The oldest rows still owed, at most {@code limit}. */
        List<Pending> next(int limit) throws Exception;

        /** Removes rows the destination has. */
        void delivered(List<String> ids) throws Exception;

        /** Counts a failed attempt of a row, with why. */
        void failed(String id, String error) throws Exception;
    }

    /** One row: its id in the outbox and the kept payload ({@link Outlet#payload}). */
    public record Pending(String id, String payload) {}

    /** Where the loop says that a destination went down or came back. Never throws. */
    public interface Reporter {
        void report(String message);
    }

    /**
     * @param base the first wait after a failure
     * @param max  the longest wait
     * @param idle how long to wait for new rows when none was announced ({@link #wake})
     */
    public record Options(Duration base, Duration max, Duration idle) {
        public Options {
            Objects.requireNonNull(base, "base");
            Objects.requireNonNull(max, "max");
            Objects.requireNonNull(idle, "idle");
            if (base.isNegative() || max.compareTo(base) < 0) {
                throw new IllegalArgumentException("backoff: need 0 <= base <= max");
            }
        }

        /** 1 s doubling to 5 min; a look at the outbox every 2 s when nothing was announced. */
        public static Options defaults() {
            return new Options(Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofSeconds(2));
        }
    }

    private final Outlet outlet;
    private final Queue queue;
    private final Delivery delivery;
    private final Reporter reporter;
    private final Options options;
    /** Maps a bound to a random number in [0, bound): the jitter (a seeded one in tests). */
    private final LongUnaryOperator random;
    private final BlockingQueue<Boolean> signal = new ArrayBlockingQueue<>(1);
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private volatile long stopAt = Long.MAX_VALUE;
    private volatile boolean draining;
    private volatile String lastError;
    private Thread thread;

    public DeliveryLoop(Outlet outlet, Queue queue, Delivery delivery, Reporter reporter, Options options,
                        LongUnaryOperator random) {
        this.outlet = Objects.requireNonNull(outlet, "outlet");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        this.reporter = Objects.requireNonNull(reporter, "reporter");
        this.options = Objects.requireNonNull(options, "options");
        this.random = Objects.requireNonNull(random, "random");
    }

    public DeliveryLoop(Outlet outlet, Queue queue, Delivery delivery, Reporter reporter, Options options) {
        this(outlet, queue, delivery, reporter, options,
                bound -> bound <= 0 ? 0 : java.util.concurrent.ThreadLocalRandom.current().nextLong(bound));
    }

    public Outlet outlet() {
        return outlet;
    }

    /** Starts the loop on a daemon thread of its own. */
    public synchronized DeliveryLoop start() {
        if (thread == null) {
            thread = new Thread(this, "vigil-sink-" + outlet.spec().type().label());
            thread.setDaemon(true);
            thread.start();
        }
        return this;
    }

    /** Says that rows were added (a commit): the loop looks at once instead of at its next idle look. */
    public void wake() {
        signal.offer(Boolean.TRUE);
    }

    /**
     * Delivers what the outbox holds for at most {@code grace}, then stops (what is left stays in
     * the outbox for the next start), and waits for the thread.
     *
     * @return whether the outbox of this destination was empty when the loop stopped
     */
    public boolean stop(Duration grace) throws InterruptedException {
        stopAt = System.nanoTime() + grace.toNanos();
        draining = true;
        wake();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.join(Math.max(1, grace.toMillis() + 200));
            if (t.isAlive()) {
                t.interrupt(); // a send stuck past the grace: it stays in the outbox
                t.join(500);
            }
        }
        return drained;
    }

    private volatile boolean drained;

    /** Updates delivered since the start. */
    public long delivered() {
        return delivered.get();
    }

    /** Attempts that failed since the start. */
    public long failedAttempts() {
        return failedAttempts.get();
    }

    /** The error of the last failed attempt, or null. */
    public String lastError() {
        return lastError;
    }

    /** The wait before the next try after {@code failures} failures in a row: doubling, capped, jittered. */
    long backoff(int failures) {
        long base = options.base().toMillis();
        long cap = options.max().toMillis();
        long d = base;
        for (int i = 1; i < failures && d < cap; i++) {
            d = Math.min(cap, d * 2);
        }
        d = Math.min(cap, d);
        long half = d / 2;
        return half + random.applyAsLong(d - half + 1);
    }

    @Override
    public void run() {
        int failures = 0;
        try {
            while (!pastStop()) {
                List<Pending> batch;
                try {
                    batch = queue.next(BATCH);
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    failures++;
                    report("cannot read the outbox for " + outlet.destination() + " (will retry): " + e.getMessage(), failures);
                    pause(backoff(failures));
                    continue;
                }
                if (batch.isEmpty()) {
                    if (draining) {
                        drained = true;
                        return;
                    }
                    signal.poll(options.idle().toMillis(), TimeUnit.MILLISECONDS);
                    continue;
                }
                String error = deliver(batch);
                if (error == null) {
                    if (failures > 0) {
                        reporter.report("sink " + outlet.destination() + ": delivering again after " + failures
                                + (failures == 1 ? " failed attempt" : " failed attempts"));
                    }
                    failures = 0;
                } else {
                    failures++;
                    failedAttempts.incrementAndGet();
                    lastError = error;
                    report("sink " + outlet.destination() + ": delivery failed (" + error + "); kept in the outbox, "
                            + "retrying with backoff", failures);
                    pause(backoff(failures));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                delivery.close();
            } catch (IOException e) {
                // closing a failed connection: nothing is lost, the rows are still in the outbox
            }
        }
    }

    /** Sends a batch in order; returns null when all were taken, else the error (the rest stay). */
    private String deliver(List<Pending> batch) throws InterruptedException {
        List<String> confirmed = new ArrayList<>();
        List<String> unconfirmed = new ArrayList<>();
        String failedId = null;
        String error = null;
        for (Pending p : batch) {
            try {
                delivery.send(Outlet.open(p.payload()));
            } catch (IOException | RuntimeException e) {
                failedId = p.id();
                error = message(e);
                break;
            }
            (delivery.confirmsEach() ? confirmed : unconfirmed).add(p.id());
        }
        if (!unconfirmed.isEmpty()) {
            try {
                delivery.flush();
                confirmed.addAll(unconfirmed);
            } catch (IOException | RuntimeException e) {
                failedId = unconfirmed.get(0); // sent but not known to be taken: sent again
                error = message(e);
            }
        } else if (failedId != null && !delivery.confirmsEach()) {
            try {
                delivery.flush();
            } catch (IOException | RuntimeException e) {
                // the connection is dropped already; the failure is being reported
            }
        }
        if (!confirmed.isEmpty()) {
            try {
                queue.delivered(confirmed);
                delivered.addAndGet(confirmed.size());
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                // delivered but not recorded: they are sent again and the receiver drops them by key
                return "delivered " + confirmed.size() + " but could not record it in the outbox: " + e.getMessage();
            }
        }
        if (failedId != null) {
            try {
                queue.failed(failedId, error);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                // the attempt is not counted; the row stays and is tried again
            }
        }
        return error;
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** The first failure and then every tenth is reported, so a receiver down for hours does not flood the log. */
    private void report(String message, int failures) {
        if (failures == 1 || failures % 10 == 0) {
            reporter.report(message);
        }
    }

    private boolean pastStop() {
        return draining && System.nanoTime() - stopAt >= 0;
    }

    /** Waits {@code millis}, or less when a stop's grace ends first. */
    private void pause(long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            long left = Math.min(end, draining ? stopAt : Long.MAX_VALUE) - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 100));
        }
    }
}
