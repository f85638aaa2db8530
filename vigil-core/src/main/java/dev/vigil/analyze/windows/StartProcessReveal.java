package dev.vigil.analyze.windows;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads PowerShell's {@code Start-Process} (aliases {@code start}, {@code saps}) the way it runs:
 * the program and its argument list joined into one command line. {@code Start-Process reg
 * -ArgumentList 'save HKLM\SAM C:\t\s'} starts {@code reg save HKLM\SAM C:\t\s}, but as written the
 * program and its arguments are apart, so a rule for {@code reg save} never sees them together.
 *
 * <p>Works on a command line already folded by the Windows normaliser (lower case, double quotes
 * and carets gone, single quotes kept): each {@code start-process PROGRAM ... -argumentlist ARGS}
 * found (parameter names by any unambiguous prefix, {@code -args} alias, {@code -filepath}
 * named or positional program, the argument list named or second positional, a quoted string or
 * a comma-separated array of strings) is a launch, {@code PROGRAM ARGS}, a command line the
 * normaliser gives rules as a reading of its own ({@link #launches}); so is the literal string given
 * to {@code iex}/{@code Invoke-Expression} ({@code iex 'reg save HKLM\SAM x'}), which runs as a
 * command. So is the command the call operator runs on a literal name ({@code & 'netsh' ARGS},
 * {@code & ('ne'+'tsh') ARGS}, {@code .('x') ARGS}, or {@code & $v ARGS} with {@code $v='name'} or
 * {@code $v = "name"} set earlier on the line). Lines without {@code start}, {@code saps}, {@code iex}, {@code &} or
 * {@code .(} have no launches, found at the cost of a few searches. At most {@value #MAX_LAUNCHES} launches per line.
 *
 * <p>Nothing is run and no variable is followed. Linear in the input, never throws.
 */
public final class StartProcessReveal {
    static final int MAX_LAUNCHES = 4;
    static final int MAX_ATTEMPTS = 16;

    private StartProcessReveal() {
    }

    /**
     * {@code folded} with the command line of each Start-Process it holds appended, a space apart;
     * or {@code folded} itself. For display and tests: rules read the launches apart, see
     * {@link #launches}.
     */
    public static String reveal(String folded) {
        if (folded == null) {
            return null;
        }
        List<String> launched = launches(folded);
        return launched.isEmpty() ? folded : folded + ' ' + String.join(" ", launched);
    }

    /**
     * The command lines {@code folded} starts through Start-Process, {@code iex} and the call
     * operator, in the order found (at most {@value #MAX_LAUNCHES} of each kind); empty when there
     * are none, or the line is too hostile to read.
     */
    public static List<String> launches(String folded) {
        if (folded == null) {
            return List.of();
        }
        List<String> out = null;
        try {
            if (folded.indexOf("start") >= 0 || folded.indexOf("saps") >= 0 || folded.indexOf("iex") >= 0
                    || folded.indexOf("invoke-expression") >= 0) {
                out = scan(folded, out);
            }
            if (folded.indexOf('&') >= 0 || folded.indexOf(".(") >= 0) {
                out = calls(folded, out);
            }
            return out == null ? List.of() : out;
        } catch (RuntimeException e) {
            return List.of(); // hostile input must never break matching
        }
    }

    /**
     * The commands that PowerShell's call operator runs on a literal name: {@code & 'netsh' ARGS},
     * {@code & ('ne'+'tsh') ARGS} (concatenation already joined by the normaliser), {@code .('x') ARGS}
     * and {@code & $v ARGS} where {@code $v='name'} is set earlier on the line; each as
     * {@code NAME ARGS}, added to {@code out} (created when null, which is returned).
     */
    static List<String> calls(String s, List<String> out) {
        int n = s.length();
        int found = 0;
        int attempts = 0;
        for (int i = 0; i < n && found < MAX_LAUNCHES && attempts < MAX_ATTEMPTS; i++) {
            char c = s.charAt(i);
            if ((c != '&' && c != '.') || (i > 0 && !commandBoundary(s.charAt(i - 1)) && s.charAt(i - 1) != '&')
                    || (i + 1 < n && s.charAt(i + 1) == '&') || (i > 0 && s.charAt(i - 1) == '&' && c == '&')) {
                continue;
            }
            int p = i + 1;
            while (p < n && s.charAt(p) == ' ') {
                p++;
            }
            boolean paren = p < n && s.charAt(p) == '(';
            if (c == '.' && !paren) {
                continue;
            }
            if (paren) {
                p++;
                while (p < n && s.charAt(p) == ' ') {
                    p++;
                }
            }
            if (p >= n) {
                break;
            }
            String name;
            int after;
            if (s.charAt(p) == '\'') {
                int close = s.indexOf('\'', p + 1);
                if (close < 0 || close - p > 260) {
                    continue;
                }
                attempts++;
                name = s.substring(p + 1, close);
                after = close + 1;
            } else if (s.charAt(p) == '$' && !paren) {
                int v = p + 1;
                while (v < n && v - p < 64 && (Character.isLetterOrDigit(s.charAt(v)) || s.charAt(v) == '_')) {
                    v++;
                }
                if (v == p + 1) {
                    continue;
                }
                attempts++;
                name = assigned(s, s.substring(p, v), i);
                after = v;
            } else {
                continue;
            }
            if (paren) {
                while (after < n && s.charAt(after) == ' ') {
                    after++;
                }
                if (after >= n || s.charAt(after) != ')') {
                    continue;
                }
                after++;
            }
            if (name == null || name.isBlank() || name.indexOf('$') >= 0 || name.indexOf('\n') >= 0) {
                continue;
            }
            int end = after;
            while (end < n && "\n;|}".indexOf(s.charAt(end)) < 0) {
                end++;
            }
            if (out == null) {
                out = new ArrayList<>(2);
            }
            out.add((name.strip() + s.substring(after, end)).stripTrailing());
            found++;
            i = end - 1;
        }
        return out;
    }

    /**
     * The literal set to {@code var} before {@code before}, or null: single-quoted ({@code $v='x'},
     * {@code $v = 'x'}), or one word alone up to the end of its statement, as a double-quoted string
     * reads once the normaliser has dropped its quotes ({@code $v = "x"}).
     */
    private static String assigned(String s, String var, int before) {
        int k = s.indexOf(var);
        for (int tries = 0; k >= 0 && k < before && tries < 8; k = s.indexOf(var, k + 1), tries++) {
            int e = k + var.length();
            if (e < s.length() && (Character.isLetterOrDigit(s.charAt(e)) || s.charAt(e) == '_')) {
                continue;
            }
            while (e < s.length() && s.charAt(e) == ' ') {
                e++;
            }
            if (e + 1 >= s.length() || s.charAt(e) != '=' || s.charAt(e + 1) == '=') {
                continue;
            }
            e++;
            while (e < s.length() && s.charAt(e) == ' ') {
                e++;
            }
            if (e < s.length() && s.charAt(e) == '\'') {
                int close = s.indexOf('\'', e + 1);
                if (close > e && close - e <= 260) {
                    return s.substring(e + 1, close);
                }
            } else if (e < s.length() && (Character.isLetterOrDigit(s.charAt(e)) || s.charAt(e) == '\\')) {
                // $v = "wevtutil" folds to $v = wevtutil: one word to the end of the statement is the
                // name; an expression ($v = get-item x, $v = 1 + 2) is not
                int end = e;
                while (end < s.length() && end - e <= 260 && " ;\n|)".indexOf(s.charAt(end)) < 0) {
                    end++;
                }
                int after = end;
                while (after < s.length() && s.charAt(after) == ' ') {
                    after++;
                }
                if (end - e <= 260 && (after >= s.length() || ";\n|".indexOf(s.charAt(after)) >= 0)) {
                    return s.substring(e, end);
                }
            }
        }
        return null;
    }

    /** Adds the Start-Process and iex launches of {@code s} to {@code out} (created when null, which is returned). */
    private static List<String> scan(String s, List<String> out) {
        int n = s.length();
        int launches = 0;
        int attempts = 0; // each reads at most the rest of the line: a bounded number keeps it linear
        for (int i = 0; i < n && launches < MAX_LAUNCHES && attempts < MAX_ATTEMPTS; i++) {
            char c = s.charAt(i);
            if ((c != 's' && c != 'i') || (i > 0 && !commandBoundary(s.charAt(i - 1)))) {
                continue;
            }
            if (c == 'i') {
                if (!s.startsWith("iex", i) && !s.startsWith("invoke-expression", i)) {
                    continue;
                }
                attempts++;
                String run = expression(s, i);
                if (run != null) {
                    if (out == null) {
                        out = new ArrayList<>(2);
                    }
                    out.add(run);
                    launches++;
                }
                continue;
            }
            int end;
            if (s.startsWith("start-process", i)) {
                end = i + 13;
            } else if (s.startsWith("saps", i)) {
                end = i + 4;
            } else if (s.startsWith("start", i)) {
                end = i + 5;
            } else {
                continue;
            }
            if (end >= n || s.charAt(end) != ' ') {
                continue;
            }
            attempts++;
            String launched = launch(s, end + 1);
            if (launched != null) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(launched);
                launches++;
            }
        }
        return out;
    }

    /** The literal string that {@code iex 'TEXT'} or {@code Invoke-Expression('TEXT')} at {@code i} runs, or null. */
    private static String expression(String s, int i) {
        int e;
        if (s.startsWith("iex", i)) {
            e = i + 3;
        } else if (s.startsWith("invoke-expression", i)) {
            e = i + 17;
        } else {
            return null;
        }
        int n = s.length();
        while (e < n && (s.charAt(e) == ' ' || s.charAt(e) == '(')) {
            e++;
        }
        if (s.startsWith("-command", e)) {
            e += 8;
            while (e < n && s.charAt(e) == ' ') {
                e++;
            }
        }
        if (e >= n || s.charAt(e) != '\'') {
            return null;
        }
        String[] value = new String[1];
        value(s, e, value);
        String text = value[0].trim();
        return text.isEmpty() ? null : text;
    }

    /** Whether the character before a command word lets it stand in command position. */
    private static boolean commandBoundary(char c) {
        return c == ' ' || c == '\n' || c == ';' || c == '(' || c == '{' || c == '|' || c == '&' || c == '=';
    }

    /** The program and arguments of the Start-Process whose parameters begin at {@code i}, or null. */
    private static String launch(String s, int i) {
        int n = s.length();
        String program = null;
        String args = null;
        int positional = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == ' ') {
                i++;
                continue;
            }
            if (c == '\n' || c == ';' || c == '|' || c == '}' || c == ')') {
                break;
            }
            if (c == '-' && i + 1 < n && Character.isLetter(s.charAt(i + 1))) {
                int e = i + 1;
                while (e < n && Character.isLetter(s.charAt(e))) {
                    e++;
                }
                String name = s.substring(i + 1, e);
                if (e < n && s.charAt(e) == ':') {
                    e++;
                }
                String[] value = new String[1];
                if (isPrefix(name, "filepath", 1) || name.equals("path") || name.equals("pspath")) {
                    i = value(s, e, value);
                    program = value[0];
                } else if (isPrefix(name, "argumentlist", 1) || name.equals("args")) {
                    i = bare(s, e) ? rest(s, e, value) : value(s, e, value);
                    args = value[0];
                } else if (takesValue(name)) {
                    i = value(s, e, value);
                } else {
                    i = e; // a switch (-wait, -nonewwindow, -passthru)
                }
                continue;
            }
            String[] value = new String[1];
            int next = program != null && bare(s, i) ? rest(s, i, value) : value(s, i, value);
            if (next == i) {
                break;
            }
            String v = value[0];
            if (positional == 0 && program == null) {
                program = v;
            } else if (args == null) {
                args = v;
            }
            positional++;
            i = next;
        }
        if (program == null || program.isEmpty() || args == null || args.isBlank()) {
            return null;
        }
        return program.trim() + " " + args.trim();
    }

    /**
     * Whether the value at {@code i} is unquoted: the normaliser has removed its double quotes, so
     * it runs to the next Start-Process parameter or the end of the statement.
     */
    private static boolean bare(String s, int i) {
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i < s.length() && s.charAt(i) != '\'';
    }

    /** The words from {@code i} to the next Start-Process parameter or statement end, into {@code out[0]}. */
    private static int rest(String s, int i, String[] out) {
        int n = s.length();
        int j = i;
        while (j < n) {
            char c = s.charAt(j);
            if (c == '\n' || c == ';' || c == '|') {
                break;
            }
            if (c == '-' && j > i && s.charAt(j - 1) == ' ') {
                int e = j + 1;
                while (e < n && Character.isLetter(s.charAt(e))) {
                    e++;
                }
                String name = s.substring(j + 1, e);
                if (name.length() >= 2 && (takesValue(name) || isPrefix(name, "wait", 2) || isPrefix(name, "nonewwindow", 2)
                        || isPrefix(name, "passthru", 2) || isPrefix(name, "loaduserprofile", 2) || isPrefix(name, "usenewenvironment", 2))) {
                    break;
                }
            }
            j++;
        }
        out[0] = s.substring(i, j).replace(",", " ");
        return j;
    }

    /** Start-Process parameters that take a value. */
    private static boolean takesValue(String name) {
        return isPrefix(name, "windowstyle", 1) || isPrefix(name, "verb", 2) || isPrefix(name, "workingdirectory", 2)
                || isPrefix(name, "credential", 1) || name.startsWith("redirectstandard") || name.startsWith("rs")
                || name.equals("wd");
    }

    private static boolean isPrefix(String name, String full, int min) {
        return name.length() >= min && full.startsWith(name);
    }

    /**
     * Reads one value at {@code i} into {@code out[0]}: a single-quoted string ({@code ''} is a
     * quote), a comma-separated array of such strings or words (joined by spaces), or a bare
     * word; returns the index after the value.
     */
    private static int value(String s, int i, String[] out) {
        int n = s.length();
        while (i < n && s.charAt(i) == ' ') {
            i++;
        }
        StringBuilder v = new StringBuilder();
        int j = i;
        while (j < n) {
            char c = s.charAt(j);
            if (c == '\'') {
                int k = j + 1;
                while (k < n) {
                    if (s.charAt(k) == '\'') {
                        if (k + 1 < n && s.charAt(k + 1) == '\'') {
                            v.append('\'');
                            k += 2;
                            continue;
                        }
                        break;
                    }
                    v.append(s.charAt(k));
                    k++;
                }
                j = Math.min(k + 1, n);
            } else if (c == ',') {
                // an array: the next element follows, spaces allowed around the comma
                v.append(' ');
                j++;
                while (j < n && s.charAt(j) == ' ') {
                    j++;
                }
            } else if (c == ' ') {
                int k = j;
                while (k < n && s.charAt(k) == ' ') {
                    k++;
                }
                if (k < n && s.charAt(k) == ',') {
                    j = k;
                    continue;
                }
                break;
            } else if (c == '\n' || c == ';' || c == '|' || c == ')' || c == '}') {
                break;
            } else {
                v.append(c);
                j++;
            }
        }
        out[0] = v.toString();
        return j;
    }
}
