package dev.vigil.detect.behaviour;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.AlertType;
import dev.vigil.detect.KeyedDetector;
import dev.vigil.rules.load.RuleFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The behaviour-over-time detectors, configured by the rule files under {@code rules/behaviour/}:
 * each names its detector, its alert type and its thresholds ({@code params}). One registry maps
 * detector names to factories that validate the parameters; an error names the file and the rule id.
 * Each call returns fresh instances: they hold per-client state, so every engine gets its own.
 */
public final class BehaviourDetectors {
    private BehaviourDetectors() {}

    /** A factory: alert type and validated parameters in, detector out. */
    private record Factory(Set<String> params, BiFunction<AlertType, Params, KeyedDetector> make) {}

    private static final Map<String, Factory> REGISTRY = Map.of(
            "probing-burst", new Factory(Set.of("window_seconds", "min_distinct_missing", "min_missing_ratio", "max_clients"),
                    (t, p) -> new ProbingBurstDetector(t, new ProbingBurstDetector.Config(
                            p.seconds("window_seconds"), p.integer("min_distinct_missing"),
                            p.number("min_missing_ratio"), p.integer("max_clients")))),
            "brute-force", new Factory(Set.of("window_seconds", "min_failures", "max_clients"),
                    (t, p) -> new BruteForceDetector(t, new BruteForceDetector.Config(
                            p.seconds("window_seconds"), p.integer("min_failures"), p.integer("max_clients")))),
            "web-fingerprinting", new Factory(Set.of("window_seconds", "min_distinct_files", "max_clients"),
                    (t, p) -> new WebFingerprintingDetector(t, new WebFingerprintingDetector.Config(
                            p.seconds("window_seconds"), p.integer("min_distinct_files"), p.integer("max_clients")))),
            "anomalous-page-access", new Factory(Set.of("learning_hours", "max_known_clients"),
                    (t, p) -> new AnomalousPageAccessDetector(t, new AnomalousPageAccessDetector.Config(
                            p.hours("learning_hours"), p.integer("max_known_clients")))),
            "discovery-burst", new Factory(Set.of("window_seconds", "min_distinct_surveys", "max_parents"),
                    (t, p) -> new dev.vigil.detect.process.DiscoveryBurstDetector(t, new dev.vigil.detect.process.DiscoveryBurstDetector.Config(
                            p.seconds("window_seconds"), p.integer("min_distinct_surveys"), p.integer("max_parents")))),
            "wordpress-theme-injection", new Factory(Set.of("window_hours", "max_edits"),
                    (t, p) -> new WordPressThemeInjectionDetector(t, new WordPressThemeInjectionDetector.Config(
                            p.hours("window_hours"), p.integer("max_edits")))));

    /** The detectors of the built-in behaviour rules. */
    public static List<KeyedDetector> defaults(AlertCatalogue catalogue) {
        return load(RuleFiles.builtIn(), "behaviour", catalogue);
    }

    /** The detectors of the behaviour rule files in {@code dir}, in file-name order. */
    public static List<KeyedDetector> load(Path dir, AlertCatalogue catalogue) {
        return load(RuleFiles.of(dir), "", catalogue);
    }

    private static List<KeyedDetector> load(RuleFiles files, String folder, AlertCatalogue catalogue) {
        List<KeyedDetector> out = new ArrayList<>();
        List<String> names;
        try {
            names = files.list(folder, false, ".yaml");
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("cannot read behaviour rules in " + files + ": " + e.getCause().getMessage(), e);
        }
        for (String name : names) {
            out.add(read(files, name, catalogue));
        }
        return out;
    }

    static KeyedDetector read(Path file, AlertCatalogue catalogue) {
        return read(RuleFiles.of(file.toAbsolutePath().getParent()), file.getFileName().toString(), catalogue);
    }

    private static KeyedDetector read(RuleFiles files, String name, AlertCatalogue catalogue) {
        JsonNode n;
        String fileName = name.substring(name.lastIndexOf('/') + 1);
        try (InputStream in = files.open(name)) {
            n = new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new IllegalArgumentException(fileName + ": not valid YAML: " + e.getMessage(), e);
        }
        String id = n == null ? null : n.path("id").asText(null);
        String where = fileName + (id == null ? "" : " (rule " + id + ")");
        if (id == null) {
            throw new IllegalArgumentException(where + ": missing 'id'");
        }
        Factory f = REGISTRY.get(n.path("detector").asText(""));
        if (f == null) {
            throw new IllegalArgumentException(where + ": unknown detector '" + n.path("detector").asText("")
                    + "' (expected one of " + String.join(", ", new java.util.TreeSet<>(REGISTRY.keySet())) + ")");
        }
        AlertType type = catalogue.find(n.path("type").asText("")).orElseThrow(() ->
                new IllegalArgumentException(where + ": unknown alert type '" + n.path("type").asText("") + "'"));
        JsonNode params = n.path("params");
        for (Iterator<String> it = params.fieldNames(); it.hasNext(); ) {
            String p = it.next();
            if (!f.params().contains(p)) {
                throw new IllegalArgumentException(where + ": unknown parameter '" + p + "' (expected "
                        + String.join(", ", new java.util.TreeSet<>(f.params())) + ")");
            }
        }
        try {
            return f.make().apply(type, new Params(params, f.params()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /** Typed access to a rule's parameters; every declared parameter is required. */
    private record Params(JsonNode node, Set<String> declared) {
        double number(String name) {
            JsonNode v = node.get(name);
            if (v == null || !v.isNumber()) {
                throw new IllegalArgumentException("parameter '" + name + "' must be a number");
            }
            return v.asDouble();
        }

        int integer(String name) {
            double d = number(name);
            if (d != Math.rint(d) || d > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("parameter '" + name + "' must be a whole number");
            }
            return (int) d;
        }

        long seconds(String name) {
            return Math.round(number(name) * 1000);
        }

        long hours(String name) {
            return Math.round(number(name) * 3_600_000);
        }
    }
}
