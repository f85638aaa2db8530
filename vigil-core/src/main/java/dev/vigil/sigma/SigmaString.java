package dev.vigil.sigma;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * A Sigma value: text in which {@code *} and {@code ?} are wildcards unless escaped. Escapes
 * follow the specification: a backslash escapes the {@code *}, {@code ?} or backslash after it,
 * and is a plain backslash before anything else ({@code C:\Windows\} needs no doubling).
 *
 * <p>Immutable and thread-safe.
 */
final class SigmaString {
    private final String text;
    /** Positions in {@link #text} that are wildcards rather than literal {@code *} or {@code ?}. */
    private final BitSet wild;

    private SigmaString(String text, BitSet wild) {
        this.text = text;
        this.wild = wild;
    }

    /** A value as written in a rule. */
    static SigmaString parse(String s) {
        StringBuilder b = new StringBuilder(s.length());
        BitSet wild = new BitSet();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(i + 1);
                if (n == '*' || n == '?' || n == '\\') {
                    b.append(n);
                    i++;
                    continue;
                }
                b.append(c);
            } else if (c == '*' || c == '?') {
                wild.set(b.length());
                b.append(c);
            } else {
                b.append(c);
            }
        }
        return new SigmaString(b.toString(), wild);
    }

    /** A value with no wildcards at all (a number, an encoded value). */
    static SigmaString literal(String s) {
        return new SigmaString(s, new BitSet());
    }

    boolean hasWildcards() {
        return !wild.isEmpty();
    }

    /** The text with wildcards as {@code *} and {@code ?}; the literal value when there are none. */
    String text() {
        return text;
    }

    /** The value as bytes for the encoding modifiers; a value with wildcards cannot be encoded. */
    byte[] bytes(String modifier) {
        if (hasWildcards()) {
            throw new Unsupported("modifier '" + modifier + "' on a value with wildcards");
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The {@code windash} variants: each {@code -} or {@code /} that starts a word after a
     * non-word character (a command-line switch) becomes each of {@code - / – — ―}, in every
     * combination.
     */
    List<SigmaString> windash() {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c == '-' || c == '/') && !wild.get(i) && (i == 0 || !word(text.charAt(i - 1)))
                    && i + 1 < text.length() && word(text.charAt(i + 1)) && !wild.get(i + 1)) {
                at.add(i);
            }
        }
        List<SigmaString> out = new ArrayList<>();
        if (at.isEmpty()) {
            out.add(this);
            return out;
        }
        if (at.size() > 4) {
            throw new Unsupported("windash on a value with " + at.size() + " switches (too many combinations)");
        }
        String dashes = "-/\u2013\u2014\u2015";
        int n = (int) Math.pow(dashes.length(), at.size());
        for (int k = 0; k < n; k++) {
            char[] cs = text.toCharArray();
            int x = k;
            for (int pos : at) {
                cs[pos] = dashes.charAt(x % dashes.length());
                x /= dashes.length();
            }
            out.add(new SigmaString(new String(cs), wild));
        }
        return out;
    }

    private static boolean word(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /**
     * An RE2 regular expression matching what this value matches under {@code op}: {@code *} any
     * run of characters, {@code ?} one character, anchored as the operator says.
     */
    String regex(SigmaCompiler.Op op, boolean fold) {
        StringBuilder b = new StringBuilder("(?s)");
        int from = 0;
        int to = text.length();
        // leading and trailing stars need no regex of their own: the match is unanchored there
        boolean anchorStart = op == SigmaCompiler.Op.EQUALS || op == SigmaCompiler.Op.STARTSWITH;
        boolean anchorEnd = op == SigmaCompiler.Op.EQUALS || op == SigmaCompiler.Op.ENDSWITH;
        while (anchorStart && from < to && wild.get(from) && text.charAt(from) == '*') {
            anchorStart = false;
            from++;
        }
        while (!anchorStart && from < to && wild.get(from) && text.charAt(from) == '*') {
            from++;
        }
        while (anchorEnd && to > from && wild.get(to - 1) && text.charAt(to - 1) == '*') {
            anchorEnd = false;
            to--;
        }
        while (!anchorEnd && to > from && wild.get(to - 1) && text.charAt(to - 1) == '*') {
            to--;
        }
        if (anchorStart) {
            b.append('^');
        }
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (wild.get(i)) {
                b.append(c == '*' ? ".*" : ".");
            } else {
                escape(b, fold ? Character.toLowerCase(c) : c);
            }
        }
        if (anchorEnd) {
            b.append('$');
        }
        return b.toString();
    }

    static void escape(StringBuilder b, char c) {
        if (Character.isLetterOrDigit(c) || c == ' ' || c == '_' || c >= 128) {
            b.append(c);
        } else if (c < 0x20 || c == 0x7f) {
            b.append(String.format(Locale.ROOT, "\\x{%x}", (int) c));
        } else {
            b.append('\\').append(c);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
