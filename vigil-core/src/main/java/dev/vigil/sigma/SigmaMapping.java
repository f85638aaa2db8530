package dev.vigil.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.AlertType;
import dev.vigil.catalogue.Severity;
import dev.vigil.rules.Field;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one table that says how a Sigma rule reads Vigil's events: field names per logsource
 * category, the fields a keyword is searched in, levels to severities, and ATT&amp;CK tags to alert
 * types. Read from {@code /sigma/mapping.yaml} on the class path.
 *
 * <p>Immutable and thread-safe once built.
 */
final class SigmaMapping {
    static final String RESOURCE = "/sigma/mapping.yaml";
    /** The logsource categories Vigil has events for. */
    public static final String PROCESS = "process_creation";
    public static final String WEB = "webserver";

    private final Map<String, Map<String, Field>> fields;
    private final Map<String, List<Field>> keywordFields;
    private final Map<String, Severity> levels;
    private final Map<String, Map<String, AlertType>> techniqueTypes;
    private final Map<String, Map<String, AlertType>> tacticTypes;
    private final Map<String, AlertType> defaultTypes;

    private SigmaMapping(JsonNode root, AlertCatalogue catalogue) {
        fields = new LinkedHashMap<>();
        keywordFields = new LinkedHashMap<>();
        techniqueTypes = new LinkedHashMap<>();
        tacticTypes = new LinkedHashMap<>();
        defaultTypes = new LinkedHashMap<>();
        for (String cat : List.of(PROCESS, WEB)) {
            Map<String, Field> m = new LinkedHashMap<>();
            root.path("fields").path(cat).properties().forEach(e -> m.put(e.getKey().toLowerCase(Locale.ROOT),
                    Field.parse(e.getValue().asText())));
            fields.put(cat, Collections.unmodifiableMap(m));
            List<Field> kw = new ArrayList<>();
            root.path("keywords").path(cat).forEach(f -> kw.add(Field.parse(f.asText())));
            keywordFields.put(cat, List.copyOf(kw));
            JsonNode t = root.path("types").path(cat);
            techniqueTypes.put(cat, types(t.path("techniques"), catalogue));
            tacticTypes.put(cat, types(t.path("tactics"), catalogue));
            defaultTypes.put(cat, type(t.path("default").asText(), catalogue));
        }
        Map<String, Severity> lv = new LinkedHashMap<>();
        root.path("levels").properties().forEach(e -> lv.put(e.getKey(), Severity.parse(e.getValue().asText())));
        levels = Collections.unmodifiableMap(lv);
    }

    private static volatile SigmaMapping builtIn;

    /** The mapping that ships with Vigil, over the built-in alert catalogue. */
    public static SigmaMapping builtIn() {
        SigmaMapping m = builtIn;
        if (m == null) {
            try (InputStream in = SigmaMapping.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the class path");
                }
                m = new SigmaMapping(new ObjectMapper(new YAMLFactory()).readTree(in), AlertCatalogue.builtIn());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
            builtIn = m;
        }
        return m;
    }

    private static Map<String, AlertType> types(JsonNode n, AlertCatalogue catalogue) {
        Map<String, AlertType> m = new LinkedHashMap<>();
        n.properties().forEach(e -> m.put(e.getKey().toLowerCase(Locale.ROOT), type(e.getValue().asText(), catalogue)));
        return Collections.unmodifiableMap(m);
    }

    private static AlertType type(String name, AlertCatalogue catalogue) {
        return catalogue.find(name).orElseThrow(() -> new IllegalStateException(
                RESOURCE + ": unknown alert type '" + name + "'"));
    }

    /** The Vigil field a Sigma field name maps to in {@code category}, compared without case. */
    public Optional<Field> field(String category, String sigmaName) {
        Map<String, Field> m = fields.get(category);
        return m == null ? Optional.empty() : Optional.ofNullable(m.get(sigmaName.toLowerCase(Locale.ROOT)));
    }

    /** The whole field table of a category, Sigma name (lower case) to Vigil field. */
    public Map<String, Field> fields(String category) {
        return fields.getOrDefault(category, Map.of());
    }

    public List<Field> keywordFields(String category) {
        return keywordFields.getOrDefault(category, List.of());
    }

    /** The severity of a Sigma level, or empty for an unknown one. */
    public Optional<Severity> severity(String level) {
        return Optional.ofNullable(level == null ? null : levels.get(level.toLowerCase(Locale.ROOT)));
    }

    /**
     * The alert type for a rule of {@code category} with these tags: the first technique with an
     * entry (longest prefix first), then the first tactic, then the category's default.
     */
    public AlertType type(String category, List<String> tags) {
        Map<String, AlertType> tech = techniqueTypes.get(category);
        for (String tag : tags) {
            String t = tag.toLowerCase(Locale.ROOT);
            if (!t.startsWith("attack.t")) {
                continue;
            }
            String id = t.substring("attack.".length());
            while (true) {
                AlertType a = tech.get(id);
                if (a != null) {
                    return a;
                }
                int dot = id.lastIndexOf('.');
                if (dot < 0) {
                    break;
                }
                id = id.substring(0, dot);
            }
        }
        Map<String, AlertType> tac = tacticTypes.get(category);
        for (String tag : tags) {
            String t = tag.toLowerCase(Locale.ROOT);
            if (t.startsWith("attack.") && tac.containsKey(t.substring(7).replace('_', '-'))) {
                return tac.get(t.substring(7).replace('_', '-'));
            }
        }
        return defaultTypes.get(category);
    }
}
