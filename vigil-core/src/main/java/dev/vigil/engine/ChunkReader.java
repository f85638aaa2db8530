package dev.vigil.engine;

import dev.vigil.ingest.Compression;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.RecordAssembler;
import dev.vigil.ingest.formats.Sniffer;
import dev.vigil.ingest.Source;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.zip.ZipException;

/**
 * Reads one source into chunks of whole lines: detects compression by its magic bytes, sniffs the format
 * when none was given, counts lines, skips lines too long to buffer, and turns truncated or corrupt
 * compressed data and read errors into problems instead of failures. Runs on the reader thread; one instance
 * per source; not thread-safe.
 */
final class ChunkReader {
    /** Receives chunks in order; returns false when the scan was cancelled. */
    interface ChunkSink {
        boolean accept(Chunk chunk) throws InterruptedException;
    }

    /** How the source ended, for the source's statistics. */
    record End(String format, long bytes, SourceStats.Status status, List<Problem> problems) {}

    private final Source source;
    private final LineFormat format;
    private final int blockSize;
    private final LongConsumer progress;
    private final long progressBase;
    /** The line limit, for formats that join lines (container logs' partial lines). */
    private final int maxLineLength;

    ChunkReader(Source source, LineFormat format, int blockSize, LongConsumer progress, long progressBase,
                int maxLineLength) {
        this.maxLineLength = maxLineLength;
        this.source = source;
        this.format = format;
        this.blockSize = blockSize;
        this.progress = progress;
        this.progressBase = progressBase;
    }

    End read(ChunkSink sink) throws InterruptedException {
        List<Problem> problems = new ArrayList<>();
        CountingInputStream raw;
        try {
            raw = new CountingInputStream(source.open());
        } catch (IOException | RuntimeException e) {
            problems.add(sourceProblem("cannot open: " + message(e)));
            return new End(null, 0, SourceStats.Status.UNREADABLE, problems);
        }
        try (InputStream in = decompressing(raw, problems)) {
            return readLines(in, raw, sink, problems);
        } catch (IOException e) {
            problems.add(sourceProblem("cannot read: " + message(e)));
            return new End(null, 0, SourceStats.Status.UNREADABLE, problems);
        } catch (OutOfMemoryError e) {
            // one file's buffers: once they are dropped the next file has the heap again
            problems.add(sourceProblem("out of memory while reading, after " + raw.count() + " bytes; the rest of "
                    + "this file was not scanned (give Vigil more memory, or lower --max-line-length)"));
            return new End(null, raw.count(), SourceStats.Status.PARTIAL, problems);
        }
    }

    /** The source's compression (gzip, bzip2, xz, zstd) for messages; detected by content in {@link Compression}. */
    private String compression = "compressed";

