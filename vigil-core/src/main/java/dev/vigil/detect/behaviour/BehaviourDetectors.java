package dev.vigil.detect.behaviour;

import dev.vigil.detect.AlertCatalogue;
import dev.vigil.detect.SequentialDetector;
import java.util.List;

/**
 * The behaviour-over-time detectors with their default thresholds. Each call returns fresh
 * instances: they hold per-client state, so every engine gets its own.
 */
public final class BehaviourDetectors {
    private BehaviourDetectors() {}

    public static List<SequentialDetector> defaults(AlertCatalogue c) {
        return List.of(
                new ProbingBurstDetector(c.get("ProbingBurst"), ProbingBurstDetector.Config.DEFAULT),
                new BruteForceDetector(c.get("BruteForce"), BruteForceDetector.Config.DEFAULT),
                new WebFingerprintingDetector(c.get("WebFingerprinting"), WebFingerprintingDetector.Config.DEFAULT),
                new AnomalousPageAccessDetector(c.get("AnomalousPageAccess"), AnomalousPageAccessDetector.Config.DEFAULT),
                new WordPressThemeInjectionDetector(c.get("WordPressThemeInjection"),
                        WordPressThemeInjectionDetector.Config.DEFAULT));
    }
}
