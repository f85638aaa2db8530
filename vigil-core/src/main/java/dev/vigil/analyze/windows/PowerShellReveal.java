package dev.vigil.analyze.windows;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a PowerShell command line the way Invoke-Obfuscation's string tricks are undone by the
 * engine, and says whether it hides a sensitive call: a name or API (Invoke-Expression, a download
 * method, a decoder, reflection, AMSI, process injection) that the line only spells once its string
 * expressions are evaluated and that the line as written does not show (ATT&CK T1027.010).
 *
 * <p>String expressions undone, on string literals only (nothing is executed, no variable is
 * followed): the format operator ({@code "{1}{0}" -f 'ring','DownloadSt'}), reversal by index
 * ({@code 'gnirts'[-1..-6] -join ''}, or {@code $x[-1..-$x.Length]} on a variable holding it) or by
 * {@code [array]::Reverse} of a literal's characters,
 * character codes ({@code [char]73+[char]69}, {@code [char[]](73,69,88) -join ''},
 * {@code ('73,69' -split ',' | % {[char][int]$_}) -join ''}), and {@code -replace} of a literal
 * with a literal ({@code 'DoXXwnload' -replace 'XX',''}). Backticks, carets and quotes that split
 * a word are also removed before the words are looked for.
 *
 * <p>Linear in the input (at most the first {@value #MAX} characters), never throws, stateless
 * and thread-safe.
 */
public final class PowerShellReveal {
    static final int MAX = 8192;

    /** Sensitive words: revealed but not written, one of them makes the line a hiding one. */
    static final List<String> SENSITIVE = List.of("invoke-expression", "iex", "downloadstring", "downloaddata",
            "downloadfile", "net.webclient", "webclient", "invoke-webrequest", "invoke-restmethod", "frombase64string",
            "start-process", "new-object", "reflection.assembly", "assembly]::load", "getdelegateforfunctionpointer",
            "virtualalloc", "virtualprotect", "createthread", "writeprocessmemory", "amsiutils", "amsiinitfailed",
            "amsiscanbuffer", "invoke-mimikatz", "invoke-shellcode", "mimikatz", "bitstransfer", "system.net.sockets",
            "tcpclient", "invokescript", "newscriptblock", "scriptblock]::create", "get-credential", "encodedcommand",
            "-enc", "powershell", "cmd.exe", "mshta", "rundll32", "regsvr32", "certutil", "bitsadmin", "wscript.shell",
            "shell.application", "set-mppreference", "add-mppreference");

    /**
     * Literal markers of the string tricks; a line with none of them is left alone at once (also the
     * gate of {@code Behaviours.Family.HIDDEN_CALL}).
     */
    public static final List<String> MARKERS = List.of("-f", "[char", "-join", "-replace", "reverse", "-split");

    private PowerShellReveal() {
    }

    /** Whether {@code raw} hides a sensitive word behind string expressions. */
    public static boolean hides(String raw) {
        if (raw == null || raw.length() < 8) {
            return false;
        }
        try {
            String s = (raw.length() > MAX ? raw.substring(0, MAX) : raw).toLowerCase(Locale.ROOT);
            if (!hasMarker(s)) {
                return false;
            }
            String plain = stripSplitters(s);
            String revealed = reveal(s);
            if (revealed.isEmpty()) {
                return false;
            }
            // character codes spell upper case as readily as lower ([char]73 is I); PowerShell ignores case
            String r = stripSplitters(revealed.toLowerCase(Locale.ROOT));
            for (String w : SENSITIVE) {
                if (containsWord(r, w) && !containsWord(plain, w)) {
                    return true;
                }
            }
            return false;
        } catch (RuntimeException e) {
            return false; // hostile input must never break inspection
        }
    }

    private static boolean hasMarker(String s) {
        for (String m : MARKERS) {
            if (s.contains(m)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The text the string expressions of {@code s} evaluate to, one per line; empty when there are
     * none. Visible for tests.
     */
    static String reveal(String s) {
        StringBuilder out = new StringBuilder();
        List<Lit> lits = literals(s);
        formats(s, lits, out);
        reversals(s, lits, out);
        replaces(s, lits, out);
        charCodes(s, lits, out);
        return out.toString();
    }

    /** A string literal: its text (quotes undone) and where it starts and ends in the line. */
    record Lit(String text, int start, int end) {
    }

    /**
     * The string literals of {@code s}, in order (at most 512): single-quoted ones ({@code ''} is a
     * quote inside), double-quoted ones escaped for the command line ({@code \"...\"}), and plain
     * double-quoted ones without spaces; a plain double-quoted span with spaces is the command
     * line's own quoting of a command string and is read through.
     */
    static List<Lit> literals(String s) {
        List<Lit> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n && out.size() < 512) {
            char c = s.charAt(i);
            if (c == '\'' ) {
                StringBuilder t = new StringBuilder();
                int j = i + 1;
                boolean closed = false;
                while (j < n && s.charAt(j) != '\n') {
                    char d = s.charAt(j);
                    if (d == '\'') {
                        if (j + 1 < n && s.charAt(j + 1) == '\'') {
                            t.append('\'');
                            j += 2;
                            continue;
                        }
                        closed = true;
                        break;
                    }
                    t.append(d);
                    j++;
                }
                if (!closed) {
                    i++;
                    continue;
                }
                out.add(new Lit(t.toString(), i, j + 1));
                i = j + 1;
            } else if (c == '\\' && i + 1 < n && s.charAt(i + 1) == '"') {
                int close = s.indexOf("\\\"", i + 2);
                int nl = s.indexOf('\n', i + 2);
                if (close < 0 || (nl >= 0 && nl < close)) {
                    i += 2;
                    continue;
                }
                out.add(new Lit(s.substring(i + 2, close), i, close + 2));
                i = close + 2;
            } else if (c == '"') {
                int close = s.indexOf('"', i + 1);
                if (close < 0) {
                    break;
                }
                String t = s.substring(i + 1, close);
                boolean plain = close - i < 256 && s.charAt(close - 1) != '\\';
                for (int k = 0; plain && k < t.length(); k++) {
                    char d = t.charAt(k);
                    plain = !Character.isWhitespace(d) && d != '\'';
                }
                if (plain) {
                    out.add(new Lit(t, i, close + 1));
                    i = close + 1;
                } else {
                    i++;
                }
            } else {
                i++;
            }
        }
        return out;
    }

    /** {@code "{1}{0}" -f 'a','b'}: the format string filled with the literal arguments. */
    private static void formats(String s, List<Lit> lits, StringBuilder out) {
        for (int k = 0; k < lits.size(); k++) {
            Lit fmt = lits.get(k);
            if (fmt.text().indexOf('{') < 0) {
                continue;
            }
            int p = skipSpaceAndQuote(s, fmt.end());
            if (!s.startsWith("-f", p) || (p + 2 < s.length() && Character.isLetter(s.charAt(p + 2)))) {
                continue;
            }
            List<String> args = new ArrayList<>();
            int expect = p + 2;
            for (int m = k + 1; m < lits.size() && args.size() < 64; m++) {
                Lit a = lits.get(m);
                if (a.start() - expect > 16 || a.start() < expect) {
                    break;
                }
                String between = s.substring(expect, a.start());
                if (!between.isBlank() && !between.strip().equals(",") && !(args.isEmpty() && between.strip().equals("("))) {
                    break;
                }
                args.add(a.text());
                expect = a.end();
            }
            if (args.isEmpty()) {
                continue;
            }
            out.append(fill(fmt.text(), args)).append('\n');
        }
    }

    private static int skipSpaceAndQuote(String s, int i) {
        int n = s.length();
        while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == ')' || s.charAt(i) == '\\')) {
            i++;
        }
        return i;
    }

    static String fill(String fmt, List<String> args) {
        StringBuilder b = new StringBuilder();
        int n = fmt.length();
        for (int i = 0; i < n; i++) {
            char c = fmt.charAt(i);
            if (c == '{') {
                int j = i + 1;
                int v = 0;
                boolean digits = false;
                while (j < n && Character.isDigit(fmt.charAt(j)) && j - i < 4) {
                    v = v * 10 + (fmt.charAt(j) - '0');
                    digits = true;
                    j++;
                }
                if (digits && j < n && fmt.charAt(j) == '}') {
                    if (v < args.size()) {
                        b.append(args.get(v));
                    }
                    i = j;
                    continue;
                }
            }
            b.append(c);
        }
        return b.toString();
    }

    /** {@code 'cba'[-1..-3] -join ''}, {@code 'cba'[2..0]}, {@code [array]::reverse} of a literal: reversed. */
    private static void reversals(String s, List<Lit> lits, StringBuilder out) {
        // [array]::Reverse, or a reversing index on a variable that holds the literal ($x[-1..-$x.Length])
        boolean arrayReverse = s.contains("reverse") || s.contains("[-1..-$");
        for (Lit l : lits) {
            int p = l.end();
            while (p < s.length() && s.charAt(p) == ' ') {
                p++;
            }
            boolean indexed = p + 1 < s.length() && s.charAt(p) == '[' && (s.startsWith("[-1..", p)
                    || s.startsWith("..0]", p + 1 + digitsAt(s, p + 1)));
            if ((indexed || arrayReverse) && l.text().length() >= 3) {
                out.append(new StringBuilder(l.text()).reverse()).append('\n');
            }
        }
    }

    private static int digitsAt(String s, int i) {
        int j = i;
        while (j < s.length() && Character.isDigit(s.charAt(j))) {
            j++;
        }
        return j - i;
    }

    /** {@code 'abXXc' -replace 'XX',''} (and {@code .replace('XX','')}): the literal with the literal replaced. */
    private static void replaces(String s, List<Lit> lits, StringBuilder out) {
        for (int k = 0; k + 2 < lits.size(); k++) {
            Lit subject = lits.get(k);
            int p = skipSpaceAndQuote(s, subject.end());
            boolean op = s.startsWith("-replace", p) || s.startsWith("-creplace", p) || s.startsWith(".replace(", p);
            if (!op) {
                continue;
            }
            Lit from = lits.get(k + 1);
            Lit to = lits.get(k + 2);
            if (from.start() - subject.end() > 16 || from.text().isEmpty()) {
                continue;
            }
            out.append(subject.text().replace(from.text(), to.text())).append('\n');
        }
    }

    /** {@code [char]73+[char]69}, {@code [char[]](73,69)}, numbers split and cast to [char]: the characters. */
    private static void charCodes(String s, List<Lit> lits, StringBuilder out) {
        if (!s.contains("[char")) {
            return;
        }
        // every run of numbers that [char] touches, in order, read as character codes
        StringBuilder b = new StringBuilder();
        int n = s.length();
        int i = 0;
        while (i < n) {
            int c = s.indexOf("[char", i);
            if (c < 0) {
                break;
            }
            int j = c + 5;
            while (j < n && j - c < 40 && !Character.isDigit(s.charAt(j)) && s.charAt(j) != ';' && s.charAt(j) != '|') {
                j++;
            }
            while (j < n && (Character.isDigit(s.charAt(j)) || s.charAt(j) == ',' || s.charAt(j) == ' ')) {
                int k = j;
                int v = 0;
                while (k < n && Character.isDigit(s.charAt(k)) && k - j < 4) {
                    v = v * 10 + (s.charAt(k) - '0');
                    k++;
                }
                if (k > j) {
                    if (v >= 32 && v < 127) {
                        b.append((char) v);
                    }
                    j = k;
                } else {
                    j++;
                }
            }
            i = Math.max(j, c + 5);
        }
        // numbers in a split literal cast to [char] later: '73,69,88' -split ',' | % {[char][int]$_}
        if (s.contains("-split")) {
            for (Lit l : lits) {
                if (l.text().length() >= 5 && numberList(l.text())) {
                    for (String num : l.text().split("[,; ]+")) {
                        int v = Integer.parseInt(num);
                        if (v >= 32 && v < 127) {
                            b.append((char) v);
                        }
                    }
                }
            }
        }
        if (b.length() > 0) {
            out.append(b).append('\n');
        }
    }

    /** Whether {@code t} is only numbers of two or three digits separated by commas, semicolons or spaces (two or more). */
    static boolean numberList(String t) {
        int numbers = 0;
        int run = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c >= '0' && c <= '9') {
                run++;
                if (run > 3) {
                    return false;
                }
            } else if (c == ',' || c == ';' || c == ' ') {
                if (run == 1) {
                    return false;
                }
                numbers += run > 0 ? 1 : 0;
                run = 0;
            } else {
                return false;
            }
        }
        if (run == 1) {
            return false;
        }
        numbers += run > 0 ? 1 : 0;
        return numbers >= 2;
    }

    /** {@code s} without the characters that split a word without changing it: backticks, carets, quotes, plus signs. */
    static String stripSplitters(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '`' || c == '^' || c == '\'' || c == '"' || c == '+') {
                continue;
            }
            b.append(c);
        }
        return b.toString();
    }

    /** Whether {@code w} occurs in {@code s} not inside a longer word. */
    static boolean containsWord(String s, String w) {
        int from = 0;
        while (true) {
            int i = s.indexOf(w, from);
            if (i < 0) {
                return false;
            }
            int e = i + w.length();
            boolean left = i == 0 || !isWordChar(s.charAt(i - 1)) || !isWordChar(w.charAt(0));
            boolean right = e >= s.length() || !isWordChar(s.charAt(e)) || !isWordChar(w.charAt(w.length() - 1));
            if (left && right) {
                return true;
            }
            from = i + 1;
        }
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
