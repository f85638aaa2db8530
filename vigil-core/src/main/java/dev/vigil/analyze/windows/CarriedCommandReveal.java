package dev.vigil.analyze.windows;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the command lines that a Windows line hands to another process to run later or elsewhere,
 * each as a command line of its own: the process WMI creates ({@code wmic process call create "X"},
 * {@code Invoke-WmiMethod -Class Win32_Process -Name Create -ArgumentList 'X'},
 * {@code Invoke-CimMethod ... -Arguments @{CommandLine='X'}}, {@code ([wmiclass]'win32_process').Create('X')}),
 * the action of a scheduled task ({@code schtasks /create ... /tr "X"}, {@code New-ScheduledTaskAction
 * -Execute P -Argument A}) and the image of a service ({@code sc create NAME binPath= "X"},
 * {@code New-Service -BinaryPathName 'X'}). Written inside the carrier, the command's program is not
 * where a command starts, so a rule for {@code rdrleakdiag.exe /fullmemdmp} or {@code 7z a -p} reads
 * it only once it stands alone (T1047, T1053.005, T1543.003).
 *
 * <p>Works on the line as logged, before folding, because the value's quotes bound it: a double- or
 * single-quoted value runs to its closing quote ({@code \"} and a doubled quote are quotes inside it),
 * an unquoted one is one word. At most {@value #MAX_COMMANDS} commands per line and
 * {@value #MAX_ATTEMPTS} carrier words looked at. Nothing is run. Linear in the input, never throws;
 * stateless and thread-safe.
 */
public final class CarriedCommandReveal {
    static final int MAX_COMMANDS = 4;
    static final int MAX_ATTEMPTS = 16;

    private CarriedCommandReveal() {
    }

    /**
     * Whether the folded (lower-case) line names a carrier at all: the cheap test made before the
     * line is read.
     */
    public static boolean mayCarry(String folded) {
        return folded != null && (folded.contains("create") || folded.contains("/tr") || folded.contains("binpath")
                || folded.contains("-binarypathname") || folded.contains("new-scheduledtaskaction"));
    }

    /**
     * The command lines {@code raw} carries, as written inside their quotes (not folded), in the order
     * found; empty when there are none.
     */
    public static List<String> commands(String raw) {
        if (raw == null || raw.length() < 8) {
            return List.of();
        }
        try {
            List<String> out = new ArrayList<>(2);
            int[] attempts = {0};
            // WMI's Win32_Process.Create, by wmic, the WMI and CIM cmdlets and the [wmiclass] accelerator
            if (find(raw, "process", 0) >= 0) {
                after(raw, "call create", "process", out, attempts);
            }
            if (find(raw, "win32_process", 0) >= 0 && find(raw, "create", 0) >= 0) {
                after(raw, "-argumentlist", null, out, attempts);
                after(raw, "commandline", null, out, attempts);
                after(raw, ".create(", null, out, attempts);
            }
            after(raw, "/tr", "schtasks", out, attempts);
            after(raw, "binpath=", null, out, attempts);
            after(raw, "-binarypathname", null, out, attempts);
            taskAction(raw, out, attempts);
            return out.isEmpty() ? List.of() : out;
        } catch (RuntimeException e) {
            return List.of(); // hostile input must never break matching
        }
    }

    /**
     * Adds the value after each {@code key} (an option or a member name, case ignored, followed by
     * blanks, a {@code =} or a {@code :}) to {@code out}; when {@code needs} is given, only where that
     * word comes earlier in the same statement.
     */
    private static void after(String s, String key, String needs, List<String> out, int[] attempts) {
        int from = 0;
        while (out.size() < MAX_COMMANDS && attempts[0] < MAX_ATTEMPTS) {
            int k = find(s, key, from);
            if (k < 0) {
                return;
            }
            attempts[0]++;
            from = k + key.length();
            boolean joined = from < s.length() && Character.isLetterOrDigit(s.charAt(from)) && Character.isLetter(key.charAt(key.length() - 1));
            if (joined || !wordStart(s, k) || (needs != null && !inStatement(s, needs, k))) {
                continue; // /tree is not /tr
            }
            int v = from;
            while (v < s.length() && (s.charAt(v) == ' ' || s.charAt(v) == '\t')) {
                v++;
            }
            if (v < s.length() && (s.charAt(v) == '=' || s.charAt(v) == ':') && !key.endsWith("=") && !key.endsWith("(")) {
                v++;
            }
            String value = value(s, v);
            if (value != null && !value.isBlank()) {
                add(out, value.strip());
            }
        }
    }

    /** {@code New-ScheduledTaskAction -Execute PROGRAM -Argument ARGS}: the program and its arguments joined. */
    private static void taskAction(String s, List<String> out, int[] attempts) {
        int k = find(s, "new-scheduledtaskaction", 0);
        if (k < 0 || out.size() >= MAX_COMMANDS || attempts[0] >= MAX_ATTEMPTS) {
            return;
        }
        attempts[0]++;
        int end = statementEnd(s, k);
        String statement = s.substring(k, end);
        String program = option(statement, "-execute");
        if (program == null || program.isBlank()) {
            return;
        }
        String args = option(statement, "-argument");
        add(out, args == null || args.isBlank() ? program.strip() : program.strip() + ' ' + args.strip());
    }

    /** The value of {@code -name} (an option of a cmdlet, by its full name) in {@code statement}, or null. */
    private static String option(String statement, String name) {
        int from = 0;
        while (true) {
            int k = find(statement, name, from);
            if (k < 0) {
                return null;
            }
            int e = k + name.length();
            from = e;
            if (e < statement.length() && Character.isLetter(statement.charAt(e))) {
                continue; // -argumentlist is not -argument
            }
            while (e < statement.length() && (statement.charAt(e) == ' ' || statement.charAt(e) == ':')) {
                e++;
            }
            return value(statement, e);
        }
    }

    /**
     * The value at {@code i}: a double-quoted string ({@code \"} and {@code ""} are quotes in it), a
     * single-quoted one ({@code ''} is a quote), or one unquoted word; null at the end of the line.
     */
    static String value(String s, int i) {
        int n = s.length();
        if (i >= n) {
            return null;
        }
        char q = s.charAt(i);
        if (q == '"' || q == '\'') {
            StringBuilder v = new StringBuilder();
            int j = i + 1;
            while (j < n) {
                char c = s.charAt(j);
                if (q == '"' && c == '\\' && j + 1 < n && s.charAt(j + 1) == '"') {
                    v.append('"');
                    j += 2;
                } else if (c == q && j + 1 < n && s.charAt(j + 1) == q) {
                    v.append(q);
                    j += 2;
                } else if (c == q || c == '\n') {
                    break;
                } else {
                    v.append(c);
                    j++;
                }
            }
            return v.toString();
        }
        int j = i;
        while (j < n && " \t\n;|)},".indexOf(s.charAt(j)) < 0) {
            j++;
        }
        return j == i ? null : s.substring(i, j);
    }

    /** Whether {@code word} (case ignored) stands before {@code k} in the statement that holds {@code k}. */
    private static boolean inStatement(String s, String word, int k) {
        int start = k;
        while (start > 0 && "\n;|&".indexOf(s.charAt(start - 1)) < 0) {
            start--;
        }
        int w = find(s, word, start);
        return w >= 0 && w < k;
    }

    /** The end of the statement that starts at {@code k}: a newline, or a {@code ;} or {@code |} outside quotes. */
    private static int statementEnd(String s, int k) {
        char quote = 0;
        for (int i = k; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '\n' || c == ';' || c == '|') {
                return i;
            }
        }
        return s.length();
    }

    /** Whether {@code key} at {@code k} starts a word: an option or a name, not the tail of a longer one. */
    private static boolean wordStart(String s, int k) {
        char first = s.charAt(k);
        if (first == '.' || first == '/' || first == '-' || k == 0) {
            return true;
        }
        char c = s.charAt(k - 1);
        return !Character.isLetterOrDigit(c) && c != '_';
    }

    private static void add(List<String> out, String command) {
        if (!out.contains(command)) {
            out.add(command);
        }
    }

    /** The first index of {@code needle} (lower case) in {@code s} at or after {@code from}, case ignored; -1 if none. */
    static int find(String s, String needle, int from) {
        int last = s.length() - needle.length();
        char first = needle.charAt(0);
        for (int i = Math.max(0, from); i <= last; i++) {
            char c = s.charAt(i);
            if ((c == first || Character.toLowerCase(c) == first) && s.regionMatches(true, i, needle, 0, needle.length())) {
                return i;
            }
        }
        return -1;
    }
}
