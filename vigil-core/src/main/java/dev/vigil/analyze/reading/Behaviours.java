package dev.vigil.analyze.reading;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.vigil.analyze.unix.Wrappers;

/**
 * Judges a command line by reading it per program ({@link CommandReader}): which program runs,
 * with which options, on which targets. Each {@link Family} is one behaviour an attacker uses
 * ordinary programs for, as GTFOBins (Unix) and LOLBAS (Windows) document them, told apart by
 * the role an argument plays rather than by any one program's spelling:
 *
 * <ul>
 *   <li>{@link Family#SHELL_ESCAPE}: a program that is not a shell starts an interactive shell,
 *       because a shell is the command it is given to run (an argument, an option value such as
 *       {@code --exec=} or {@code -c ':!sh'}, a code string such as {@code system("/bin/sh")},
 *       a pager or editor variable), or a shell is started with {@code -p} (keeping a set-user-id
 *       root) or wired to the terminal by hand ({@code </dev/tty}, {@code 0<&2 1>&2}).</li>
 *   <li>{@link Family#REMOTE_PAYLOAD}: a Windows program that is not a download tool, browser or
 *       network client is handed a URL, or any program is handed a file with executable content on
 *       a remote share ({@code \\host\share\x.dll}): download or execution by proxy.</li>
 *   <li>{@link Family#ALTERNATE_STREAM}: a Windows argument names an NTFS alternate data stream
 *       of a file ({@code file.ext:stream}), where payloads hide from directory listings.</li>
 *   <li>{@link Family#USER_PATH_PAYLOAD}: a Windows program is handed a file with executable
 *       content (DLL, script, installer, control panel item...) from a folder every user may write
 *       to (Public, Temp, ProgramData, PerfLogs, the recycle bin...), or runs from one.</li>
 * </ul>
 *
 * <p>Stateless apart from a per-thread memo of the last command line judged (every rule of a
 * family asks about the same line). Thread-safe; never throws.
 */
public final class Behaviours {
    /** One behaviour family; {@link #gate} holds literals (lower-case) a line must contain to show it. */
    public enum Family {
        SHELL_ESCAPE("sh", "script"),
        REMOTE_PAYLOAD("://", "\\\\", "%3a", "%5c"),
        ALTERNATE_STREAM(":"),
        // without separators where the patterns take either slash (C:/Windows/System32/Tasks/)
        USER_PATH_PAYLOAD("\\users\\public", "appdata", "temp", "\\programdata", "perflogs", "recycle", "%public%",
                "tasks", "\\color\\", "tracing", "machinekeys", "crmlog", "com\\dmp", "com/dmp",
                "fxstmp", "/users/public", "env:public", "%programdata%", "env:programdata",
                "/programdata"),
        /** Gated by the survey programs' names: a burst holds two, so at least one of two characters or more. */
        DISCOVERY_BURST(),
        /** Unix: a helper-program option or variable set to a foreign program or command ({@link Capabilities#EXEC_HOOK}). */
        EXEC_HOOK("pager", "editor", "lessopen", "lessclose", "browser", "git_ssh", "askpass", "rsync_rsh",
                "restic_password_command", "autom4te", "m4=", "groff_bin_path", "git_exec_path", "--rsh", "compress-program",
                "--to-command", "--info-script", "--new-volume-script", "--unzip-command", "--password-command", "--on-",
                "--conf-script", "--dhcp-script", "-invoke", "--grep-bin", "--sh-exec", "--lua-exec", "--wrapper",
                "--ssh-command", "--exec-path", "checkpoint-action", "scp", "sftp", "rsync", "tar", "zip", "man", "logrotate",
                "minicom", "command", "install-pkgs", "apt::", "core.", "alias.", "credential.helper", "pager.", "diff.",
                "gpg.", "uploadpack", "filter.", "core_pattern", "strace", "ltrace",
                // a run call piped into an interpreter as text (Capabilities.EXEC_CALL), run-parts over a programs folder
                "syscmd", "system(", "system (", "popen", "spawn", "shell_exec", "passthru", "proc_open", "os.execute", "getruntime",
                "run-parts"),
        /** Unix: a shared object from outside the system folders loaded into a program ({@link Capabilities#LIBRARY_LOAD}). */
        LIBRARY_LOAD("ld_preload", "ld_audit", "engine", "default-auth", "plugin", "ssh-keygen", "ssh-add", "ssh",
                "ladspa", "frei0r", "lv2=", "dlopen", "loadlibrary", "cdll", "windll", "load_extension", "loadlib", "ffi.load",
                "system.load", "fiddle", "load ", "enable", "insmod", "modprobe"),
        /** Unix: a file moved over a raw socket or an odd protocol, a folder served to all ({@link Capabilities#SOCKET_TRANSFER}). */
        SOCKET_TRANSFER("/dev/tcp/", "/dev/udp/", "ztcp", "zsh/net", "s_client", "s_server", "nc ", "ncat", "netcat",
                "nc.", "socat", "://", "--post-", "--body-file", "ab -", "hping3", "php", "httpd", "http.server",
                "simplehttpserver", "kubectl", "tailscale"),
        /** Unix: code on the command line opening a file to read or write it ({@link Capabilities#FILE_BY_CODE}). */
        FILE_BY_CODE("python", "perl", "ruby", "irb", "node", "php", "lua", "julia", "jrunscript", "jjs", "tclsh", "wish",
                "rscript", "awk", "busybox", "pwsh", "puppet", "emacs", "gdb", "bun", "deno", "crystal", "elixir", "erl", "groovy",
                "scala", "kotlinc", "guile", "sbcl", "clisp", "ghci", "runghc", "octave", "gimp", "tex", "context", "mpost",
                "sqlite", "make"),
        /** Unix: out of a container into the host, or into user id 0 ({@link Capabilities#HOST_ESCAPE}). */
        HOST_ESCAPE("docker", "podman", "nerdctl", "ctr", "crictl", "nsenter", "capsh"),
        /** Unix: a file encoded and decoded again in one pipeline, to standard output ({@link Capabilities#ROUND_TRIP}). */
        ENCODE_ROUND_TRIP("base", "ascii85", "xxd", "uu", "gz", "zcat", "bz", "xz", "lzma", "zstd", "lz4", "7z", "zip",
                // identity reads ({@link dev.vigil.analyze.unix.ProgramTricks#IDENTITY_GATE})
                "diff", "cmp ", "comm ", "join ", "msgmerge", "rev ", "tac ", "tar ", "pax ", "iconv", "fold", "fmt ", "unexpand",
                "nl -b", "pr -t", "sort -m", "-c-0", "-n-0", "c -0", "n -0", "=-0", "+0", "/dev/stdout", "/dev/stderr", "/dev/tty",
                "/fd/", "sed ", "awk", "grep", "look ", "perl", "jq ", "cut ", "cupsfilter", "xargs", "paste "),
        /** A network program's output piped into a shell or interpreter ({@link Capabilities#FETCH_TO_SHELL}). */
        FETCH_TO_SHELL("curl", "wget", "fetch", "lwp-", "aria2c", "finger", "nc", "socat", "tftp", "nslookup", "dig",
                "host", "whois", "telnet", "smbclient", "invoke-webrequest", "iwr", "invoke-restmethod", "irm", "http"),
        /** Unix: a downloaded file run by a later command of the same line ({@link Capabilities#FETCH_THEN_RUN}). */
        FETCH_THEN_RUN("curl", "wget", "fetch", "aria2c", "axel", "lwp-download"),
        /** Unix: a credential file printed, converted, copied out or sent by a program that does not use it ({@link TargetFiles}). */
        SECRET_READ("shadow", "master.passwd", "opasswd", "id_", "ssh_host_", ".aws", "gcloud", ".azure", "kube", ".docker",
                ".git-credentials", ".netrc", ".pgpass", ".my.cnf", "debian.cnf", ".vault-token", ".npmrc", ".pypirc", ".s3cfg",
                ".boto", "hosts.yml", "tfrc", "keytab", "krb5cc_", ".gnupg", "serviceaccount", "/private/", ".env",
                "wp-config", "_history", "privkey", "htpasswd", "tomcat-users", "secrets/", "confluence.cfg", "dbconfig", "gitlab-secrets",
                "credentials.xml", "gitlab-runner", "rancher", "actions-runner"),
        /** Unix: a login or privilege file written through a program's side ({@link TargetFiles}). */
        ACCOUNT_WRITE("authorized_keys", "sudoers", "/etc/passwd", "/etc/shadow", "/etc/group", "/etc/gshadow",
                "master.passwd", "ld.so.preload", "cron", "pam.d", "/.ssh"),
        /** Windows: a sensitive PowerShell call spelled only by string expressions ({@link dev.vigil.analyze.windows.PowerShellReveal}). */
        HIDDEN_CALL(dev.vigil.analyze.windows.PowerShellReveal.MARKERS.toArray(String[]::new)),
        /**
         * Every URL of the line is a software vendor's own installer script or package source over HTTPS
         * ({@link #VENDOR_INSTALLERS}): the documented {@code curl ... | sh} or {@code iex (irm ...)} install of a
         * well-known tool, which download rules leave out.
         */
        VENDOR_INSTALLER("https://");

