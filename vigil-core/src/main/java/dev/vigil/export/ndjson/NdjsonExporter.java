package dev.vigil.export.ndjson;

import dev.vigil.alert.TriagedAlert;
import dev.vigil.export.AlertExporter;
import dev.vigil.export.AlertWriter;
import dev.vigil.export.JsonOutput;
import java.io.IOException;
import java.io.Writer;

/**
 * Newline-delimited JSON: the Defender-shaped alert object of {@link JsonOutput}, one per line.
 * JSON escapes every newline inside values, so a line is always exactly one alert.
 *
 * <p>Stateless and thread-safe.
 */
public final class NdjsonExporter implements AlertExporter {
    @Override
    public String name() {
        return "ndjson";
    }

    @Override
    public String description() {
        return "one Defender-shaped JSON alert per line";
    }

    @Override
    public AlertWriter open(Writer out) {
        return new AlertWriter() {
            @Override
            public void write(TriagedAlert a) throws IOException {
                out.write(JsonOutput.line(JsonOutput.alert(a)));
                out.write('\n');
            }

            @Override
            public void finish() throws IOException {
                out.flush();
            }
        };
    }
}
