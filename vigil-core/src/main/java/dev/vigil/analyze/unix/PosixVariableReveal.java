package dev.vigil.analyze.unix;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads a POSIX command line whose words are put together from shell variables set on the same
 * line ({@code x=/etc/pas;y=swd;cat $x$y}, {@code export u=http://h/x && curl $u}): the
 * string-concatenation trick that keeps a path or a program's name out of the text. Each
 * {@code NAME=VALUE} assignment (a plain word or a quoted string, at the start of a command or
 * after {@code export}/{@code local}/{@code readonly}/{@code declare}) is remembered in order, and a later
 * {@code $NAME} or {@code ${NAME}} reads as its value; the expanded line is for the normaliser to
 * append after the line as written.
 *
 * <p>Nothing is run: a value that itself holds a {@code $}, a backquote or a substitution is not
 * followed, nor is a variable set anywhere else. At most {@value #MAX_VARIABLES} variables and the
 * first {@value #MAX_CHARS} characters are read. Linear, never throws. Static and thread-safe.
 */
public final class PosixVariableReveal {
    static final int MAX_VARIABLES = 16;
    static final int MAX_CHARS = 4096;

    private PosixVariableReveal() {
    }

    /** {@code raw} with the variables it sets itself expanded where it uses them, or null when it uses none. */
    public static String expand(String raw) {
        if (raw == null || raw.indexOf('=') < 0 || raw.indexOf('$') < 0) {
            return null;
        }
        String s = raw.length() > MAX_CHARS ? raw.substring(0, MAX_CHARS) : raw;
        try {
            return scan(s);
        } catch (RuntimeException e) {
            return null; // hostile input must never break normalisation
        }
    }

    private static String scan(String s) {
        Map<String, String> vars = new HashMap<>();
        StringBuilder out = new StringBuilder(s.length() + 32);
        boolean used = false;
        boolean commandStart = true;
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (commandStart && (c == ' ' || c == '\t')) {
                out.append(c);
                i++;
                continue;
            }
            if (commandStart) {
                int kw = keyword(s, i);
                if (kw > 0) {
                    out.append(s, i, i + kw);
                    i += kw;
                    continue;
                }
                int a = assignment(s, i, vars);
                if (a > 0) {
                    out.append(s, i, i + a);
                    i += a;
                    continue; // another assignment or the command may follow
                }
            }
            if (c == '$' && i + 1 < n) {
                int end;
                String name;
                if (s.charAt(i + 1) == '{') {
                    int close = s.indexOf('}', i + 2);
                    name = close > 0 ? s.substring(i + 2, close) : null;
                    end = close + 1;
                } else {
                    int k = i + 1;
                    while (k < n && isNameChar(s.charAt(k), k == i + 1)) {
                        k++;
                    }
                    name = k > i + 1 ? s.substring(i + 1, k) : null;
                    end = k;
                }
                String value = name == null ? null : vars.get(name);
                if (value != null) {
                    out.append(value);
                    used = true;
                    i = end;
                    commandStart = false;
                    continue;
                }
            }
            out.append(c);
            i++;
            commandStart = c == ';' || c == '&' || c == '|' || c == '\n' || c == '(' || c == '{' || c == '`';
        }
        return used ? out.toString() : null;
    }

    /** Words that may stand before an assignment. */
    private static final String[] KEYWORDS = {"export ", "local ", "readonly ", "declare "};

    /** Length of {@code export }, {@code local }, {@code readonly } or {@code declare } at {@code i}, or 0. */
    private static int keyword(String s, int i) {
        for (String k : KEYWORDS) {
            if (s.startsWith(k, i)) {
                return k.length();
            }
        }
        return 0;
    }

    /**
     * At {@code i}, {@code NAME=VALUE} followed by a blank or a command separator: records it and
     * returns its length (with the blanks after it); 0 when there is none.
     */
    private static int assignment(String s, int i, Map<String, String> vars) {
        int n = s.length();
        int k = i;
        while (k < n && isNameChar(s.charAt(k), k == i)) {
            k++;
        }
        if (k == i || k >= n || s.charAt(k) != '=') {
            return 0;
        }
        String name = s.substring(i, k);
        int v = k + 1;
        String value;
        int end;
        if (v < n && (s.charAt(v) == '\'' || s.charAt(v) == '"')) {
            int close = s.indexOf(s.charAt(v), v + 1);
            if (close < 0) {
                return 0;
            }
            value = s.substring(v + 1, close);
            end = close + 1;
        } else {
            end = v;
            while (end < n && " \t;&|\n)".indexOf(s.charAt(end)) < 0) {
                end++;
            }
            value = s.substring(v, end);
        }
        if (end < n && " \t;&|\n)".indexOf(s.charAt(end)) < 0) {
            return 0; // x="a"b: a word the reading does not take apart
        }
        if (value.indexOf('$') >= 0 || value.indexOf('`') >= 0 || value.indexOf('(') >= 0) {
            vars.remove(name); // not followed: the value is computed
        } else if (vars.size() < MAX_VARIABLES || vars.containsKey(name)) {
            vars.put(name, value);
        }
        while (end < n && (s.charAt(end) == ' ' || s.charAt(end) == '\t')) {
            end++;
        }
        return end - i;
    }

    private static boolean isNameChar(char c, boolean first) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
    }
}
