package dev.vigil.analyze.cmdi;

import dev.vigil.analyze.windows.CmdVariableReveal;
import java.util.Optional;

/**
 * Decides whether a decoded parameter value would run a command if an application pasted it into
 * a shell command line (Unix sh, cmd.exe or PowerShell).
 *
 * <p>The value is read the way a shell reads it, in one pass: command separators ({@code ; | || &
 * && newline}, also a newline written as the two characters {@code \n}), command substitution
 * ({@code $(...)}, backticks), grouping and brace expansion ({@code ( { {cat,/etc/passwd}}), and a
 * quote that closes the string the value was pasted into each start a new <em>command position</em>.
 * The word in command position is read with the shell's own quote removal and expansions that
 * filters miss: {@code c'a't}, {@code c"a"t}, {@code c\at}, {@code c$@at}, {@code ${IFS}} and
 * {@code $IFS$9} as blanks, {@code <} and {@code ,} ending the word, an optional directory
 * ({@code /usr/bin/id}, {@code c:\windows\system32\cmd.exe}) and a glob ({@code /???/c?t}). A
 * known command word there ({@link ShellWords}) is an injection when the word is distinctive,
 * or when what follows reads as shell arguments (a flag, an absolute or drive path, a
 * redirection, a URL, the end of the value, another separator).
 *
 * <p>At the very start of the value, where no separator was needed (an application that runs the
 * value itself), the bar is higher: a command word followed by shell-shaped arguments
 * ({@code ls -la /}, {@code type c:\boot.ini}), or one of a few words that are nothing but
 * reconnaissance commands ({@code whoami}, {@code systeminfo}).
 *
 * <p>Linear in the value's length. Stateless and thread-safe.
 */
public final class CommandInjection {

    /** Values longer than this are read only up to here: payloads are short, documents are not. */
    static final int MAX_LEN = 8192;

    private static final boolean[] TRIGGER = new boolean[128];

    static {
        for (char c : ";|&`$\n\r{(<>'\"\\,".toCharArray()) {
            TRIGGER[c] = true;
        }
    }

    /** Commands that, alone as a whole value, are reconnaissance and nothing else. */
    private static final java.util.Set<String> ALONE = java.util.Set.of("whoami", "uname", "ifconfig",
            "ipconfig", "systeminfo", "tasklist", "netstat", "getmac", "whoami.exe", "ipconfig.exe",
            "systeminfo.exe", "tasklist.exe", "netstat.exe");

    private CommandInjection() {
    }

    /**
     * Whether {@code v} is, as a whole, the path of a program in a system binary folder ({@code
     * /bin/sh}, {@code usr/bin/id}, {@code /usr/local/sbin/visudo}): no form field takes one, and an
     * attacker probing for command execution sends exactly that (the program named is one
     * {@link ShellWords} knows, so {@code /bin/} alone or a web path like {@code /cgi-bin/x} is not).
     */
    static boolean systemProgram(String v) {
        int i = v.startsWith("/") ? 1 : 0;
        if (v.startsWith("usr/", i)) {
            i += 4;
            if (v.startsWith("local/", i)) {
                i += 6;
            }
        }
        if (v.startsWith("sbin/", i)) {
            i += 5;
        } else if (v.startsWith("bin/", i)) {
            i += 4;
        } else {
            return false;
        }
        String prog = v.substring(i);
        if (prog.isEmpty() || prog.length() > 32 || prog.indexOf('/') >= 0 || prog.indexOf(' ') >= 0) {
            return false;
        }
        return ShellWords.isCommand(ShellWords.kind(prog)) || SHELLS.contains(prog);
    }

    /**
     * English words that are also commands doing nothing an attacker wants when they stand alone at
     * the value's end: after a blank-surrounded {@code &} they end a name or title ("Books &amp; More",
     * "Copy &amp; Paste", "Date &amp; Time"); with arguments, or after another separator, they count as before.
     */
    private static final java.util.Set<String> PROSE_END = java.util.Set.of("more", "less", "time", "date", "sort",
            "find", "paste", "join", "split", "look", "make", "free", "top", "view", "clear", "reset", "yes",
            "true", "false", "wait", "watch", "pause", "title", "color", "label", "call", "start", "shift",
            "exit", "diff", "test", "read", "info", "cal", "say", "open", "source", "history", "last", "file",
            "patch", "update", "install", "tree", "script", "expect", "screen", "service", "help", "type", "echo",
            "export");

    /** Shells, which {@link ShellWords} leaves out as words but are the first program an attacker asks for. */
    private static final java.util.Set<String> SHELLS = java.util.Set.of("sh", "bash", "dash", "zsh", "ksh", "csh",
            "tcsh", "ash", "busybox");

    /**
     * Whether a globbed word is shaped like a path to a program ({@code /???/c?t}, {@code /usr/bin/w?o*}):
     * not a URL's host ({@code //203.0.113.45/c?}, {@code example.com/a?b}), whose '?' starts a query.
     */
    static boolean pathShaped(String w) {
        int slash = w.lastIndexOf('/');
        String dir = w.substring(0, Math.max(0, slash));
        return !w.startsWith("//") && dir.indexOf('.') < 0 && dir.indexOf(':') < 0;
    }

