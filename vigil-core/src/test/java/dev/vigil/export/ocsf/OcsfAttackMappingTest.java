package dev.vigil.export.ocsf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alert.Alert;
import dev.vigil.alert.TriagedAlert;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.AlertType;
import dev.vigil.export.AlertWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** OCSF 2004 attacks checked against ATT&CK for every type in the catalogue. */
class OcsfAttackMappingTest {
    static JsonNode exported(AlertType t) throws Exception {
        Alert a = new Alert("0123456789abcdef0123456789abcdef", t, t.severity(), Map.of("ip", "192.0.2.1"),
                1_764_000_000_000L, 1_764_000_000_000L, 1, List.of("r"), List.of());
        StringWriter w = new StringWriter();
        AlertWriter aw = new OcsfExporter().open(w);
        aw.write(TriagedAlert.active(a));
        aw.finish();
        return new ObjectMapper().readTree(w.toString().strip());
    }

    @Test
    void everyCatalogueTechniqueIsKnownToTheMatrix() {
        Set<String> unknown = new TreeSet<>();
        for (AlertType t : AlertCatalogue.builtIn().all()) {
            for (String tq : t.techniques()) {
                if (AttackMatrix.technique(tq).isEmpty()) {
                    unknown.add(t.name() + " " + tq);
                }
            }
            for (String tactic : t.tactics()) {
                assertThat(AttackMatrix.tactic(tactic)).as(t.name() + " tactic " + tactic).isPresent();
            }
        }
        assertThat(unknown).isEmpty();
    }

    /**
     * A type's tactics must be ones its techniques belong to in ATT&CK: a tactic no technique has
     * (Execution on a Web Shell type, whose technique is Persistence) is shown in every export and
     * orders incidents, so it has to be ATT&CK's word, not a guess. Types without techniques (a
     * threat-intel match says who, not how) have nothing to contradict and are left out.
     */
    @Test
    void everyTypeTacticBelongsToOneOfItsTechniques() {
        List<String> wrong = new ArrayList<>();
        for (AlertType t : AlertCatalogue.builtIn().all()) {
            if (t.techniques().isEmpty()) {
                continue;
            }
            Set<String> own = new TreeSet<>();
            for (String tq : t.techniques()) {
                AttackMatrix.technique(tq).ifPresent(x -> x.tactics().forEach(ta -> own.add(ta.name())));
            }
            for (String tactic : t.tactics()) {
                if (!own.contains(tactic)) {
                    wrong.add(t.name() + ": " + tactic + " is not a tactic of " + t.techniques());
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void applicationLayerProtocolIsCommandAndControl() throws Exception {
        AlertType t = AlertCatalogue.builtIn().all().stream().filter(x -> x.techniques().contains("T1071"))
                .findFirst().orElseThrow();
        for (JsonNode at : exported(t).at("/finding_info/attacks")) {
            if (at.at("/technique/uid").asText().equals("T1071")) {
                assertThat(at.at("/tactic/name").asText()).isEqualTo("Command and Control");
                assertThat(at.at("/tactic/uid").asText()).isEqualTo("TA0011");
                assertThat(at.at("/technique/name").asText()).isEqualTo("Application Layer Protocol");
            }
        }
    }

    @Test
    void everyExportedAttackPairsATechniqueWithOneOfItsOwnTactics() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (AlertType t : AlertCatalogue.builtIn().all()) {
            JsonNode attacks = exported(t).at("/finding_info/attacks");
            Set<String> techniques = new TreeSet<>();
            for (JsonNode at : attacks) {
                String uid = at.has("sub_technique") ? at.at("/sub_technique/uid").asText() : at.at("/technique/uid").asText();
                techniques.add(uid);
                List<String> allowed = AttackMatrix.technique(uid).orElseThrow().tactics().stream()
                        .map(AttackMatrix.Tactic::name).toList();
                String tactic = at.at("/tactic/name").asText();
                if (!allowed.contains(tactic)) {
                    wrong.add(t.name() + ": " + uid + " under " + tactic + " (ATT&CK: " + allowed + ")");
                }
                assertThat(AttackMatrix.tactic(tactic).orElseThrow().uid()).isEqualTo(at.at("/tactic/uid").asText());
            }
            assertThat(techniques).as(t.name()).containsExactlyInAnyOrderElementsOf(new TreeSet<>(t.techniques()));
        }
        assertThat(wrong).isEmpty();
    }
}
