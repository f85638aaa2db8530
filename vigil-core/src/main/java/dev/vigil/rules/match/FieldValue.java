package dev.vigil.rules.match;

import dev.vigil.normalize.CommandLineNormalizer;
import dev.vigil.normalize.Normalizer;
import dev.vigil.rules.Field;
import dev.vigil.rules.Variant;
import java.util.Locale;

/**
 * One value of one request field, as logged and decoded; the comment-stripped form is computed on
 * first use.
 *
 * <p>Not thread-safe: belongs to one request being inspected.
 */
public final class FieldValue {
    final Field field;
    final String raw;
    final String decoded;
    private String noComments;
    private String rawFolded;
    /** Where {@link #cased} comes from: {@link #CASED_RAW}, {@link #CASED_POSIX} or {@link #CASED_WINDOWS}. */
    private final byte casedFrom;
    private String cased;
    /**
     * This value's entries in the per-thread memos of {@link Evaluator} and {@link RuleMatcher},
     * found once per value instead of once per leaf or rule: each lookup hashed and compared a
     * user agent of a hundred characters. Each entry names its owner (a thread, a matcher's map)
     * and is used only by that owner, so a value seen by two threads or matchers stays correct.
     */
    Evaluator.Verdicts verdicts;
    RuleMatcher.RuleBits ruleBits;

    private static final byte CASED_RAW = 0;
    private static final byte CASED_POSIX = 1;
    private static final byte CASED_WINDOWS = 2;

    FieldValue(Field field, String raw, String decoded) {
        this(field, raw, decoded, CASED_RAW);
    }

    private FieldValue(Field field, String raw, String decoded, byte casedFrom) {
        this.field = field;
        this.raw = raw;
        this.decoded = decoded == null ? "" : decoded;
        this.casedFrom = casedFrom;
    }

    /**
     * A command line (or one argument) as logged and as normalised for {@code windows} or POSIX:
     * its {@link Variant#CASED} form is the same normalisation with letter case kept.
     */
    static FieldValue commandLine(Field field, String raw, String decoded, boolean windows) {
        return new FieldValue(field, raw, decoded, windows ? CASED_WINDOWS : CASED_POSIX);
    }

    /**
     * A value for views outside this package (Sigma's): {@code decoded} is the form rules' literals
     * and the prefilter read, {@code raw} the value as logged.
     */
    public static FieldValue of(Field field, String raw, String decoded) {
        return new FieldValue(field, raw, decoded);
    }

    public Field field() {
        return field;
    }

    public String raw() {
        return raw;
    }

    public String decoded() {
        return decoded;
    }

    public String noComments() {
        String s = noComments;
        if (s == null) {
            s = Normalizer.stripComments(decoded);
            noComments = s;
        }
        return s;
    }

    /**
     * The value as logged in lower case, computed on first use: what the literal gate of a regex
     * on the raw value reads (the regex matches without case). {@link String#toLowerCase} returns
     * the value itself when it has no upper case.
     */
    String rawFolded() {
        String s = rawFolded;
        if (s == null) {
            s = raw == null ? "" : raw.toLowerCase(Locale.ROOT);
            rawFolded = s;
        }
        return s;
    }

    /**
     * The normalised command line with letter case kept, computed on first use (a value that is not
     * a command line: as logged).
     */
    String cased() {
        String s = cased;
        if (s == null) {
            // a Windows line's options ignore case: its decoded form is the reading
            s = casedFrom == CASED_RAW || raw == null ? (raw == null ? "" : raw)
                    : casedFrom == CASED_WINDOWS ? decoded : CommandLineNormalizer.normalizeCased(raw, false);
            cased = s;
        }
        return s;
    }

    String get(Variant v) {
        switch (v) {
            case RAW:
                return raw == null ? "" : raw;
            case CASED:
                return cased();
            case NOCOMMENTS:
                return noComments();
            default:
                return decoded;
        }
    }
}
