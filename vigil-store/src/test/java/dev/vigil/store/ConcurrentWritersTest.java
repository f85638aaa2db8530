package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertStatus;
import dev.vigil.alert.Evidence;
import dev.vigil.alert.suppress.Suppressor;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.AlertType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers storing overlapping alerts and analysts changing their statuses, all at once, each with
 * its own connection: nothing duplicated, nothing lost. The checks are in {@link #race}, shared with
 * the PostgreSQL suite.
 */
class ConcurrentWritersTest {
    static final AlertType SQLI = AlertCatalogue.builtIn().get("SqlInjectionAttempt");
    static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    /** Alert {@code i} as seen in {@code source}: same id whatever the source, one detection there. */
    static Alert alert(int i, String source) {
        String id = String.format("%064x", 0xabc000000L + i);
        Evidence e = new Evidence(source, i + 1, T0 + i, "r", "query", "id=" + i, "id=" + i);
        return new Alert(id, SQLI, SQLI.severity(), Map.of("ip", "203.0.113." + (i % 250)), T0 + i, T0 + i, 1,
                List.of("r"), List.of(e), 50, false, Map.of(source, 1L));
    }

    @Test
    void twoStoresOnOneFileLoseNothing() throws Exception {
        Path db = dir.resolve("vigil.db");
        SqliteAlertStore.open(db).close();
        race(() -> SqliteAlertStore.open(db), 2, 1_200, 400);
    }

    /**
     * {@code writers} threads, each with its own store, store alerts {@code [k * step, k * step + perWriter)}
     * twice over (a rescan); two analysts at the same time move the overlapping alerts, one to
     * InProgress and one to Resolved, retrying until each alert exists. Then: every alert once,
     * with every writer's source; every status change the store confirmed is in the history,
     * whose rows chain (each from-status the previous to-status) and end at the stored status.
     */
    static void race(Supplier<AlertStore> open, int writers, int perWriter, int step) throws Exception {
        int total = (writers - 1) * step + perWriter;
        int overlapFrom = step;
        int overlapTo = perWriter;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
        ConcurrentLinkedQueue<StatusChange> confirmed = new ConcurrentLinkedQueue<>();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int k = 0; k < writers; k++) {
                int from = k * step;
                String source = "w" + k + ".log";
                done.add(pool.submit(() -> {
                    start.await();
                    try (AlertStore s = open.get()) {
                        for (int round = 0; round < 2; round++) {
                            for (int i = from; i < from + perWriter; i += 50) {
                                List<Alert> chunk = new ArrayList<>();
                                for (int j = i; j < Math.min(from + perWriter, i + 50); j++) {
                                    chunk.add(alert(j, source));
                                }
                                s.upsert(chunk, Suppressor.none(), "writer");
                            }
                        }
                    }
                    return null;
                }));
            }
            for (AlertStatus to : List.of(AlertStatus.IN_PROGRESS, AlertStatus.RESOLVED)) {
                done.add(pool.submit(() -> {
                    start.await();
                    try (AlertStore s = open.get()) {
                        for (int i = overlapFrom; i < overlapTo; i++) {
                            String id = alert(i, "").id();
                            while (true) {
                                try {
                                    confirmed.add(s.setStatus(id, to, "analyst-" + to.label(), ""));
                                    break;
                                } catch (IllegalArgumentException notYetStored) {
                                    Thread.onSpinWait();
                                } catch (IllegalStateException alreadyThere) {
                                    break; // the other analyst's change made this one impossible
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        try (AlertStore s = open.get()) {
            List<StoredAlert> all = s.list(AlertQuery.all());
            assertThat(all).hasSize(total);
            assertThat(all.stream().map(a -> a.alert().id()).distinct()).hasSize(total);
            Set<Long> seqs = new HashSet<>();
            for (StoredAlert a : all) {
                int i = (int) (Long.parseLong(a.alert().id().substring(50), 16) - 0xabc000000L);
                Set<String> expected = new HashSet<>();
                for (int k = 0; k < writers; k++) {
                    if (i >= k * step && i < k * step + perWriter) {
                        expected.add("w" + k + ".log");
                    }
                }
                assertThat(a.alert().sources().keySet()).as("sources of alert %d", i).isEqualTo(expected);
                assertThat(a.alert().count()).isEqualTo(expected.size());
                List<StatusChange> h = s.history(a.alert().id());
                AlertStatus at = AlertStatus.ACTIVE;
                for (StatusChange c : h) {
                    assertThat(c.from()).as("history of alert %d: %s", i, h).isEqualTo(at);
                    assertThat(seqs.add((long) c.seq())).isTrue();
                    at = c.to();
                }
                assertThat(a.status()).as("status of alert %d", i).isEqualTo(at);
                if (i >= overlapFrom && i < overlapTo) {
                    assertThat(h).as("alert %d was triaged", i).isNotEmpty();
                }
            }
            for (StatusChange c : confirmed) {
                assertThat(s.history(c.alertId())).as("a confirmed change is kept").contains(c);
            }
        }
    }
}
