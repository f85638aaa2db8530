package dev.vigil.rules.compile;

/**
 * The characters a match of a regular expression can start with, when the expression makes that
 * plain ({@code [;|&]\s*id}, {@code <\s*script}, {@code \$\{jndi}): a value holding none of them
 * cannot match, which a scan for a few characters tells far faster than running the regex. This
 * complements the literal gate, whose literals are often short words found everywhere ("sh",
 * "or") while the leading metacharacter is rare in benign values.
 *
 * <p>ASCII only; returns null whenever unsure (an optional first atom, {@code .}, {@code \w},
 * a negated class, a non-ASCII character). Letters count in both cases, as rules match without
 * regard to case. Static and thread-safe.
 */
public final class FirstChars {
    private FirstChars() {}

    /** A two-word bit mask over ASCII ({@code [0]} for 0-63, {@code [1]} for 64-127), or null. */
    public static long[] of(String regex) {
        try {
            long[] m = new long[2];
            int end = seq(regex, 0, regex.length(), m);
            return end < 0 || (m[0] == 0 && m[1] == 0) ? null : m;
        } catch (RuntimeException e) {
            return null; // unusual syntax: no gate, the regex just runs
        }
    }

    /**
     * Character classes every match must contain somewhere, one per mandatory atom of the
     * expression's top-level sequence, keeping only the classes made of characters that are rare
     * in benign values (whitespace and punctuation other than {@code / . - _}): a value lacking
     * any of them cannot match. {@code \s+} is the most useful: decoded paths and most
     * parameter values hold no whitespace at all. Empty when there is nothing selective.
     */
    public static long[][] required(String regex) {
        java.util.List<long[]> out = new java.util.ArrayList<>();
        try {
            int i = 0;
            int to = regex.length();
            while (i < to) {
                char c = regex.charAt(i);
                if (c == '^' || c == '$') {
                    i++;
                    continue;
                }
                if (c == '\\' && i + 1 < to && (regex.charAt(i + 1) == 'b' || regex.charAt(i + 1) == 'B')) {
                    i += 2;
                    continue;
                }
                if (c == '|') {
                    return new long[0][]; // not a single sequence
                }
                long[] m = new long[2];
                int next;
                if (c == '\\' && i + 1 < to && regex.charAt(i + 1) == 's') {
                    for (char w : new char[] {' ', '\t', '\n', '\r', '\f', 0x0b}) {
                        set(m, w);
                    }
                    next = i + 2;
                } else {
                    next = atom(regex, i, to, m);
                }
                if (next < 0) {
                    next = skipAtom(regex, i, to);
                    if (next < 0) {
                        break;
                    }
                    m = null;
                }
                boolean optional = false;
                if (next < to) {
                    char q = regex.charAt(next);
                    optional = q == '?' || q == '*' || (q == '{' && next + 1 < to && regex.charAt(next + 1) == '0');
                    // step over the quantifier and a lazy/possessive mark
                    if (q == '?' || q == '*' || q == '+') {
                        next++;
                    } else if (q == '{') {
                        int close = regex.indexOf('}', next);
                        next = close < 0 ? to : close + 1;
                    }
                    if (next < to && (regex.charAt(next) == '?' || regex.charAt(next) == '+')) {
                        next++;
                    }
                }
                if (m != null && !optional && selective(m)) {
                    out.add(m);
                }
                i = next;
            }
        } catch (RuntimeException e) {
            return new long[0][];
        }
        out.sort(java.util.Comparator.comparingInt(m -> Long.bitCount(m[0]) + Long.bitCount(m[1])));
        return out.stream().limit(3).toArray(long[][]::new);
    }

    /** The index after the atom at i, whatever it is, or -1. */
    private static int skipAtom(String re, int i, int to) {
        char c = re.charAt(i);
        if (c == '\\') {
            return i + 2 <= to ? i + 2 : -1;
        }
        if (c == '[') {
            int j = i + 1;
            if (j < to && re.charAt(j) == '^') {
                j++;
            }
            if (j < to && re.charAt(j) == ']') {
                j++;
            }
            while (j < to && re.charAt(j) != ']') {
                if (re.charAt(j) == '\\') {
                    j++;
                }
                j++;
            }
            return j < to ? j + 1 : -1;
        }
        if (c == '(') {
            int close = closing(re, i, to);
            return close < 0 ? -1 : close + 1;
        }
        return i + 1;
    }