    private InputStream decompressing(CountingInputStream raw, List<Problem> problems) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        try {
            Compression.Opened opened = Compression.open(in);
            if (opened.compression() != null) {
                compression = opened.compression();
            }
            return opened.stream();
        } catch (EOFException e) {
            problems.add(sourceProblem(e.getMessage()));
            return InputStream.nullInputStream();
        }
    }

    private End readLines(InputStream in, CountingInputStream raw, ChunkSink sink, List<Problem> problems)
            throws InterruptedException {
        LineFormat sniffed = null;
        if (format == null) {
            // sniffing reads ahead (up to Sniffer.MAX_BYTES) and hands those bytes back: all are read below
            Sniffer.Sniffed sn = Sniffer.sniff(in);
            in = sn.rest();
            Sniffer.Decision d = sn.decision();
            if (d.format() == null) {
                if (sn.error() != null) {
                    problems.add(sourceProblem("read error after " + sn.bytesRead() + " bytes, before its format "
                            + "could be recognised: " + message(sn.error())));
                    return new End(null, 0, SourceStats.Status.PARTIAL, problems);
                }
                if (d.empty()) {
                    return new End(null, 0, SourceStats.Status.COMPLETE, problems);
                }
                // never quote the content: the file may hold credentials, and names are enough
                problems.add(sourceProblem(d.knownNonLog() != null ? d.knownNonLog() + ", not a log; skipped"
                        : "not a log format Vigil recognises, skipped: " + d.reason() + "; name the format with --input"));
                return new End(null, 0, SourceStats.Status.SKIPPED, problems);
            }
            if (!d.unanimous()) {
                problems.add(sourceProblem(d.reason()));
            }
            sniffed = d.format();
        }
        long offset = 0;     // decompressed offset of buf[0]
        long line = 1;       // number of the first line in buf
        byte[] buf = new byte[blockSize];
        int fill = 0;
        boolean eof = false;
        SourceStats.Status status = SourceStats.Status.COMPLETE;
        LineParser tracker = null;
        String formatName = null;
        boolean first = true;
        boolean skipping = false;
        RecordAssembler assembler = null;
        long skipped = 0;

        while (true) {
            // fill the block
            while (!eof && fill < buf.length) {
                int n;
                try {
                    n = in.read(buf, fill, buf.length - fill);
                } catch (EOFException e) {
                    problems.add(sourceProblem("truncated " + compression + " stream: input ends after "
                            + (offset + fill) + " bytes; the lines before were scanned"));
                    status = SourceStats.Status.PARTIAL;
                    n = -1;
                } catch (ZipException e) {
                    problems.add(sourceProblem("corrupt " + compression + " stream after " + (offset + fill)
                            + " bytes (" + message(e) + "); the lines before were scanned"));
                    status = SourceStats.Status.PARTIAL;
                    n = -1;
                } catch (IOException e) {
                    problems.add(sourceProblem("read error after " + (offset + fill) + " bytes: "
                            + message(e) + "; the lines before were scanned"));
                    status = SourceStats.Status.PARTIAL;
                    n = -1;
                }
                if (n < 0) {
                    eof = true;
                } else {
                    fill += n;
                }
            }
            progress.accept(progressBase + raw.count());

            if (first) {
                first = false;
                LineFormat f = format != null ? format : sniffed;
                formatName = f.name();
                tracker = f.newParser();
                assembler = f.newAssembler(maxLineLength);
            }

            if (skipping) {
                // inside a line too long to buffer: drop bytes up to its newline, then report it
                int nl = indexOf(buf, fill, (byte) '\n');
                if (nl < 0 && !eof) {
                    skipped += fill;
                    fill = 0;
                    continue;
                }
                int used = nl < 0 ? fill : nl + 1;
                skipped += nl < 0 ? fill : nl;
                Problem p = new Problem(source.name(), line, Problem.Kind.REJECTED,
                        "line is " + skipped + " bytes long, over the limit (--max-line-length)");
                if (!sink.accept(new Chunk(source.name(), new byte[0], 0, line, offset, tracker.snapshot(),
                        1, List.of(p), assembler, false))) {
                    return new End(formatName, offset, SourceStats.Status.PARTIAL, problems);
                }
                line++;
                offset += skipped + (nl < 0 ? 0 : 1);
                System.arraycopy(buf, used, buf, 0, fill - used);
                fill -= used;
                skipping = false;
                if (eof && fill == 0) {
                    break;
                }
                continue;
            }

            if (fill == 0 && eof) {
                break;
            }

            int lastNl = lastIndexOf(buf, fill, (byte) '\n');
            if (lastNl < 0 && !eof) {
                // the block is full and holds no line end: this line cannot be buffered whole
                skipping = true;
                skipped = fill;
                fill = 0;
                continue;
            }
            int chunkLen = eof ? fill : lastNl + 1;
            LineParser parser = tracker.snapshot();
            if (tracker.stateful()) {
                feedDirectives(tracker, buf, chunkLen, line, offset);
            }
            byte[] next = new byte[blockSize];
            int rest = fill - chunkLen;
            System.arraycopy(buf, chunkLen, next, 0, rest);
            if (!sink.accept(new Chunk(source.name(), buf, chunkLen, line, offset, parser, 0, List.of(), assembler, false))) {
                return new End(formatName, offset, SourceStats.Status.PARTIAL, problems);
            }
            line += countLines(buf, chunkLen);
            offset += chunkLen;
            buf = next;
            fill = rest;
            if (eof && fill == 0) {
                break;
            }
        }
        if (assembler != null && !sink.accept(new Chunk(source.name(), new byte[0], 0, line, offset, tracker,
                0, List.of(), assembler, true))) {
            return new End(formatName, offset, SourceStats.Status.PARTIAL, problems);
        }
        return new End(formatName, offset, status, problems);
    }

    private void feedDirectives(LineParser tracker, byte[] buf, int len, long firstLine, long offset) {
        Line l = new Line();
        int start = 0;
        long number = firstLine;
        while (start < len) {
            int nl = start;
            while (nl < len && buf[nl] != '\n') {
                nl++;
            }
            l.set(buf, start, nl - start, source.name(), number, offset + start);
            if (nl > start && tracker.isDirective(l)) {
                tracker.parse(l, LineParser.Rejects.IGNORE);
            }
            number++;
            start = nl + 1;
        }
    }

    private static long countLines(byte[] b, int len) {
        long n = 0;
        for (int i = 0; i < len; i++) {
            if (b[i] == '\n') {
                n++;
            }
        }
        if (len > 0 && b[len - 1] != '\n') {
            n++;
        }
        return n;
    }

    private static int indexOf(byte[] b, int len, byte c) {
        for (int i = 0; i < len; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] b, int len, byte c) {
        for (int i = len - 1; i >= 0; i--) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private Problem sourceProblem(String reason) {
        return new Problem(source.name(), 0, Problem.Kind.SOURCE, reason);
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /** Counts the bytes read from the underlying (possibly compressed) stream, for progress. */
    static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += s;
            return s;
        }
    }
}
