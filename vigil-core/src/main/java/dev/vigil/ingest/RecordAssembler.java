package dev.vigil.ingest;

import dev.vigil.event.Event;
import java.util.function.Consumer;

/**
 * For formats whose events span several lines that may arrive out of order and interleaved with
 * other events' lines (auditd writes SYSCALL, EXECVE, CWD, PATH and PROCTITLE records of one
 * event under one {@code msg=audit(time:serial)} key). The engine feeds an assembler every line
 * of one source in order, on one thread, and calls {@link #finish} at the end of the source.
 * Memory must stay bounded: incomplete events are emitted or dropped (with a reject) once too
 * many are pending.
 *
 * <p>Not thread-safe: one instance per source.
 */
public interface RecordAssembler {

    /** Takes one line; emits zero or more completed events to {@code out}. Never throws on input. */
    void accept(Line line, LineParser.Rejects rejects, Consumer<Event> out);

    /** The source ended: emits what is still pending and can stand as an event. */
    void finish(LineParser.Rejects rejects, Consumer<Event> out);

    /**
     * Whether no record is half read: a fresh assembler fed the lines that follow would give the
     * events this one gives. A caller that must survive a restart (the Flink job's parser state
     * in checkpoints) then needs to keep none of the lines fed so far; while it is false it keeps
     * them, to feed them again to a fresh assembler. The default, false, is always safe.
     */
    default boolean idle() {
        return false;
    }
}
