package dev.vigil.server.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertStatus;
import dev.vigil.alert.Evidence;
import dev.vigil.alert.suppress.IpRange;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.Severity;
import dev.vigil.store.StoredAlert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The policy and the per-bouncer stream, on a clock the test moves. */
class DecisionBookTest {
    static final long NOW = 1_800_000_000_000L;
    final AtomicLong clock = new AtomicLong(NOW);
    final List<StoredAlert> alerts = new ArrayList<>();
    final DecisionPolicy policy = new DecisionPolicy(Set.of(), Severity.HIGH, Duration.ofHours(1),
            List.of(IpRange.parse("10.0.0.0/8"), IpRange.parse("192.0.2.10")));
    final DecisionBook book = new DecisionBook(policy, () -> List.copyOf(alerts), clock::get);

    static StoredAlert stored(String id, String type, Severity sev, String ip, AlertStatus status, long lastSeen) {
        Alert a = new Alert(id, AlertCatalogue.builtIn().get(type), sev, ip == null ? Map.of() : Map.of("ip", ip), lastSeen,
                lastSeen, 1, List.of("r"), List.of(new Evidence("x.log", 1, lastSeen, "r", "f", "v", "v")));
        return new StoredAlert(a, status, null, lastSeen, lastSeen);
    }

    void tick(long millis) {
        clock.addAndGet(millis);
    }

    @Test
    void theStreamSendsEverythingAtStartupThenOnlyChangesPerBouncer() {
        alerts.add(stored("a1", "SqlInjectionAttempt", Severity.HIGH, "203.0.113.1", AlertStatus.ACTIVE, NOW));
        alerts.add(stored("a2", "ScannerDetected", Severity.MEDIUM, "203.0.113.2", AlertStatus.ACTIVE, NOW)); // below the bar
        alerts.add(stored("a3", "SqlInjectionAttempt", Severity.HIGH, "10.1.2.3", AlertStatus.ACTIVE, NOW)); // allow-listed
        alerts.add(stored("a4", "SqlInjectionAttempt", Severity.HIGH, "192.0.2.10", AlertStatus.ACTIVE, NOW)); // allow-listed
        alerts.add(stored("a5", "SqlInjectionAttempt", Severity.HIGH, "not an ip<script>", AlertStatus.ACTIVE, NOW));
        alerts.add(stored("a6", "SqlInjectionAttempt", Severity.HIGH, "198.51.100.6", AlertStatus.DISMISSED, NOW));
        alerts.add(stored("a7", "CrossSiteScriptingAttempt", Severity.HIGH, "198.51.100.7", AlertStatus.RESOLVED, NOW));

        DecisionBook.Delta first = book.poll("fw", true);
        assertThat(first.added()).extracting(Decision::ip).containsExactlyInAnyOrder("203.0.113.1", "198.51.100.7");
        assertThat(first.deleted()).isEmpty();
        assertThat(first.added()).allSatisfy(d -> assertThat(d.until()).isEqualTo(NOW + 3_600_000));
        // a second bouncer starting up gets the same; the first one, polling again, gets nothing new
        assertThat(book.poll("nginx", true).added()).hasSize(2);
        DecisionBook.Delta quiet = book.poll("fw", false);
        assertThat(quiet.added()).isEmpty();
        assertThat(quiet.deleted()).isEmpty();

        // the XSS alert is dismissed (a false positive): its block is deleted; a new attacker appears
        alerts.set(6, stored("a7", "CrossSiteScriptingAttempt", Severity.HIGH, "198.51.100.7", AlertStatus.DISMISSED, NOW));
        alerts.add(stored("a8", "ReverseShell", Severity.HIGH, "203.0.113.8", AlertStatus.ACTIVE, NOW + 60_000));
        tick(DecisionBook.REFRESH_MILLIS + 1);
        DecisionBook.Delta change = book.poll("fw", false);
        assertThat(change.added()).extracting(Decision::ip).containsExactly("203.0.113.8");
        assertThat(change.added().get(0).scenario()).isEqualTo("vigil/ReverseShell");
        assertThat(change.deleted()).extracting(Decision::ip).containsExactly("198.51.100.7");

        // an hour on, the first decision expires and is deleted; the later one lives a minute more
        tick(3_600_000 - DecisionBook.REFRESH_MILLIS - 1);
        DecisionBook.Delta expired = book.poll("fw", false);
        assertThat(expired.deleted()).extracting(Decision::ip).containsExactly("203.0.113.1");
        assertThat(expired.added()).isEmpty();
        assertThat(book.forIp("203.0.113.8")).hasSize(1);
        assertThat(book.forIp("203.0.113.1")).isEmpty();
    }

    @Test
    void moreActivityExtendsADecisionAndTheBouncerIsToldAgain() {
        alerts.add(stored("a1", "SqlInjectionAttempt", Severity.HIGH, "203.0.113.1", AlertStatus.ACTIVE, NOW));
        long id = book.poll("fw", true).added().get(0).id();
        alerts.add(stored("a2", "CommandInjectionAttempt", Severity.HIGH, "203.0.113.1", AlertStatus.ACTIVE, NOW + 600_000));
        tick(DecisionBook.REFRESH_MILLIS + 1);
        DecisionBook.Delta d = book.poll("fw", false);
        assertThat(d.added()).hasSize(1);
        assertThat(d.added().get(0).until()).isEqualTo(NOW + 600_000 + 3_600_000);
        assertThat(d.added().get(0).id()).isEqualTo(id);
        assertThat(d.added().get(0).alerts()).isEqualTo(2);
    }

    @Test
    void onlyTheListedTypesBlockWhenTypesAreGiven() {
        DecisionPolicy sqliOnly = new DecisionPolicy(Set.of("SqlInjectionAttempt"), Severity.LOW, Duration.ofMinutes(5), List.of());
        assertThat(sqliOnly.blocks(stored("a", "SqlInjectionAttempt", Severity.LOW, "203.0.113.1", AlertStatus.ACTIVE, NOW)))
                .isEqualTo("203.0.113.1");
        assertThat(sqliOnly.blocks(stored("b", "ScannerDetected", Severity.HIGH, "203.0.113.1", AlertStatus.ACTIVE, NOW))).isNull();
        assertThat(sqliOnly.blocks(stored("c", "SqlInjectionAttempt", Severity.HIGH, null, AlertStatus.ACTIVE, NOW))).isNull();
    }

    @Test
    void durationsAreWrittenAsGoWritesThem() {
        assertThat(DecisionBook.goDuration(3 * 3_600_000L + 59 * 60_000L + 58_900)).isEqualTo("3h59m58s");
        assertThat(DecisionBook.goDuration(61_000)).isEqualTo("1m1s");
        assertThat(DecisionBook.goDuration(3_600_000)).isEqualTo("1h0m0s");
        assertThat(DecisionBook.goDuration(-726_000)).isEqualTo("-12m6s");
        assertThat(DecisionBook.goDuration(400)).isEqualTo("0s");
    }
}
