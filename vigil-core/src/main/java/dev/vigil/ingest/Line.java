package dev.vigil.ingest;

import dev.vigil.event.Origin;
import java.nio.charset.StandardCharsets;

/**
 * A view of one input line inside a byte buffer, without its line terminator ({@code \n} or
 * {@code \r\n}). The reader reuses one instance per chunk, so a parser must copy out what it keeps
 * (the {@code string} helpers do) and never hold on to the view itself.
 *
 * <p>Not thread-safe.
 */
public final class Line {
    private byte[] buf;
    private int off;
    private int len;
    private String source;
    private long number;
    private long offset;

    public Line() {}

    /** Test and tool convenience: a line holding the UTF-8 bytes of {@code text}. */
    public static Line of(String source, long number, String text) {
        Line l = new Line();
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        l.set(b, 0, b.length, source, number, 0);
        return l;
    }

    /** Points this view at another line; used by the reader. */
    public void set(byte[] buf, int off, int len, String source, long number, long offset) {
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.source = source;
        this.number = number;
        this.offset = offset;
    }

    public byte[] buf() { return buf; }
    public int off() { return off; }
    public int len() { return len; }
    public int end() { return off + len; }
    public String source() { return source; }
    /** 1-based line number in the source. */
    public long number() { return number; }
    /** Byte offset of the line's first byte in the (decompressed) source. */
    public long offset() { return offset; }

    public Origin origin() {
        return new Origin(source, number, offset);
    }

    /** Byte at absolute index {@code i} of {@link #buf()}. */
    public byte at(int i) {
        return buf[i];
    }

    /** The bytes {@code [from, to)} of {@link #buf()} decoded as UTF-8 (malformed bytes become U+FFFD). */
    public String string(int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.UTF_8);
    }

    /** The whole line decoded as UTF-8. */
    public String text() {
        return string(off, off + len);
    }

    @Override
    public String toString() {
        return source + ":" + number + ": " + text();
    }
}
