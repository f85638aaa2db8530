package dev.vigil.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.event.Event;
import dev.vigil.event.Origin;
import dev.vigil.event.ProcessStart;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyDetectorTest {
    private static final ProcessStart EVENT = ProcessStart.builder(new Origin("t", 1, 0)).pid(1).exe("/bin/sh").build();

    /** A detector that counts what it sees. */
    private static Detector counting(AtomicInteger seen) {
        return new Detector() {
            @Override
            public String id() {
                return "counting";
            }

            @Override
            public void inspect(Event event, java.util.function.Consumer<Detection> out) {
                seen.incrementAndGet();
            }
        };
    }

    @Test
    void buildsOnlyForEventsItCouldActOn() {
        AtomicInteger builds = new AtomicInteger();
        AtomicInteger seen = new AtomicInteger();
        LazyDetector d = new LazyDetector("x", e -> false, () -> {
            builds.incrementAndGet();
            return counting(seen);
        });
        d.inspect(EVENT, x -> { });
        assertThat(builds).hasValue(0);
        assertThat(seen).hasValue(0);
        assertThat(d.id()).isEqualTo("x");
    }

    @Test
    void buildsOnceWhenManyThreadsNeedItAtOnce() throws Exception {
        AtomicInteger builds = new AtomicInteger();
        AtomicInteger seen = new AtomicInteger();
        LazyDetector d = new LazyDetector("x", e -> true, () -> {
            builds.incrementAndGet();
            return counting(seen);
        });
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> all = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            all.add(pool.submit(() -> {
                go.await();
                for (int k = 0; k < 1000; k++) {
                    d.inspect(EVENT, x -> { });
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : all) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(builds).hasValue(1);
        assertThat(seen).hasValue(8000);
    }

    @Test
    void aFailedBuildFailsEveryInspectionTheSameWay() {
        AtomicInteger builds = new AtomicInteger();
        LazyDetector d = new LazyDetector("rules", e -> true, () -> {
            builds.incrementAndGet();
            throw new IllegalArgumentException("rule x: bad regex");
        });
        assertThatThrownBy(() -> d.inspect(EVENT, x -> { })).hasMessageContaining("detector rules could not be built")
                .hasMessageContaining("bad regex");
        assertThatThrownBy(() -> d.inspect(EVENT, x -> { })).hasMessageContaining("bad regex");
        assertThat(builds).hasValue(1);
    }
}
