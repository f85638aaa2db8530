package dev.vigil.ti.load;

import java.io.Reader;

/**
 * Reads one feed format. Implementations never throw on bad content: malformed entries, and even a
 * file that is not in the format at all, end up as counted {@link LoadProblem}s. Implementations
 * are stateless and thread-safe.
 */
public interface IndicatorLoader {
    /** Short format name used on the command line ({@code list}, {@code csv}, {@code stix}, {@code misp}). */
    String format();

    /**
     * How sure this loader is that a file is in its format, from its name and its first few
     * kilobytes: 0 = not at all, 100 = certain. The registry picks the highest.
     */
    int sniff(String fileName, String head);

    /** Reads the whole input. {@code source} names the file in problem locations. */
    LoadResult load(Reader in, String source, LoadOptions options);
}