    private static final long[] COMMON = new long[2];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            set(COMMON, c);
            set(COMMON, (char) (c - 32));
        }
        for (char c = '0'; c <= '9'; c++) {
            set(COMMON, c);
        }
        for (char c : new char[] {'/', '.', '-', '_'}) {
            set(COMMON, c);
        }
    }

    private static boolean selective(long[] m) {
        return (m[0] & COMMON[0]) == 0 && (m[1] & COMMON[1]) == 0 && (m[0] | m[1]) != 0;
    }

    /** Whether {@code s} holds a character of {@code mask}. */
    public static boolean any(String s, long[] mask) {
        long lo = mask[0];
        long hi = mask[1];
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 64) {
                if ((lo >>> c & 1L) != 0) {
                    return true;
                }
            } else if (c < 128 && (hi >>> (c - 64) & 1L) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Adds the first characters of the sequence re[from, to) to m; returns -1 when unknown. */
    private static int seq(String re, int from, int to, long[] m) {
        int i = from;
        // zero-width prefixes
        while (i < to) {
            char c = re.charAt(i);
            if (c == '^') {
                i++;
            } else if (c == '\\' && i + 1 < to && (re.charAt(i + 1) == 'b' || re.charAt(i + 1) == 'B')) {
                i += 2;
            } else if (re.startsWith("(?i)", i) || re.startsWith("(?s)", i) || re.startsWith("(?m)", i)) {
                i += 4;
            } else {
                break;
            }
        }
        if (i >= to) {
            return -1; // empty: matches anywhere
        }
        long[] atom = new long[2];
        int next = atom(re, i, to, atom);
        if (next < 0) {
            return -1;
        }
        if (next < to) {
            char q = re.charAt(next);
            if (q == '?' || q == '*' || (q == '{' && next + 1 < to && re.charAt(next + 1) == '0')) {
                return -1; // the first atom may be absent
            }
        }
        m[0] |= atom[0];
        m[1] |= atom[1];
        return next;
    }

    /** Reads one atom at re[i], puts its possible first characters in m, returns the index after it. */
    private static int atom(String re, int i, int to, long[] m) {
        char c = re.charAt(i);
        switch (c) {
            case '\\': {
                if (i + 1 >= to) {
                    return -1;
                }
                char e = re.charAt(i + 1);
                if (Character.isLetterOrDigit(e)) {
                    if (e == 'n') {
                        return add(m, '\n') ? i + 2 : -1;
                    }
                    if (e == 't') {
                        return add(m, '\t') ? i + 2 : -1;
                    }
                    return -1; // \s \d \w \x.. \p..: classes we do not expand
                }
                return add(m, e) ? i + 2 : -1;
            }
            case '[':
                return charClass(re, i, to, m);
            case '(': {
                int close = closing(re, i, to);
                if (close < 0) {
                    return -1;
                }
                int start = i + 1;
                if (re.startsWith("?:", start)) {
                    start += 2;
                } else if (start < close && re.charAt(start) == '?') {
                    return -1; // other group kinds
                }
                for (String alt : RegexLiterals.topLevelAlternatives(re.substring(start, close))) {
                    if (seq(alt, 0, alt.length(), m) < 0) {
                        return -1;
                    }
                }
                return close + 1;
            }
            case '.':
            case '$':
            case '|':
            case ')':
                return -1;
            default:
                return add(m, c) ? i + 1 : -1;
        }
    }

    private static int charClass(String re, int i, int to, long[] m) {
        int j = i + 1;
        if (j < to && re.charAt(j) == '^') {
            return -1;
        }
        boolean first = true;
        while (j < to) {
            char c = re.charAt(j);
            if (c == ']' && !first) {
                return j + 1;
            }
            first = false;
            if (c == '\\') {
                if (j + 1 >= to) {
                    return -1;
                }
                char e = re.charAt(j + 1);
                if (e == 'n') {
                    c = '\n';
                } else if (e == 't') {
                    c = '\t';
                } else if (e == 'd') {
                    for (char d = '0'; d <= '9'; d++) {
                        add(m, d);
                    }
                    j += 2;
                    continue;
                } else if (Character.isLetterOrDigit(e)) {
                    return -1;
                } else {
                    c = e;
                }
                j += 2;
            } else {
                j++;
            }
            if (j + 1 < to && re.charAt(j) == '-' && re.charAt(j + 1) != ']') {
                char hiChar = re.charAt(j + 1);
                if (hiChar == '\\' || hiChar < c) {
                    return -1;
                }
                for (char x = c; x <= hiChar; x++) {
                    if (!add(m, x)) {
                        return -1;
                    }
                }
                j += 2;
            } else if (!add(m, c)) {
                return -1;
            }
        }
        return -1;
    }

    private static int closing(String re, int open, int to) {
        int depth = 0;
        boolean inClass = false;
        for (int k = open; k < to; k++) {
            char c = re.charAt(k);
            if (c == '\\') {
                k++;
            } else if (inClass) {
                if (c == ']') {
                    inClass = false;
                }
            } else if (c == '[') {
                inClass = true;
                if (k + 1 < to && re.charAt(k + 1) == ']') {
                    k++;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return k;
            }
        }
        return -1;
    }

    private static boolean add(long[] m, char c) {
        if (c >= 128) {
            return false;
        }
        set(m, c);
        if (c >= 'a' && c <= 'z') {
            set(m, (char) (c - 32));
        } else if (c >= 'A' && c <= 'Z') {
            set(m, (char) (c + 32));
        }
        return true;
    }

    private static void set(long[] m, char c) {
        if (c < 64) {
            m[0] |= 1L << c;
        } else {
            m[1] |= 1L << (c - 64);
        }
    }
}
