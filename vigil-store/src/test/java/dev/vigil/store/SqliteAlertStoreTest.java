package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertAggregator;
import dev.vigil.alert.AlertStatus;
import dev.vigil.alert.suppress.Condition;
import dev.vigil.alert.suppress.SuppressionRule;
import dev.vigil.alert.suppress.Suppressor;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.AlertType;
import dev.vigil.detect.Detection;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.Origin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on SQLite, and what only an SQLite file does (WAL, files, databases of older versions). */
class SqliteAlertStoreTest extends AlertStoreContract {
    static final AlertType SQLI = AlertCatalogue.builtIn().get("SqlInjectionAttempt");
    static final AlertType SCANNER = AlertCatalogue.builtIn().get("ScannerDetected");
    static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    @Override
    AlertStore open() {
        return SqliteAlertStore.open(dir.resolve("vigil.db"));
    }

    static Detection det(AlertType type, String source, long line, long time, String ip, String path) {
        HttpRequest r = HttpRequest.builder(new Origin(source, line, line * 100)).timeMillis(time).clientIp(ip)
                .host("shop.example").method("GET").target(path + "?id=1'or'1'='1").status(200).build();
        return new Detection("test." + type.name(), type, type.severity(), r, "query", "id=1'or'1'='1", "id=1'or'1'='1");
    }

    static List<Alert> scan(List<Detection> ds) {
        AlertAggregator agg = new AlertAggregator();
        ds.forEach(agg::add);
        return agg.alerts();
    }

    static List<Detection> fileA() {
        List<Detection> ds = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            ds.add(det(SQLI, "a.log", i, T0 + i * 1000, "203.0.113.9", "/products"));
        }
        ds.add(det(SCANNER, "a.log", 20, T0 + 20_000, "198.51.100.4", "/wp-login.php"));
        return ds;
    }

    @Test
    void createsSchemaOnFirstOpenAndReopens() throws Exception {
        Path db = dir.resolve("vigil.db");
        try (SqliteAlertStore s = SqliteAlertStore.open(db)) {
            assertThat(s.schemaVersion()).isEqualTo(Schema.latest());
        }
        assertThat(db).exists();
        try (SqliteAlertStore s = SqliteAlertStore.open(db)) {
            assertThat(s.schemaVersion()).isEqualTo(Schema.latest());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM schema_version")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(Schema.MIGRATIONS.size());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void refusesADatabaseFromANewerVigil() throws Exception {
        Path db = dir.resolve("vigil.db");
        SqliteAlertStore.open(db).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("INSERT INTO schema_version VALUES (999, 'future', 0)");
        }
        assertThatThrownBy(() -> SqliteAlertStore.open(db)).isInstanceOf(StoreException.class)
                .hasMessageContaining(db.toString()).hasMessageContaining("newer");
    }

    @Test
    void unwritablePlaceFailsWithTheFileNamed() {
        Path db = dir.resolve("missing-folder").resolve("vigil.db");
        assertThatThrownBy(() -> SqliteAlertStore.open(db)).isInstanceOf(StoreException.class)
                .hasMessageContaining("missing-folder");
    }

    @Test
    void secretsOfOutboxRowsFromBeforeVersion3AreMaskedOnOpen() throws Exception {
        Path db = dir.resolve("vigil.db");
        SqliteAlertStore.open(db).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("INSERT INTO outbox (id, sink, target, payload, attempts, created_at) VALUES "
                    + "('o1', 'webhook', 'https://u:hunter2@siem.example/in?token=t0ps3cret', '{}', 1, 0)");
        }
        try (SqliteAlertStore s = SqliteAlertStore.open(db)) {
            assertThat(s.outbox("webhook")).singleElement().satisfies(e -> {
                assertThat(e.destination()).isEqualTo("https://***@siem.example/in?token=***");
                assertThat(e.reference()).isNull();
                assertThat(e.destKey()).hasSize(16);
            });
        }
        byte[] all = Files.readAllBytes(db);
        assertThat(new String(all, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("hunter2")
                .doesNotContain("t0ps3cret");
    }

}
