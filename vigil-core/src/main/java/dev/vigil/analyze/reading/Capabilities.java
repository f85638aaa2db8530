package dev.vigil.analyze.reading;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.vigil.analyze.unix.Wrappers;

/**
 * The capabilities GTFOBins documents for ordinary Unix programs, judged from a command line read
 * per program ({@link CommandReader}): not which binary runs, but what it is told to do with an
 * option, a variable or a code string. Each is a bit of the mask {@link #judge} returns:
 *
 * <ul>
 *   <li>{@link #EXEC_HOOK}: an option or variable whose value is a program the tool will run (a
 *       pager, editor, askpass, remote shell, compressor, download hook, password command, core
 *       pattern pipe, {@code tar --checkpoint-action=exec=}) is set to something other than a plain
 *       system program: a path outside the system folders ({@code /tmp/x}, {@code ./x}), a command
 *       string with separators, substitution or a trailing {@code #} that comments out what the
 *       tool appends, or a network or interpreter program.</li>
 *   <li>{@link #LIBRARY_LOAD}: a shared object from outside the system library folders is loaded
 *       into a program ({@code LD_PRELOAD}, {@code openssl -engine}, {@code ssh-keygen -D},
 *       {@code mysql --default-auth}, {@code ffmpeg ladspa=file=}, {@code enable -f},
 *       {@code insmod}), or interpreter code loads one ({@code ctypes}, {@code dlopen},
 *       {@code Fiddle}, {@code load_extension}).</li>
 *   <li>{@link #SOCKET_TRANSFER}: a file moved over a raw socket or a protocol not meant for files
 *       ({@code openssl s_client} or {@code nc} with a file redirected, {@code socat} between a
 *       socket and a file, bash {@code /dev/tcp} with data moved, zsh {@code ztcp}), a fetcher given
 *       a {@code file://}, {@code gopher://} or {@code dict://} URL, a file posted by a tool that is
 *       not an uploader ({@code wget --post-file}, {@code ab -p}, {@code hping3 --file}), or a
 *       folder served to every interface by a one-line web server.</li>
 *   <li>{@link #FILE_BY_CODE}: code given on the command line (an interpreter's {@code -c}/{@code -e}
 *       string, an awk program, TeX, SQLite dot commands, make's {@code --eval}) opens a file to read
 *       or write: how a program allowed under sudo reads {@code /etc/shadow} or writes
 *       {@code /etc/sudoers}.</li>
 *   <li>{@link #ROUND_TRIP}: a file encoded or archived and decoded again in one pipeline, to
 *       standard output ({@code base64 F | base64 -d}, {@code gzip -c F | gzip -d}): the net effect
 *       is {@code cat F}, a file read that monitors of file-reading programs do not see as one.</li>
 *   <li>{@link #FETCH_TO_SHELL}: what a network program received ({@code curl}, {@code wget},
 *       {@code finger}, {@code nslookup}, {@code nc}...) flows down a pipeline, through text
 *       filters or not, into a shell or interpreter that runs its input.</li>
 *   <li>{@link #FETCH_THEN_RUN}: a file a download program wrote is run by a later command of the
 *       same line, as a program or as a shell's or interpreter's script ({@link FetchedRun}).</li>
 *   <li>{@link #HOST_ESCAPE}: a container started with the host's root folder mounted or with
 *       host namespaces entered, {@code nsenter} into PID 1, {@code capsh} to user id 0.</li>
 * </ul>
 *
 * <p>Written from the GTFOBins function pages (shell, command, file read and write, upload,
 * download, library load, SUID/sudo) and ATT&amp;CK T1574, T1105, T1048, T1611. Stateless and
 * thread-safe; never throws on any input (the caller also guards).
 */
final class Capabilities {
    static final int EXEC_HOOK = 1;
    static final int LIBRARY_LOAD = 2;
    static final int SOCKET_TRANSFER = 4;
    static final int FILE_BY_CODE = 8;
    static final int HOST_ESCAPE = 16;
    static final int ROUND_TRIP = 32;
    static final int FETCH_TO_SHELL = 64;
    /** A credential file printed, converted, copied out or sent ({@link TargetFiles}). */
    static final int SECRET_READ = 128;
    /** A login or privilege file written through a program's side ({@link TargetFiles}). */
    static final int ACCOUNT_WRITE = 256;
    /** A file a download program wrote run by a later command of the line ({@link FetchedRun}). */
    static final int FETCH_THEN_RUN = 512;

    private Capabilities() {
    }

