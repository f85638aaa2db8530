package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** How {@code --db postgresql://...} is read, and that its password never reaches a message. */
class PostgresUrlTest {
    @Test
    void userAndPasswordInTheUrlBecomePropertiesAndTheRedactedFormDropsThePassword() {
        PostgresUrl u = PostgresUrl.parse("postgresql://vigil:p%40ss@db.example:5433/alerts?sslmode=require", null);
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5433/alerts");
        assertThat(u.properties()).containsEntry("user", "vigil").containsEntry("password", "p@ss")
                .containsEntry("sslmode", "require");
        assertThat(u.redacted()).isEqualTo("postgresql://vigil@db.example:5433/alerts?sslmode=require")
                .doesNotContain("p@ss").doesNotContain("p%40ss");
        assertThat(u.toString()).isEqualTo(u.redacted());
    }

    @Test
    void aPasswordParameterIsHiddenAndPgpasswordFillsInWhenNoneIsGiven() {
        PostgresUrl given = PostgresUrl.parse("postgres://h/db?user=a&password=secret&ApplicationName=v", "env");
        assertThat(given.properties()).containsEntry("password", "secret").containsEntry("user", "a");
        assertThat(given.redacted()).isEqualTo("postgresql://h/db?user=a&ApplicationName=v");
        PostgresUrl fromEnv = PostgresUrl.parse("postgresql://h/db?user=a", "env");
        assertThat(fromEnv.properties()).containsEntry("password", "env");
        assertThat(PostgresUrl.parse("postgresql://h/db?user=a", null).properties()).doesNotContainKey("password");
    }

    @Test
    void onlyPostgresUrlsAreRecognisedAndIncompleteOnesRefused() {
        assertThat(PostgresUrl.matches("POSTGRESQL://h/db")).isTrue();
        assertThat(PostgresUrl.matches("vigil.db")).isFalse();
        assertThat(PostgresUrl.matches("/data/postgresql://x")).isFalse();
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://h", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HOST");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql:///db", null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(AlertStores.describe("postgresql://u:pw@h/db")).isEqualTo("postgresql://u@h/db");
        assertThatThrownBy(() -> AlertStores.open("postgresql://u:pw@h")).isInstanceOf(StoreException.class)
                .hasMessageNotContaining("pw");
    }
}
