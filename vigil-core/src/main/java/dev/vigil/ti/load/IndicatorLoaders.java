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
     * unknown format name, gives a result with one problem instead of an exception.
     */
    public LoadResult load(Path file, String format, LoadOptions options) {
        String source = file.toString();
        try (InputStream raw = Files.newInputStream(file);
                PushbackInputStream in = new PushbackInputStream(raw, 2)) {
            InputStream body = in;
            byte[] magic = new byte[2];
            int n = in.readNBytes(magic, 0, 2);
            in.unread(magic, 0, n);
            if (n == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
                body = new GZIPInputStream(in, 1 << 16);
            }
            java.io.BufferedInputStream buffered = new java.io.BufferedInputStream(body, 1 << 16);
            buffered.mark(HEAD);
            byte[] headBytes = buffered.readNBytes(HEAD);
            buffered.reset();
            String head = new String(headBytes, StandardCharsets.UTF_8);
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
            Reader reader = new InputStreamReader(buffered, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE));
            return loader.load(reader, source, options);
        } catch (IOException e) {
            return failed(source, format == null ? "unknown" : format, "cannot read: " + e.getMessage());
        }
    }

    private static LoadResult failed(String source, String format, String reason) {
        return new LoadResult(source, format, List.of(), 0, 0, 0, 1, List.of(new LoadProblem(source, reason)));
    }
}
