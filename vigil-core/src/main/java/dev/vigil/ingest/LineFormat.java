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

    /**
     * As {@link #newAssembler()}, for a scan whose lines may be at most {@code maxLineLength}
     * bytes long ({@code --max-line-length}): formats that join several lines into one (container
     * logs' partial lines) cut the joined line there. The default ignores the limit.
     */
    default RecordAssembler newAssembler(int maxLineLength) {
        return newAssembler();
    }

    /**
     * Whether a line this format's parser returns {@code null} for without a reject is still a
     * line of this format: an event of a kind Vigil does not read (a Falco file-open alert, a
     * Tetragon process exit), counted as a line and skipped. Sniffing then counts such lines as
     * read, so that a sensor log that holds few process starts is still recognised. The default
     * (false) leaves those lines out of sniffing, as W3C's directive lines are.
     */
    default boolean recognisesSkipped() {
        return false;
    }
}
