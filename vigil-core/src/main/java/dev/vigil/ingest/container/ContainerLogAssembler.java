package dev.vigil.ingest.container;

import dev.vigil.event.Event;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.RecordAssembler;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Turns a container runtime's log lines back into the lines the container wrote: unwraps each
 * ({@link Unwrapper}), joins the partial pieces of a long line (Docker splits at 16 KiB, CRI
 * runtimes mark pieces {@code P}) per stream, so that an interleaved stderr line does not break a
 * stdout one, and hands each whole line to {@link InnerLines}.
 *
 * <p>Joins are bounded: a line whose pieces add up to more than the line limit
 * ({@code --max-line-length}) is cut there, read as far as it goes, and counted as repaired with
 * its length; the rest of its pieces are dropped as they come, so a writer that never ends its
 * line holds at most one limit's worth of memory per stream. A partial line still open at the end
 * of the source is read as it is, with a warning.
 *
 * <p>Not thread-safe: one instance per source, fed in order by one thread.
 */
final class ContainerLogAssembler implements RecordAssembler {

    /** Unwraps one runtime log line. Implementations are stateless and thread-safe. */
    interface Unwrapper {
        /**
         * Reads {@code line} into {@code into}; returns false after a reject, or for a blank line
         * without one.
         */
        boolean unwrap(Line line, LineParser.Rejects rejects, Piece into);
    }

    /** One unwrapped piece; reused for every line. Not thread-safe. */
    static final class Piece {
        byte[] bytes;
        int off;
        int len;
        boolean partial;
        boolean stderr;
        long time;

        void set(byte[] bytes, int off, int len, boolean partial, boolean stderr, long time) {
            this.bytes = bytes;
            this.off = off;
            this.len = len;
            this.partial = partial;
            this.stderr = stderr;
            this.time = time;
        }
    }

    private final Unwrapper unwrapper;
    private final int maxLineLength;
    private final InnerLines inner;
    private final Piece piece = new Piece();
    private final Join stdout = new Join();
    private final Join stderr = new Join();

    ContainerLogAssembler(Unwrapper unwrapper, LineFormat innerFormat, InnerSniffer sniffer, int maxLineLength) {
        this.unwrapper = unwrapper;
        this.maxLineLength = Math.max(1, maxLineLength);
        this.inner = new InnerLines(innerFormat, sniffer, maxLineLength);
    }

    @Override
    public void accept(Line line, LineParser.Rejects rejects, Consumer<Event> out) {
        if (!unwrapper.unwrap(line, rejects, piece)) {
            return;
        }
        Join j = piece.stderr ? stderr : stdout;
        if (j.empty()) {
            if (!piece.partial) {
                // the usual case, a whole line in one piece: no copy
                inner.line(piece.bytes, piece.off, piece.len, line.source(), line.number(), line.offset(), piece.time,
                        rejects, out);
                return;
            }
            j.start(line, piece.time);
        }
        j.append(piece.bytes, piece.off, piece.len);
        if (!piece.partial) {
            flush(j, rejects, out, false);
        }
    }

    /**
     * No partial line is being joined and no inner line is held or half read. A sniffed inner
     * format is taken as settled: a fresh assembler sniffs it again from the lines that follow.
     */
    @Override
    public boolean idle() {
        return stdout.empty() && stderr.empty() && inner.idle();
    }

    @Override
    public void finish(LineParser.Rejects rejects, Consumer<Event> out) {
        for (Join j : new Join[] {stdout, stderr}) {
            if (!j.empty()) {
                flush(j, rejects, out, true);
            }
        }
        inner.finish(rejects, out);
    }

    private void flush(Join j, LineParser.Rejects rejects, Consumer<Event> out, boolean unended) {
        if (j.dropped > 0) {
            rejects.warn(String.format(Locale.ROOT, "line %d: joined from partial lines it is %,d bytes long, cut at "
                    + "the limit of %,d (--max-line-length)", j.number, j.len + j.dropped, maxLineLength));
        }
        if (unended) {
            rejects.warn(String.format(Locale.ROOT, "line %d: partial line never ended (the log stops inside it); "
                    + "read as it is", j.number));
        }
        inner.line(j.buf, 0, j.len, j.source, j.number, j.offset, j.time, rejects, out);
        j.reset();
    }

    /** A line being joined from pieces. Not thread-safe. */
    private final class Join {
        byte[] buf = new byte[256];
        int len;
        long dropped;
        boolean open;
        String source;
        long number;
        long offset;
        long time;

        boolean empty() {
            return !open;
        }

        void start(Line line, long t) {
            open = true;
            source = line.source();
            number = line.number();
            offset = line.offset();
            time = t;
        }

        void append(byte[] b, int off, int n) {
            int room = maxLineLength - len;
            int take = Math.min(room, n);
            if (take > 0) {
                if (len + take > buf.length) {
                    buf = Arrays.copyOf(buf, (int) Math.min(maxLineLength, Math.max(buf.length * 2L, len + take)));
                }
                System.arraycopy(b, off, buf, len, take);
                len += take;
            }
            dropped += n - take;
        }

        void reset() {
            open = false;
            len = 0;
            dropped = 0;
            if (buf.length > 1 << 16) {
                buf = new byte[256]; // one long line does not keep its buffer for the life of the source
            }
        }
    }
}
