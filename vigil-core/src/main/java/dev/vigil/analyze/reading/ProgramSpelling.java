package dev.vigil.analyze.reading;

import dev.vigil.normalize.CommandLineNormalizer;

/**
 * A POSIX command line whose program, its first word, is spelled to slip past a literal match
 * without changing what runs: quotes or a backslash inside it ({@code s''ed}, {@code s\ed}), what
 * expands to nothing ({@code s$@ed}, {@code $*}, {@code ${@}}, an empty {@code $()} or pair of
 * backquotes) or {@code ${IFS}} for the blank after it. {@link #spelledOut} gives the same line with
 * only that word spelled out and every argument left exactly as written, for the rules that must
 * read the arguments as logged (a quoted {@code sed} script, a Perl string in backquotes, a quoted
 * user agent): the decoded reading, which undoes the spelling, also removes the quotes they read.
 *
 * <p>Linear in the word, never throws. Stateless and thread-safe.
 */
public final class ProgramSpelling {
    /** Longer first words are left alone: no program name is that long. */
    static final int MAX_WORD = 256;

    private ProgramSpelling() {
    }

    /**
     * The line with its program word spelled out, or null when the word is spelled plainly, holds
     * an expansion that is not empty (a variable, a command substitution), or does not spell a
     * plain program name or path.
     */
    public static String spelledOut(String line) {
        if (line == null || line.isEmpty()) {
            return null;
        }
        try {
            return read(line);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String read(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        int start = i;
        StringBuilder w = new StringBuilder();
        boolean changed = false;
        boolean ifsBlank = false;
        while (i < n) {
            if (i - start > MAX_WORD) {
                return null;
            }
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';' || c == '&' || c == '|' || c == '<'
                    || c == '>' || c == '(' || c == ')') {
                break;
            }
            int skip = CommandLineNormalizer.ifs(s, i);
            if (skip > 0) {
                i += skip;
                changed = true;
                ifsBlank = true;
                break;
            }
            skip = CommandLineNormalizer.emptyExpansion(s, i);
            if (skip > 0) {
                i += skip;
                changed = true;
                continue;
            }
            if (c == '\'' || c == '"') {
                int end = s.indexOf(c, i + 1);
                if (end < 0) {
                    return null;
                }
                for (int k = i + 1; k < end; k++) {
                    char q = s.charAt(k);
                    if (c == '"' && (q == '$' || q == '`' || q == '\\')) {
                        return null; // something expands inside the double quotes
                    }
                }
                w.append(s, i + 1, end);
                i = end + 1;
                changed = true;
                continue;
            }
            if (c == '\\' && i + 1 < n) {
                w.append(s.charAt(i + 1));
                i += 2;
                changed = true;
                continue;
            }
            if (c == '$' || c == '`' || c == '{' || c == '*' || c == '?' || c == '[') {
                return null; // an expansion or a glob: what it names is not spelled here
            }
            w.append(c);
            i++;
        }
        if (!changed || !CommandReader.plainWord(w)) {
            return null;
        }
        return s.substring(0, start) + w + (ifsBlank ? " " : "") + s.substring(i);
    }
}
