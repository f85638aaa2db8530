package dev.vigil.ingest.container;

import dev.vigil.ingest.LineFormat;

/**
 * Guesses the format of the lines a container wrote. The format registry supplies it, since it
 * knows every format (and this package is one of them); it sniffs as a scan sniffs a file.
 *
 * <p>Implementations are stateless and thread-safe.
 */
@FunctionalInterface
public interface InnerSniffer {

    /**
     * What the lines look like.
     *
     * @param format the format, or null when none reads them
     * @param clear  whether the format read nearly every line (so a few lines are enough to decide)
     * @param reason why, in words for the user, never quoting the content
     */
    record Guess(LineFormat format, boolean clear, String reason) {}

    /** Guesses from {@code [0, len)} of {@code lines}, one line per {@code \n}. */
    Guess sniff(byte[] lines, int len);
}
