package dev.vigil.analyze.reading;

import dev.vigil.analyze.unix.Wrappers;
import dev.vigil.normalize.CommandLineNormalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a command line into the simple commands a shell would run, each as its words with the
 * quoting removed: separators ({@code ; & | && || newline}, and on POSIX {@code ( ) `} and
 * {@code $(}) end a command, redirections are kept apart from the arguments, and leading
 * {@code NAME=value} assignments are kept apart too (a pager or editor variable is a place to
 * hide a command). The command strings that a shell ({@code sh -c}), {@code cmd /c} or
 * PowerShell ({@code -Command}) is given are read again, a few levels deep, so a program
 * wrapped in {@code cmd /c "..."} is seen as the program it is; so is the command a program that
 * runs commands is handed ({@code xargs}, {@code find -exec}, {@code docker exec},
 * {@code kubectl exec --}, {@code chroot}, {@code ssh HOST ...}: {@link #runnerCommand}).
 *
 * <p>This reads the way {@code sh} and {@code cmd.exe} split words well enough to find the
 * program and its arguments; it expands nothing, so it never executes anything and it is linear
 * in the input (at most {@link #MAX_DEPTH} re-reads of shorter strings). Never throws on any
 * input. Stateless and thread-safe.
 */
public final class CommandReader {
    /** How many nested {@code sh -c} / {@code cmd /c} levels are read. */
    static final int MAX_DEPTH = 3;
    /** Longer command lines are read up to this many characters. */
    static final int MAX_CHARS = 8192;

    private CommandReader() {
    }

    /**
     * One simple command: its words (program first), its redirection targets and its leading
     * variable assignments, how deeply it was nested in command strings, and whether its standard
     * input is fed from a pipe or a file (then a shell it starts reads a script, not a person), and
     * whether it runs inside {@code $(...)} or backquotes (its output is a value for another command),
     * and the command string it hands a shell, cmd or PowerShell to run (read again as commands of
     * their own after it), or null; {@code handed}: it is, or runs inside, the command {@code xargs}
     * or {@code find -exec} was handed ({@code xargs id}), which runs once per input line or found
     * file, as a pipeline's processing step rather than on its own.
     */
    public record Simple(List<String> words, List<String> redirects, List<String> assignments, int depth, boolean fedInput,
                         boolean substituted, String commandString, boolean handed) {
        public Simple {
            words = List.copyOf(words);
            redirects = List.copyOf(redirects);
            assignments = List.copyOf(assignments);
        }

        /** This command as one a program that runs commands was handed ({@link #handed}). */
        Simple handedOn() {
            return handed ? this : new Simple(words, redirects, assignments, depth, fedInput, substituted, commandString, true);
        }

        /** The program's base name, lower-case, without {@code .exe}; empty when there are no words. */
        public String program() {
            if (words.isEmpty()) {
                return "";
            }
            String w = words.get(0);
            int i = 0;
            while (i < w.length() - 1 && (w.charAt(i) == '{' || w.charAt(i) == '(' || w.charAt(i) == '@')) {
                i++; // PowerShell script blocks and cmd's @echo
            }
            return baseName(w.substring(i));
        }
    }

    /** Command lines read lately on this thread for {@link #shellStrings}: hosts start the same lines all day. */
    private static final dev.vigil.text.RecentValues<List<String>> SHELL_STRINGS =
            new dev.vigil.text.RecentValues<>(8, 1024, CommandReader::shellStringsOnce);

    /**
     * The command strings POSIX shells on a POSIX {@code line} are told to run ({@code sh -c '...'},
     * {@code sudo bash -lc "..."}, {@code nohup sh -c ...}, {@code su -c '...'}, and so
     * {@code xargs sh -c '...'}, {@code docker exec web sh -c '...'}: {@link #runnerCommand}) and the
     * text {@code echo} or {@code printf} pipes into a shell ({@code echo '...' | sh}), each as the
     * shell reads it (quotes of the outer line undone), outermost first, at most {@link #MAX_DEPTH}
     * levels deep. The string runs as a command line of its own: what it starts stands at the start of a
     * command there, where the outer line shows it after {@code -c}. Empty when there are none (the
     * common case costs a scan for an option holding {@code c}). The list is immutable.
     */
    public static List<String> shellStrings(String line) {
        if (line == null || line.length() < 6 || !commandOption(line) && !echoedScript(line)) {
            return List.of();
        }
        return SHELL_STRINGS.get(line);
    }

    /** Whether {@code line} may pipe text it writes into a shell ({@code echo '...' | sh}). */
    private static boolean echoedScript(String line) {
        return line.indexOf('|') >= 0 && (line.indexOf("echo") >= 0 || line.indexOf("printf") >= 0);
    }

    /**
     * Whether {@code line} has an option a shell takes its command string with: {@code -c} alone or
     * in a cluster ({@code -lc}, {@code -xec}), or {@code --command}; one scan, no allocation.
     */
    private static boolean commandOption(String line) {
        int n = line.length();
        for (int i = line.indexOf('-'); i >= 0 && i < n - 1; i = line.indexOf('-', i + 1)) {
            if (line.startsWith("--command", i)) {
                return true;
            }
            for (int k = i + 1; k < n && k - i <= 8; k++) {
                char c = line.charAt(k);
                if (c == 'c' || c == 'C') {
                    return true;
                }
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
                    break;
                }
            }
        }
        return false;
    }

    private static List<String> shellStringsOnce(String line) {
        try {
            List<String> out = null;
            List<Simple> simples = read(line, false);
            for (int k = 0; k < simples.size(); k++) {
                Simple s = simples.get(k);
                String script = k > 0 ? echoedInto(simples.get(k - 1), s) : null;
                if (script != null) {
                    if (out == null) {
                        out = new ArrayList<>(2);
                    }
                    out.add(script);
                }
                String inner = s.commandString();
                if (inner == null || inner.isBlank()) {
                    continue;
                }
                List<String> w = s.words();
                if (Wrappers.isWrapper(baseName(w.get(0)))) {
                    w = Wrappers.unwrap(w, false);
                }
                if (w.isEmpty()) {
                    continue;
                }
                String prog = baseName(w.get(0));
                if (!isPosixShell(prog) && !prog.equals("su")) {
                    // cmd /c and powershell -c are read on Windows lines; what xargs, find -exec or ssh run
                    // is read where it stands (a shell it starts is found at the next level), not as a
                    // whole line: "xargs id" runs id on each input, where a line that is "id" alone is a probe
                    continue;
                }
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(inner);
            }
            return out == null ? List.of() : List.copyOf(out);
        } catch (RuntimeException e) {
            return List.of(); // hostile input must never break inspection
        }
    }

    /**
     * The script {@code writer} pipes into {@code shell} when the one is {@code echo} or {@code printf}
     * and the other a POSIX shell that reads its standard input ({@code echo 'id; uname -a' | sh},
     * {@code printf 'curl ...' | bash -s}), or null.
     */
    private static String echoedInto(Simple writer, Simple shell) {
        if (!shell.fedInput() || shell.commandString() != null || writer.depth() != shell.depth() || writer.words().size() < 2
                || !isPosixShell(shell.program())) {
            return null;
        }
        for (int i = 1; i < shell.words().size(); i++) {
            String a = shell.words().get(i);
            if (!a.startsWith("-") && !a.startsWith("+")) {
                return null; // sh script.sh: the shell runs a file, its input is the script's
            }
        }
        String prog = writer.program();
        List<String> w = writer.words();
        if (prog.equals("echo")) {
            int i = 1;
            while (i < w.size() && (w.get(i).equals("-e") || w.get(i).equals("-n") || w.get(i).equals("-E") || w.get(i).equals("-ne")
                    || w.get(i).equals("-en"))) {
                i++;
            }
            return join(w, i);
        }
        if (prog.equals("printf")) {
            return w.size() == 2 || w.get(1).equals("%s") || w.get(1).equals("%s\\n") ? join(w, w.get(1).startsWith("%s") ? 2 : 1) : null;
        }
        return null;
    }

    /** Reads {@code line} (null reads as empty) with POSIX or {@code cmd.exe} quoting. */
    public static List<Simple> read(String line, boolean windows) {
        List<Simple> out = new ArrayList<>();
        if (line != null && !line.isEmpty()) {
            String s = line.length() > MAX_CHARS ? line.substring(0, MAX_CHARS) : line;
            split(windows ? s : spelledOut(s), windows, false, 0, out);
        }
        return out;
    }

    /**
     * POSIX: {@code ${IFS}} and {@code $IFS} (a word separator in disguise) read as a space, what
     * expands to nothing on a command line ({@code $@}, {@code $*}, {@code ${@}}, an empty
     * {@code $()} or pair of backquotes: {@code d$@ocker}) is dropped, and a program looked up where
     * it is named ({@code $(which nc)}, {@code `command -v curl`}) reads as its name, so that the
     * words are those the shell runs. Returns {@code s} itself when none of them occurs.
     */
    private static String spelledOut(String s) {
        if (s.indexOf("IFS") < 0 && s.indexOf("which ") < 0 && s.indexOf("command -v ") < 0 && s.indexOf("$@") < 0
                && s.indexOf("$*") < 0 && s.indexOf("${") < 0 && s.indexOf("$()") < 0 && s.indexOf("``") < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        int n = s.length();
        int empty;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '$' && s.startsWith("${IFS}", i)) {
                sb.append(' ');
                i += 5;
            } else if (c == '$' && s.startsWith("$IFS", i) && (i + 4 >= n || !Character.isLetterOrDigit(s.charAt(i + 4)) && s.charAt(i + 4) != '_')) {
                sb.append(' ');
                i += 3;
            } else if ((c == '$' || c == '`') && (empty = CommandLineNormalizer.emptyExpansion(s, i)) > 0) {
                i += empty - 1;
            } else if (c == '$' || c == '`') {
                int name = CommandLineNormalizer.lookup(s, i);
                if (name > 0) {
                    sb.append(CommandLineNormalizer.lookedUpName(s, i, name));
                    i += name - 1;
                } else {
                    sb.append(c);
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** @param powershell {@code ;} separates statements (PowerShell) although {@code windows} quoting applies */
    private static void split(String s, boolean windows, boolean powershell, int depth, List<Simple> out) {
        List<String> words = new ArrayList<>();
        List<String> redirects = new ArrayList<>();
        List<String> assignments = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        boolean quotedWord = false;
        boolean startedQuoted = false;
        boolean redirect = false;
        boolean fed = false;
        boolean sub = false;
        int subDepth = 0;
        boolean inBackquote = false;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '"' || (c == '\'' && !windows)) {
                int end = s.indexOf(c, i + 1);
                if (c == '"' && !windows) {
                    // POSIX double quotes: a backslash escapes a quote inside
                    end = i + 1;
                    while (end < n && s.charAt(end) != '"') {
                        end += s.charAt(end) == '\\' && end + 1 < n ? 2 : 1;
                    }
                    if (end >= n) {
                        end = -1;
                    }
                }
                String inner = end < 0 ? s.substring(i + 1) : s.substring(i + 1, end);
                if (c == '"' && !windows) {
                    inner = inner.replace("\\\"", "\"").replace("\\\\", "\\");
                }
                startedQuoted |= !inWord;
                w.append(inner);
                inWord = true;
                quotedWord = true;
                i = end < 0 ? n : end;
                continue;
            }
            if (!windows && c == '\\' && i + 1 < n) {
                char next = s.charAt(i + 1);
                if (next == '\n') {
                    i++;
                    continue;
                }
                w.append(next);
                inWord = true;
                i++;
                continue;
            }
            if (windows && c == '^' && i + 1 < n) {
                w.append(s.charAt(++i));
                inWord = true;
                continue;
            }
            boolean sep = c == ';' && (!windows || powershell) || c == '&' || c == '|' || c == '\n' || c == '\r'
                    || !windows && (c == '(' || c == ')' || c == '`' || c == '{' && isGroupOpen(s, i) || c == '}' && !inWord);
            boolean opensSub = false;
            if (!windows && c == '$' && i + 1 < n && s.charAt(i + 1) == '(') {
                sep = true;
                opensSub = true;
                i++;
            } else if (!windows && c == '`') {
                inBackquote = !inBackquote;
                opensSub = inBackquote;
            } else if (!windows && c == '(' && subDepth > 0) {
                subDepth++;
            } else if (!windows && c == ')' && subDepth > 0) {
                subDepth--;
            }
            if (c == '&' && redirect && w.length() == 0) {
                sep = false; // 2>&1: part of the redirection
            }
            if (sep) {
                if (inWord) {
                    add(w, words, redirects, assignments, redirect, startedQuoted);
                }
                boolean pipe = c == '|' && (i + 1 >= n || s.charAt(i + 1) != '|') && (i == 0 || s.charAt(i - 1) != '|');
                inWord = false;
                quotedWord = false;
                startedQuoted = false;
                redirect = false;
                finish(words, redirects, assignments, windows, depth, fed, sub, out);
                if (opensSub) {
                    subDepth += c == '$' || s.charAt(i) == '(' ? 1 : 0;
                }
                sub = inBackquote || subDepth > 0;
                fed = pipe;
                words = new ArrayList<>();
                redirects = new ArrayList<>();
                assignments = new ArrayList<>();
                continue;
            }
            if (c == ' ' || c == '\t') {
                if (inWord) {
                    add(w, words, redirects, assignments, redirect, startedQuoted);
                    inWord = false;
                    quotedWord = false;
                    startedQuoted = false;
                    redirect = false;
                }
                continue;
            }
            if ((c == '<' || c == '>') && !quotedWord) {
                // a word of digits just before is a file descriptor: 2>/dev/null
                if (inWord && !isDigits(w)) {
                    add(w, words, redirects, assignments, false, startedQuoted);
                }
                w.setLength(0);
                inWord = false;
                quotedWord = false;
                startedQuoted = false;
                redirect = true;
                if (c == '<' && (i + 1 >= n || s.charAt(i + 1) != '&') && !s.startsWith("/dev/tty", skipSpaces(s, i + 1))) {
                    fed = true;
                }
                while (i + 1 < n && (s.charAt(i + 1) == '>' || s.charAt(i + 1) == '<' || s.charAt(i + 1) == '&')) {
                    i++;
                }
                continue;
            }
            w.append(c);
            inWord = true;
        }
        if (inWord) {
            add(w, words, redirects, assignments, redirect, startedQuoted);
        }
        finish(words, redirects, assignments, windows, depth, fed, sub, out);
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '<')) {
            i++;
        }
        return i;
    }

    private static boolean isGroupOpen(String s, int i) {
        // "{ cmd; }" opens a group; "{a,b}" and "${x}" do not
        return i + 1 < s.length() && (s.charAt(i + 1) == ' ' || s.charAt(i + 1) == '\n') && (i == 0 || s.charAt(i - 1) != '$');
    }

    private static boolean isDigits(StringBuilder w) {
        if (w.length() == 0) {
            return false;
        }
        for (int i = 0; i < w.length(); i++) {
            if (w.charAt(i) < '0' || w.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static void add(StringBuilder w, List<String> words, List<String> redirects, List<String> assignments,
                            boolean redirect, boolean quoted) {
        String word = w.toString();
        w.setLength(0);
        if (redirect) {
            redirects.add(word);
        } else if (words.isEmpty() && !quoted && Wrappers.isAssignment(word)) {
            assignments.add(word);
        } else if (!word.isEmpty() || quoted) {
            words.add(word);
        }
    }

    private static void finish(List<String> words, List<String> redirects, List<String> assignments, boolean windows,
                               int depth, boolean fed, boolean sub, List<Simple> out) {
        if (words.isEmpty() && assignments.isEmpty() && redirects.isEmpty()) {
            return;
        }
        if (windows) {
            words = withoutLauncher(words);
        }
        String inner = depth >= MAX_DEPTH || words.isEmpty() ? null : commandString(words);
        out.add(new Simple(words, redirects, assignments, depth, fed, sub, inner, false));
        if (inner != null) {
            String prog = baseName(words.get(0));
            boolean innerWindows = windows && !isPosixShell(prog);
            int from = out.size();
            split(inner, innerWindows, prog.equals("powershell") || prog.equals("pwsh"), depth + 1, out);
            String runner = baseName(Wrappers.unwrap(words, false).get(0));
            if (runner.equals("xargs") || runner.equals("find")) {
                for (int k = from; k < out.size(); k++) {
                    out.set(k, out.get(k).handedOn());
                }
            }
        }
    }

    /**
     * cmd's {@code call PROGRAM ...} and {@code start ["title"] [/b /min /wait ...] PROGRAM ...} run
     * PROGRAM: the words from PROGRAM on, or {@code words} when there is none.
     */
    public static List<String> withoutLauncher(List<String> words) {
        if (words.size() < 2) {
            return words;
        }
        String first = words.get(0).toLowerCase(Locale.ROOT);
        if (first.equals("call")) {
            return words.subList(1, words.size());
        }
        if (!first.equals("start")) {
            return words;
        }
        int i = 1;
        if (words.get(i).isEmpty()) {
            i++; // the window title, "" as scripts write it
        }
        while (i < words.size() && words.get(i).startsWith("/") && words.get(i).length() > 1) {
            String o = words.get(i).toLowerCase(Locale.ROOT);
            i += o.equals("/d") || o.equals("/node") || o.equals("/affinity") ? 2 : 1;
        }
        if (i >= words.size()) {
            return words;
        }
        String target = words.get(i);
        int colon = target.indexOf(':');
        if (colon > 1) {
            return words; // start ms-settings:..., start https://...: a protocol handler opens it, not a program
        }
        return words.subList(i, words.size());
    }

    /** The command string a shell, cmd or PowerShell is told to run, or null. */
    static String commandString(List<String> words) {
        if (Wrappers.isWrapper(baseName(words.get(0)))) {
            words = Wrappers.unwrap(words, false); // sudo sh -c '...', nohup bash -c '...': the shell's string
        }
        String prog = baseName(words.get(0));
        for (int i = 1; i < words.size(); i++) {
            String a = words.get(i).toLowerCase(Locale.ROOT);
            if (isPosixShell(prog) && !a.startsWith("-") && !a.startsWith("+")) {
                return null; // bash script.sh -c x: the shell runs a file, the rest are its arguments
            }
            if (isPosixShell(prog) && (a.equals("-o") || a.equals("+o") || a.equals("--rcfile") || a.equals("--init-file"))) {
                i++; // bash -o pipefail -c '...': the option's value
                continue;
            }
            if (isPosixShell(prog) || prog.equals("wsl") || prog.equals("su")) {
                if (a.equals("-c") || a.matches("-[a-z]*c[a-z]*") || a.equals("--command") || a.equals("--exec") || a.equals("-e")) {
                    // sh -c 'string' name args: only the next word is the command string (wsl passes the rest)
                    if (prog.equals("wsl")) {
                        return join(words, i + 1);
                    }
                    if (i + 2 < words.size() && isPosixShell(prog) && plainWord(words.get(i + 1))) {
                        // sh -c curl -s URL: a log that joined the arguments without their quotes; the
                        // command string was the rest of the line (a one-word script given names is rare)
                        return joinQuoted(words, i + 1);
                    }
                    return i + 1 < words.size() ? words.get(i + 1) : null;
                }
            } else if (prog.equals("cmd") || prog.equals("%comspec%") || prog.equals("$env:comspec")) {
                if (a.startsWith("/c") || a.startsWith("/k") || a.startsWith("/r")) {
                    String rest = a.length() > 2 ? words.get(i).substring(2) : "";
                    String tail = join(words, i + 1);
                    return rest.isEmpty() ? tail : tail == null ? rest : rest + " " + tail;
                }
            } else if (prog.equals("forfiles")) {
                if ((a.equals("/c") || a.equals("-c")) && i + 1 < words.size()) {
                    return CommandLineNormalizer.forfilesHex(words.get(i + 1));
                }
            } else if (prog.equals("powershell") || prog.equals("pwsh")) {
                // -Command by any prefix, with a slash or a Unicode dash as PowerShell also takes
                String flag = a.isEmpty() ? a : a.substring(1);
                char dash = a.isEmpty() ? ' ' : a.charAt(0);
                boolean switchChar = dash == '-' || dash == '/' || dash == '\u2013' || dash == '\u2014' || dash == '\u2015';
                if (switchChar && (flag.equals("c") || flag.equals("co") || flag.startsWith("com"))) {
                    return join(words, i + 1);
                }
                if (switchChar && a.length() > 1) {
                    if (flag.startsWith("f") || flag.equals("e") || flag.equals("ec") || flag.startsWith("en")) {
                        return null; // -File runs a script, -EncodedCommand text other rules decode
                    }
                    if (!(flag.startsWith("no") || flag.equals("sta") || flag.equals("mta"))) {
                        i++; // -ExecutionPolicy, -WindowStyle, -Version...: the next word is the option's value
                    }
                    continue;
                }
                // Windows PowerShell runs its first word that is not an option, and all after it, as
                // -Command (powershell Get-Process; whoami); PowerShell 7 takes that word as a script file
                return prog.equals("powershell") && !a.isEmpty() && !a.equals("-") ? join(words, i) : null;
            } else {
                return runnerCommand(prog, words);
            }
        }
        return null;
    }

    /**
     * The command a program that runs a command it is given would run, as a command line, or null:
     * {@code xargs [options] CMD...}, {@code find ... -exec CMD... ;}, {@code docker exec [options]
     * CONTAINER CMD...} (podman, nerdctl likewise), {@code kubectl exec ... -- CMD...},
     * {@code chroot [options] ROOT CMD...}, {@code nsenter}/{@code unshare}/{@code setpriv ... -- CMD...},
     * {@code runuser ... -- CMD...}, {@code flock [options] FILE CMD...}, {@code watch [options] CMD...},
     * {@code script -c CMD} and {@code ssh [options] HOST CMD...} (the remote shell's command line).
     * What they run is a command of its own, read as one: {@code xargs sh -c '...'} hands a shell its
     * string as {@code sudo sh -c '...'} does.
     */
    static String runnerCommand(String prog, List<String> words) {
        int n = words.size();
        switch (prog) {
            case "xargs": {
                // (-i, -l and -e take their optional value joined: -i{} -l1 -eEOF)
                int i = skipOptions(words, 1, " -I -n -P -L -s -d -E -a --arg-file --delimiter --max-args --max-procs --max-lines --max-chars --eof --process-slot-var ");
                return i < n ? joinQuoted(words, i) : null;
            }
            case "find": {
                for (int i = 1; i < n - 1; i++) {
                    String a = words.get(i);
                    if (a.equals("-exec") || a.equals("-execdir") || a.equals("-ok") || a.equals("-okdir")) {
                        int end = i + 1;
                        while (end < n && !words.get(end).equals(";") && !words.get(end).equals("\\;") && !words.get(end).equals("+")) {
                            end++;
                        }
                        return end > i + 1 ? joinQuoted(words.subList(0, end), i + 1) : null;
                    }
                }
                return null;
            }
            case "docker": case "podman": case "nerdctl": {
                int i = 1;
                if (i < n && words.get(i).equals("container")) {
                    i++;
                }
                if (i >= n || !words.get(i).equals("exec")) {
                    return null;
                }
                i = skipOptions(words, i + 1, " -u -w -e --user --workdir --env --env-file --detach-keys ");
                return i + 1 < n ? joinQuoted(words, i + 1) : null; // the container, then its command
            }
            case "kubectl": case "oc": {
                if (n < 2 || !words.get(1).equals("exec")) {
                    return null;
                }
                int dd = words.indexOf("--");
                return dd > 0 && dd + 1 < n ? joinQuoted(words, dd + 1) : null;
            }
            case "nsenter": case "unshare": case "setpriv": case "runuser": {
                int dd = words.indexOf("--");
                return dd > 0 && dd + 1 < n ? joinQuoted(words, dd + 1) : null;
            }
            case "chroot": {
                int i = skipOptions(words, 1, " --userspec --groups ");
                return i + 1 < n ? joinQuoted(words, i + 1) : null; // the new root, then the command
            }
            case "flock": {
                int i = skipOptions(words, 1, " -w -E --timeout --conflict-exit-code ");
                if (i + 1 < n && (words.get(i + 1).equals("-c") || words.get(i + 1).equals("--command"))) {
                    return i + 2 < n ? words.get(i + 2) : null;
                }
                return i + 1 < n ? joinQuoted(words, i + 1) : null;
            }
            case "watch": {
                int i = skipOptions(words, 1, " -n -d --interval --differences -q --equexit ");
                return i < n ? joinQuoted(words, i) : null;
            }
            case "script": {
                for (int i = 1; i < n - 1; i++) {
                    if (words.get(i).equals("-c") || words.get(i).equals("--command")) {
                        return words.get(i + 1);
                    }
                }
                return null;
            }
            case "ssh": {
                int i = skipOptions(words, 1, " -b -c -D -E -e -F -I -i -J -L -l -m -O -o -p -Q -R -S -W -w -B ");
                // the destination, then the command the remote shell is given (its words joined by spaces)
                return i + 1 < n ? join(words, i + 1) : null;
            }
            default:
                return null;
        }
    }

    /**
     * The index of the first word from {@code from} on that is not an option, stepping over the
     * values of the options named in {@code valued} (space-separated, with spaces around) when not
     * joined to them ({@code -n 1}, not {@code -n1} or {@code --max-args=1}). A {@code --} ends the
     * options.
     */
    private static int skipOptions(List<String> words, int from, String valued) {
        int i = from;
        while (i < words.size()) {
            String a = words.get(i);
            if (a.equals("--")) {
                return i + 1;
            }
            if (!a.startsWith("-") || a.length() < 2) {
                return i;
            }
            i += a.indexOf('=') < 0 && valued.contains(" " + a + " ") ? 2 : 1;
        }
        return i;
    }

    /** A word with nothing a shell would split or expand: a program name or path alone. */
    static boolean plainWord(CharSequence w) {
        if (w.isEmpty()) {
            return false;
        }
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '/' || c == '.' || c == '_' || c == '-' || c == '+')) {
                return false;
            }
        }
        return true;
    }

    /** The words from {@code from} on, joined, each quoted again when it holds anything but plain characters. */
    private static String joinQuoted(List<String> words, int from) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < words.size(); i++) {
            String w = words.get(i);
            if (sb.length() > 0) {
                sb.append(' ');
            }
            if (w.equals("{}")) {
                sb.append(w); // find's and xargs's placeholder stands as it is
                continue;
            }
            boolean plain = !w.isEmpty();
            for (int k = 0; k < w.length() && plain; k++) {
                char c = w.charAt(k);
                plain = Character.isLetterOrDigit(c) || "/._-+=:,@%^~".indexOf(c) >= 0;
            }
            if (plain) {
                sb.append(w);
            } else {
                sb.append('\'').append(w.replace("'", "'\\''")).append('\'');
            }
        }
        return sb.toString();
    }

    private static String join(List<String> words, int from) {
        if (from >= words.size()) {
            return null;
        }
        return String.join(" ", words.subList(from, words.size()));
    }

    /** Base name of a path, lower-case, without {@code .exe}. */
    public static String baseName(String path) {
        int cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        String b = path.substring(cut + 1).toLowerCase(Locale.ROOT);
        return withoutVersion(b.endsWith(".exe") ? b.substring(0, b.length() - 4) : b);
    }

    /** Interpreters installed under their version, read as the program they are. */
    private static final String[] VERSIONED = {"python3", "python2", "php", "perl", "ruby", "lua", "tclsh"};

    /**
     * An interpreter's name without the version a distribution installs it under ({@code python3.11}
     * reads {@code python3}, {@code php8.2} and {@code perl5.36.0} read {@code php} and {@code perl}),
     * so what is known of the interpreter holds for every version of it; other names as they are.
     */
    static String withoutVersion(String name) {
        int n = name.length();
        if (n < 4 || !Character.isDigit(name.charAt(n - 1))) {
            return name;
        }
        for (String v : VERSIONED) {
            if (name.startsWith(v) && n > v.length()) {
                int i = v.length();
                // python3 is a name of its own, python3.11 and python3.11.4 its versions; php8.2, php82, lua5.4
                if (name.charAt(i) == '.' || (!v.startsWith("python") && Character.isDigit(name.charAt(i)))) {
                    for (int k = i; k < n; k++) {
                        char c = name.charAt(k);
                        if (!Character.isDigit(c) && c != '.') {
                            return name;
                        }
                    }
                    return v;
                }
            }
        }
        return name;
    }

    /** Whether a program name is a POSIX shell. */
    public static boolean isPosixShell(String name) {
        return Wrappers.isPosixShell(name);
    }
}
