package dev.vigil.ingest.formats;

import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.LineParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;

/**
 * Decides the format of a source from its lines, and says why. Each known format parses the same
 * lines; the one that reads the most wins. Sniffing stops as soon as the first
 * {@value #SETTLE_LINES} lines settle it (the usual case: every line of a log reads), and otherwise
 * reads on, up to {@value #MAX_BYTES} bytes, so that junk, a crash's NUL bytes or oversized
 * requests at the start of a file never hide the log after them.
 *
 * <p>Lines of any length up to {@value #MAX_LINE} bytes are parsed; longer ones (binary junk, or
 * requests too long to read) are left out of the count rather than allowed to hide the format,
 * and never held in memory whole. A format is chosen when it reads at least as many lines as it
 * rejects, or at least {@value #CONVINCING} lines whatever surrounds them: a file with that many
 * lines of a known format is a log, and the lines that do not fit are rejected and reported
 * during the scan instead of the whole file being skipped.
 *
 * <p>Static and thread-safe; each call works on its own state.
 */
public final class Sniffer {
    private Sniffer() {}

    /** Lines that settle the format when every one of them fits a format equally well or better. */
    public static final int SETTLE_LINES = 20;
    /** Lines of one format that make a file a log whatever else it holds. */
    public static final int CONVINCING = 1000;
    /** The most bytes sniffing reads (and so the most a caller must be able to read again). */
    public static final int MAX_BYTES = 16 << 20;
    /** Lines longer than this are left out of sniffing. */
    public static final int MAX_LINE = 1 << 20;
    /** Give up early when this many lines were parsed and no format read a single one. */
    private static final int HOPELESS_LINES = 10_000;
    /** The start of the source kept for {@link Formats#knownNonLog}. */
    private static final int HEAD = 4096;

    /**
     * What sniffing decided.
     *
     * @param format the format, or null when none fits
     * @param reason why, in words for the user; never quotes the content (it may hold secrets)
     * @param unanimous true when the chosen format read at least three in four of the lines
     *     sniffed and none was too long to sniff: the plain case that needs no mention (the lines
     *     it rejects are reported one by one during the scan)
     * @param knownNonLog for a skipped file that Vigil reads with another command, what it is
     * @param empty true when the source holds no line at all
     */
    public record Decision(LineFormat format, String reason, boolean unanimous, String knownNonLog, boolean empty) {}

    /** Sniffs a block of bytes (for tests and tools); the last line counts even without a newline. */
    public static Decision sniff(byte[] b, int len) {
        try {
            return sniffStream(new ByteArrayInputStream(b, 0, len));
        } catch (IOException e) {
            throw new IllegalStateException(e); // cannot happen on an array
        }
    }

    /**
     * Sniffs the start of {@code in}. The bytes it read come back in {@link Sniffed#rest()}, which
     * reads them again and then the rest of {@code in}; a read error met while sniffing ends
     * sniffing with what was read, and is thrown again by {@code rest()} where it happened, so the
     * caller reports it as it would have without sniffing.
     */
    public static Sniffed sniff(InputStream in) {
        Recording rec = new Recording(in, MAX_BYTES);
        Decision d;
        try {
            d = sniffStream(rec);
        } catch (IOException e) {
            throw new IllegalStateException(e); // Recording turns errors into the end of input
        }
        return new Sniffed(d, new Replay(rec.bytes, rec.len, in, rec.error), rec.error, rec.len);
    }

    /**
     * A decision, and the source to read from now on (from its first byte).
     *
     * @param error the read error that ended sniffing, or null
     * @param bytesRead how many bytes sniffing read before it ended
     */
    public record Sniffed(Decision decision, InputStream rest, IOException error, long bytesRead) {}