    /**
     * Where the data of a data URI (RFC 2397) starts, when {@code s} begins with one's header
     * ({@code data:image/png;base64,}, {@code data:text/plain;charset=utf-8,}, {@code data:,}), else 0.
     */
    static int dataUriBody(String s) {
        if (!s.startsWith("data:")) {
            return 0;
        }
        int i = 5;
        int n = Math.min(s.length(), 200);
        while (i < n) {
            char c = s.charAt(i);
            if (c == ',') {
                return i + 1;
            }
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '/' || c == ';' || c == '=' || c == '.'
                    || c == '+' || c == '-' || c == '_')) {
                return 0; // a blank, a quote, a pipe: no media type
            }
            i++;
        }
        return 0;
    }

    /** @return a short reason (e.g. "whoami after ;"), or empty. Never throws. */
    public static Optional<String> detect(String decoded) {
        return detect(decoded, null);
    }

    /**
     * @param decoded the decoded, case-folded value (whitespace compressed, so a newline reads as a space)
     * @param raw the value as logged, or null; when it encodes a line break ({@code %0a}, {@code %0d}),
     *            the value is decoded again keeping line breaks, which are command separators
     * @return a short reason, or empty. Never throws.
     */
    public static Optional<String> detect(String decoded, String raw) {
        if (decoded == null || decoded.length() < 2) {
            return Optional.empty();
        }
        try {
            Optional<String> wrapped = dev.vigil.analyze.Wrapped.read(decoded, true, v -> detect(v, null));
            if (wrapped != null) {
                return wrapped;
            }
            String s = decoded.length() > MAX_LEN ? decoded.substring(0, MAX_LEN) : decoded;
            int data = dataUriBody(s);
            if (data > 0) {
                // data:image/png;base64,... : the ';' of the media type is no command separator
                s = s.substring(data);
                raw = null;
                if (s.length() < 2) {
                    return Optional.empty();
                }
            }
            if (raw != null && hasEncodedBreak(raw)) {
                String kept = LineDecoder.decode(raw.length() > MAX_LEN * 3 ? raw.substring(0, MAX_LEN * 3) : raw);
                String hit = new Reader(kept).scan();
                if (hit != null) {
                    return Optional.of(hit);
                }
            }
            String hit = new Reader(s).scan();
            if (hit == null && s.indexOf(":~") > 0) {
                String blanks = windowsSubstrings(s);
                if (blanks != null) {
                    hit = new Reader(blanks).scan();
                }
            }
            return Optional.ofNullable(hit);
        } catch (RuntimeException | StackOverflowError e) {
            return Optional.empty();
        }
    }

    /**
     * The value with each cmd.exe substring expansion ({@code %ProgramFiles:~10,1%},
     * {@code %COMSPEC:~-1%}) read as a blank, or null when there is none: obfuscators and commix's
     * Windows payloads cut a blank (or a letter) out of a variable the system always sets, so that
     * no literal blank separates a command from its arguments ({@code ping%x:~10,1%127.0.0.1}).
     * An expansion of a variable whose default value is known reads as that value's substring
     * instead ({@code %COMSPEC:~-7,3%} is {@code cmd}), when the substring is letters, digits, dots or a blank.
     */
    static String windowsSubstrings(String s) {
        StringBuilder out = null;
        int from = 0;
        for (int i = s.indexOf('%'); i >= 0; ) {
            int j = i + 1;
            while (j < s.length() && j - i <= 32 && (isAlnum(s.charAt(j)) || s.charAt(j) == '_' || s.charAt(j) == '(' || s.charAt(j) == ')')) {
                j++;
            }
            int end = -1;
            if (j > i + 1 && s.startsWith(":~", j)) {
                int k = j + 2;
                int digits = 0;
                while (k < s.length() && k - j <= 12 && (isDigit(s.charAt(k)) || s.charAt(k) == '-' || s.charAt(k) == ',' || s.charAt(k) == ' ')) {
                    digits += isDigit(s.charAt(k)) ? 1 : 0;
                    k++;
                }
                if (digits > 0 && k < s.length() && s.charAt(k) == '%') {
                    end = k;
                }
            }
            if (end < 0) {
                i = s.indexOf('%', i + 1);
                continue;
            }
            if (out == null) {
                out = new StringBuilder(s.length());
            }
            String known = CmdVariableReveal.systemCut(s.substring(i + 1, j), s.substring(j + 2, end));
            out.append(s, from, i).append(known != null && !known.isEmpty() && plainText(known) ? known : " ");
            from = end + 1;
            i = s.indexOf('%', end + 1);
        }
        return out == null ? null : out.append(s, from, s.length()).toString();
    }

    /** Letters, digits, blanks and dots only: a substring that spells a word or a file name, or separates words. */
    private static boolean plainText(String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!(isAlnum(c) || c == ' ' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasEncodedBreak(String raw) {
        for (int i = raw.indexOf('%'); i >= 0 && i + 2 < raw.length(); i = raw.indexOf('%', i + 1)) {
            char a = raw.charAt(i + 1);
            char b = raw.charAt(i + 2);
            if (a == '0' && (b == 'a' || b == 'A' || b == 'd' || b == 'D')) {
                return true;
            }
            if (a == '2' && b == '5') {
                return true; // double encoding: let the line decoder look
            }
            if ((a == 'u' || a == 'U') && raw.startsWith("000", i + 2) && i + 5 < raw.length()
                    && "aAdD".indexOf(raw.charAt(i + 5)) >= 0) {
                return true; // IIS %u000a
            }
        }
        return raw.indexOf('\n') >= 0 || raw.indexOf('\r') >= 0;
    }

    /** One left-to-right reading of a value. Not thread-safe; one per call. */
    static final class Reader {
        private final String s;
        private final int n;
        private final StringBuilder word = new StringBuilder(24);
        private boolean globbed;
        private boolean sawQuoteOrEscape;

        Reader(String s) {
            this.s = s;
            this.n = s.length();
        }

        String scan() {
            if (!worthReading()) {
                return null;
            }
            String hit = atStart();
            if (hit != null) {
                return hit;
            }
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                String sep = null;
                int next = i + 1;
                boolean strongContext = false;
                boolean group = false;
                switch (c) {
                    case ';':
                        sep = ";";
                        break;
                    case '\n':
                    case '\r':
                        sep = "newline";
                        break;
                    case '|':
                        sep = "|";
                        if (next < n && s.charAt(next) == '|') {
                            next++;
                            sep = "||";
                        }
                        break;
                    case '&':
                        sep = "&";
                        if (next < n && s.charAt(next) == '&') {
                            next++;
                            sep = "&&";
                        }
                        break;
                    case '`':
                        sep = "`";
                        strongContext = true;
                        break;
                    case '$':
                        if (next < n && s.charAt(next) == '(') {
                            next++;
                            sep = "$(";
                            strongContext = true;
                        }
                        break;
                    case '(':
                    case '{':
                        sep = String.valueOf(c);
                        group = true;
                        break;
                    case '\\':
                        if (next < n && (s.charAt(next) == 'n' || s.charAt(next) == 'r')) {
                            next++;
                            sep = "\\n";
                        }
                        break;
                    default:
                        break;
                }
                if (sep == null) {
                    continue;
                }
                String h = commandAt(next, sep, strongContext, group, 0);
                if (h != null) {
                    return h;
                }
            }
            return null;
        }

        private boolean worthReading() {
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c < 128 && TRIGGER[c]) {
                    return true;
                }
            }
            // no separator: only a whole command line (ls -la /) can be one
            return s.indexOf(' ') >= 0 || ALONE.contains(s) || systemProgram(s);
        }

        /** The value's start: a quote breaking out of a string, or a command line on its own. */
        private String atStart() {
            if (s.charAt(0) == ' ') {
                // a parameter whose name starts with a blank: the '&' before it, which split the
                // query, was a shell separator (x=1&& uname -a), so this is a command position
                String h = commandAt(0, "&", false, false, 0);
                if (h != null) {
                    return h;
                }
            }
            int i = 0;
            boolean brokeOut = false;
            while (i < n && (s.charAt(i) == '\'' || s.charAt(i) == '"' || s.charAt(i) == ' ')) {
                brokeOut |= s.charAt(i) != ' ';
                i++;
            }
            if (brokeOut) {
                return commandAt(i, "quote", false, false, 0);
            }
            if (ALONE.contains(s.trim()) || systemProgram(s.trim())) {
                return s.trim() + " as the whole value";
            }
            int end = readWord(i);
            String w = word.toString();
            int kind = kindOf(w);
            if (kind == 0 || globbed) {
                return null;
            }
            int a = skipBlanks(end);
            if (a == end || a >= n) {
                return null; // a bare word at the start is a search term, not a command line
            }
            if (ShellWords.isPrefix(kind)) {
                String h = commandAt(a, w, false, false, 1);
                if (h != null) {
                    return h;
                }
            }
            if (ShellWords.isCommand(kind) && (shellArgument(a, kind, true) || netSubcommand(base(w), a))) {
                return base(w) + " with shell arguments";
            }
            return null;
        }

        /**
         * Whether a command word sits at {@code i}, which follows separator {@code sep}.
         * {@code depth} counts prefix words ({@code sudo nohup x}) already skipped. After an
         * opening bracket ({@code group}), which prose uses too, every word needs shell arguments,
         * unless a comma follows it as in brace expansion ({@code {cat,/etc/passwd}}).
         */
        private String commandAt(int i, String sep, boolean strongContext, boolean group, int depth) {
            int start = skipBlanks(i);
            // a word that starts with a quoted part ("i"d, 'who'ami) is read whole, with quote removal
            boolean quotedWord = start < n && (s.charAt(start) == '\'' || s.charAt(start) == '"')
                    && readWord(start) > start && kindOf(word.toString()) != 0;
            // quotes and brackets that open a group may precede the command: ;"id", $( (id) ), {id}
            // (a few at most: a long run of brackets is no command, and skipping it from every
            // separator would read the value quadratically)
            for (int k = 0; !quotedWord && k < 4 && start < n && (s.charAt(start) == '\'' || s.charAt(start) == '"'
                    || s.charAt(start) == '(' || s.charAt(start) == '{'); k++) {
                start = skipBlanks(start + 1);
            }
            if (start >= n) {
                return null;
            }
            if (s.charAt(start) == '$' && !group && depth == 0 && !sep.equals("quote")) {
                String v = variableCommand(start);
                if (v != null) {
                    return v + " after " + sep;
                }
            }
            if (s.charAt(start) == '$' && depth < 3) {
                // an unset variable alone before the command expands to no word at all: $u wget
                int e = unsetExpansion(start);
                if (e > start && e < n && (s.charAt(e) == ' ' || s.charAt(e) == '\t')) {
                    String h = commandAt(e, sep, strongContext, group, depth + 1);
                    if (h != null) {
                        return h;
                    }
                }
            }
            int end = readWord(start);
            if (end == start || word.length() == 0) {
                return null;
            }
            String w = word.toString();
            boolean glob = globbed;
            boolean tricked = sawQuoteOrEscape;
            int kind = kindOf(w);
            if (kind == 0 && glob && w.indexOf('/') >= 0 && pathShaped(w)) {
                String base = w.substring(w.lastIndexOf('/') + 1);
                String m = base.length() >= 2 ? ShellWords.globMatch(base) : null;
                if (m != null) {
                    return "glob " + w + " (" + m + ") after " + sep;
                }
            }
            if (kind == 0) {
                // a program run by a relative path (;./x, | ./run.sh): only a shell spells a program so
                if (!group && depth == 0 && !sep.equals("quote") && w.startsWith("./") && w.length() > 2
                        && isLetter(w.charAt(2)) && w.indexOf('/', 2) < 0 && followedLikeCommand(end, skipBlanks(end))) {
                    return "relative program " + w + " after " + sep;
                }
                // the dot builtin (POSIX "source"): ;. /tmp/x.sh runs a file in the current shell
                if (!group && depth == 0 && !sep.equals("quote") && w.equals(".") && sourcedPath(end, skipBlanks(end))) {
                    return ". (source a file) after " + sep;
                }
                return null;
            }
            String name = base(w);
            int a = skipBlanks(end);
            // (the prefix check below runs first: "sudo id" is judged by id)
            if (ShellWords.isPrefix(kind) && depth < 3 && a < n && a > end) {
                String h = commandAt(a, sep, strongContext, group, depth + 1);
                if (h != null) {
                    return h;
                }
            }
            if (!ShellWords.isCommand(kind)) {
                return null;
            }
            if (group) {
                if (sep.equals("{") && end < n && s.charAt(end) == ',') {
                    return name + " in brace expansion";
                }
                return a > end && a < n && !isDigit(s.charAt(a)) && shellArgument(a, kind, false)
                        ? name + " after " + sep : null;
            }
            if (ShellWords.needsArguments(kind) && !tricked) {
                if (a <= end || a >= n) {
                    return null;
                }
                // the arguments may follow a subcommand: git clone https://..., docker run -v ...
                int v = a;
                while (v < n && v < a + 16 && s.charAt(v) >= 'a' && s.charAt(v) <= 'z') {
                    v++;
                }
                int b = v > a && v < n && s.charAt(v) == ' ' ? skipBlanks(v) : -1;
                return shellArgument(a, kind, false) || b > v && b < n && shellArgument(b, kind, false)
                        ? name + " after " + sep : null;
            }
            if (strongContext || ShellWords.isStrong(kind) || tricked) {
                if (followedLikeCommand(end, a)) {
                    return name + " after " + sep;
                }
                return null;
            }
            if (a >= n && sep.equals("&") && i >= 2 && s.charAt(i - 1) == '&' && s.charAt(i - 2) == ' ' && start > i
                    && PROSE_END.contains(w)) {
                // "Tips & More", "Copy & Paste", "Date & Time": the last word of a name, not a command
                return null;
            }
            if (a >= n || shellArgument(a, kind, false) || netSubcommand(name, a)) {
                return name + " after " + sep;
            }
            if (name.equals("trap") && trapHandler(a)) {
                return "trap handler after " + sep;
            }
            return null;
        }

        /**
         * Whether a blank after the dot builtin ends at {@code a} and a file path starts there: under a
         * system root ({@code /tmp/x.sh}), in the home folder ({@code ~/x}) or here by name ({@code ./x}).
         */
        private boolean sourcedPath(int end, int a) {
            if (a == end || a + 1 >= n) {
                return false;
            }
            return s.charAt(a) == '/' && isLetter(s.charAt(a + 1)) && unixRoot(a) || s.startsWith("~/", a)
                    || s.startsWith("./", a) && a + 2 < n && isLetter(s.charAt(a + 2));
        }

        /** The signals a trap names (bash manual, trap; signal(7)): a pseudo-signal, a SIG name or a number. */
        private static final java.util.Set<String> TRAP_SIGNALS = java.util.Set.of("exit", "err", "debug", "return",
                "int", "term", "hup", "quit", "usr1", "usr2", "alrm", "chld", "pipe", "kill", "0", "1", "2", "3", "9", "15");

        /**
         * Whether a quoted command and a signal name follow {@code trap}: {@code trap 'curl ..|sh' EXIT}
         * runs the command when the shell exits or is signalled, a way to run it later or hide it.
         */
        private boolean trapHandler(int a) {
            if (a >= n || s.charAt(a) != '\'' && s.charAt(a) != '"') {
                return false;
            }
            int close = s.indexOf(s.charAt(a), a + 1);
            if (close < 0 || close - a > 400 || close == a + 1) {
                return false;
            }
            int b = skipBlanks(close + 1);
            if (b == close + 1 || b >= n) {
                return false;
            }
            int e = b;
            while (e < n && isAlnum(s.charAt(e))) {
                e++;
            }
            String sig = s.substring(b, e);
            if (sig.startsWith("sig")) {
                sig = sig.substring(3);
            }
            return TRAP_SIGNALS.contains(sig);
        }

        /**
         * A command word made only of variable expansions: the shell itself ({@code $0},
         * {@code $SHELL}, {@code $BASH}), or variables the same value assigned before
         * ({@code a=c;b=at;$a$b /etc/passwd}, {@code x=$'id'&&$x}), the evasions that spell no
         * command name at all. Bounded: a few expansions of short names.
         */
        private String variableCommand(int at) {
            int i = at;
            int count = 0;
            boolean allAssigned = true;
            String single = null;
            while (i < n && s.charAt(i) == '$' && count < 6) {
                int j = i + 1;
                boolean brace = j < n && s.charAt(j) == '{';
                if (brace) {
                    j++;
                }
                int nameStart = j;
                while (j < n && j - nameStart < 16 && (isAlnum(s.charAt(j)) || s.charAt(j) == '_')) {
                    j++;
                }
                if (j == nameStart) {
                    return null;
                }
                String name = s.substring(nameStart, j);
                if (brace) {
                    if (j >= n || s.charAt(j) != '}') {
                        return null;
                    }
                    j++;
                }
                single = count == 0 ? name : null;
                allAssigned &= assigned(name, at);
                count++;
                i = j;
            }
            if (count == 0 || i < n && !(s.charAt(i) == ' ' || s.charAt(i) == ';' || s.charAt(i) == '|'
                    || s.charAt(i) == '&' || s.charAt(i) == '\n' || s.charAt(i) == '<' || s.charAt(i) == '>'
                    || s.charAt(i) == '\'' || s.charAt(i) == '"' || s.charAt(i) == '`' || s.charAt(i) == ')')) {
                return null;
            }
            if (single != null && (single.equals("0") || single.equals("shell") || single.equals("bash"))) {
                return "the shell ($" + single + ")";
            }
            return allAssigned ? "command assembled from variables" : null;
        }

        /** Whether {@code name=} opens the value or follows a separator or blank before {@code before}. */
        private boolean assigned(String name, int before) {
            if (isDigit(name.charAt(0))) {
                return false;
            }
            String a = name + "=";
            int tries = 0;
            for (int k = s.indexOf(a); k >= 0 && k < before && tries++ < 8; k = s.indexOf(a, k + 1)) {
                if (k == 0) {
                    return true;
                }
                char p = s.charAt(k - 1);
                if (p == ';' || p == '&' || p == '|' || p == ' ' || p == '\n' || p == '(') {
                    return true;
                }
            }
            return false;
        }

        /**
         * {@code net user}, {@code reg query}, {@code netsh firewall}: Windows tools whose first
         * argument is a verb rather than a flag.
         */
        private boolean netSubcommand(String name, int a) {
            String[] verbs = ShellWords.verbs(name);
            if (verbs == null) {
                return false;
            }
            for (String v : verbs) {
                if (s.startsWith(v, a) && (a + v.length() >= n || !isAlnum(s.charAt(a + v.length())))) {
                    return true;
                }
            }
            return false;
        }

        /** A strong word must still end like a word: not {@code idea} or {@code lsat}. */
        private boolean followedLikeCommand(int end, int a) {
            if (end >= n) {
                return true;
            }
            char c = s.charAt(end);
            return c == ' ' || c == ';' || c == '|' || c == '&' || c == '`' || c == ')' || c == '}' || c == '<'
                    || c == '>' || c == ',' || c == '\'' || c == '"' || c == '$' || c == '\n' || c == '\r'
                    || c == '\t' || c == '\\' || c == '#';
        }

        /** Whether the text at {@code a} reads as arguments of a command of {@code kind}. */
        private boolean shellArgument(int a, int kind, boolean atValueStart) {
            if (a >= n) {
                return false;
            }
            char c = s.charAt(a);
            char d = a + 1 < n ? s.charAt(a + 1) : 0;
            if (c == '-' && (isAlnum(d) || d == '-')) {
                return true; // -la, --help
            }
            if (c == '/' && (d == 0 || d == ' ' || isAlnum(d) || d == '.' || d == '?' || d == '*')) {
                if ((kind & ShellWords.WINDOWS) != 0 && isAlnum(d)) {
                    return true; // /all, /c
                }
                return d == 0 || d == ' ' || unixRoot(a);
            }
            if (isLetter(c) && d == ':' && a + 2 < n && (s.charAt(a + 2) == '\\' || s.charAt(a + 2) == '/')) {
                return true; // c:\ or c:/
            }
            if (c == '%' && a + 1 < n && isLetter(d)) {
                int close = s.indexOf('%', a + 1);
                return close > a + 2 && close - a < 24; // %windir%, %temp%
            }
            if (c == '~' || c == '$' || c == '>' || c == '<' || c == '|' || c == '`' || c == ';' || c == '&') {
                return !atValueStart || c != '&';
            }
            if (c == '\\' && d == '\\' && a + 2 < n && isAlnum(s.charAt(a + 2)) && (kind & ShellWords.WINDOWS) != 0) {
                return true; // \\host\share: a UNC path
            }
            if (c == '.' && (d == '/' || d == '\\' || d == '.')) {
                return true; // ./x, ../x
            }
            if (s.startsWith("http://", a) || s.startsWith("https://", a) || s.startsWith("ftp://", a)) {
                return true;
            }
            if (!atValueStart && c >= '0' && c <= '9') {
                return true; // sleep 5, ping -n 3 (after a separator only)
            }
            return false;
        }

        /** Top-level directories of a Unix file system, so {@code ls /etc} counts and {@code see /about} does not. */
        private boolean unixRoot(int a) {
            int e = a + 1;
            boolean glob = false;
            while (e < n && e < a + 16 && (isAlnum(s.charAt(e)) || s.charAt(e) == '?' || s.charAt(e) == '*')) {
                glob |= !isAlnum(s.charAt(e));
                e++;
            }
            if (glob) {
                // a globbed top-level directory before more path: /e*c/p*d, /???/p?ss??
                return e - a > 3 && e < n && s.charAt(e) == '/' && e + 1 < n && s.charAt(e + 1) != ' ';
            }
            String dir = s.substring(a + 1, e);
            switch (dir) {
                case "etc": case "bin": case "sbin": case "usr": case "var": case "tmp": case "dev": case "proc":
                case "home": case "root": case "opt": case "lib": case "boot": case "sys": case "srv": case "mnt":
                case "":
                    return true;
                default:
                    return false;
            }
        }

        private int skipBlanks(int i) {
            while (i < n) {
                char c = s.charAt(i);
                if (c == ' ' || c == '\t') {
                    i++;
                } else if (c == '$' && s.startsWith("${ifs}", i)) {
                    i += 6;
                } else if (c == '$' && s.startsWith("$ifs", i)) {
                    i += 4;
                    if (i + 1 < n && s.charAt(i) == '$' && isDigit(s.charAt(i + 1))) {
                        i += 2;
                    }
                } else {
                    break;
                }
            }
            return i;
        }

        /**
         * Reads the shell word at {@code i} into {@link #word} with quote removal and empty
         * expansions dropped; returns where it ends. Sets {@link #globbed} when it holds a glob.
         */
        private int readWord(int i) {
            word.setLength(0);
            globbed = false;
            sawQuoteOrEscape = false;
            int limit = Math.min(n, i + 64);
            while (i < limit) {
                char c = s.charAt(i);
                if (c == '\'' || c == '"') {
                    // quote removal inside a word: c'a't, "c"at; a lone quote after letters ends it
                    int close = indexWithin(c, i + 1, 17);
                    if (close > i) {
                        if (noBlank(i + 1, close)) {
                            appendQuoted(c, i + 1, close);
                            sawQuoteOrEscape |= close > i + 1 || word.length() > 0;
                            i = close + 1;
                            continue;
                        }
                    }
                    break;
                }
                if (c == '\\' && word.length() == 0 && i + 2 < n && isLetter(s.charAt(i + 1))
                        && s.charAt(i + 1) != 'n' && s.charAt(i + 1) != 'r' && s.charAt(i + 1) != 't'
                        && (isLetter(s.charAt(i + 2)) || s.charAt(i + 2) == '\\')) {
                    // \w\h\o\a\m\i: the shell drops a backslash before a letter at a word's start too
                    // (\n \r \t there are more often a line break or tab written out)
                    word.append(s.charAt(i + 1));
                    sawQuoteOrEscape = true;
                    i += 2;
                    continue;
                }
                if (c == '\\') {
                    if (i + 1 < n && s.charAt(i + 1) == '\n' && word.length() > 0) {
                        // a line continuation: the shell drops the backslash and the line break (i\<LF>d)
                        sawQuoteOrEscape = true;
                        i += 2;
                        continue;
                    }
                    if (i + 1 < n && (s.charAt(i + 1) == 'n' || s.charAt(i + 1) == 'r')
                            && ShellWords.kind(word.toString()) != 0) {
                        break; // id\n: a line break written out ends a command word
                    }
                    if (i + 1 < n && isLetter(s.charAt(i + 1)) && word.length() > 0
                            && !(word.length() >= 2 && word.charAt(1) == ':') && word.charAt(0) != '%') {
                        // c\at: the shell drops the backslash (not in c:\windows, a drive path)
                        word.append(s.charAt(i + 1));
                        sawQuoteOrEscape = true;
                        i += 2;
                        continue;
                    }
                    if (word.length() >= 2 && word.charAt(1) == ':' || word.length() > 0 && word.indexOf("\\") >= 0
                            || word.length() > 0 && word.charAt(0) == '%') {
                        word.append('/');
                        i++;
                        continue;
                    }
                    break;
                }
                if (c == '$' && i + 1 < n && s.charAt(i + 1) == '\'') {
                    // ANSI-C quoting: $'\x69\x64' and $'\151\144' are id
                    int close = indexWithin('\'', i + 2, 48);
                    if (close > i + 2 && ansiC(i + 2, close)) {
                        sawQuoteOrEscape = true;
                        i = close + 1;
                        continue;
                    }
                    break;
                }
                if (c == '^' && i + 1 < n && (isAlnum(s.charAt(i + 1))
                        || word.length() > 0 && ".-_\\/:".indexOf(s.charAt(i + 1)) >= 0)) {
                    // cmd.exe's escape character: c^m^d is cmd; it escapes the punctuation of a
                    // file name inside a word as well (c^m^d^.^e^x^e is cmd.exe)
                    sawQuoteOrEscape = true;
                    i++;
                    continue;
                }
                if (c == '^' && i + 1 == n && word.length() > 0) {
                    // a caret that ends the line continues it onto the next, which is empty: whoami^ is whoami
                    sawQuoteOrEscape = true;
                    i++;
                    continue;
                }
                if (c == '%' && word.length() == 0) {
                    // a Windows variable that names a directory or program: %systemroot%\system32\cmd.exe
                    int close = indexWithin('%', i + 1, 24);
                    if (close > i + 2 && windowsVariable(i + 1, close)) {
                        word.append(s, i, close + 1);
                        i = close + 1;
                        if (i < n && s.charAt(i) == '\\') {
                            word.append('/');
                            i++;
                        }
                        continue;
                    }
                    break;
                }
                if (c == '`' && word.length() > 0 && i + 2 < n && isLetter(s.charAt(i + 1))
                        && "nrtabfv".indexOf(s.charAt(i + 1)) < 0 && isLetter(s.charAt(i + 2))) {
                    // PowerShell's escape character before an ordinary letter is that letter: p`ow`ers`hell
                    // (`n `r `t `a `b `f `v are control characters there)
                    word.append(s.charAt(i + 1));
                    sawQuoteOrEscape = true;
                    i += 2;
                    continue;
                }
                if (word.length() > 0 && (c == '`' && i + 1 < n && s.charAt(i + 1) == '`'
                        || c == '$' && i + 2 < n && s.charAt(i + 1) == '(' && s.charAt(i + 2) == ')')) {
                    // an empty command substitution inside a word expands to nothing: w``hoami, who$()ami
                    i += c == '`' ? 2 : 3;
                    sawQuoteOrEscape = true;
                    continue;
                }
                if (c == '$') {
                    // expansions that are empty in a non-interactive shell: $@ $* $1..$9 ${x} of nothing
                    if (i + 1 < n && (s.charAt(i + 1) == '@' || s.charAt(i + 1) == '*' || isDigit(s.charAt(i + 1)))
                            && word.length() > 0) {
                        i += 2;
                        sawQuoteOrEscape = true;
                        continue;
                    }
                    if (s.startsWith("${ifs}", i) || s.startsWith("$ifs", i)) {
                        break;
                    }
                    if (i + 2 < n && s.charAt(i + 1) == '{' && s.charAt(i + 2) == '}') {
                        i += 3;
                        continue;
                    }
                    // a variable the value never assigned expands to nothing inside a word:
                    // i${x}d, c${u}at, w$u (a name ends at the first character no name holds)
                    int e = unsetExpansion(i);
                    if (e > i && (word.length() > 0 || e < n && (isAlnum(s.charAt(e)) || s.charAt(e) == '/'))) {
                        i = e;
                        sawQuoteOrEscape = true;
                        continue;
                    }
                    break;
                }
                if (c == '?' || c == '*' || c == '[' || c == ']') {
                    globbed = true;
                    word.append(c);
                    i++;
                    continue;
                }
                if (isAlnum(c) || c == '.' || c == '-' || c == '_' || c == '/' || c == ':' || c == '+') {
                    word.append(c);
                    i++;
                    continue;
                }
                break;
            }
            return i;
        }

        /**
         * Appends the quoted text {@code s[from, to)}; inside double quotes the expansions that are
         * empty ({@code "$@"}, {@code "$1"}, a variable the value never assigned) are dropped.
         */
        private void appendQuoted(char quote, int from, int to) {
            if (quote != '"' || s.indexOf('$', from) < 0 || s.indexOf('$', from) >= to) {
                word.append(s, from, to);
                return;
            }
            int k = from;
            while (k < to) {
                char c = s.charAt(k);
                if (c == '$' && k + 1 < to && (s.charAt(k + 1) == '@' || s.charAt(k + 1) == '*' || isDigit(s.charAt(k + 1)))) {
                    k += 2;
                    continue;
                }
                if (c == '$') {
                    int e = unsetExpansion(k);
                    if (e > k && e <= to) {
                        k = e;
                        continue;
                    }
                }
                word.append(c);
                k++;
            }
        }

        /**
         * The end of {@code $name} or {@code ${name}} at {@code at} when the value assigns no such
         * variable (so the shell expands it to nothing), or {@code at}. {@code $IFS} is a blank,
         * not nothing, and is left to {@link #skipBlanks}.
         */
        private int unsetExpansion(int at) {
            int j = at + 1;
            boolean brace = j < n && s.charAt(j) == '{';
            if (brace) {
                j++;
            }
            int nameStart = j;
            if (j >= n || !(isLetter(s.charAt(j)) || s.charAt(j) == '_')) {
                return at;
            }
            while (j < n && j - nameStart < 16 && (isAlnum(s.charAt(j)) || s.charAt(j) == '_')) {
                j++;
            }
            String name = s.substring(nameStart, j);
            if (name.equals("ifs") || assigned(name, at)) {
                return at;
            }
            if (brace) {
                return j < n && s.charAt(j) == '}' ? j + 1 : at;
            }
            return j < n && (isAlnum(s.charAt(j)) || s.charAt(j) == '_') ? at : j;
        }

        /**
         * Appends the characters an ANSI-C quoted string between {@code from} and {@code to}
         * stands for ({@code \\xHH}, octal {@code \\NNN}, plain characters); false when it holds
         * anything a command name cannot.
         */
        private boolean ansiC(int from, int to) {
            int i = from;
            while (i < to) {
                char c = s.charAt(i);
                int v;
                if (c == '\\' && i + 1 < to && s.charAt(i + 1) == 'x') {
                    int e = i + 2;
                    v = 0;
                    while (e < to && e < i + 4 && Character.digit(s.charAt(e), 16) >= 0) {
                        v = v * 16 + Character.digit(s.charAt(e), 16);
                        e++;
                    }
                    if (e == i + 2) {
                        return false;
                    }
                    i = e;
                } else if (c == '\\' && i + 1 < to && s.charAt(i + 1) >= '0' && s.charAt(i + 1) <= '7') {
                    int e = i + 1;
                    v = 0;
                    while (e < to && e < i + 4 && s.charAt(e) >= '0' && s.charAt(e) <= '7') {
                        v = v * 8 + (s.charAt(e) - '0');
                        e++;
                    }
                    i = e;
                } else if (c == '\\') {
                    return false;
                } else {
                    v = c;
                    i++;
                }
                char d = Character.toLowerCase((char) v);
                if (!(isAlnum(d) || d == '.' || d == '-' || d == '_' || d == '/')) {
                    return false;
                }
                word.append(d);
            }
            return true;
        }

        /** Whether {@code s[from, to)} names a Windows variable of a directory or the command interpreter. */
        private boolean windowsVariable(int from, int to) {
            String v = s.substring(from, to);
            return v.equals("systemroot") || v.equals("windir") || v.equals("comspec") || v.equals("programfiles")
                    || v.equals("programfiles(x86)") || v.equals("systemdrive") || v.equals("temp") || v.equals("tmp")
                    || v.equals("appdata") || v.equals("localappdata") || v.equals("public") || v.equals("userprofile")
                    || v.equals("programdata") || v.equals("commonprogramfiles");
        }

        /** {@code c} at or after {@code from} and less than {@code within} further, or -1. */
        private int indexWithin(char c, int from, int within) {
            for (int i = from, end = Math.min(n, from + within); i < end; i++) {
                if (s.charAt(i) == c) {
                    return i;
                }
            }
            return -1;
        }

        private boolean noBlank(int from, int to) {
            for (int i = from; i < to; i++) {
                char c = s.charAt(i);
                if (c == ' ' || c == ';' || c == '|' || c == '&') {
                    return false;
                }
            }
            return true;
        }

        /** The kind of a word read in command position, after dropping a directory and {@code .exe}. */
        private static int kindOf(String w) {
            if (w.isEmpty()) {
                return 0;
            }
            String b = base(w);
            if (b.equals("%comspec%")) {
                b = "cmd"; // the command interpreter by its variable
            }
            int k = ShellWords.kind(b);
            if (k == 0 && b.endsWith(".exe")) {
                k = ShellWords.kind(b.substring(0, b.length() - 4));
            }
            if (k != 0 && b.length() < w.length() && !plausibleDirectory(w.substring(0, w.length() - b.length()))) {
                return 0; // /about/us is a path, not /bin/us
            }
            if (k == 0 && b.length() < w.length() && programFolder(w.substring(0, w.length() - b.length())) && programName(b)) {
                // any program by its path in a system program folder (/usr/bin/xzgrep): a command whatever
                // its name, when shell arguments follow (a bare path may be a setting's value)
                return ShellWords.WEAK | ShellWords.ARGS;
            }
            return k;
        }

        /** The folders POSIX systems keep their programs in (FHS 3.0: /bin, /sbin, /usr/bin, /usr/sbin, /usr/local). */
        private static boolean programFolder(String dir) {
            return dir.equals("/bin/") || dir.equals("/sbin/") || dir.equals("/usr/bin/") || dir.equals("/usr/sbin/")
                    || dir.equals("/usr/local/bin/") || dir.equals("/usr/local/sbin/");
        }

        /** A program's file name: letters, digits, '.', '_', '+', '-', starting with a letter or digit. */
        private static boolean programName(String b) {
            if (b.isEmpty() || b.length() > 40 || !Character.isLetterOrDigit(b.charAt(0))) {
                return false;
            }
            for (int i = 1; i < b.length(); i++) {
                char c = b.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '+' || c == '-')) {
                    return false;
                }
            }
            return true;
        }

        private static boolean plausibleDirectory(String dir) {
            return dir.startsWith("/bin/") || dir.startsWith("/usr/") || dir.startsWith("%") || dir.startsWith("/sbin/")
                    || dir.startsWith("/opt/") || dir.startsWith("/tmp/") || dir.startsWith("/system/")
                    || dir.startsWith("./") || dir.matches("[a-z]:/.*") || dir.contains("system32")
                    || dir.contains("windows") || dir.contains("syswow64") || dir.startsWith("/usr/local/bin/");
        }

        private static String base(String w) {
            int slash = w.lastIndexOf('/');
            return slash >= 0 ? w.substring(slash + 1) : w;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isAlnum(char c) {
        return isLetter(c) || isDigit(c);
    }
}