    /** The capabilities the simple commands of one POSIX command line show, as bits. */
    static int judge(List<CommandReader.Simple> cmds) {
        int mask = 0;
        boolean socket = false;
        boolean fileOut = false;
        boolean fetched = false; // the output of a network program flows down the current pipeline
        java.util.Set<String> downloaded = null; // base names of the files download programs wrote so far
        for (int k = 0; k < cmds.size(); k++) {
            CommandReader.Simple c = cmds.get(k);
            if (!c.fedInput()) {
                fetched = false;
            }
            if (!c.words().isEmpty()) {
                List<String> uw = Wrappers.programWords(c.words());
                String up = uw.isEmpty() ? "" : CommandReader.baseName(uw.get(0));
                if (fetched && c.fedInput() && runsItsInput(up, uw)) {
                    mask |= FETCH_TO_SHELL;
                }
                fetched = NETWORK_SOURCES.contains(up) || fetched && FILTERS.contains(up)
                        || up.equals("openssl") && uw.contains("s_client");
            }
            for (String r : c.redirects()) {
                socket |= r.startsWith("/dev/tcp/") || r.startsWith("/dev/udp/");
                fileOut |= fileRedirect(r);
            }
            if (k > 0 && c.fedInput() && !c.words().isEmpty()) {
                mask |= piped(cmds.get(k - 1), c);
            }
            for (String a : c.assignments()) {
                mask |= assignment(a);
            }
            List<String> w = c.words();
            if (w.isEmpty()) {
                continue;
            }
            String prog = c.program();
            if ((prog.equals("busybox") || prog.equals("toybox")) && w.size() > 1) {
                w = w.subList(1, w.size()); // multi-call binaries: the applet is the program
                prog = CommandReader.baseName(w.get(0));
            }
            if ((prog.equals("sudo") || prog.equals("doas") || prog.equals("env")) && w.size() > 1) {
                int i = 1;
                while (i < w.size() && (w.get(i).startsWith("-") || ASSIGNMENT.matcher(w.get(i)).find())) {
                    if (!w.get(i).startsWith("-")) {
                        mask |= assignment(w.get(i)); // env and sudo both take NAME=value before the program
                    }
                    i += prog.equals("sudo") && (w.get(i).equals("-u") || w.get(i).equals("-g")) ? 2 : 1;
                }
                if (i < w.size()) {
                    w = w.subList(i, w.size());
                    prog = CommandReader.baseName(w.get(0));
                }
            }
            if (Wrappers.isWrapper(prog) && w.size() > 1) {
                List<String> inner = Wrappers.unwrap(w, true); // nohup, command, exec, timeout, nice...
                if (inner != w && !inner.isEmpty()) {
                    w = inner;
                    prog = CommandReader.baseName(w.get(0));
                }
            }
            if ((prog.equals("busybox") || prog.equals("toybox")) && w.size() > 1 && w != c.words()) {
                w = w.subList(1, w.size()); // sudo busybox httpd, nohup busybox nc: the applet again
                prog = CommandReader.baseName(w.get(0));
            }
            if (downloaded != null && FetchedRun.runs(prog, w, downloaded)) {
                mask |= FETCH_THEN_RUN;
            }
            List<String> wrote = FetchedRun.written(prog, w, c);
            if (!wrote.isEmpty()) {
                if (downloaded == null) {
                    downloaded = new java.util.HashSet<>(4);
                }
                downloaded.addAll(wrote);
            }
            mask |= hooks(prog, w) | libraries(prog, w) | transfer(prog, w, c) | code(prog, w) | escape(prog, w)
                    | TargetFiles.judge(prog, w, c);
        }
        if (socket && fileOut) {
            mask |= SOCKET_TRANSFER; // bash's network redirection in one command, a file written or read in another
        }
        return mask;
    }

    // ---------------------------------------------------------------- what one command pipes into the next

    /** Programs whose output is what a remote host sent. */
    private static final Set<String> NETWORK_SOURCES = Set.of("curl", "wget", "fetch", "lwp-download", "lwp-request",
            "aria2c", "finger", "nc", "ncat", "netcat", "socat", "tftp", "nslookup", "dig", "host", "whois", "telnet", "smbclient",
            "invoke-webrequest", "iwr", "invoke-restmethod", "irm", "http");
    /** Text filters a payload passes through on its way to a shell unchanged in kind. */
    private static final Set<String> FILTERS = Set.of("more", "less", "tail", "head", "sed", "awk", "gawk", "cut", "tr", "grep",
            "findstr", "find", "base64", "xxd", "rev", "gunzip", "zcat", "gzip", "bzip2", "xz", "tee", "cat", "sort", "uniq", "iconv",
            "openssl", "select-string", "out-string");
    private static final Set<String> STDIN_RUNNERS = Set.of("sh", "bash", "dash", "zsh", "ksh", "ash", "busybox", "cmd",
            "powershell", "pwsh", "iex", "invoke-expression", "python", "python2", "python3", "perl", "ruby", "php", "node", "lua");

    /** Whether a shell or interpreter runs what it reads: no script operand, or "-". */
    private static boolean runsItsInput(String prog, List<String> w) {
        if (!STDIN_RUNNERS.contains(prog)) {
            return false;
        }
        if (prog.equals("cmd") || prog.equals("iex") || prog.equals("invoke-expression")) {
            return true;
        }
        for (int i = 1; i < w.size(); i++) {
            String a = w.get(i);
            if (a.equals("-") || a.equals("-s") || a.equalsIgnoreCase("-command") && i + 1 < w.size() && w.get(i + 1).equals("-")) {
                return true;
            }
            if (a.equals("-c") || a.equals("-e") || a.equalsIgnoreCase("-command") || a.equalsIgnoreCase("-c") || !a.startsWith("-")) {
                return false; // a command string or a script file of its own
            }
        }
        return true;
    }

    /** Programs that run the text they read as code or commands. */
    private static final Set<String> TEXT_RUNNERS = Set.of("m4", "python", "python2", "python3", "perl", "ruby", "php",
            "node", "lua", "tclsh", "wish", "gdb", "bc", "dc", "ed", "ex", "vim", "vi", "cpan", "irb", "jjs", "jrunscript",
            "sqlite3", "mysql", "psql", "ftp", "telnet", "expect", "gnuplot", "octave", "r", "rscript", "julia", "gawk", "awk");
    /** A call that runs a command, in any of the languages above. */
    private static final Pattern EXEC_CALL = Pattern.compile(
            "(?i)\\b(?:esyscmd|syscmd|system|popen|exec[lv]?p?e?|spawn|os\\.execute|shell_exec|passthru|proc_open|runtime\\.getruntime)"
                    + "\\s*\\(|^\\s*!\\s*[\\w/]|\\\\!\\s*[\\w/]|\\.shell\\s|\\.system\\s");
    /** Encoders and archivers whose output, piped into their own decoder, is the file they read. */
    private static final Map<String, String> CODEC_FAMILY = Map.ofEntries(
            Map.entry("base64", "base64"), Map.entry("base32", "base32"), Map.entry("base58", "base58"),
            Map.entry("basenc", "basenc"), Map.entry("basez", "basez"), Map.entry("ascii85", "ascii85"),
            Map.entry("xxd", "xxd"), Map.entry("uuencode", "uu"), Map.entry("uudecode", "uu"), Map.entry("gzip", "gz"),
            Map.entry("gunzip", "gz"), Map.entry("zcat", "gz"), Map.entry("bzip2", "bz"), Map.entry("bunzip2", "bz"),
            Map.entry("bzcat", "bz"), Map.entry("xz", "xz"), Map.entry("unxz", "xz"), Map.entry("xzcat", "xz"),
            Map.entry("lzma", "xz"), Map.entry("zstd", "zstd"), Map.entry("unzstd", "zstd"), Map.entry("lz4", "lz4"),
            Map.entry("7z", "7z"), Map.entry("7za", "7z"), Map.entry("7zr", "7z"), Map.entry("zip", "zip"),
            Map.entry("unzip", "zip"), Map.entry("funzip", "zip"));

