package dev.vigil.export;

import java.io.Writer;

/**
 * One export format. {@link #open} starts a document on a writer; the returned
 * {@link AlertWriter} takes alerts one at a time, so an export streams whatever its size.
 *
 * <p>Implementations are stateless and thread-safe; their writers are not.
 */
public interface AlertExporter {
    /** The format's name on the command line, such as {@code cef}. */
    String name();

    /** One line for {@code --help}. */
    String description();

    AlertWriter open(Writer out);
}
