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
    /** Where {@link #cased} comes from: one of the {@code CASED_} constants. */
    private final byte casedFrom;
    private String cased;
    /**
     * For a command line, which of its readings {@link #decoded} is (0: the line as read). The
     * readings share {@link #raw}, by which the verdict memos are keyed: only the first is remembered.
     * Also above 0 for a value decoded otherwise than its field's values are (a JSON member among the
     * parameter values), which must not be remembered under its text either.
     */
    int reading;
    private String casedFolded;
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
    /** A request field: URL and HTML decoding only (in a query string {@code +} too). */
    private static final byte CASED_REQUEST = 3;
    private static final byte CASED_QUERY = 4;

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
     * A command line (or one argument) as logged and one of its readings, normalised for
     * {@code windows} or POSIX ({@link CommandLineNormalizer#readings}, {@code reading} its index):
     * its {@link Variant#CASED} form is the same reading with letter case kept.
     */
    static FieldValue commandLine(Field field, String raw, String decoded, boolean windows, int reading) {
        FieldValue v = new FieldValue(field, raw, decoded, windows ? CASED_WINDOWS : CASED_POSIX);
        v.reading = reading;
        return v;
    }

    /**
     * A request field as logged and as normalised: its {@link Variant#CASED} form is the value
     * URL- and HTML-decoded with nothing folded ({@link Normalizer#decodeCased}).
     *
     * @param query whether the value is part of a query string, where {@code +} means a space
     */
    static FieldValue request(Field field, String raw, String decoded, boolean query) {
        return new FieldValue(field, raw, decoded, query ? CASED_QUERY : CASED_REQUEST);
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
            if (raw == null) {
                s = "";
            } else {
                switch (casedFrom) {
                    case CASED_WINDOWS:
                        s = decoded; // a Windows line's options ignore case: its decoded form is the reading
                        break;
                    case CASED_POSIX:
                        s = CommandLineNormalizer.posixCased(raw, reading);
                        break;
                    case CASED_REQUEST:
                    case CASED_QUERY:
                        s = Normalizer.decodeCased(raw, casedFrom == CASED_QUERY);
                        break;
                    default:
                        s = raw;
                }
            }
            cased = s;
        }
        return s;
    }

    /**
     * {@link #cased} in lower case, what the literal gate of a regex on it reads: for a command
     * line that is the decoded form; a request field's decoded form also folds whitespace and
     * compatibility characters, so it is computed on first use.
     */
    String casedFolded() {
        if (casedFrom == CASED_POSIX || casedFrom == CASED_WINDOWS) {
            return decoded;
        }
        String s = casedFolded;
        if (s == null) {
            s = cased().toLowerCase(Locale.ROOT);
            casedFolded = s;
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