    private static int piped(CommandReader.Simple from, CommandReader.Simple to) {
        List<String> fw = Wrappers.programWords(from.words());
        List<String> tw = Wrappers.programWords(to.words());
        if (fw.isEmpty() || tw.isEmpty()) {
            return 0;
        }
        String a = CommandReader.baseName(fw.get(0));
        String b = CommandReader.baseName(tw.get(0));
        if ((a.equals("echo") || a.equals("printf")) && (TEXT_RUNNERS.contains(b) || TEXT_RUNNERS.contains(unversioned(b)))) {
            for (int i = 1; i < fw.size(); i++) {
                if (EXEC_CALL.matcher(fw.get(i)).find()) {
                    return EXEC_HOOK; // a command handed to an interpreter as text on its input
                }
            }
        }
        String fa = CODEC_FAMILY.get(a);
        if (fa != null && fa.equals(CODEC_FAMILY.get(b)) && decodes(b, tw) && to.redirects().stream().noneMatch(Capabilities::fileRedirect)
                && fw.stream().skip(1).anyMatch(x -> !x.startsWith("-") && x.indexOf('/') >= 0 || x.indexOf('.') > 0 && !x.startsWith("-"))) {
            return ROUND_TRIP; // the net effect is cat: a file read that no file-read monitor sees as one
        }
        return 0;
    }

    /** Whether a codec's words make it decode or extract to standard output. */
    private static boolean decodes(String prog, List<String> w) {
        if (prog.startsWith("un") || prog.startsWith("gun") || prog.startsWith("bun") || prog.endsWith("cat") || prog.equals("uudecode") || prog.equals("funzip")) {
            return true;
        }
        for (int i = 1; i < w.size(); i++) {
            String a = w.get(i);
            if (a.equals("-d") || a.equals("--decode") || a.equals("-D") || a.equals("-r") && prog.equals("xxd")
                    || a.matches("-[a-zA-Z]*d[a-zA-Z]*") && !prog.equals("7z") && !prog.startsWith("7z")
                    || a.equals("-so")) {
                return true;
            }
        }
        return false;
    }

    private static final Pattern ASSIGNMENT = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*=");

    // ---------------------------------------------------------------- judging a program value

    /** Folders system programs and libraries live in: a helper from here is the administrator's. */
    private static final Pattern SYSTEM_PATH = Pattern.compile(
            "^/(?:usr/(?!tmp/)|bin/|sbin/|lib|opt/|snap/|nix/|etc/alternatives/|gnu/store/|Applications/|System/)");
    /** Programs that make a helper slot a channel rather than a helper (network and interpreters). */
    private static final Set<String> PAYLOAD_PROGRAMS = Set.of("nc", "ncat", "netcat", "socat", "curl", "wget", "telnet",
            "openssl", "python", "python2", "python3", "perl", "ruby", "php", "node", "lua", "busybox", "bash", "sh", "dash",
            "zsh", "ksh", "ash", "csh", "tcsh", "fish", "chmod", "chown", "cp", "dd", "tee", "id");
    /** Shell syntax in a helper value: it is a command line, not a program. */
    private static final Pattern COMMAND_SYNTAX = Pattern.compile("[;`\\n]|&&|\\|\\||\\$\\(|\\s#|\\|\\s*\\S|>\\s*/(?!dev/null)");

    /**
     * Whether {@code value}, given to a slot that names a program to run, is something other than a
     * plain system program: a path outside the system folders, a command string, or a network or
     * interpreter program.
     */
    static boolean foreignCommand(String value) {
        String v = value.trim();
        while (!v.isEmpty() && (v.charAt(0) == '|' || v.charAt(0) == '!' || v.charAt(0) == '"' || v.charAt(0) == '\'')) {
            v = v.substring(1).trim(); // a pipe (core_pattern, LESSOPEN) or a git alias's '!' runs what follows
        }
        if (v.isEmpty()) {
            return false;
        }
        if (COMMAND_SYNTAX.matcher(v).find()) {
            return true;
        }
        int sp = v.indexOf(' ');
        String first = sp < 0 ? v : v.substring(0, sp);
        return foreignPath(first) || PAYLOAD_PROGRAMS.contains(CommandReader.baseName(first));
    }

    /** A path (a slash in it) outside the system folders, relative paths and {@code .} included. */
    static boolean foreignPath(String p) {
        if (p.equals(".") || p.equals("..")) {
            return true;
        }
        if (p.indexOf('/') < 0) {
            return false;
        }
        return p.contains("..") || !SYSTEM_PATH.matcher(p).find();
    }

    // ---------------------------------------------------------------- exec hooks

    private enum Slot { COMMAND, DIRECTORY, ALWAYS }

