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
 *
 * <p>Built once per class loader and shared: compiling the process rules takes seconds, and a job
 * has a key selector, a filter and a function per detector and subtask. Sharing is safe because a
 * keyed detector holds configuration only (its state lives behind the key context) and is
 * thread-safe. Thread-safe.
 */
public final class BuiltInDetectors {
    private BuiltInDetectors() {}

    private static volatile List<KeyedDetector> built;

    /** The built-in keyed detectors, as {@code vigil scan} runs them. */
    public static List<KeyedDetector> all() {
        List<KeyedDetector> b = built;
        if (b == null) {
            synchronized (BuiltInDetectors.class) {
                b = built;
                if (b == null) {
                    b = List.copyOf(build());
                    built = b;
                }
            }
        }
        return b;
    }

    private static List<KeyedDetector> build() {
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