        private final List<String> gate;

        Family(String... gate) {
            this.gate = gate.length > 0 ? List.of(gate) : SurveyNames.GATE;
        }

        /** Literals one of which occurs in every line that shows the behaviour (for the prefilter). */
        public List<String> gate() {
            return gate;
        }

        /** The name rule files use, such as {@code shell-escape}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Family parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    private Behaviours() {
    }

    /** Holder so that the enum can read the survey names (enum constants initialise first). */
    private static final class SurveyNames {
        static final List<String> GATE;

        static {
            java.util.TreeSet<String> g = new java.util.TreeSet<>();
            for (String s : SURVEY_PROGRAMS) {
                if (s.length() >= 2) {
                    g.add(s);
                }
            }
            g.addAll(List.of("net", "sc", "reg", "query", "wmic", "netsh", "ip", "/etc/", "/proc/", "lsof"));
            GATE = List.copyOf(g);
        }
    }

    private record Memo(String line, boolean windows, int mask) {
    }

    private static final ThreadLocal<Memo> LAST = new ThreadLocal<>();

    /** Whether {@code line} shows {@code family}. */
    public static boolean shows(Family family, String line, boolean windows) {
        if (line == null || line.length() < 3) {
            return false;
        }
        Memo m = LAST.get();
        if (m == null || m.windows != windows || !m.line.equals(line)) {
            int mask;
            try {
                mask = judge(line, windows);
            } catch (RuntimeException e) {
                mask = 0; // a reading error loses this line's behaviours, never the scan
            }
            m = new Memo(line, windows, mask);
            LAST.set(m);
        }
        return (m.mask & (1 << family.ordinal())) != 0;
    }

    /** Every family {@code line} shows, as bits by ordinal. */
    static int judge(String line, boolean windows) {
        List<CommandReader.Simple> cmds = CommandReader.read(line, windows);
        int mask = 0;
        Set<String> surveyed = null;
        for (CommandReader.Simple c : cmds) {
            // (what xargs or find -exec run, once per input, is a pipeline's processing, not a survey step)
            String key = c.handed() ? null : discoveryKey(c);
            if (key != null) {
                if (surveyed == null) {
                    surveyed = new java.util.HashSet<>();
                }
                surveyed.add(key);
                if (surveyed.size() >= BURST) {
                    mask |= bit(Family.DISCOVERY_BURST);
                }
            }
            if (c.words().isEmpty()) {
                if (!windows && assignmentRunsShell(c)) {
                    mask |= bit(Family.SHELL_ESCAPE);
                }
                continue;
            }
            if (!windows && shellEscape(c)) {
                mask |= bit(Family.SHELL_ESCAPE);
            }
            if (windows) {
                // cmd /c and powershell -c: the command they carry was read as commands of its own,
                // but redirections written after it stay with the outer command
                mask |= windowsPayload(c, CommandReader.commandString(c.words()) == null);
            }
        }
        if (windows && dev.vigil.analyze.windows.PowerShellReveal.hides(line)) {
            mask |= bit(Family.HIDDEN_CALL);
        }
        if (vendorInstallerOnly(line)) {
            mask |= bit(Family.VENDOR_INSTALLER);
        }
        if (!windows) {
            int tricks = dev.vigil.analyze.unix.ProgramTricks.judge(forTricks(cmds));
            mask |= ((tricks & dev.vigil.analyze.unix.ProgramTricks.IDENTITY_READ) != 0 ? bit(Family.ENCODE_ROUND_TRIP) : 0)
                    | ((tricks & dev.vigil.analyze.unix.ProgramTricks.INTERACTIVE_SHELL) != 0 ? bit(Family.SHELL_ESCAPE) : 0);
        }
        {
            int caps = Capabilities.judge(cmds); // Unix programs, also when bash.exe or wsl.exe run them on Windows
            if (caps != 0) {
                mask |= ((caps & Capabilities.EXEC_HOOK) != 0 ? bit(Family.EXEC_HOOK) : 0)
                        | ((caps & Capabilities.LIBRARY_LOAD) != 0 ? bit(Family.LIBRARY_LOAD) : 0)
                        | ((caps & Capabilities.SOCKET_TRANSFER) != 0 ? bit(Family.SOCKET_TRANSFER) : 0)
                        | ((caps & Capabilities.FILE_BY_CODE) != 0 ? bit(Family.FILE_BY_CODE) : 0)
                        | ((caps & Capabilities.HOST_ESCAPE) != 0 ? bit(Family.HOST_ESCAPE) : 0)
                        | ((caps & Capabilities.ROUND_TRIP) != 0 ? bit(Family.ENCODE_ROUND_TRIP) : 0)
                        | ((caps & Capabilities.FETCH_TO_SHELL) != 0 ? bit(Family.FETCH_TO_SHELL) : 0)
                        | ((caps & Capabilities.FETCH_THEN_RUN) != 0 ? bit(Family.FETCH_THEN_RUN) : 0)
                        | ((caps & Capabilities.SECRET_READ) != 0 ? bit(Family.SECRET_READ) : 0)
                        | ((caps & Capabilities.ACCOUNT_WRITE) != 0 ? bit(Family.ACCOUNT_WRITE) : 0);
            }
        }
        return mask;
    }

