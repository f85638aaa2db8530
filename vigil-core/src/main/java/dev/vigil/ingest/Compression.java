package dev.vigil.ingest;

import io.airlift.compress.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Recognises a compressed source by its first bytes, never by its name (rotated logs are named
 * {@code access.log.2.gz}, {@code .bz2}, {@code .xz} or {@code .zst}, or renamed at will), and
 * opens the decompressing stream: gzip (the JDK's, several members in a row as logrotate appends
 * them), bzip2 and xz (commons-compress, concatenated streams too) and zstd (aircompressor, pure
 * Java). Only these four magic numbers are tried: a text file can never be mistaken for one,
 * whereas a general sniffer would also take, say, a log starting with {@code x^} for zlib data.
 *
 * <p>The streams it returns report every decompression failure as an {@link IOException}: an
 * {@link EOFException} when the input ends inside the compressed data (a file still being written
 * or cut short) and a {@link ZipException} when the data is corrupt, including the runtime
 * exceptions some decoders throw, so a broken file is a problem to report, never a crash. xz's
 * memory use is capped: a forged header cannot make it allocate gigabytes.
 *
 * <p>Static and thread-safe.
 */
public final class Compression {
    private Compression() {}

    /** xz dictionary memory allowed, in KiB: 256 MiB, four times what {@code xz -9} needs. */
    static final int XZ_MEMORY_LIMIT_KIB = 256 * 1024;

    /**
     * A source opened for reading.
     *
     * @param compression gzip, bzip2, xz or zstd; null when the source is not compressed
     * @param stream      the bytes to read: decompressed, or the source's own
     */
    public record Opened(String compression, InputStream stream) {}

    /**
     * Opens {@code in}, decompressing when its first bytes say so.
     *
     * @throws EOFException with a message such as "truncated bzip2 header" when the input ends
     *                      inside the format's header
     * @throws IOException  when the header is corrupt or cannot be read
     */
    public static Opened open(BufferedInputStream in) throws IOException {
        byte[] head = new byte[6];
        in.mark(head.length);
        int n = 0;
        while (n < head.length) {
            int r = in.read(head, n, head.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        in.reset();
        String name = detect(head, n);
        if (name == null) {
            return new Opened(null, in);
        }
        Watched below = new Watched(in);
        try {
            InputStream s = switch (name) {
                case "gzip" -> new GZIPInputStream(below, 1 << 16);
                case "bzip2" -> new BZip2CompressorInputStream(below, true);
                case "xz" -> new XZCompressorInputStream(below, true, XZ_MEMORY_LIMIT_KIB);
                case "zstd" -> new ZstdInputStream(below);
                default -> throw new IllegalStateException(name);
            };
            return new Opened(name, new Guarded(s, below));
        } catch (IOException | RuntimeException e) {
            if (below.failure != null) {
                throw below.failure;
            }
            if (below.eof || e instanceof EOFException) {
                throw new EOFException("truncated " + name + " header");
            }
            throw new ZipException("corrupt " + name + " header (" + e.getMessage() + ")");
        }
    }

    /** The format named by the first {@code n} bytes of {@code b}, or null. */
    static String detect(byte[] b, int n) {
        if (n >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b) {
            return "gzip";
        }
        if (n >= 4 && BZip2CompressorInputStream.matches(b, n) && b[3] >= '1' && b[3] <= '9') {
            return "bzip2";
        }
        if (XZCompressorInputStream.matches(b, n)) {
            return "xz";
        }
        if (n >= 4 && (b[0] & 0xff) == 0x28 && (b[1] & 0xff) == 0xb5 && (b[2] & 0xff) == 0x2f && (b[3] & 0xff) == 0xfd) {
            return "zstd";
        }
        return null;
    }

    /** What a decoder reads from: notes the end of the input and the errors that were really I/O errors. */
    private static final class Watched extends FilterInputStream {
        boolean eof;
        IOException failure;

        Watched(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                int r = super.read();
                eof |= r < 0;
                return r;
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int r = in.read(b, off, len);
                eof |= r < 0;
                return r;
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }

    /**
     * Classifies a decoder's failures, each decoder having its own exceptions: a read error of the
     * input itself is passed on, the input ending inside the data becomes an {@link EOFException},
     * anything else (runtime exceptions included) a {@link ZipException}. Reads are at most 8 KiB:
     * some decoders fill the whole buffer before they return and lose what they had decoded when
     * the input ends inside the data, so small reads keep all but the last few lines of a cut file.
     */
    private static final class Guarded extends FilterInputStream {
        private static final int MAX_READ = 8192;
        private final Watched below;

        Guarded(InputStream in, Watched below) {
            super(in);
            this.below = below;
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException | RuntimeException e) {
                throw classify(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, Math.min(len, MAX_READ));
            } catch (IOException | RuntimeException e) {
                throw classify(e);
            }
        }

        private IOException classify(Exception e) {
            if (below.failure != null) {
                return below.failure;
            }
            if (e instanceof EOFException eof) {
                return eof;
            }
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            IOException out = below.eof ? new EOFException(m) : new ZipException(m);
            out.initCause(e);
            return out;
        }
    }
}
