package dev.vigil.ingest;

/**
 * A log format: names itself and makes a parser for each source. One implementation per format
 * (package {@code ingest.<format>}); {@link Formats} is the registry that names them all.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface LineFormat {

    /** The name users give to {@code --input}, such as {@code combined} or {@code w3c}. */
    String name();

    /** A parser for one source; stateful formats return a fresh one each time. */
    LineParser newParser();

    /**
     * For formats whose events span several lines (auditd): a fresh assembler for one source,
     * which the engine then uses instead of {@link #newParser()}. {@code null} (the default) for
     * formats with one event per line.
     */
    default RecordAssembler newAssembler() {
        return null;
    }
}
