package dev.vigil.ingest;

import dev.vigil.event.Event;

/**
 * Turns one line of one source into an event.
 *
 * <p>A parser never throws on bad input: it reports why a line is not an event through
 * {@link Rejects} and returns {@code null}. Returning {@code null} without a reject means the line
 * carried no event by design (a blank line, a W3C {@code #} directive).
 *
 * <p>Thread-safety: a parser that is not {@link #stateful()} is shared by all worker threads and
 * must be immutable. A stateful parser (its result depends on earlier lines of the same source, as
 * W3C's {@code #Fields:} header does) is used by one thread at a time; the reader keeps one copy
 * up to date by feeding it the directive lines in file order, and hands each chunk a
 * {@link #snapshot()} taken at the chunk's first line.
 */
public interface LineParser {

    /** @return the event, or {@code null} when the line holds none (see the class comment) */
    Event parse(Line line, Rejects rejects);

    /** Whether earlier lines of the same source change how later lines parse. */
    default boolean stateful() {
        return false;
    }

    /**
     * For stateful parsers: whether this line changes the parser's state (and so must be fed to
     * the reader's tracking copy). Only called when {@link #stateful()} is true.
     */
    default boolean isDirective(Line line) {
        return false;
    }

    /** For stateful parsers: an independent copy with the current state. Stateless: {@code this}. */
    default LineParser snapshot() {
        return this;
    }

    /** Receives the reason a line could not be parsed, and warnings about lines that were. */
    @FunctionalInterface
    interface Rejects {
        void reject(String reason);

        /**
         * The line was read, but something in it deserves the user's attention (a W3C
         * {@code #Fields:} header that names a column twice). Counted as repaired, with
         * file:line; the default drops it, for callers that only need the events.
         */
        default void warn(String reason) {
        }

        /** Drops every reason: for tracking copies that only need the state. */
        Rejects IGNORE = reason -> { };
    }
}
