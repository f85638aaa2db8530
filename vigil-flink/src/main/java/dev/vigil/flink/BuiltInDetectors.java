package dev.vigil.flink;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.Detector;
import dev.vigil.detect.KeyedDetector;
import dev.vigil.detect.behaviour.BehaviourDetectors;
import dev.vigil.detect.process.ProcessRules;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in keyed detectors, found by id. Flink ships functions to its task managers
 * serialised, so the job's functions carry a detector's id and build the detector where they run.
 */
public final class BuiltInDetectors {
    private BuiltInDetectors() {}

    /** The built-in keyed detectors, as {@code vigil scan} runs them. */
    public static List<KeyedDetector> all() {
        AlertCatalogue c = AlertCatalogue.builtIn();
        List<KeyedDetector> out = new ArrayList<>(BehaviourDetectors.defaults(c));
        for (Detector d : ProcessRules.defaults(c, false)) {
            if (d instanceof KeyedDetector k) {
                out.add(k);
            }
        }
        return out;
    }

    /** The built-in keyed detector named {@code id}. */
    public static KeyedDetector byId(String id) {
        return all().stream().filter(d -> d.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no built-in keyed detector with id " + id));
    }
}