    /** Variables whose value is a program (or a folder of programs) the next program runs. */
    private static final Map<String, Slot> HOOK_VARIABLES = Map.ofEntries(
            Map.entry("PAGER", Slot.COMMAND), Map.entry("MANPAGER", Slot.COMMAND), Map.entry("GIT_PAGER", Slot.COMMAND),
            Map.entry("SYSTEMD_PAGER", Slot.COMMAND), Map.entry("SYSTEMD_EDITOR", Slot.COMMAND),
            Map.entry("EDITOR", Slot.COMMAND), Map.entry("VISUAL", Slot.COMMAND), Map.entry("GIT_EDITOR", Slot.COMMAND),
            Map.entry("SUDO_EDITOR", Slot.COMMAND), Map.entry("SVN_EDITOR", Slot.COMMAND), Map.entry("LESSOPEN", Slot.COMMAND),
            Map.entry("LESSCLOSE", Slot.COMMAND), Map.entry("CRASHPAGER", Slot.COMMAND), Map.entry("BROWSER", Slot.COMMAND),
            Map.entry("GIT_SSH", Slot.COMMAND), Map.entry("GIT_SSH_COMMAND", Slot.COMMAND), Map.entry("GIT_ASKPASS", Slot.COMMAND),
            Map.entry("SSH_ASKPASS", Slot.COMMAND), Map.entry("SUDO_ASKPASS", Slot.COMMAND), Map.entry("RSYNC_RSH", Slot.COMMAND),
            Map.entry("RESTIC_PASSWORD_COMMAND", Slot.COMMAND), Map.entry("AUTOM4TE", Slot.COMMAND), Map.entry("M4", Slot.COMMAND),
            Map.entry("GROFF_BIN_PATH", Slot.DIRECTORY), Map.entry("GIT_EXEC_PATH", Slot.DIRECTORY));

    /** Long options (any program) whose value is a program to run. */
    private static final Map<String, Slot> HOOK_OPTIONS = Map.ofEntries(
            Map.entry("--rsh", Slot.COMMAND), Map.entry("--rsh-command", Slot.COMMAND),
            Map.entry("--use-compress-program", Slot.COMMAND), Map.entry("--compress-program", Slot.COMMAND),
            Map.entry("--to-command", Slot.COMMAND), Map.entry("--info-script", Slot.COMMAND),
            Map.entry("--new-volume-script", Slot.COMMAND), Map.entry("--unzip-command", Slot.COMMAND),
            Map.entry("--password-command", Slot.COMMAND), Map.entry("--use-askpass", Slot.COMMAND),
            Map.entry("--askpass", Slot.COMMAND), Map.entry("--on-download-error", Slot.COMMAND),
            Map.entry("--on-download-complete", Slot.COMMAND), Map.entry("--on-download-start", Slot.COMMAND),
            Map.entry("--on-download-stop", Slot.COMMAND), Map.entry("--on-download-pause", Slot.COMMAND),
            Map.entry("--on-bt-download-complete", Slot.COMMAND), Map.entry("--conf-script", Slot.COMMAND),
            Map.entry("--dhcp-script", Slot.COMMAND), Map.entry("--editor", Slot.COMMAND), Map.entry("--pager", Slot.COMMAND),
            Map.entry("--pre-invoke", Slot.COMMAND), Map.entry("--post-invoke", Slot.COMMAND),
            Map.entry("--grep-bin", Slot.COMMAND), Map.entry("--sh-exec", Slot.COMMAND), Map.entry("--lua-exec", Slot.COMMAND),
            Map.entry("--wrapper", Slot.COMMAND), Map.entry("--ssh-command", Slot.COMMAND), Map.entry("--browser", Slot.COMMAND),
            Map.entry("--exec-path", Slot.DIRECTORY), Map.entry("--checkpoint-action", Slot.ALWAYS));

    /** Short options whose value is a program to run, per program. */
    private static final Map<String, Set<String>> HOOK_FLAGS = Map.ofEntries(
            Map.entry("scp", Set.of("-S")), Map.entry("sftp", Set.of("-S")), Map.entry("rsync", Set.of("-e")),
            Map.entry("tar", Set.of("-I", "-F")), Map.entry("zip", Set.of("-TT")), Map.entry("man", Set.of("-P", "-H")),
            Map.entry("logrotate", Set.of("-m")), Map.entry("minicom", Set.of("-S")));

    /** {@code -o key=value} keys (ssh family, sshfs, apt) whose value is a command run locally. */
    private static final Pattern HOOK_O_KEY = Pattern.compile(
            "(?i)^(?:proxycommand|localcommand|knownhostscommand|ssh_command|sshcommand|[\\w:-]*(?:pre|post)-invoke(?:-success)?"
                    + "|dpkg::pre-install-pkgs|apt::update::[\\w:-]*)\\s*(?:::)?=");
    /** {@code git -c key=value} (and {@code git config key value}) keys whose value is a program. */
    private static final Pattern GIT_HOOK_KEY = Pattern.compile(
            "(?i)^(?:core\\.(?:pager|editor|sshcommand|fsmonitor|gitproxy|askpass)|core\\.hookspath|diff\\.external"
                    + "|sequence\\.editor|pager\\.[\\w.-]+|alias\\.[\\w.-]+|credential\\.helper|uploadpack\\.packobjectshook"
                    + "|gpg\\.program|gpg\\.\\w+\\.program|diff\\.[\\w.-]+\\.textconv|filter\\.[\\w.-]+\\.(?:clean|smudge|process))$");

    private static int assignment(String a) {
        int eq = a.indexOf('=');
        if (eq <= 0) {
            return 0;
        }
        String name = a.substring(0, eq);
        String value = a.substring(eq + 1);
        if (name.equals("LD_PRELOAD") || name.equals("LD_AUDIT")) {
            // a developer preloads a library from the build folder; an intruder's comes from a
            // folder anyone can write to, or a hidden one
            return DROP_FOLDER.matcher(value).find() ? LIBRARY_LOAD : 0;
        }
        Slot s = HOOK_VARIABLES.get(name);
        return s != null && hookValue(s, value) ? EXEC_HOOK : 0;
    }

    /** Folders every user may write to, and hidden folders: where dropped files sit. */
    private static final Pattern DROP_FOLDER = Pattern.compile("(?:^|[:\\s])/(?:tmp|dev/shm|var/tmp|run/shm|var/crash)/|/\\.[\\w-]+/");

