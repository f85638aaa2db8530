package dev.vigil.export.formats;

import dev.vigil.export.AlertExporter;
import dev.vigil.export.cef.CefExporter;
import dev.vigil.export.csv.CsvExporter;
import dev.vigil.export.json.JsonExporter;
import dev.vigil.export.ndjson.NdjsonExporter;
import dev.vigil.export.ocsf.OcsfExporter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of export formats, by name. The one place a new format is added.
 *
 * <p>Immutable and thread-safe.
 */
public final class Exporters {
    private static final Map<String, AlertExporter> BY_NAME = new LinkedHashMap<>();

    static {
        for (AlertExporter e : List.of(new JsonExporter(), new NdjsonExporter(), new CsvExporter(),
                new CefExporter(), new OcsfExporter())) {
            BY_NAME.put(e.name(), e);
        }
    }

    private Exporters() {}

    public static Optional<AlertExporter> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name.trim().toLowerCase(Locale.ROOT)));
    }

    /** The exporter called {@code name}; the message lists the known names otherwise. */
    public static AlertExporter get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown export format '" + name + "' (expected " + String.join(", ", names()) + ")"));
    }

    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }
}