    private static Decision sniffStream(InputStream in) throws IOException {
        List<LineFormat> formats = Formats.sniffable();
        State st = new State(formats);
        byte[] chunk = new byte[1 << 16];
        byte[] line = new byte[8192];
        int lineLen = 0;
        boolean oversized = false;
        long total = 0;
        int n;
        outer:
        while ((n = in.read(chunk, 0, chunk.length)) > 0) {
            st.head(chunk, n, total);
            total += n;
            int p = 0;
            while (p < n) {
                int nl = p;
                while (nl < n && chunk[nl] != '\n') {
                    nl++;
                }
                int piece = nl - p;
                if (!oversized) {
                    if (lineLen + piece > MAX_LINE) {
                        oversized = true;
                        lineLen = 0;
                    } else {
                        if (lineLen + piece > line.length) {
                            line = java.util.Arrays.copyOf(line, Math.max(line.length * 2, lineLen + piece));
                        }
                        System.arraycopy(chunk, p, line, lineLen, piece);
                        lineLen += piece;
                    }
                }
                if (nl == n) {
                    break; // the line goes on in the next chunk
                }
                if (oversized) {
                    st.oversized++;
                } else {
                    st.line(line, lineLen);
                }
                lineLen = 0;
                oversized = false;
                p = nl + 1;
                if (st.settled() || st.hopeless()) {
                    break outer;
                }
            }
        }
        if (oversized) {
            st.oversized++;
        } else if (lineLen > 0 && !st.settled() && !st.hopeless()) {
            st.line(line, lineLen); // the last line, without a newline
        }
        return st.decide(total);
    }

    /** Counts per format. Not thread-safe. */
    private static final class State {
        final List<LineFormat> formats;
        final LineParser[] parsers;
        final boolean[] records;
        final int[] ok;
        final int[] rejected;
        int lines;
        int oversized;
        final byte[] head = new byte[HEAD];
        int headLen;
        final Line view = new Line();

        State(List<LineFormat> formats) {
            this.formats = formats;
            int k = formats.size();
            parsers = new LineParser[k];
            records = new boolean[k];
            ok = new int[k];
            rejected = new int[k];
            for (int i = 0; i < k; i++) {
                parsers[i] = formats.get(i).newParser();
                // a line read without an event or a reject counts as read for multi-line formats
                // (a record of an event still open) and for formats that skip events by design
                records[i] = formats.get(i).newAssembler() != null || formats.get(i).recognisesSkipped();
            }
        }

        void head(byte[] b, int n, long at) {
            if (at < HEAD) {
                int m = (int) Math.min(n, HEAD - at);
                System.arraycopy(b, 0, head, (int) at, m);
                headLen = (int) at + m;
            }
        }

        void line(byte[] b, int len) {
            int end = len;
            if (end > 0 && b[end - 1] == '\r') {
                end--;
            }
            if (isBlank(b, end)) {
                return;
            }
            lines++;
            int[] rejects = new int[1];
            LineParser.Rejects count = reason -> rejects[0]++;
            for (int i = 0; i < parsers.length; i++) {
                view.set(b, 0, end, "sniff", lines, 0);
                rejects[0] = 0;
                boolean read;
                try {
                    read = parsers[i].parse(view, count) != null || (records[i] && rejects[0] == 0);
                } catch (RuntimeException e) {
                    read = false;
                    rejects[0]++;
                }
                if (read) {
                    ok[i]++;
                } else if (rejects[0] > 0) {
                    rejected[i]++;
                }
            }
        }

        int best() {
            int best = -1;
            for (int i = 0; i < ok.length; i++) {
                if (ok[i] > 0 && (ok[i] >= rejected[i] || ok[i] >= CONVINCING) && (best < 0 || ok[i] > ok[best])) {
                    best = i;
                }
            }
            return best;
        }

        /** Once the first lines name a format that reads at least as many as it rejects, reading on changes nothing. */
        boolean settled() {
            return lines >= SETTLE_LINES && best() >= 0;
        }

        boolean hopeless() {
            if (lines < HOPELESS_LINES) {
                return false;
            }
            for (int v : ok) {
                if (v > 0) {
                    return false;
                }
            }
            return true;
        }

