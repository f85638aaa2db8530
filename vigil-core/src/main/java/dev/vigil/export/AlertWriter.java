package dev.vigil.export;

import dev.vigil.alert.TriagedAlert;
import java.io.IOException;

/**
 * Writes alerts of one export document. {@link #finish} ends the document (a JSON array's
 * closing bracket) and flushes; it never closes the underlying writer, which belongs to the caller.
 *
 * <p>Not thread-safe.
 */
public interface AlertWriter {
    void write(TriagedAlert alert) throws IOException;

    void finish() throws IOException;
}
