package dev.vigil.ingest;

import dev.vigil.ingest.combined.CombinedFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The registry of input formats: resolves what a user wrote after {@code --input}, and sniffs the
 * format of a source from its first bytes when they wrote {@code auto}.
 *
 * <p>Static and thread-safe.
 */
public final class Formats {
    private Formats() {}

    /** The names {@code --input} accepts, for help texts and errors. */
    public static final List<String> NAMES = List.of("auto", "combined", "common", "nginx:'<log_format>'");

    /**
     * The format named by {@code spec}, or empty for {@code auto}.
     *
     * @throws IllegalArgumentException naming the accepted values when {@code spec} is unknown
     */
    public static Optional<LineFormat> forName(String spec) {
        String s = spec.trim();
        switch (s) {
            case "auto":
                return Optional.empty();
            case "combined":
                return Optional.of(CombinedFormat.COMBINED);
            case "common":
                return Optional.of(CombinedFormat.COMMON);
            default:
                break;
        }
        throw new IllegalArgumentException("unknown input format '" + spec + "' (expected one of "
                + String.join(", ", NAMES) + ")");
    }

    /** Lines longer than this are left out of sniffing. */
    private static final int SNIFF_MAX_LINE = 8192;

    /** How many of the first lines sniffing looks at. */
    private static final int SNIFF_LINES = 20;

    /**
     * Guesses the format from the start of a source. Looks at up to {@value #SNIFF_LINES} non-blank
     * lines; returns empty when none of the known formats fits at least half of them.
     */
    public static Optional<LineFormat> sniff(byte[] head, int len) {
        int p = 0;
        int seen = 0;
        int combinedOk = 0;
        Line line = new Line();
        int[] rejected = new int[1];
        LineParser.Rejects count = reason -> rejected[0]++;
        while (p < len && seen < SNIFF_LINES) {
            int nl = p;
            while (nl < len && head[nl] != '\n') {
                nl++;
            }
            int end = nl;
            if (end > p && head[end - 1] == '\r') {
                end--;
            }
            boolean cut = nl == len && p > 0;     // the block ends inside this line
            boolean huge = end - p > SNIFF_MAX_LINE; // junk or a payload, says nothing of the format
            if (end > p && !cut && !huge && !isBlank(head, p, end)) {
                seen++;
                line.set(head, p, end - p, "sniff", seen, p);
                rejected[0] = 0;
                if (CombinedFormat.COMBINED.parse(line, count) != null) {
                    combinedOk++;
                }
            }
            p = nl + 1;
        }
        if (seen > 0 && combinedOk * 2 >= seen) {
            return Optional.of(CombinedFormat.COMBINED);
        }
        return Optional.empty();
    }

    /** The first non-blank line of {@code head}, shortened, for "cannot recognise" messages. */
    public static String firstLine(byte[] head, int len) {
        int p = 0;
        while (p < len) {
            int nl = p;
            while (nl < len && head[nl] != '\n') {
                nl++;
            }
            if (!isBlank(head, p, nl)) {
                String s = new String(head, p, Math.min(nl - p, 80), StandardCharsets.UTF_8);
                return nl - p > 80 ? s + "..." : s;
            }
            p = nl + 1;
        }
        return "";
    }

    private static boolean isBlank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }
}
