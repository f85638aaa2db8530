package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alert.Alert;
import dev.vigil.alert.suppress.Suppressor;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.AlertType;
import dev.vigil.catalogue.Severity;
import dev.vigil.event.Event;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cursor pagination: no alert shown twice or skipped, however the pages interleave with writes. */
class PaginationTest {
    static final AlertType SQLI = AlertCatalogue.builtIn().get("SqlInjectionAttempt");
    static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    /**
     * {@code n} alerts whose sort keys collide on purpose: few distinct times (many ties broken by
     * severity, then id), every 50th without any time.
     */
    static List<Alert> alerts(String prefix, int n, Random r) {
        List<Alert> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = String.format("%s%060x", prefix, r.nextLong() & Long.MAX_VALUE);
            long t = i % 50 == 0 ? Event.NO_TIME : T0 + r.nextInt(300) * 1000L;
            Severity sev = Severity.values()[r.nextInt(Severity.values().length)];
            out.add(new Alert(id, SQLI, sev, Map.of("ip", "198.51.100." + (i % 200)), t, t, 1, List.of("r"), List.of()));
        }
        return out;
    }

    @Test
    void pagingWhileAlertsArriveNeitherSkipsNorRepeats() {
        Path db = dir.resolve("vigil.db");
        pageWhileWriting(() -> SqliteAlertStore.open(db));
    }

    /** Shared with the PostgreSQL suite. */
    static void pageWhileWriting(Supplier<AlertStore> open) {
        Random r = new Random(7);
        List<Alert> first = alerts("a0", 10_000, r);
        try (AlertStore reader = open.get(); AlertStore writer = open.get()) {
            writer.upsert(first, Suppressor.none(), "t");
            Set<String> seen = new HashSet<>();
            List<StoredAlert> inOrder = new ArrayList<>();
            AlertQuery q = new AlertQuery(Set.of(), null, null, null, null, 137);
            int pages = 0;
            for (String cursor = null; ; ) {
                AlertPage page = reader.page(q.after(cursor));
                for (StoredAlert a : page.alerts()) {
                    assertThat(seen.add(a.alert().id())).as("alert %s shown twice", a.alert().id()).isTrue();
                    inOrder.add(a);
                }
                pages++;
                // new alerts arrive between pages: some sort before the cursor, some after it
                writer.upsert(alerts("b" + pages % 10, 40, r), Suppressor.none(), "t");
                cursor = page.nextCursor();
                if (cursor == null) {
                    break;
                }
                assertThat(page.alerts()).hasSize(137);
            }
            for (Alert a : first) {
                assertThat(seen).as("alert stored before paging began").contains(a.id());
            }
            assertThat(pages).isGreaterThanOrEqualTo(10_000 / 137);
            // what was read is in the list order
            List<StoredAlert> sorted = new ArrayList<>(inOrder);
            sorted.sort(PaginationTest::listOrder);
            assertThat(inOrder).isEqualTo(sorted);
        }
    }

    static int listOrder(StoredAlert x, StoredAlert y) {
        Alert a = x.alert();
        Alert b = y.alert();
        boolean na = a.lastSeen() == Event.NO_TIME;
        boolean nb = b.lastSeen() == Event.NO_TIME;
        if (na != nb) {
            return na ? 1 : -1;
        }
        if (!na && a.lastSeen() != b.lastSeen()) {
            return Long.compare(b.lastSeen(), a.lastSeen());
        }
        if (a.severity() != b.severity()) {
            return Integer.compare(b.severity().ordinal(), a.severity().ordinal());
        }
        return a.id().compareTo(b.id());
    }

    @Test
    void aCursorThatIsNotOursIsRefused() {
        try (AlertStore s = SqliteAlertStore.open(dir.resolve("vigil.db"))) {
            for (String bad : List.of("x", "djE6MDox", "' OR 1=1 --", "dj!!")) {
                assertThatThrownBy(() -> s.page(AlertQuery.all().after(bad)))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid cursor");
            }
        }
    }

    @Test
    void theLastPageHasNoCursor() {
        try (AlertStore s = SqliteAlertStore.open(dir.resolve("vigil.db"))) {
            s.upsert(alerts("c0", 10, new Random(1)), Suppressor.none(), "t");
            AlertQuery q = new AlertQuery(Set.of(), null, null, null, null, 10);
            assertThat(s.page(q).nextCursor()).isNull();
            AlertPage p = s.page(new AlertQuery(Set.of(), null, null, null, null, 4));
            assertThat(p.nextCursor()).isNotNull();
            assertThat(s.page(new AlertQuery(Set.of(), null, null, null, null, 4).after(p.nextCursor())).alerts())
                    .hasSize(4).doesNotContainAnyElementsOf(p.alerts());
        }
    }
}