    private static boolean hookValue(Slot s, String value) {
        switch (s) {
            case DIRECTORY:
                return foreignPath(value.trim());
            case ALWAYS:
                return true;
            default:
                return foreignCommand(value);
        }
    }

    private static int hooks(String prog, List<String> w) {
        if (prog.equals("run-parts") && w.size() > 1) {
            String dir = w.get(w.size() - 1);
            for (int i = w.size() - 1; i > 0 && dir.startsWith("-"); i--) {
                dir = w.get(i); // the folder is the last operand: --arg='-p' may follow it
            }
            if (dir.matches("/(?:usr/)?s?bin/?") || foreignPath(dir) && !dir.startsWith("/etc/") && !dir.startsWith("-")) {
                return EXEC_HOOK; // run-parts is for cron and hook folders; pointed at the programs folder or a dropped one
            }
        }
        Set<String> flags = HOOK_FLAGS.get(prog);
        boolean sshLike = prog.equals("ssh") || prog.equals("scp") || prog.equals("sftp") || prog.equals("sshfs")
                || prog.equals("autossh") || prog.startsWith("apt") || prog.equals("mount");
        for (int i = 1; i < w.size(); i++) {
            String a = w.get(i);
            if (!a.startsWith("-")) {
                if (prog.equals("sysctl") && a.toLowerCase(Locale.ROOT).startsWith("kernel.core_pattern=")) {
                    String v = a.substring(a.indexOf('=') + 1).trim();
                    if (v.startsWith("|") && foreignCommand(v)) {
                        return EXEC_HOOK; // a crash now runs this program as root
                    }
                }
                continue;
            }
            String next = i + 1 < w.size() ? w.get(i + 1) : null;
            int eq = a.indexOf('=');
            String name = eq > 0 ? a.substring(0, eq) : a;
            String value = eq > 0 ? a.substring(eq + 1) : next;
            Slot s = HOOK_OPTIONS.get(name.toLowerCase(Locale.ROOT));
            if (s != null && value != null) {
                if (name.equalsIgnoreCase("--checkpoint-action")) {
                    if (value.toLowerCase(Locale.ROOT).startsWith("exec=")) {
                        return EXEC_HOOK; // tar runs a command at each checkpoint: its only use is running one
                    }
                    continue;
                }
                if (hookValue(s, value)) {
                    return EXEC_HOOK;
                }
                continue;
            }
            if (a.equals("-S") && next != null && (prog.equals("scp") || prog.equals("sftp"))
                    && !CommandReader.baseName(next).contains("ssh")) {
                return EXEC_HOOK; // scp and sftp need an ssh client there
            }
            if (flags != null) {
                for (String f : flags) {
                    if (a.equals(f) && next != null && foreignCommand(next)) {
                        return EXEC_HOOK;
                    }
                    if (a.length() > f.length() && a.startsWith(f) && !f.equals("-I") && foreignCommand(a.substring(f.length()))) {
                        return EXEC_HOOK; // glued: man '-H/tmp/x #'
                    }
                }
            }
            if (a.startsWith("-o") && sshLike) {
                String kv = a.length() > 2 ? a.substring(2) : next;
                if (kv != null) {
                    java.util.regex.Matcher m = HOOK_O_KEY.matcher(kv.trim());
                    String v = m.find() ? kv.substring(kv.indexOf('=') + 1) : null;
                    if (v != null && (foreignCommand(v) || kv.trim().regionMatches(true, 0, "proxycommand", 0, 12)
                            && !v.contains("%h") && !v.contains("%p") && !v.trim().equalsIgnoreCase("none"))) {
                        return EXEC_HOOK; // a proxy that is not told the host and port proxies nothing: it just runs
                    }
                }
            }
            if ((prog.equals("strace") || prog.equals("ltrace")) && a.equals("-o") && next != null
                    && (next.startsWith("|") || next.startsWith("!"))) {
                return EXEC_HOOK; // the trace is piped into a command
            }
            if (prog.equals("sysctl") && a.equals("-w") && next != null
                    && next.toLowerCase(Locale.ROOT).startsWith("kernel.core_pattern=")) {
                String v = next.substring(next.indexOf('=') + 1).trim();
                if (v.startsWith("|") && foreignCommand(v)) {
                    return EXEC_HOOK;
                }
            }
            if (prog.equals("git") && a.equals("-c") && next != null && next.indexOf('=') > 0) {
                String key = next.substring(0, next.indexOf('=')).trim();
                if (GIT_HOOK_KEY.matcher(key).matches() && gitHookValue(key, next.substring(next.indexOf('=') + 1))) {
                    return EXEC_HOOK;
                }
            }
        }
        if (prog.equals("git") && w.size() > 3) {
            int c = w.indexOf("config");
            if (c > 0 && c + 2 < w.size()) {
                int k = c + 1;
                while (k < w.size() - 1 && w.get(k).startsWith("-")) {
                    k++;
                }
                if (k + 1 < w.size() && GIT_HOOK_KEY.matcher(w.get(k)).matches() && gitHookValue(w.get(k), w.get(k + 1))) {
                    return EXEC_HOOK;
                }
            }
        }
        return 0;
    }

    private static boolean gitHookValue(String key, String value) {
        String k = key.toLowerCase(Locale.ROOT);
        if (k.startsWith("alias.") || k.equals("credential.helper")) {
            return value.trim().startsWith("!") && foreignCommand(value); // only '!' runs a shell command
        }
        return k.equals("core.hookspath") ? foreignPath(value.trim()) : foreignCommand(value);
    }

    // ---------------------------------------------------------------- library loads

    private static final Pattern LOAD_CALL = Pattern.compile(
            "(?i)\\b(?:dlopen|loadlibrary|cdll|ctypes\\.cdll|windll|load_extension|loadlib|ffi\\.load|system\\.load(?:library)?)"
                    + "\\s*[(.]|\\bfiddle\\b|\\bload\\s+[\"']?[^\\s\"']*\\.so\\b");

