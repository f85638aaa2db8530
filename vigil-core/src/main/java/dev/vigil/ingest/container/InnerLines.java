package dev.vigil.ingest.container;

import dev.vigil.event.Event;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.RecordAssembler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Reads the lines a container wrote (unwrapped from the runtime's log format and joined) as any
 * format Vigil reads: sniffs the format from the first lines, as a scan sniffs a file, then parses
 * each line with it and stamps the container and the runtime's time on each event
 * ({@link Stamp}).
 *
 * <p>While the format is not known the lines are held, at most {@value #MAX_HELD_LINES} lines and
 * {@value #MAX_HELD_BYTES} bytes. Sniffing is tried at 1, 2, 4, 8... lines, so its cost stays
 * linear; before {@value #SETTLE_LINES} lines only a format that reads nearly all of them is
 * taken, so that a followed log ({@code vigil watch}) of a quiet container raises its first alert
 * without waiting for twenty lines. When the held lines fill up and no format reads them, the
 * container writes something Vigil does not read (most applications' own messages): its lines
 * are skipped with one warning, not rejected one by one. Lines a format rejects once it is known
 * (an nginx error line among the access lines) are rejected as in a plain file.
 *
 * <p>Not thread-safe: one instance per source, fed in order by one thread.
 */
final class InnerLines {
    static final int MAX_HELD_LINES = 1000;
    static final int MAX_HELD_BYTES = 4 << 20;
    /** Lines after which any format that reads most of them is taken, as sniffing a file does. */
    static final int SETTLE_LINES = 20;

    private final LineFormat fixed;
    private final InnerSniffer sniffer;
    private final int maxLineLength;
    private LineParser parser;
    private RecordAssembler assembler;
    private boolean unknown;
    private boolean resolved;
    private ContainerRef ref;
    private final List<Held> held = new ArrayList<>();
    private long heldBytes;
    private int nextSniff = 1;
    private final Line view = new Line();

    /** A line kept until the format is known. */
    private record Held(byte[] bytes, String source, long number, long offset, long time) {}

    /**
     * @param fixed the inner format when the user named it ({@code --input docker-json:combined}),
     *              else null to sniff it
     * @param sniffer guesses the format when {@code fixed} is null
     * @param maxLineLength handed to the inner format's assembler, if it has one
     */
    InnerLines(LineFormat fixed, InnerSniffer sniffer, int maxLineLength) {
        this.fixed = fixed;
        this.sniffer = sniffer;
        this.maxLineLength = maxLineLength;
        if (fixed != null) {
            use(fixed);
        }
    }

    /** Takes one inner line: {@code [off, off+len)} of {@code b}, valid only during the call. */
    void line(byte[] b, int off, int len, String source, long number, long offset, long time,
              LineParser.Rejects rejects, Consumer<Event> out) {
        if (!resolved) {
            resolved = true;
            ref = ContainerRef.fromPath(source);
        }
        if (unknown) {
            return;
        }
        if (parser == null && assembler == null) {
            if (blank(b, off, len)) {
                return;
            }
            held.add(new Held(Arrays.copyOfRange(b, off, off + len), source, number, offset, time));
            heldBytes += len + 1;
            if (held.size() >= nextSniff || heldBytes >= MAX_HELD_BYTES) {
                nextSniff *= 2;
                sniff(rejects, out, held.size() >= MAX_HELD_LINES || heldBytes >= MAX_HELD_BYTES);
            }
            return;
        }
        parse(b, off, len, source, number, offset, time, rejects, out);
    }

    /** Nothing held for sniffing, and the inner format keeps no state across lines (see {@link ContainerLogAssembler#idle}). */
    boolean idle() {
        return held.isEmpty() && (assembler == null || assembler.idle()) && (parser == null || !parser.stateful());
    }

    /** The source ended: sniffs and reads what is held, then finishes the inner assembler. */
    void finish(LineParser.Rejects rejects, Consumer<Event> out) {
        if (!unknown && parser == null && assembler == null && !held.isEmpty()) {
            sniff(rejects, out, true);
        }
        if (assembler != null) {
            assembler.finish(rejects, e -> out.accept(Stamp.apply(e, ref, Event.NO_TIME)));
        }
    }

    private void use(LineFormat f) {
        assembler = f.newAssembler(maxLineLength);
        parser = assembler == null ? f.newParser() : null;
    }

    private void sniff(LineParser.Rejects rejects, Consumer<Event> out, boolean last) {
        int total = 0;
        for (Held h : held) {
            total += h.bytes.length + 1;
        }
        byte[] all = new byte[total];
        int p = 0;
        for (Held h : held) {
            System.arraycopy(h.bytes, 0, all, p, h.bytes.length);
            p += h.bytes.length;
            all[p++] = '\n';
        }
        InnerSniffer.Guess d = sniffer.sniff(all, total);
        if (d.format() != null && !d.clear() && !last && held.size() < SETTLE_LINES) {
            return; // a few lines that the format reads only in part: wait for more
        }
        if (d.format() == null) {
            if (last) {
                unknown = true;
                rejects.warn(String.format(Locale.ROOT, "the container's first %,d lines are in no format Vigil reads "
                        + "(%s); its lines are skipped (name the format with --input docker-json:FORMAT or cri:FORMAT)",
                        held.size(), d.reason()));
                held.clear();
                heldBytes = 0;
            }
            return;
        }
        use(d.format());
        List<Held> replay = new ArrayList<>(held);
        held.clear();
        heldBytes = 0;
        for (Held h : replay) {
            // reasons name the held line: the reader reports them at the line being read now
            LineParser.Rejects at = new LineParser.Rejects() {
                @Override
                public void reject(String reason) {
                    rejects.reject("line " + h.number + ": " + reason);
                }

                @Override
                public void warn(String reason) {
                    rejects.warn("line " + h.number + ": " + reason);
                }
            };
            parse(h.bytes, 0, h.bytes.length, h.source, h.number, h.offset, h.time, at, out);
        }
    }

    private void parse(byte[] b, int off, int len, String source, long number, long offset, long time,
                       LineParser.Rejects rejects, Consumer<Event> out) {
        view.set(b, off, len, source, number, offset);
        if (assembler != null) {
            assembler.accept(view, rejects, e -> out.accept(Stamp.apply(e, ref, time)));
            return;
        }
        Event e = parser.parse(view, rejects);
        if (e != null) {
            out.accept(Stamp.apply(e, ref, time));
        }
    }

    private static boolean blank(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }
}
