package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alert.AlertStatus;
import dev.vigil.catalogue.Severity;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Incident ids that survive regrouping, and incident triage with history. */
class IncidentTriageTest {
    @TempDir
    Path dir;

    /** An incident as the correlator computes it: its id hashes its alert ids. */
    static StoredIncident computed(String... alertIds) {
        String id = "inc-" + Integer.toHexString(String.join(",", alertIds).hashCode());
        return new StoredIncident(id, "Attack", Severity.HIGH, "attempted", "story", List.of(alertIds),
                List.of("203.0.113.9"), List.of("shop.example"), 1_000L, 2_000L, 0L, null);
    }

    @Test
    void anIncidentKeepsItsIdWhenAnAlertLeavesOrJoins() {
        try (SqliteAlertStore s = SqliteAlertStore.open(dir.resolve("vigil.db"))) {
            String id = s.replaceIncidents(List.of(computed("a1", "a2", "a3"))).get(0).id();
            // a suppression dismissed a3: the recomputed incident hashes to another id
            assertThat(computed("a1", "a2").id()).isNotEqualTo(id);
            assertThat(s.replaceIncidents(List.of(computed("a1", "a2"))).get(0).id()).isEqualTo(id);
            assertThat(s.incident(id)).isPresent();
            // a later scan added a4 and a5
            assertThat(s.replaceIncidents(List.of(computed("a1", "a2", "a4", "a5"))).get(0).id()).isEqualTo(id);
            assertThat(s.incident(id).orElseThrow().alertIds()).containsExactly("a1", "a2", "a4", "a5");
        }
    }

    @Test
    void aSplitKeepsTheIdOnTheLargerPartAndAMergeRemembersTheOtherId() {
        try (SqliteAlertStore s = SqliteAlertStore.open(dir.resolve("vigil.db"))) {
            List<StoredIncident> two = s.replaceIncidents(List.of(computed("a1", "a2", "a3"), computed("b1")));
            String a = two.get(0).id();
            String b = two.get(1).id();
            List<StoredIncident> merged = s.replaceIncidents(List.of(computed("a1", "a2", "a3", "b1")));
            assertThat(merged).singleElement().satisfies(i -> assertThat(i.id()).isEqualTo(a));
            assertThat(s.incident(b)).isEmpty();
            assertThat(s.incidentAlias(b)).contains(a);
            List<StoredIncident> split = s.replaceIncidents(List.of(computed("a1"), computed("a2", "a3")));
            assertThat(split.get(1).id()).isEqualTo(a);
            assertThat(split.get(0).id()).isNotEqualTo(a);
            s.replaceIncidents(List.of());
            assertThat(s.incidentAlias(a)).contains(""); // its alerts are gone
        }
    }

    @Test
    void statusAndHistoryFollowTheIncidentAcrossRegrouping() {
        try (SqliteAlertStore s = SqliteAlertStore.open(dir.resolve("vigil.db"))) {
            String id = s.replaceIncidents(List.of(computed("a1", "a2"))).get(0).id();
            StatusChange c = s.setIncidentStatus(id.substring(0, 6), AlertStatus.IN_PROGRESS, "dana", "looking");
            assertThat(c.from()).isEqualTo(AlertStatus.ACTIVE);
            assertThat(s.replaceIncidents(List.of(computed("a1", "a2", "a3"))).get(0).status())
                    .isEqualTo(AlertStatus.IN_PROGRESS);
            s.setIncidentStatus(id, AlertStatus.RESOLVED, "dana", "patched");
            assertThat(s.incident(id).orElseThrow().status()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(s.incidentHistory(id)).extracting(StatusChange::to, StatusChange::comment)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(AlertStatus.IN_PROGRESS, "looking"),
                            org.assertj.core.groups.Tuple.tuple(AlertStatus.RESOLVED, "patched"));
            assertThatThrownBy(() -> s.setIncidentStatus("inc-none", AlertStatus.RESOLVED, "d", ""))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void alertsForIncidentsAreBoundedAndCarryNoEvidence() {
        try (SqliteAlertStore s = SqliteAlertStore.open(dir.resolve("vigil.db"))) {
            s.upsert(StoreFaultsTest.alerts("ee", 50), dev.vigil.alert.suppress.Suppressor.none(), "t");
            List<dev.vigil.alert.Alert> got = s.alertsForIncidents(20);
            assertThat(got).hasSize(20).allSatisfy(a -> assertThat(a.evidence()).isEmpty());
            // most recently seen first
            assertThat(got.get(0).lastSeen()).isGreaterThan(got.get(19).lastSeen());
            s.setStatus(got.get(0).id(), AlertStatus.DISMISSED, "t", "");
            assertThat(s.alertsForIncidents(100)).hasSize(49).noneMatch(a -> a.id().equals(got.get(0).id()));
        }
    }
}