    private static boolean foreignLibraries(String value) {
        for (String p : value.split("[:\\s]+")) {
            if (!p.isEmpty() && (p.indexOf('/') < 0 ? p.endsWith(".so") || p.contains(".so.") : foreignPath(p))) {
                return true;
            }
        }
        return false;
    }

    private static int libraries(String prog, List<String> w) {
        for (int i = 1; i < w.size(); i++) {
            String a = w.get(i);
            String next = i + 1 < w.size() ? w.get(i + 1) : null;
            if (a.length() > 5 && (a.indexOf("=file=") >= 0 || a.indexOf("frei0r=") >= 0 || a.indexOf("lv2=") >= 0)) {
                int at = a.indexOf("=file=");
                String v = a.substring(at >= 0 ? at + 6 : a.indexOf('=') + 1);
                if (foreignLibraries(v.split("[:,]")[0])) {
                    return LIBRARY_LOAD; // an ffmpeg LADSPA, frei0r or LV2 filter loaded from a file
                }
            }
            if (a.length() > 8 && LOAD_CALL.matcher(a).find() && codeOption(w.get(i - 1))) {
                return LIBRARY_LOAD;
            }
            if (a.isEmpty() || a.charAt(0) != '-') {
                continue;
            }
            String l = a.toLowerCase(Locale.ROOT);
            int eq = a.indexOf('=');
            String name = eq > 0 ? l.substring(0, eq) : l;
            String value = eq > 0 ? a.substring(eq + 1) : next;
            if (value != null && (name.equals("-engine") || name.equals("--engine") || name.equals("--default-auth")
                    || name.equals("--plugin-dir") || name.equals("--plugin-load") || name.equals("--plugin-load-add")
                    || (prog.equals("ssh-keygen") && a.equals("-D")) || (prog.equals("ssh-add") && (a.equals("-s") || a.equals("-e")))
                    || (prog.equals("ssh") && a.equals("-I")))
                    && (value.indexOf('/') >= 0 || value.endsWith(".so")) && foreignLibraries(value)) {
                return LIBRARY_LOAD;
            }
        }
        if (prog.equals("enable") && w.size() > 2 && w.get(1).equals("-f") && foreignLibraries(w.get(2))) {
            return LIBRARY_LOAD; // a bash builtin loaded from a shared object
        }
        if ((prog.equals("insmod") || prog.equals("modprobe")) && w.size() > 1) {
            String m = w.get(w.size() - 1);
            if (m.endsWith(".ko") && foreignPath(m.indexOf('/') < 0 ? "./" + m : m)) {
                return LIBRARY_LOAD; // a kernel module from outside /lib/modules
            }
        }
        return 0;
    }

    // ---------------------------------------------------------------- file transfer over odd channels

    private static final Set<String> NETCATS = Set.of("nc", "ncat", "netcat", "nc.traditional", "nc.openbsd", "pwncat");
    private static final Set<String> FETCHERS = Set.of("curl", "wget", "lwp-download", "lwp-request", "lwp-mirror", "get",
            "aria2c", "links", "lynx", "w3m", "elinks", "urlget", "axel", "httpie", "http", "xh");
    private static final Pattern ODD_SCHEME = Pattern.compile("(?i)^(?:[\"']?)(?:file|gopher|dict|ldap|tftp|jar|netdoc)://");
    private static final Pattern SOCAT_SOCKET = Pattern.compile("(?i)^(?:tcp|tcp4|tcp6|udp|udp4|udp6|openssl|ssl|sctp)[\\w-]*:");
    private static final Pattern SOCAT_FILE = Pattern.compile("(?i)^(?:file|open|create|gopen|-)(?::|$)");
    private static final Pattern ALL_INTERFACES = Pattern.compile("^(?:0\\.0\\.0\\.0|\\[?::\\]?|\\*)(?::\\d+)?$");

