package dev.vigil.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The alert types Vigil raises, read from {@code alerts/catalogue.yaml} on the class path (the
 * machine-readable twin of {@code docs/ALERTS.md}).
 *
 * <p>Immutable and thread-safe once loaded.
 */
public final class AlertCatalogue {
    private static final String RESOURCE = "/alerts/catalogue.yaml";
    private static volatile AlertCatalogue builtIn;

    private final Map<String, AlertType> types;

    private AlertCatalogue(Map<String, AlertType> types) {
        this.types = Collections.unmodifiableMap(types);
    }

    /** The catalogue that ships with Vigil. */
    public static AlertCatalogue builtIn() {
        AlertCatalogue c = builtIn;
        if (c == null) {
            synchronized (AlertCatalogue.class) {
                c = builtIn;
                if (c == null) {
                    try (InputStream in = AlertCatalogue.class.getResourceAsStream(RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException(RESOURCE + " is missing from the class path");
                        }
                        c = read(in, RESOURCE);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + RESOURCE, e);
                    }
                    builtIn = c;
                }
            }
        }
        return c;
    }

    /** Reads a catalogue; {@code name} is used in error messages. */
    public static AlertCatalogue read(InputStream in, String name) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
        JsonNode list = root == null ? null : root.get("types");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException(name + ": expected a top-level 'types' list");
        }
        Map<String, AlertType> types = new LinkedHashMap<>();
        int i = 0;
        for (JsonNode n : list) {
            i++;
            String typeName = text(n, "name", name, i, null);
            try {
                AlertType t = new AlertType(
                        typeName,
                        text(n, "title", name, i, typeName),
                        text(n, "family", name, i, typeName),
                        Severity.parse(text(n, "severity", name, i, typeName)),
                        strings(n.get("tactics")),
                        strings(n.get("techniques")),
                        n.path("description").asText(""),
                        strings(n.get("remediation")),
                        n.path("defender").asText(""),
                        n.path("test").asBoolean(false));
                if (types.put(t.name(), t) != null) {
                    throw new IllegalArgumentException("duplicate type");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ": type " + typeName + ": " + e.getMessage(), e);
            }
        }
        return new AlertCatalogue(types);
    }

    private static String text(JsonNode n, String field, String file, int index, String type) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(file + ": entry " + index
                    + (type == null ? "" : " (" + type + ")") + ": missing text field '" + field + "'");
        }
        return v.asText();
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            // A ": " inside an unquoted YAML item silently turns it into a map, whose asText() is "".
            for (JsonNode e : n) {
                if (!e.isValueNode() || e.isNull()) {
                    throw new IllegalArgumentException("list item is not plain text (quote it if it holds ': '): " + e);
                }
                out.add(e.asText());
            }
        }
        return out;
    }

    public Optional<AlertType> find(String name) {
        return Optional.ofNullable(types.get(name));
    }

    /** The type called {@code name}; an unknown name is a programming or rule-file error. */
    public AlertType get(String name) {
        AlertType t = types.get(name);
        if (t == null) {
            throw new IllegalArgumentException("unknown alert type '" + name + "'");
        }
        return t;
    }

    public Collection<AlertType> all() {
        return types.values();
    }
}
