package dev.vigil.ti.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * The registry of feed loaders: names them ({@link #byFormat}) and picks one for a file by sniffing
 * its name and first kilobytes ({@link #sniff}). Gzip files are read transparently. Immutable and
 * thread-safe.
 */
public final class IndicatorLoaders {
    private static final int HEAD = 8192;
    private static final IndicatorLoaders STANDARD = new IndicatorLoaders(
            List.of(new StixLoader(), new MispLoader(), new CsvLoader(), new PlainListLoader()));

    private final List<IndicatorLoader> loaders;

    private IndicatorLoaders(List<IndicatorLoader> loaders) {
        this.loaders = List.copyOf(loaders);
    }

    /** list, csv, stix and misp. */
    public static IndicatorLoaders standard() {
        return STANDARD;
    }

    public List<IndicatorLoader> all() {
        return loaders;
    }

    public Optional<IndicatorLoader> byFormat(String format) {
        return loaders.stream().filter(l -> l.format().equalsIgnoreCase(format)).findFirst();
    }

    /** The loader most confident about a file with this name and head (the plain list as last resort). */
    public IndicatorLoader sniff(String fileName, String head) {
        IndicatorLoader best = loaders.get(loaders.size() - 1);
        int bestScore = -1;
        for (IndicatorLoader l : loaders) {
            int s = l.sniff(fileName, head);
            if (s > bestScore) {
                best = l;
                bestScore = s;
            }
        }
        return best;
    }

    /** Loads a file, sniffing its format. */
    public LoadResult load(Path file, LoadOptions options) {
        return load(file, null, options);
    }

    /**
     * Loads a file in the given format ({@code null} = sniff). A file that cannot be opened, or an
     * unknown format name, gives a result with one problem instead of an exception. A file that is
     * not a feed, or is over a limit of the options, gives a refused result (see
     * {@link LoadResult#refused()}):
     * <ul>
     * <li>a log Vigil scans (an access log, process events...) read as a list or CSV: every line of
     *     an access log starts with an address, and would otherwise become an indicator;
     * <li>more bad entries than valid ones: whatever it is, it is not a list of indicators;
     * <li>more entries than {@link LoadOptions#maxEntries()}, or more bytes once decompressed
     *     than {@link LoadOptions#maxBytes()} (an eighth of it for JSON, which is read whole):
     *     reading stops at the limit, so a gzip bomb costs no more than the limit.
     * </ul>
     */
    public LoadResult load(Path file, String format, LoadOptions options) {
        String source = file.toString();
        String formatName = format == null ? "unknown" : format;
        try (InputStream raw = Files.newInputStream(file);
                PushbackInputStream in = new PushbackInputStream(raw, 2)) {
            InputStream body = in;
            byte[] magic = new byte[2];
            int n = in.readNBytes(magic, 0, 2);
            in.unread(magic, 0, n);
            if (n == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
                body = new GZIPInputStream(in, 1 << 16);
            }
            Limited limited = new Limited(body, options.maxBytes());
            java.io.BufferedInputStream buffered = new java.io.BufferedInputStream(limited, 1 << 16);
            buffered.mark(LOG_SNIFF);
            byte[] sniffBytes = buffered.readNBytes(LOG_SNIFF);
            buffered.reset();
            String head = new String(sniffBytes, 0, Math.min(HEAD, sniffBytes.length), StandardCharsets.UTF_8);
            String name = file.getFileName() == null ? source : file.getFileName().toString();
            if (name.endsWith(".gz")) {
                name = name.substring(0, name.length() - 3);
            }
            IndicatorLoader loader;
            if (format == null) {
                loader = sniff(name, head);
            } else {
                Optional<IndicatorLoader> l = byFormat(format);
                if (l.isEmpty()) {
                    return failed(source, format, "unknown feed format " + format);
                }
                loader = l.get();
            }
            formatName = loader.format();
            boolean json = loader instanceof StixLoader || loader instanceof MispLoader;
            if (!json) {
                Optional<dev.vigil.ingest.LineFormat> log = dev.vigil.ingest.formats.Formats.sniff(sniffBytes, cut(sniffBytes));
                if (log.isPresent()) {
                    return refused(source, formatName, "this is a " + log.get().name() + " log, not a feed of "
                            + "indicators (scan it with 'vigil scan'); each of its lines would have become an indicator");
                }
            }
            if (json) {
                limited.limit(Math.max(1, options.maxBytes() / 8));
            }
            Reader reader = new InputStreamReader(buffered, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE));
            LoadResult r;
            try {
                r = loader.load(reader, source, options);
            } catch (Collector.OverLimit e) {
                return refused(source, formatName, e.getMessage());
            }
            if (limited.over()) {
                return r.refuse(String.format(java.util.Locale.ROOT, "larger than %,d bytes%s (the limit for %s "
                        + "feeds; set vigil.ti.maxBytes to raise it)", limited.limit(),
                        body instanceof GZIPInputStream ? " once decompressed" : "", json ? "JSON" : "list and CSV"));
            }
            long valid = (long) r.count() + r.expired() + r.notYetValid();
            if (r.bad() > valid) {
                return r.refuse(String.format(java.util.Locale.ROOT, "not a feed of indicators: %,d of its %,d "
                        + "entries are not an IP, network, domain, URL or hash", r.bad(), r.bad() + valid));
            }
            return r;
        } catch (IOException e) {
            return failed(source, formatName, "cannot read: " + e.getMessage());
        }
    }

    /** How much of the start of a file is checked for being a log rather than a feed. */
    private static final int LOG_SNIFF = 64 << 10;

    /** The length of {@code b} up to its last complete line (the whole when it holds no newline). */
    private static int cut(byte[] b) {
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] == '\n') {
                return i + 1;
            }
        }
        return b.length;
    }

    private static LoadResult failed(String source, String format, String reason) {
        return new LoadResult(source, format, List.of(), 0, 0, 0, 1, List.of(new LoadProblem(source, reason)));
    }

    private static LoadResult refused(String source, String format, String reason) {
        return new LoadResult(source, format, List.of(), 0, 0, 0, 0, List.of(), 0, reason);
    }

    /** Ends the input after {@code limit} bytes, remembering that there were more. Not thread-safe. */
    private static final class Limited extends java.io.FilterInputStream {
        private long limit;
        private long count;
        private boolean over;

        Limited(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        long limit() {
            return limit;
        }

        void limit(long bytes) {
            limit = bytes;
        }

        boolean over() {
            return over;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (count >= limit) {
                // one byte past the limit tells a file of exactly the limit from a larger one
                if (!over && in.read() >= 0) {
                    over = true;
                }
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, limit - count));
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            return read(new byte[(int) Math.min(n, 8192)], 0, (int) Math.min(n, 8192));
        }
    }
}