    /**
     * Installer scripts and package sources that software vendors publish for {@code curl | sh} or PowerShell
     * {@code iex} installation, by host and path prefix (after {@code https://}, lower case). Only a host the vendor
     * controls, or a repository path on a shared host that only its owner can write to, belongs here: never a paste
     * site, a bare object store or a whole code host.
     */
    static final List<String> VENDOR_INSTALLERS = List.of("get.docker.com/", "test.docker.com/",
            "releases.rancher.com/install-docker/", "get.k3s.io/", "get.rke2.io/", "get.k0s.sh/", "sh.rustup.rs/",
            "bun.sh/install", "get.pnpm.io/install.sh", "ollama.com/install.sh", "tailscale.com/install.sh",
            "aka.ms/installazureclideb", "aka.ms/installazurecli", "aka.ms/install-powershell.ps1",
            "packagecloud.io/install/repositories/", "dl.google.com/cloudagents/", "sdk.cloud.google.com/", "community.chocolatey.org/install.ps1",
            "chocolatey.org/install.ps1", "dot.net/v1/dotnet-install.", "deb.nodesource.com/setup_",
            "rpm.nodesource.com/setup_", "install.python-poetry.org/", "astral.sh/uv/install.", "astral.sh/ruff/install.",
            "deno.land/install.", "deno.land/x/install/", "get.sdkman.io/", "get.acme.sh/", "sh.vector.dev/",
            "install.determinate.systems/nix", "nixos.org/nix/install", "get.scoop.sh/", "get.rvm.io/",
            "fluxcd.io/install.sh", "raw.githubusercontent.com/nvm-sh/nvm/", "raw.githubusercontent.com/homebrew/install/",
            "raw.githubusercontent.com/helm/helm/");

    private static final Pattern ANY_URL = Pattern.compile("(?i)\\b[a-z][a-z0-9+.-]{1,15}://[^\\s\"'|;&)<>`]+");

    /** Whether the line names at least one URL and every URL it names is a vendor's installer over HTTPS. */
    static boolean vendorInstallerOnly(String line) {
        if (line.indexOf("https://") < 0 && line.indexOf("HTTPS://") < 0) {
            return false;
        }
        Matcher m = ANY_URL.matcher(line);
        boolean any = false;
        while (m.find()) {
            String u = m.group().toLowerCase(Locale.ROOT);
            if (!u.startsWith("https://")) {
                return false;
            }
            String rest = u.substring(8);
            if (rest.indexOf('/') < 0) {
                rest = rest + "/";
            }
            boolean known = false;
            for (String v : VENDOR_INSTALLERS) {
                if (rest.startsWith(v)) {
                    known = true;
                    break;
                }
            }
            if (!known) {
                return false;
            }
            any = true;
        }
        return any;
    }

    /** The simple commands as {@link dev.vigil.analyze.unix.ProgramTricks} takes them. */
    static List<dev.vigil.analyze.unix.ProgramTricks.Command> forTricks(List<CommandReader.Simple> cmds) {
        List<dev.vigil.analyze.unix.ProgramTricks.Command> out = new java.util.ArrayList<>(cmds.size());
        for (CommandReader.Simple c : cmds) {
            out.add(new dev.vigil.analyze.unix.ProgramTricks.Command(c.words(), c.redirects(), c.fedInput()));
        }
        return out;
    }

    /**
     * The distinct survey commands {@code line} runs (a program, or a program and its subcommand
     * such as {@code net user}), in the order first seen; empty when it runs none. A survey whose
     * output is a value for another command ({@code $(whoami)}) does not count. For detectors that
     * count surveys across several process starts. Never throws.
     */
    public static java.util.Set<String> surveys(String line, boolean windows) {
        if (line == null || line.length() < 1) {
            return Set.of();
        }
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        try {
            for (CommandReader.Simple c : CommandReader.read(line, windows)) {
                String key = discoveryKey(c);
                if (key != null) {
                    out.add(key);
                }
            }
        } catch (RuntimeException e) {
            return Set.of(); // a reading error loses this line's surveys, never the scan
        }
        return out;
    }

    private static int bit(Family f) {
        return 1 << f.ordinal();
    }

    // ---------------------------------------------------------------- discovery bursts

    /** Distinct survey commands in one command line that make a burst. */
    static final int BURST = 2;

    /** Programs that only survey the host, its users, network or processes (ATT&CK Discovery). */
    private static final Set<String> SURVEY_PROGRAMS = Set.of("whoami", "systeminfo", "hostname", "ipconfig", "arp",
            "netstat", "nbtstat", "tasklist", "qprocess", "quser", "qwinsta", "gpresult", "klist", "driverquery", "nltest",
            "dsquery", "setspn", "ver", "id", "uname", "ifconfig", "ps", "who", "w", "last", "lastlog", "groups", "getent",
            "lsb_release", "hostnamectl", "ss", "route", "lscpu", "lsmod", "dmidecode", "virt-what", "systemd-detect-virt", "env", "printenv", "get-process",
            "get-service", "get-wmiobject", "gwmi", "get-ciminstance", "get-netipconfiguration", "get-netipaddress",
            "get-nettcpconnection", "get-netneighbor", "get-netroute", "get-localuser", "get-localgroup",
            "get-localgroupmember", "get-computerinfo", "get-hotfix", "get-psdrive", "get-smbshare", "get-dnsclientcache",
            "get-aduser", "get-adcomputer", "get-adgroup", "get-addomain", "get-adgroupmember", "get-mpcomputerstatus",
            "test-netconnection", "get-addefaultdomainpasswordpolicy", "get-adtrust", "get-addomaincontroller",
            "get-netadapter", "get-netfirewallprofile", "get-timezone", "get-winsystemlocale", "get-smbmapping",
            "get-smbsession", "get-netconnectionprofile",
            // hardware, time, locale and security posture (T1082, T1120, T1124, T1614.001, T1518.001), users (T1033,
            // T1087.001), network (T1016): programs whose only use is reporting the host's state
            "lspci", "lsusb", "lsblk", "lshw", "hwinfo", "uptime", "timedatectl", "localectl", "pstree", "users",
            "finger", "pinky", "lastb", "faillog", "sestatus", "getenforce", "aa-status", "apparmor_status", "nmcli",
            "iwconfig", "resolvectl", "nproc", "arch", "tzutil", "get-culture", "get-uiculture", "get-winhomelocation",
            "get-winuserlanguagelist", "get-netudpendpoint", "get-disk", "get-volume", "get-physicaldisk",
            "get-pnpdevice", "get-printer", "get-windowsfeature", "get-windowsoptionalfeature", "get-netfirewallrule",
            "get-scheduledtask", "get-localsid", "get-adobject", "get-gpo", "get-gpresultantsetofpolicy");

    private static final Set<String> NET_SURVEYS = Set.of("user", "users", "group", "localgroup", "view", "share",
            "session", "sessions", "config", "accounts", "use", "time", "file", "start", "statistics", "stats");

    /** Programs that may carry a survey in a command string: only their lines are read in full by {@link #maySurvey}. */
    private static final Set<String> WRAPPERS = Set.of("sh", "bash", "dash", "zsh", "ksh", "ash", "busybox", "cmd",
            "powershell", "pwsh", "sudo", "doas", "env", "su", "runuser", "wsl", "nohup", "timeout", "nice", "script");

    /**
     * A cheap test, by the first word alone, of whether {@code line} can run a survey at all: it
     * starts with a survey program or with a shell or wrapper that may run one. For detectors that
     * see every process start and read only the lines that pass. Never throws.
     */
    public static boolean maySurvey(String line) {
        return line != null && MAY_SURVEY.get(line);
    }

    /** {@link #maySurvey} of lines seen lately on this thread: every process start is asked. */
    private static final dev.vigil.text.RecentValues<Boolean> MAY_SURVEY =
            new dev.vigil.text.RecentValues<>(8, 512, Behaviours::maySurveyOnce);

