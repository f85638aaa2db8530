package dev.vigil.export.json;

import dev.vigil.alert.TriagedAlert;
import dev.vigil.export.AlertExporter;
import dev.vigil.export.AlertWriter;
import dev.vigil.export.JsonOutput;
import java.io.IOException;
import java.io.Writer;

/**
 * A JSON array of alerts in the Defender for Cloud shape ({@link JsonOutput#alert(TriagedAlert)}),
 * one alert per line inside the brackets so the file also reads well in a pager.
 *
 * <p>Stateless and thread-safe.
 */
public final class JsonExporter implements AlertExporter {
    @Override
    public String name() {
        return "json";
    }

    @Override
    public String description() {
        return "a JSON array of alerts with Defender for Cloud field names";
    }

    @Override
    public AlertWriter open(Writer out) {
        return new AlertWriter() {
            private boolean first = true;

            @Override
            public void write(TriagedAlert a) throws IOException {
                out.write(first ? "[\n" : ",\n");
                first = false;
                out.write(JsonOutput.line(JsonOutput.alert(a)));
            }

            @Override
            public void finish() throws IOException {
                out.write(first ? "[]\n" : "\n]\n");
                out.flush();
            }
        };
    }
}