        Decision decide(long bytes) {
            int b = best();
            if (b < 0) {
                if (lines == 0 && oversized == 0) {
                    return new Decision(null, bytes == 0 ? "empty" : "no lines", false, null, true);
                }
                String known = Formats.knownNonLog(head, headLen);
                return new Decision(null, "none of the known formats reads " + describe(bytes), false, known, false);
            }
            LineFormat f = formats.get(b);
            boolean unanimous = rejected[b] * 4 <= lines && oversized == 0;
            String reason = String.format(Locale.ROOT, "read as %s: %,d of %,d lines sniffed fit it", f.name(), ok[b],
                    lines) + (oversized > 0 ? String.format(Locale.ROOT, " (%,d lines over %,d bytes left out)",
                    oversized, MAX_LINE) : "")
                    + (ok[b] < rejected[b] ? "; enough lines of one format to be a log" : "");
            return new Decision(f, reason, unanimous, null, false);
        }

        private String describe(long bytes) {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "any of its first %,d lines (%,d bytes read%s)",
                    lines, bytes, oversized > 0 ? String.format(Locale.ROOT, ", %,d lines over %,d bytes",
                    oversized, MAX_LINE) : ""));
            int close = -1;
            for (int i = 0; i < ok.length; i++) {
                if (ok[i] > 0 && (close < 0 || ok[i] > ok[close])) {
                    close = i;
                }
            }
            if (close >= 0) {
                s.setLength(0);
                s.append(String.format(Locale.ROOT, "enough of its first %,d lines (%,d bytes read); the closest, %s, "
                        + "reads %,d and rejects %,d", lines, bytes, formats.get(close).name(), ok[close],
                        rejected[close]));
            } else if (binary(head, headLen)) {
                s.append("; it looks like binary data");
            }
            return s.toString();
        }

        private static boolean binary(byte[] b, int len) {
            for (int i = 0; i < len; i++) {
                if (b[i] == 0) {
                    return true;
                }
            }
            return false;
        }

        private static boolean isBlank(byte[] b, int end) {
            for (int i = 0; i < end; i++) {
                if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Reads at most {@code limit} bytes and keeps them; a read error becomes the end of input and
     * is kept for {@link Replay} to throw. Not thread-safe.
     */
    private static final class Recording extends InputStream {
        private final InputStream in;
        private long left;
        byte[] bytes = new byte[1 << 16];
        int len;
        IOException error;

        Recording(InputStream in, long limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int n) {
            if (left <= 0 || error != null) {
                return -1;
            }
            int r;
            try {
                r = in.read(b, off, (int) Math.min(n, left));
            } catch (IOException e) {
                error = e;
                return -1;
            } catch (RuntimeException e) {
                // a decompressor's bug or a corrupt stream it does not wrap: reported as a read error
                error = new IOException(e.toString(), e);
                return -1;
            }
            if (r > 0) {
                left -= r;
                if (len + r > bytes.length) {
                    bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, len + r));
                }
                System.arraycopy(b, off, bytes, len, r);
                len += r;
            } else if (r < 0) {
                left = 0;
            }
            return r;
        }
    }

    /** The recorded bytes, then the error met while recording (if any), then the rest of the source. */
    private static final class Replay extends InputStream {
        private byte[] prefix;
        private final int prefixLen;
        private int pos;
        private final InputStream in;
        private IOException error;

        Replay(byte[] prefix, int prefixLen, InputStream in, IOException error) {
            this.prefix = prefix;
            this.prefixLen = prefixLen;
            this.in = in;
            this.error = error;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n;
            while ((n = read(one, 0, 1)) == 0) {
                // read(byte[]) never returns 0 for a non-empty request; loop for safety
            }
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int n) throws IOException {
            if (n == 0) {
                return 0;
            }
            if (prefix != null) {
                if (pos < prefixLen) {
                    int m = Math.min(n, prefixLen - pos);
                    System.arraycopy(prefix, pos, b, off, m);
                    pos += m;
                    return m;
                }
                prefix = null; // let the sniffed bytes go
            }
            if (error != null) {
                IOException e = error;
                error = null;
                throw e;
            }
            return in.read(b, off, n);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