    private static boolean maySurveyOnce(String line) {
        if (line == null) {
            return false;
        }
        int n = line.length();
        int i = 0;
        while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t' || line.charAt(i) == '"' || line.charAt(i) == '\'')) {
            i++;
        }
        int start = i;
        boolean quoted = start > 0 && line.charAt(start - 1) == '"';
        while (i < n && (quoted ? line.charAt(i) != '"' : !Character.isWhitespace(line.charAt(i)))) {
            i++;
        }
        String first = CommandReader.baseName(line.substring(start, Math.min(i, start + 260)));
        if (WRAPPERS.contains(first)) {
            return mentionsSurvey(line, i); // a shell runs a survey only if one is named in what it is given
        }
        return SURVEY_PROGRAMS.contains(first) || SURVEY_WORDS.contains(first);
    }

    /** Whether a word from {@code from} on names a survey program (words split at anything but letters, digits, {@code _.-}). */
    private static boolean mentionsSurvey(String line, int from) {
        int n = Math.min(line.length(), CommandReader.MAX_CHARS);
        int i = from;
        while (i < n) {
            while (i < n && !wordChar(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && wordChar(line.charAt(i))) {
                i++;
            }
            int end = i;
            if (end - start > 4 && line.regionMatches(true, end - 4, ".exe", 0, 4)) {
                end -= 4;
            }
            int len = end - start;
            if (len >= 1 && len <= MAX_SURVEY_NAME && SURVEY_LENGTHS[len]) {
                // a hash of the folded word first: most words are not survey names, and no string is made for them
                int h = 0;
                for (int k = start; k < end; k++) {
                    h = 31 * h + Character.toLowerCase(line.charAt(k));
                }
                if (SURVEY_HASHES.contains(h)) {
                    String w = line.substring(start, end).toLowerCase(Locale.ROOT);
                    if (SURVEY_PROGRAMS.contains(w) || SURVEY_WORDS.contains(w)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean wordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.';
    }

    /** Programs whose survey depends on a subcommand (discoveryKey decides). */
    private static final Set<String> SURVEY_WORDS = Set.of("net", "net1", "sc", "reg", "query", "wmic", "netsh", "lsof", "ip", "cat",
            "w32tm", "dpkg", "rpm", "systemctl", "service", "chkconfig", "crontab", "sudo", "iptables", "ufw",
            "firewall-cmd", "schtasks", "fsutil", "wevtutil", "getcap");
    private static final int MAX_SURVEY_NAME = 32;
    /** Lengths and hash codes of the survey names and words, for {@link #mentionsSurvey}. */
    private static final boolean[] SURVEY_LENGTHS = new boolean[MAX_SURVEY_NAME + 1];
    private static final Set<Integer> SURVEY_HASHES = new java.util.HashSet<>();

    static {
        for (Set<String> names : List.of(SURVEY_PROGRAMS, SURVEY_WORDS)) {
            for (String n : names) {
                if (n.length() <= MAX_SURVEY_NAME) {
                    SURVEY_LENGTHS[n.length()] = true;
                    SURVEY_HASHES.add(n.hashCode());
                }
            }
        }
    }

    /** What a simple command surveys (program, or program and subcommand), or null when it does not. */
    static String discoveryKey(CommandReader.Simple c) {
        List<String> w = c.words();
        if (w.isEmpty() || c.substituted()) {
            return null; // $(whoami) as an argument is a value looked up, not a survey of its own
        }
        String prog = c.program();
        if ((prog.equals("sudo") || prog.equals("doas")) && w.size() > 1 && !w.get(1).startsWith("-")) {
            w = w.subList(1, w.size());
            prog = CommandReader.baseName(w.get(0));
        }
        String sub = w.size() > 1 ? w.get(1).toLowerCase(Locale.ROOT) : "";
        switch (prog) {
            case "net": case "net1":
                if (NET_SURVEYS.contains(sub) && !c.words().toString().toLowerCase(Locale.ROOT).contains("/add")
                        && !c.words().toString().toLowerCase(Locale.ROOT).contains("/delete")) {
                    return "net " + sub;
                }
                return null;
            case "sc":
                return sub.startsWith("query") || sub.equals("qc") ? "sc query" : null;
            case "reg":
                return sub.equals("query") ? "reg query" : null;
            case "query":
                return "query";
            case "w32tm":
                // the time zone or the time source looked up (T1124); /resync, /config and /register change the clock
                return w.stream().anyMatch(a -> a.equalsIgnoreCase("/tz") || a.equalsIgnoreCase("/query")
                        || a.equalsIgnoreCase("/stripchart")) ? "w32tm" : null;
            case "wmic":
                for (String a : w) {
                    String l = a.toLowerCase(Locale.ROOT);
                    if (l.equals("get") || l.equals("list") || l.startsWith("get ")) {
                        return "wmic";
                    }
                }
                return null;
            case "netsh":
                return w.stream().anyMatch(a -> a.equalsIgnoreCase("show")) ? "netsh show" : null;
            case "lsof":
                return w.contains("-u") || w.contains("-i") ? "lsof" : null;
            case "ip":
                return sub.startsWith("a") || sub.startsWith("r") || sub.startsWith("n") || sub.startsWith("l") ? "ip" : null;
            case "cat":
                return w.size() > 1 && w.get(1).matches("/etc/(passwd|group|hosts|resolv\\.conf|os-release|issue|shadow|[\\w-]*release|"
                        + "shells|sudoers|crontab|fstab|login\\.defs|machine-id|timezone|hostname)|/proc/\\w+|/sys/class/dmi/id/\\w+")
                        ? "cat " + w.get(1) : null;
            // multi-purpose programs asked only to list (packages, services, jobs, rules, capabilities, event logs)
            case "dpkg":
                return sub.equals("-l") || sub.equals("--list") || sub.equals("--get-selections") ? "dpkg -l" : null;
            case "rpm":
                return sub.startsWith("-qa") ? "rpm -qa" : null;
            case "systemctl":
                return sub.equals("list-units") || sub.equals("list-unit-files") || sub.equals("list-timers") ? "systemctl list" : null;
            case "service":
                return sub.equals("--status-all") ? "service --status-all" : null;
            case "chkconfig":
                return sub.equals("--list") ? "chkconfig --list" : null;
            case "crontab":
                return sub.equals("-l") ? "crontab -l" : null;
            case "sudo":
                return sub.equals("-l") || sub.equals("--list") || sub.equals("-ll") ? "sudo -l" : null;
            case "iptables":
                return sub.equals("-l") || sub.equals("-s") || sub.equals("--list") || sub.startsWith("-nl") || sub.startsWith("-lnv")
                        || sub.startsWith("-nvl") || sub.startsWith("-vnl") ? "iptables -L" : null;
            case "ufw":
                return sub.equals("status") || sub.equals("app") ? "ufw status" : null;
            case "firewall-cmd":
                return sub.startsWith("--list") || sub.startsWith("--get-") ? "firewall-cmd --list" : null;
            case "schtasks":
                return sub.equals("/query") || sub.equals("-query") ? "schtasks /query" : null;
            case "fsutil":
                return sub.equals("fsinfo") ? "fsutil fsinfo" : null;
            case "wevtutil":
                return sub.equals("el") || sub.equals("enum-logs") || sub.equals("gl") || sub.equals("get-log") ? "wevtutil el" : null;
            case "getcap":
                return w.contains("-r") ? "getcap -r" : null;
            default:
                return SURVEY_PROGRAMS.contains(prog) ? prog : null;
        }
    }

    // ---------------------------------------------------------------- shell escapes (GTFOBins)

    /** Programs whose operands are files to look at, copy or configure, never commands to run. */
    private static final Set<String> FILE_TOOLS = Set.of("ls", "file", "stat", "ldd", "readlink", "realpath", "cat", "cp",
            "mv", "ln", "rm", "chmod", "chown", "chgrp", "chsh", "usermod", "useradd", "adduser", "which", "whereis",
            "type", "command", "hash", "md5sum", "sha1sum", "sha256sum", "sha512sum", "b2sum", "cksum", "strings",
            "objdump", "readelf", "nm", "diff", "cmp", "grep", "egrep", "fgrep", "rg", "head", "tail", "od", "xxd",
            "hexdump", "du", "dpkg", "dpkg-query", "update-alternatives", "echo", "printf", "test", "[",
            "install", "sudoedit", "basename", "dirname", "getfacl", "setfacl", "lsattr", "chattr", "touch", "namei",
            "wc", "bat", "batcat", "tee", "getcap", "setcap", "sha224sum", "sha384sum", "shasum", "apt-file", "whatis",
            "tldr", "cheat", "locate", "fd", "unzip", "gzip", "xz", "upx", "patchelf", "checksec", "lsof", "fuser",
            "pidof", "pgrep", "pkill", "killall");

    /** Container and VM managers: a shell they start runs inside the guest, as their users intend. */
    private static final Set<String> GUEST_RUNNERS = Set.of("docker", "podman", "nerdctl", "crictl", "kubectl", "oc",
            "lxc", "lxc-attach", "incus", "machinectl", "toolbox", "distrobox", "vagrant", "multipass");
    /** Remote shells: a shell operand runs on the other host; their options (ProxyCommand) still run here. */
    private static final Set<String> REMOTE_SHELLS = Set.of("ssh", "mosh", "rsh", "autossh");

    private static final Pattern LOCAL_HOST = Pattern.compile("(?i)^(?:[\\w.-]+@)?(?:localhost|127\\.\\d+\\.\\d+\\.\\d+|::1|\\[::1\\])$");

    /** Options whose value is a login shell to set or use, not a command run now... */
    private static final Set<String> SHELL_SETTING_OPTIONS = Set.of("-s", "--shell", "-shell", "--login-shell");
    /** ...for these account tools. */
    private static final Set<String> ACCOUNT_TOOLS = Set.of("su", "chsh", "lchsh", "useradd", "usermod", "adduser",
            "runuser", "sudo", "machinectl", "newusers");
    /** Programs that print or search their arguments: a shell path in a pattern or message is text. */
    private static final Set<String> TEXT_TOOLS = Set.of("grep", "egrep", "fgrep", "rg", "ag", "ack", "echo", "printf",
            "logger", "wall", "notify-send", "test", "[", "[[");
    /** Options whose value is prose (a commit message, a title): a shell path there is text. */
    private static final Set<String> MESSAGE_OPTIONS = Set.of("-m", "--message", "--msg", "--comment", "--description",
            "--title", "--body", "--subject", "--summary", "--note");
    /** Programs whose operands name files or repositories: a shell path among them is a file, not a command. */
    private static final Set<String> OPERAND_TOOLS = Set.of("git", "svn", "hg", "whatis", "locate", "tldr");
    /** System program folders: a shell linked, copied or bound over a program there answers to its name. */
    private static final Pattern SYSTEM_PROGRAM = Pattern.compile("^/(usr/(local/)?)?s?bin/[\\w.+-]+$");

    /** Programs whose words after a shell name are that shell's own arguments (shell-running wrappers). */
    private static final Set<String> PRIVILEGE_RUNNERS = Set.of("sudo", "doas", "pkexec", "run0", "su", "ksu",
            "sudo.ws", "calife", "super");

    /**
     * Programs that start their operand as a program (a scheduler, limiter, tracer or launcher): a
     * shell named there by its bare name is as much a shell started as by its path ({@code nice sh}).
     * Programs whose purpose is a shell in another setting ({@code setarch}, {@code chroot},
     * {@code unshare}, {@code sg}) count with the shell's path only, as before.
     */
    private static final Set<String> OPERAND_RUNNERS = Set.of("env", "nice", "ionice", "timeout", "stdbuf", "taskset",
            "setsid", "chrt", "nohup", "time", "strace", "ltrace", "flock", "cpulimit", "start-stop-daemon", "unbuffer");

    private static final String SHELL = "(?:ba|da|z|k|a|c|tc|mk|r|ya)?sh";
    private static final String SHELL_PATH = "(?:/usr)?(?:/local)?/bin/" + SHELL + "|/bin/busybox\\s+" + SHELL;
    /** What may follow a shell started for interactive use: nothing, a quote, a bracket, a flag or a redirection. */
    private static final String INTERACTIVE_TAIL = "(?=$|[\"'`);#&|},\\]\\\\]|\\s*[0-9]?[<>]|\\s*[;|&)]|\\s+-[a-z]{1,3}\\b|\\s+--\\s|\\s+#)";
    /**
     * A shell path in command position inside a string an option, a code snippet or a pager
     * variable carries: at its start, after a command separator, quote, bracket, {@code !},
     * {@code =} or {@code :}, or after exec/system/spawn/popen/run/call and the like.
     */
    private static final Pattern EMBEDDED_SHELL_PATH = Pattern.compile(
            "(?:^|[!;|&({`'\"=:,\\[\\s]|\\bexec\\s+|\\bspawn\\s+|\\bwrite18\\{)\\s*['\"`]?(?:" + SHELL_PATH + ")\\b"
                    + INTERACTIVE_TAIL, Pattern.CASE_INSENSITIVE);
    /** A bare shell name after an explicit "run this" marker: {@code !sh}, {@code exec sh}, {@code system("sh")}. */
    private static final Pattern EMBEDDED_SHELL_NAME = Pattern.compile(
            "(?:^!|[\\s;'\"(:\\\\]!|\\bexec\\s+|\\bspawn\\s+|(?:system|spawn|popen|execl?p?e?|os\\.execute|pty\\.spawn|run|call|check_call"
                    + "|check_output|shell_exec|passthru|proc_open|getoutput)\\s*\\(\\s*\\[?\\s*['\"`])\\s*(?:"
                    + SHELL + ")\\b" + INTERACTIVE_TAIL, Pattern.CASE_INSENSITIVE);
    /** A shell wired to the terminal by hand: what a restricted program does to hand over a usable shell. */
    private static final Pattern TTY_WIRED = Pattern.compile(
            "\\b" + SHELL + "\\b[^;|&]*?(?:[<>]\\s*(?:/dev/tty|\\$\\(tty\\))|[0-2]?<&\\s*[0-2]\\s+[0-2]?>&\\s*[0-2])",
            Pattern.CASE_INSENSITIVE);

    /** A path that climbs to a system programs folder ({@code ../../bin/sh}): a shell reached where a name was expected. */
    private static final Pattern CLIMB_TO_BIN = Pattern.compile("^(?:\\.\\./)+(?:usr/(?:local/)?)?s?bin/[^/]+$");

    private static boolean isShellPath(String w) {
        if (w.startsWith("../") && CLIMB_TO_BIN.matcher(w).matches()) {
            return CommandReader.isPosixShell(w.substring(w.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT));
        }
        if (w.isEmpty() || w.charAt(0) != '/') {
            return false;
        }
        int cut = w.lastIndexOf('/');
        return w.startsWith("/bin/") || w.startsWith("/usr/bin/") || w.startsWith("/usr/local/bin/")
                || w.startsWith("/sbin/") ? CommandReader.isPosixShell(w.substring(cut + 1).toLowerCase(Locale.ROOT)) : false;
    }

    private static boolean shellEscape(CommandReader.Simple c) {
        List<String> w = Wrappers.unwrap(c.words(), true); // nohup zip ..., command env /bin/sh: the program they start
        String prog = w == c.words() ? c.program() : CommandReader.baseName(w.get(0));
        if ((prog.equals("busybox") || prog.equals("toybox")) && w.size() > 1) {
            w = w.subList(1, w.size()); // multi-call binaries: the applet is the program
            prog = CommandReader.baseName(w.get(0));
        }
        boolean progIsShell = CommandReader.isPosixShell(prog);
        if (progIsShell && startsPrivileged(w)) {
            return true;
        }
        for (String a : c.assignments()) {
            if (embeddedShell(a.substring(a.indexOf('=') + 1))) {
                return true;
            }
        }
        for (String r : c.redirects()) {
            if (!r.isEmpty() && r.charAt(0) != '/' && embeddedShell(r)) {
                return true; // a here-string: tclsh <<< 'exec /bin/sh'
            }
        }
        if (progIsShell) {
            return false; // its own -c string was read as commands of their own
        }
        if (TEXT_TOOLS.contains(prog) || GUEST_RUNNERS.contains(prog)) {
            return false;
        }
        if (prog.equals("chroot") && !newRootIsSlash(w)) {
            return false; // the shell runs inside the new root (a jail, a build root); chroot / is an escape
        }
        if (shellOverProgram(prog, w)) {
            return true;
        }
        if (prog.equals("script") && w.size() > 1) {
            String command = scriptCommand(w);
            if (command == null && w.get(w.size() - 1).equals("/dev/null")) {
                return true; // a terminal for a shell whose typescript goes nowhere: the web shell upgrade
            }
            if (command != null && w.contains("/dev/null") && onlyAShell(command)) {
                return true; // script /dev/null -c bash, script -qc sh /dev/null: the same upgrade, the shell named
            }
        }
        // a remote shell to this very host runs its shell operand here
        boolean remoteHere = REMOTE_SHELLS.contains(prog) && w.stream().anyMatch(a -> LOCAL_HOST.matcher(a).matches());
        boolean fileTool = FILE_TOOLS.contains(prog) || OPERAND_TOOLS.contains(prog) || REMOTE_SHELLS.contains(prog) && !remoteHere;
        boolean runner = PRIVILEGE_RUNNERS.contains(prog);
        boolean accountTool = ACCOUNT_TOOLS.contains(prog);
        for (int i = 1; i < w.size(); i++) {
            String a = w.get(i);
            String before = w.get(i - 1).toLowerCase(Locale.ROOT);
            boolean shellWord = isShellPath(a) || (runner || OPERAND_RUNNERS.contains(prog)) && CommandReader.isPosixShell(a.toLowerCase(Locale.ROOT));
            if (shellWord) {
                if (fileTool || accountTool && SHELL_SETTING_OPTIONS.contains(before)) {
                    continue;
                }
                if (prog.equals("find")) {
                    if (before.matches("-(exec|ok)(dir)?") && onlyFlagsFrom(w, i + 1)) {
                        return true;
                    }
                    continue;
                }
                // the value of an option (--rsh-command /bin/sh, -wrapper, -l): the program will run it;
                // for a wrapper whose options are known, only an option that takes a value (sudo -u root
                // bash), so a flag before the shell (curl ... | sudo -E bash -) is not read as its option
                Boolean known = Wrappers.takesValue(prog, w.get(i - 1));
                boolean optionValue = known != null ? known
                        : before.length() > 1 && before.charAt(0) == '-' && !before.equals("--");
                boolean privileged = privilegedFlag(w, i + 1);
                if (optionValue || privileged || !c.fedInput() && onlyFlagsFrom(w, i + 1)) {
                    return true;
                }
                continue;
            }
            if (a.length() > 2 && !MESSAGE_OPTIONS.contains(before) && embeddedShell(a)) {
                return true;
            }
        }
        return false;
    }

    /** Whether chroot's NEWROOT operand (its first word that is not an option) is {@code /} itself. */
    private static boolean newRootIsSlash(List<String> w) {
        for (int i = 1; i < w.size(); i++) {
            String a = w.get(i);
            if (!a.startsWith("-")) {
                return a.equals("/") || a.equals("/.") || a.equals("//");
            }
        }
        return false;
    }

    /** {@code script}'s command ({@code -c CMD}, {@code -qc CMD}, {@code --command[=]CMD}), or null when it has none. */
    private static String scriptCommand(List<String> w) {
        for (int i = 1; i < w.size(); i++) {
            String a = w.get(i);
            if (a.startsWith("--command=")) {
                return a.substring("--command=".length());
            }
            boolean shortC = a.length() > 1 && a.charAt(0) == '-' && a.charAt(1) != '-' && a.endsWith("c")
                    && a.chars().skip(1).allMatch(Character::isLetter);
            if ((a.equals("--command") || shortC) && i + 1 < w.size()) {
                return w.get(i + 1);
            }
        }
        return null;
    }

    /** A shell by name or system path with nothing but flags after it ({@code bash}, {@code zsh -i}, {@code /bin/sh}). */
    private static boolean onlyAShell(String command) {
        String[] parts = command.trim().split("\\s+");
        if (parts.length == 0 || parts[0].isEmpty()) {
            return false;
        }
        String name = parts[0].substring(parts[0].lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        if (!CommandReader.isPosixShell(name) || parts[0].contains("/") && !isShellPath(parts[0])) {
            return false;
        }
        for (int k = 1; k < parts.length; k++) {
            if (!parts[k].startsWith("-")) {
                return false;
            }
        }
        return true;
    }

    /** ln -s /bin/sh /usr/bin/x, cp /bin/bash /bin/x, mount --bind /bin/sh /bin/x: a shell answering to a program's name. */
    private static boolean shellOverProgram(String prog, List<String> w) {
        if (!(prog.equals("ln") || prog.equals("cp") || prog.equals("mv") || prog.equals("mount") || prog.equals("install"))
                || w.size() < 3) {
            return false;
        }
        String last = w.get(w.size() - 1);
        String source = w.get(w.size() - 2);
        return isShellPath(source) && SYSTEM_PROGRAM.matcher(last).matches() && !isShellPath(last);
    }

    /** A shell started with {@code -p} keeps the set-user-id it ran with: the SUID-shell idiom. */
    private static boolean startsPrivileged(List<String> w) {
        for (int i = 1; i < w.size(); i++) {
            String a = w.get(i);
            if (!a.startsWith("-") || a.startsWith("--")) {
                return false;
            }
            if (a.indexOf('p') > 0 && a.matches("-[a-z]*p[a-z]*") || a.equals("-b") && w.get(0).endsWith("csh")) {
                return true; // -b: (t)csh stops reading options, the SUID idiom for csh
            }
            if (a.equals("-c")) {
                return false;
            }
        }
        return false;
    }

    private static boolean privilegedFlag(List<String> w, int from) {
        for (int i = from; i < w.size(); i++) {
            String a = w.get(i);
            if (!a.startsWith("-") || a.startsWith("--")) {
                return false;
            }
            if (a.matches("-[a-z]*p[a-z]*")) {
                return true;
            }
        }
        return false;
    }

    /** Whether every word from {@code from} on is a flag (an interactive shell: no script, no command). */
    private static boolean onlyFlagsFrom(List<String> w, int from) {
        for (int i = from; i < w.size(); i++) {
            String a = w.get(i);
            if (a.equals(";") || a.equals("+")) {
                return true; // the end of find -exec's command
            }
            if (a.equals("-c") && i + 1 < w.size()) {
                return embeddedShell(w.get(i + 1)) || TTY_WIRED.matcher(w.get(i + 1)).find();
            }
            if (!(a.startsWith("-") || a.startsWith("+")) || a.length() > 12) {
                return false;
            }
        }
        return true;
    }

    private static boolean embeddedShell(String s) {
        if (s.indexOf("sh") < 0 && s.indexOf("SH") < 0) {
            return false;
        }
        Matcher m = EMBEDDED_SHELL_PATH.matcher(s);
        if (m.find()) {
            return true;
        }
        return EMBEDDED_SHELL_NAME.matcher(s).find() || TTY_WIRED.matcher(s).find();
    }

    private static boolean assignmentRunsShell(CommandReader.Simple c) {
        for (String a : c.assignments()) {
            if (embeddedShell(a.substring(a.indexOf('=') + 1))) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- Windows payloads (LOLBAS)

    /** Programs whose job is fetching URLs, browsing, or talking to remote hosts and package feeds. */
    private static final Set<String> NETWORK_CLIENTS = Set.of("curl", "wget", "git", "pip", "pip3", "npm", "npx", "yarn",
            "pnpm", "choco", "winget", "scoop", "msdeploy", "wacs", "azcopy", "signtool", "ping", "tracert", "pathping",
            "nslookup", "ssh", "scp", "sftp", "telnet",
            "msedge", "chrome", "chromium", "firefox", "iexplore", "opera", "brave", "start", "wsl-open", "xdg-open", "open", "explorer", "code", "docker", "podman",
            "helm", "kubectl", "az", "aws", "gcloud", "powershell", "pwsh", "invoke-webrequest", "iwr",
            "invoke-restmethod", "irm", "net", "netsh", "nuget", "dotnet", "gh", "ftp", "tftp", "go", "cargo", "java",
            "python", "py", "node", "deno", "bun", "gpg", "certreq", "openssl", "rclone", "robocopy", "xcopy", "copy",
            "dir", "pushd", "mklink", "wt", "w32tm", "nltest", "klist", "test-netconnection", "resolve-dnsname",
            "invoke-command", "enter-pssession", "new-pssession", "echo", "write-host", "write-output", "set", "rem",
            "wkhtmltopdf", "wkhtmltoimage");

    /**
     * A PowerShell cmdlet that reads or writes settings (Set-OabVirtualDirectory -ExternalUrl https://...,
     * Install-SPSolution -WebApplication https://...): a URL there is a value it stores or an address it manages,
     * not a payload it fetches (BITS cmdlets excepted, which are transfers).
     */
    private static final Pattern CONFIG_CMDLET = Pattern.compile(
            "(?:set|get|add|new|install|uninstall|update|enable|disable|remove|test|register|unregister|publish|grant|revoke|backup|restore"
                    + "|resolve|connect|clear|reset|export|mount|dismount|initialize|approve|confirm)-(?![a-z]*bits)[a-z][a-z0-9]+");

    /** A URL, also glued to an option ({@code /zhttp://...}, {@code -source:http://...}). */
    private static final Pattern URL = Pattern.compile("(?i)(?:https?|ftps?)://[^\\s\"'<>]+");
    /**
     * A Windows protocol handler URI ({@code ms-appinstaller:}, {@code search-ms:}, {@code ms-msdt:}...)
     * carrying a web address or a remote share: the handler fetches or runs what it points to.
     */
    private static final Pattern HANDLER_URL = Pattern.compile(
            "(?i)(?:^|[\\s\"'=])(?:ms-[a-z][\\w-]*|search-ms|search|its|mk|mhtml)(?::|%3a)[^\\s\"']*?(?:(?:https?|ftps?|file)(?::|%3a)(?://|%2f%2f)|\\\\\\\\|%5c%5c)");
    private static final String PAYLOAD_EXT = "(?:exe|dll|ocx|cpl|scr|sys|ps1|psm1|psd1|bat|cmd|vbs|vbe|js|jse|wsf|wsh|wsc"
            + "|hta|sct|msi|msp|inf|xsl|lnk|jar|com|pif|bgi|chm|cs|vb|csproj|proj|rsp|xbap|appref-ms|application|library-ms"
            + "|settingcontent-ms|msc|mof|wsb|xll|iqy|slk|dotm|docm|xlsm)";
    private static final Pattern UNC_PAYLOAD = Pattern.compile(
            "(?i)(?:^|[\\s=:\"',;])\\\\\\\\(?![?.]\\\\)[\\w.@-]+(?:@ssl)?(?:@\\d+)?\\\\[^\\s\"]*\\.(?:" + PAYLOAD_EXT.substring(3));
    /** {@code name.ext:stream}: a letter in the extension, and a stream name that is not a port number. */
    private static final Pattern ADS = Pattern.compile(
            "(?i)(?:^|[\\\\/=:\\s,\"])[\\w\\-. ]*\\w\\.(?=[a-z0-9]{0,7}[a-z])[a-z0-9]{1,8}:(?!\\d+(?:$|[/\\s,;\"')]))(?!//)(?!\\\\)[\\w][\\w.\\-]*");
    /**
     * Folders inside the Windows directory that ordinary users may write to, listed by the AppLocker
     * bypass research (the scheduler's task store, tracing, the machine key store, COM+ dumps, fax
     * temporaries): a program or script there passes a "Windows folder is trusted" rule.
     */
    private static final String WRITABLE_SYSTEM_FOLDERS = "[\\\\/](?:system32|syswow64)[\\\\/](?:tasks|tasks_migrated|fxstmp|com[\\\\/]dmp)[\\\\/]"
            + "|[\\\\/]windows[\\\\/](?:tracing|registration[\\\\/]crmlog)[\\\\/]|[\\\\/]microsoft[\\\\/]crypto[\\\\/]rsa[\\\\/]machinekeys[\\\\/]";
    private static final Pattern USER_PATH = Pattern.compile(
            "(?i)(?:[\\\\/]users[\\\\/]public[\\\\/]|\\\\appdata\\\\(?:local\\\\temp|roaming|locallow)\\\\|\\\\appdata\\\\local\\\\(?!programs\\\\|microsoft\\\\)"
                    + "|\\\\temp\\\\|%temp%|%tmp%|%appdata%|%localappdata%|%public%|\\$env:(?:temp|tmp|appdata|public)|[\\\\/]programdata[\\\\/]|%programdata%|%allusersprofile%|\\$env:(?:programdata|allusersprofile|localappdata)"
                    + "|[\\\\/]windows[\\\\/]temp[\\\\/]|\\\\perflogs\\\\|\\\\\\$recycle\\.bin\\\\|\\\\windows\\\\tasks\\\\"
                    + "|\\\\spool\\\\drivers\\\\color\\\\|" + WRITABLE_SYSTEM_FOLDERS + ")[^\"|<>]*?\\." + PAYLOAD_EXT + "(?![\\w])");
    /**
     * Drop folders a program should never be started from (not AppData, where per-user installs live): also
     * the scheduler's old job folder and a program right in ProgramData's root (its subfolders hold installed
     * services and agents).
     */
    private static final Pattern DROP_FOLDER_PROGRAM = Pattern.compile(
            "(?i)(?:[\\\\/]users[\\\\/]public[\\\\/]|[\\\\/]windows[\\\\/]temp[\\\\/]|\\\\perflogs\\\\|\\\\\\$recycle\\.bin\\\\|%public%|\\$env:public\\\\"
                    + "|\\\\appdata\\\\local\\\\temp\\\\|%temp%|%tmp%|%localappdata%\\\\temp\\\\|\\$env:(?:temp|tmp)\\\\|\\$env:localappdata\\\\temp\\\\"
                    + "|\\\\spool\\\\drivers\\\\color\\\\|[\\\\/]windows[\\\\/]tasks[\\\\/]|" + WRITABLE_SYSTEM_FOLDERS
                    + "|(?:[\\\\/]programdata|%programdata%|%allusersprofile%)[\\\\/][^\\\\/]+\\.(?:exe|com|scr|bat|cmd|ps1|vbs|js|hta)$)");

    /**
     * The folders installer frameworks unpack themselves into and start from under Temp (Inno Setup's is-XXXXX.tmp,
     * NSIS's nsuXXXX.tmp, 7-Zip SFX's 7zSXXXX.tmp, Google Update's GUMXXXX.tmp, WiX Burn's {GUID}\.be, .cr and .ba
     * clean rooms, DISM's GUID\dismhost.exe): a program there is a setup running, not a dropped payload.
     */
    private static final Pattern INSTALLER_BOOTSTRAP = Pattern.compile(
            "(?i)\\\\(?:is-[a-z0-9]{5}\\.tmp|nsu[a-z0-9]{3,5}\\.tmp|7zs[0-9a-f]{2,5}\\.tmp|gum[0-9a-f]{2,5}\\.tmp)\\\\"
                    + "|\\\\\\{[0-9a-f-]{36}\\}\\\\\\.(?:be|cr|ba)\\\\"
                    + "|\\\\[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\\\dismhost\\.exe$"
                    // a CI agent's build step: Jenkins writes each shell or batch step to TEMP as jenkins<digits>.bat
                    + "|\\\\jenkins\\d{6,}\\.(?:bat|cmd|ps1)$");
    /**
     * A script on the domain's own script shares (\\DOMAIN\NETLOGON, \\DOMAIN\SYSVOL): logon, startup and Group Policy
     * scripts run from there by design; programs and packages fetched from them stay raised.
     */
    private static final Pattern DOMAIN_SCRIPT = Pattern.compile(
            "(?i)\\\\\\\\[\\w.-]+\\\\(?:netlogon|sysvol)\\\\[^\\s\"]*\\.(?:bat|cmd|ps1|vbs|js|inf|kix)$");

    /** A URL that names a Windows Installer package or patch by its extension, on a host name. */
    private static final Pattern PACKAGE_URL = Pattern.compile(
            "(?i)^(?:https?|ftps?)://(?![\\d.]+[:/])[^\\s\"'<>/]+/[^\\s\"'<>?#]*\\.ms[ip](?:[?#][^\\s\"'<>]*)?$");

    /**
     * msiexec installing a package from a web address with its user interface shown: what an administrator does
     * by hand. An unattended install ({@code /q}, {@code /quiet}, {@code /passive}) is what a script or intruder
     * runs, and a URL that is not a package on a host name (a picture, a bare address) hides what it installs.
     */
    private static boolean attendedPackageInstall(List<String> w) {
        boolean url = false;
        for (int i = 1; i < w.size(); i++) {
            String a = w.get(i).toLowerCase(Locale.ROOT);
            if ((a.startsWith("/") || a.startsWith("-")) && a.length() > 1
                    && (a.charAt(1) == 'q' || a.startsWith("quiet", 1) || a.startsWith("passive", 1))) {
                return false;
            }
            if (a.indexOf("://") > 0) {
                if (!PACKAGE_URL.matcher(a).matches()) {
                    return false;
                }
                url = true;
            }
        }
        return url;
    }

    /**
     * A switch whose name has a dot in it, given a value after a colon ({@code /apppool.name:Default},
     * {@code -section.path:x}): an option, not a file name with a stream.
     */
    private static boolean dottedSwitch(String a) {
        if (a.length() < 4 || a.charAt(0) != '/' && a.charAt(0) != '-') {
            return false;
        }
        int colon = a.indexOf(':');
        for (int i = 1; i < colon; i++) {
            char ch = a.charAt(i);
            if (ch == '\\' || ch == '/') {
                return false;
            }
        }
        return true;
    }

    private static int windowsPayload(CommandReader.Simple c, boolean readWords) {
        List<String> w = c.words();
        String prog = c.program();
        int mask = 0;
        if (readWords && DROP_FOLDER_PROGRAM.matcher(w.get(0)).find() && !w.get(0).startsWith("-")
                && !INSTALLER_BOOTSTRAP.matcher(w.get(0)).find()) {
            mask |= bit(Family.USER_PATH_PAYLOAD);
        }
        boolean netClient = NETWORK_CLIENTS.contains(prog) || "msiexec".equals(prog) && attendedPackageInstall(w)
                || prog != null && CONFIG_CMDLET.matcher(prog).matches();
        for (int i = readWords ? 0 : w.size(); i < w.size() + c.redirects().size(); i++) {
            String a = i < w.size() ? w.get(i) : c.redirects().get(i - w.size());
            boolean operand = i > 0;
            if (operand && !netClient && (a.indexOf("://") > 0 && URL.matcher(a).find())) {
                mask |= bit(Family.REMOTE_PAYLOAD);
            }
            if (operand && a.indexOf(':') > 0 && HANDLER_URL.matcher(a).find()) {
                mask |= bit(Family.REMOTE_PAYLOAD);
            }
            if (a.indexOf("\\\\") >= 0 && UNC_PAYLOAD.matcher(a).find() && !DOMAIN_SCRIPT.matcher(a).find()) {
                mask |= bit(Family.REMOTE_PAYLOAD);
            }
            if (operand && a.indexOf(':') > 0 && a.indexOf('@') < 0 && !dottedSwitch(a) && ADS.matcher(a).find()) {
                mask |= bit(Family.ALTERNATE_STREAM);
            }
            if (operand && USER_PATH.matcher(a).find() && !inspectsOnly(prog, w) && !INSTALLER_BOOTSTRAP.matcher(a).find()) {
                mask |= bit(Family.USER_PATH_PAYLOAD);
            }
        }
        return mask;
    }

    /**
     * A program that only reads the file it is given to report on it: {@code certutil -hashfile} (a digest) or
     * {@code -verify} (a certificate's chain),
     * {@code signtool verify}, {@code sigcheck}. Handing it a program in a drop folder runs nothing.
     */
    private static boolean inspectsOnly(String prog, List<String> w) {
        if ("sigcheck".equals(prog) || "sigcheck64".equals(prog)) {
            return true;
        }
        if (!"certutil".equals(prog) && !"signtool".equals(prog)) {
            return false;
        }
        for (int i = 1; i < w.size(); i++) {
            String a = w.get(i).toLowerCase(Locale.ROOT);
            if ("certutil".equals(prog) ? a.equals("-hashfile") || a.equals("/hashfile") || a.equals("-verify") || a.equals("/verify")
                    : a.equals("verify")) {
                return true;
            }
        }
        return false;
    }
}
