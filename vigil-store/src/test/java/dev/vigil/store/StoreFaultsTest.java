package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alert.Alert;
import dev.vigil.alert.Evidence;
import dev.vigil.alert.suppress.Suppressor;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.AlertType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the store does when the database is busy, full or missing. */
class StoreFaultsTest {
    static final AlertType SQLI = AlertCatalogue.builtIn().get("SqlInjectionAttempt");

    @TempDir
    Path dir;

    static List<Alert> alerts(String prefix, int n) {
        List<Alert> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = String.format("%s%062x", prefix, i);
            Evidence e = new Evidence("w.log", i + 1, 1_700_000_000_000L + i, "r", "query", "id=" + i, "id=" + i);
            out.add(new Alert(id, SQLI, SQLI.severity(), Map.of("ip", "203.0.113." + (i % 250)),
                    1_700_000_000_000L + i, 1_700_000_000_000L + i, 1, List.of("r"), List.of(e)));
        }
        return out;
    }

    @Test
    void twoWritersAtOnceLoseNothing() throws Exception {
        Path db = dir.resolve("vigil.db");
        SqliteAlertStore.open(db).close();
        int perWriter = 6_000;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (String prefix : List.of("aa", "bb")) {
                List<Alert> mine = alerts(prefix, perWriter);
                Callable<Integer> writer = () -> {
                    start.await();
                    int stored = 0;
                    // small calls, like many scans each storing as they go, so the writers interleave
                    try (SqliteAlertStore s = SqliteAlertStore.open(db)) {
                        for (int from = 0; from < mine.size(); from += 300) {
                            AlertStore.UpsertResult r = s.upsert(mine.subList(from, from + 300), Suppressor.none(), "t");
                            stored += r.inserted();
                        }
                    }
                    return stored;
                };
                done.add(pool.submit(writer));
            }
            start.countDown();
            for (Future<Integer> f : done) {
                assertThat(f.get()).isEqualTo(perWriter);
            }
        } finally {
            pool.shutdownNow();
        }
        try (SqliteAlertStore s = SqliteAlertStore.open(db)) {
            assertThat(s.list(AlertQuery.all())).hasSize(2 * perWriter);
        }
    }

    @Test
    void aFullDiskSaysTheDiskIsFull() throws Exception {
        Path db = dir.resolve("vigil.db");
        try (SqliteAlertStore s = SqliteAlertStore.open(db)) {
            // A database that may not grow is what a full disk looks like to SQLite (SQLITE_FULL).
            try (Statement st = s.connection().createStatement()) {
                st.execute("PRAGMA max_page_count = " + pages(s));
            }
            assertThatThrownBy(() -> s.upsert(alerts("cc", 5_000), Suppressor.none(), "t"))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("disk is full")
                    .hasMessageContaining(db.toString())
                    .hasMessageNotContaining("no transaction is active");
            // nothing half-stored, and the store still works for reading
            assertThat(s.list(AlertQuery.all())).isEmpty();
        }
    }

    private static long pages(SqliteAlertStore s) throws Exception {
        try (Statement st = s.connection().createStatement(); var rs = st.executeQuery("PRAGMA page_count")) {
            rs.next();
            return rs.getLong(1) + 2;
        }
    }

    @Test
    void openingAnExistingDatabaseNeverCreatesOne() {
        Path typo = dir.resolve("typo.db");
        assertThatThrownBy(() -> SqliteAlertStore.openExisting(typo)).isInstanceOf(StoreException.class)
                .hasMessageContaining("no alert database").hasMessageContaining(typo.toString());
        assertThat(typo).doesNotExist();
        assertThat(dir.resolve("typo.db-wal")).doesNotExist();
    }

    @Test
    void openingAnExistingDatabaseReadsIt() throws Exception {
        Path db = dir.resolve("vigil.db");
        try (SqliteAlertStore s = SqliteAlertStore.open(db)) {
            s.upsert(alerts("dd", 3), Suppressor.none(), "t");
        }
        try (SqliteAlertStore s = SqliteAlertStore.openExisting(db)) {
            assertThat(s.list(AlertQuery.all())).hasSize(3);
        }
        assertThat(Files.size(db)).isPositive();
    }

    @Test
    void aFileThatIsNotADatabaseIsRefusedWithoutChangingIt() throws Exception {
        Path notDb = dir.resolve("notes.txt");
        Files.writeString(notDb, "not a database\n".repeat(100));
        assertThatThrownBy(() -> SqliteAlertStore.openExisting(notDb)).isInstanceOf(StoreException.class)
                .hasMessageContaining(notDb.toString());
        assertThat(Files.readString(notDb)).isEqualTo("not a database\n".repeat(100));
    }
}
