package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract on a real PostgreSQL ({@link PostgresServer}: one server per run, a database per
 * test), and what only PostgreSQL does.
 */
class PostgresAlertStoreTest extends AlertStoreContract {
    private String url;

    @BeforeEach
    void database() {
        url = PostgresServer.freshDatabase();
    }

    @Override
    AlertStore open() {
        return AlertStores.open(url);
    }

    @Test
    void aDatabaseThatDoesNotExistIsAnErrorNamingItWithoutThePassword() {
        String base = PostgresServer.adminUrl();
        String missing = base.replace("/postgres?", "/no_such_db?") + "&password=s3cret";
        assertThatThrownBy(() -> AlertStores.open(missing)).isInstanceOf(StoreException.class)
                .hasMessageContaining("no_such_db").hasMessageNotContaining("s3cret");
    }

    @Test
    void twoStoresOnOneDatabaseSeeEachOthersWrites() {
        try (AlertStore a = open(); AlertStore b = open()) {
            a.upsert(StoreFaultsTest.alerts("ab", 3), dev.vigil.alert.suppress.Suppressor.none(), "t");
            assertThat(b.list(AlertQuery.all())).hasSize(3);
        }
    }
}