    /** A redirection target that is a file (not a descriptor, a terminal or the null device). */
    private static boolean fileRedirect(String r) {
        if (r.isEmpty() || r.charAt(0) == '&' || r.startsWith("/dev/") && !r.startsWith("/dev/shm/")) {
            return false;
        }
        for (int i = 0; i < r.length(); i++) {
            char c = r.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '<' || c == '>' || c == '&')) {
                return true;
            }
        }
        return false; // a descriptor: 1, 2>&1
    }

    /**
     * A program name without a version suffix ({@code python3.11} to {@code python}); a name made
     * only of digits and dots (the shell's {@code .}) is a name of its own and stays whole.
     */
    static String unversioned(String prog) {
        int end = prog.length();
        while (end > 0 && (Character.isDigit(prog.charAt(end - 1)) || prog.charAt(end - 1) == '.')) {
            end--;
        }
        return end == prog.length() || end == 0 ? prog : prog.substring(0, end);
    }

    private static int transfer(String prog, List<String> w, CommandReader.Simple c) {
        boolean fileRedirected = false;
        boolean socketRedirected = false;
        for (String r : c.redirects()) {
            fileRedirected |= fileRedirect(r);
            socketRedirected |= r.startsWith("/dev/tcp/") || r.startsWith("/dev/udp/");
        }
        if (socketRedirected) {
            // bash's network redirection carrying data: a file, a descriptor copied, a program with operands
            // (cat FILE, echo "$(<FILE)"); a bare "</dev/tcp/h/p" or "echo >/dev/tcp/h/p" only tests a port
            if (fileRedirected || c.redirects().size() > 1 || w.size() > 1) {
                return SOCKET_TRANSFER;
            }
        }
        if (prog.equals("ztcp") || w.contains("zsh/net/tcp") || w.contains("zsh/net/socket")) {
            return SOCKET_TRANSFER; // zsh's socket module: a TCP connection from the shell itself
        }
        if (prog.equals("openssl") && w.size() > 1 && (w.get(1).equals("s_client") || w.get(1).equals("s_server"))
                && fileRedirected && w.contains("-quiet")) {
            // -quiet: the raw stream and nothing else (saving a certificate chain uses -showcerts)
            return SOCKET_TRANSFER;
        }
        if (NETCATS.contains(prog) && fileRedirected) {
            return SOCKET_TRANSFER;
        }
        if (prog.equals("socat")) {
            boolean socket = false;
            boolean file = false;
            for (int i = 1; i < w.size(); i++) {
                String a = w.get(i);
                socket |= SOCAT_SOCKET.matcher(a).find();
                file |= a.length() > 2 && SOCAT_FILE.matcher(a).find() && !a.startsWith("-");
            }
            if (socket && file) {
                return SOCKET_TRANSFER;
            }
        }
        if (FETCHERS.contains(prog)) {
            for (int i = 1; i < w.size(); i++) {
                String a = w.get(i);
                if (ODD_SCHEME.matcher(a).find()) {
                    return SOCKET_TRANSFER; // a local file read, or a raw protocol smuggled through a URL
                }
                if (prog.equals("wget") && (a.startsWith("--post-file") || a.startsWith("--body-file") || a.startsWith("--post-data"))) {
                    return SOCKET_TRANSFER;
                }
            }
        }
        if (prog.equals("ab") && (w.contains("-p") || w.contains("-u"))) {
            return SOCKET_TRANSFER; // a benchmark tool posting a file
        }
        if (prog.equals("hping3") && (w.contains("--file") || w.contains("-E"))) {
            return SOCKET_TRANSFER; // a file's bytes carried in probe packets
        }
        return servesFolder(prog, w) ? SOCKET_TRANSFER : 0;
    }

    /** A one-line web server handing a folder to every network interface. */
    private static boolean servesFolder(String prog, List<String> w) {
        if (prog.equals("php") && w.size() > 2) {
            int s = w.indexOf("-S");
            return s > 0 && s + 1 < w.size() && ALL_INTERFACES.matcher(w.get(s + 1)).matches();
        }
        if (prog.equals("httpd") && w.size() > 1 && w.contains("-f") && w.contains("-p")) {
            return true; // busybox httpd in the foreground: every interface unless told otherwise
        }
        if (prog.startsWith("ruby") && w.contains("-run") && w.stream().anyMatch(a -> a.startsWith("httpd"))) {
            return true; // un.rb's httpd binds every interface
        }
        if (prog.startsWith("python") && w.size() > 2 && w.contains("-m")
                && (w.contains("http.server") || w.contains("SimpleHTTPServer"))) {
            int b = Math.max(w.indexOf("-b"), w.indexOf("--bind"));
            return b > 0 && b + 1 < w.size() && ALL_INTERFACES.matcher(w.get(b + 1)).matches();
        }
        if (prog.equals("kubectl") && w.contains("proxy")) {
            return w.stream().anyMatch(a -> a.startsWith("--www")) && w.stream().anyMatch(a -> a.matches("--address=(?:0\\.0\\.0\\.0|::)"));
        }
        if (prog.equals("tailscale") && w.size() > 2 && (w.get(1).equals("funnel") || w.get(1).equals("serve"))) {
            return w.stream().skip(2).anyMatch(a -> a.startsWith("/") || a.startsWith("./") || a.equals("."));
        }
        return false;
    }

    // ---------------------------------------------------------------- files opened by code on the command line

    private static final Set<String> INTERPRETERS = Set.of("python", "python2", "python3", "perl", "ruby", "irb", "node",
            "nodejs", "php", "lua", "luajit", "julia", "jrunscript", "jjs", "tclsh", "wish", "rscript", "gawk", "awk",
            "mawk", "nawk", "busybox", "pwsh", "puppet", "emacs", "gdb", "bun", "deno", "crystal", "elixir", "erl", "groovy",
            "scala", "kotlinc", "guile", "sbcl", "clisp", "ghci", "runghc", "octave", "gimp");
    private static final Set<String> AWKS = Set.of("awk", "gawk", "mawk", "nawk");
    private static final Set<String> TEX = Set.of("tex", "latex", "pdflatex", "xelatex", "lualatex", "etex", "luatex",
            "pdftex", "xetex", "latexmk", "context", "mpost");

    /** Code that opens a file to write it. */
    private static final Pattern WRITES = Pattern.compile("(?i)"
            + "\\bopen\\s*\\([^)]*,\\s*['\"][wa]|writefile(?:sync)?\\s*\\(|file\\.(?:write|open)\\s*\\([^)]*['\"][wa]"
            + "|\\bio\\.write\\b|file_put_contents\\s*\\(|fopen\\s*\\([^)]*['\"][wa]|io\\.open\\s*\\([^)]*['\"][wa]"
            + "|filewriter\\s*\\(|fileoutputstream|files\\.write|\\bopen\\s*\\(?\\s*[\\w$]+\\s*,\\s*['\"]?\\s*>"
            + "|\\bopen\\s*\\(\\s*f\\s*->\\s*write|writelines\\s*\\(|\\bout-file\\b|\\bset-content\\b|\\badd-content\\b"
            + "|write-region|with-temp-file|\\bfile\\s*\\{|\\bdump\\s+(?:binary\\s+)?memory\\b|\\bcp\\s*\\(");
    /** Code that opens a file to read it. */
    private static final Pattern READS = Pattern.compile("(?i)"
            + "\\bopen\\s*\\([^)]*\\)\\s*\\.\\s*read|readfile(?:sync)?\\s*\\(|file\\.read\\s*\\(|\\bio\\.read\\b|\\bio\\.readlines"
            + "|file_get_contents\\s*\\(|\\bfopen\\s*\\(|io\\.open\\s*\\(|io\\.lines\\s*\\(|filereader\\s*\\(|fileinputstream"
            + "|files\\.read|\\bget-content\\b|insert-file-contents|\\bslurp\\b"
            + "|\\bcat\\s*\\(\\s*['\"]|open\\s*\\(?\\s*[\\w$]+\\s*,\\s*['\"]?\\s*<|\\bgetline\\b[^\\n]*<");
    /** An awk program printing into a file named by a string. */
    private static final Pattern AWK_WRITES = Pattern.compile("\\bprint[f]?\\b[^>|;}]*>>?\\s*\"[^\"]+\"|getline\\b[^;}]*<\\s*\"[^\"]+\"");
    private static final Pattern TEX_FILE = Pattern.compile("\\\\(?:openout|openin|immediate\\s*\\\\write|write18|input\\s*\\{?[^}\\s]*/"
            + "|read\\s*\\d|verbatiminput|lstinputlisting)");
    private static final Pattern SQLITE_FILE = Pattern.compile("(?i)^\\s*\\.(?:output|once|read|import|dump|shell|system)\\b"
            + "|\\b(?:readfile|writefile|load_extension)\\s*\\(");

    /** Options that hand an interpreter its code (rather than a script file). */
    private static boolean codeOption(String o) {
        return shortCodeFlag(o) || o.equals("--eval") || o.equals("-ex")
                || o.equals("--execute") || o.equals("-Command") || o.equals("-command") || o.equals("--command")
                || o.equals("--expression");
    }

    /** {@code -c}, {@code -e}, {@code -r}, {@code -E}, or a cluster ending in one ({@code -ne}, {@code -pe}, {@code -le}). */
    private static boolean shortCodeFlag(String o) {
        int n = o.length();
        if (n < 2 || n > 5 || o.charAt(0) != '-') {
            return false;
        }
        char last = o.charAt(n - 1);
        if (last != 'c' && last != 'e' && last != 'r' && last != 'E') {
            return false;
        }
        for (int i = 1; i < n - 1; i++) {
            if (!Character.isLetter(o.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int code(String prog, List<String> w) {
        String p = unversioned(prog);
        if (TEX.contains(p)) {
            for (int i = 1; i < w.size(); i++) {
                if (w.get(i).indexOf('\\') >= 0 && TEX_FILE.matcher(w.get(i)).find()) {
                    return FILE_BY_CODE; // TeX source on the command line opening files
                }
            }
            return 0;
        }
        if (p.equals("sqlite")) {
            for (int i = 1; i < w.size(); i++) {
                if (SQLITE_FILE.matcher(w.get(i)).find()) {
                    return FILE_BY_CODE;
                }
            }
            return 0;
        }
        if (p.equals("make") || p.equals("gmake")) {
            for (int i = 1; i < w.size(); i++) {
                String a = w.get(i);
                boolean eval = a.startsWith("--eval=") || w.get(i - 1).equals("--eval");
                if (eval && (a.contains("$(file") || a.contains("$(shell"))) {
                    return FILE_BY_CODE; // make's own file and shell functions, handed in as code
                }
            }
            return 0;
        }
        if (!INTERPRETERS.contains(p)) {
            return 0;
        }
        if (AWKS.contains(p)) {
            for (int i = 1; i < w.size(); i++) {
                String a = w.get(i);
                if (a.equals("-F") || a.equals("-v") || a.equals("-f") || a.equals("--")) {
                    if (a.equals("-f")) {
                        return 0; // the program is a file
                    }
                    i++;
                    continue;
                }
                if (a.startsWith("-")) {
                    continue;
                }
                return AWK_WRITES.matcher(a).find() ? FILE_BY_CODE : 0; // the first operand is the program
            }
            return 0;
        }
        for (int i = 2; i < w.size(); i++) {
            String a = w.get(i);
            if (a.length() >= 6 && codeOption(w.get(i - 1)) && (WRITES.matcher(a).find() || READS.matcher(a).find())) {
                return FILE_BY_CODE;
            }
        }
        return 0;
    }

    // ---------------------------------------------------------------- out of a container, into root

    private static final Set<String> CONTAINER_RUNNERS = Set.of("docker", "podman", "nerdctl", "ctr", "crictl");
    private static final Pattern HOST_ROOT_MOUNT = Pattern.compile(
            "(?i)^/:|(?:^|,)(?:src|source)=/(?:,|$)|^--volume=/:|^-v/:");

    private static int escape(String prog, List<String> w) {
        if (CONTAINER_RUNNERS.contains(prog)) {
            boolean hostRoot = false;
            boolean privileged = false;
            boolean enters = false;
            for (int i = 1; i < w.size(); i++) {
                String a = w.get(i);
                hostRoot |= HOST_ROOT_MOUNT.matcher(a).find();
                privileged |= a.equals("--privileged") || a.startsWith("--pid=host") || a.equals("--pid") && i + 1 < w.size()
                        && w.get(i + 1).equals("host");
                String b = CommandReader.baseName(a);
                enters |= b.equals("chroot") || b.equals("nsenter");
            }
            return hostRoot || privileged && enters ? HOST_ESCAPE : 0;
        }
        if (prog.equals("nsenter")) {
            for (int i = 1; i < w.size(); i++) {
                String a = w.get(i);
                if ((a.equals("-t") || a.equals("--target")) && i + 1 < w.size() && w.get(i + 1).equals("1")
                        || a.equals("--target=1") || a.equals("-t1")) {
                    return HOST_ESCAPE; // the namespaces of PID 1: the host's, from inside a container
                }
            }
        }
        if (prog.equals("capsh")) {
            for (String a : w) {
                if (a.equals("--uid=0") || a.equals("--gid=0")) {
                    return HOST_ESCAPE;
                }
            }
            if (w.get(w.size() - 1).equals("--")) {
                return HOST_ESCAPE; // "capsh --" starts a shell with capsh's (under sudo: root's) capabilities
            }
        }
        return 0;
    }
}
