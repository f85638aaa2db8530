package dev.vigil.analyze.cmdi;

import java.util.HashMap;
import java.util.Map;

/**
 * The command words {@link CommandInjection} looks for in command position, written from the
 * POSIX utility list, GNU coreutils/net-tools/iproute2 man pages, the cmd.exe built-ins and
 * Windows system utilities, and PowerShell's cmdlets and default aliases.
 *
 * <p>Each word has a strength. {@link #STRONG} words are not English and rarely anything but a
 * command ({@code whoami}, {@code wget}, {@code ipconfig}), so one in command position is enough.
 * {@link #WEAK} words are also ordinary words or names ({@code cat}, {@code find}, {@code type},
 * {@code more}), so they count only when what follows reads as shell arguments.
 * {@link #PREFIX} words run the next word as a command ({@code sudo}, {@code nohup}, {@code xargs}).
 *
 * <p>Immutable and thread-safe.
 */
final class ShellWords {
    static final int WEAK = 1;
    static final int STRONG = 2;
    static final int PREFIX = 4;
    /** Windows commands: their {@code /x} switches count as arguments. */
    static final int WINDOWS = 8;
    /** Words that count only with shell arguments after them, never alone at the value's end. */
    static final int ARGS = 16;

    private static final Map<String, Integer> WORDS = new HashMap<>();

    private static void put(int kind, String words) {
        for (String w : words.trim().split("\\s+")) {
            WORDS.merge(w, kind, (a, b) -> a | b);
        }
    }

    static {
        // Unix: not English words, or only ever commands
        put(STRONG, "whoami uname ifconfig ipconfig netstat nslookup traceroute tracert wget curl nc ncat netcat "
                + "socat telnet tftp zsh ksh csh tcsh busybox chmod chown chgrp chattr mkfifo mknod "
                + "nohup crontab useradd usermod userdel adduser passwd visudo sudo su setsid strace ltrace gdb "
                + "lsof pkill killall hostnamectl systemctl journalctl iptables nft tcpdump nmap masscan "
                + "base64 xxd hexdump od gzip gunzip bzip2 tar unzip "
                + "openssl ssh scp sftp rsync smbclient rpcclient getent ldd readelf objdump uptime hostname "
                + "ifup ifdown iwconfig arp route dmesg lsmod insmod modprobe mount umount fdisk lsblk df du "
                + "printenv xterm awk gawk mawk sed grep egrep fgrep cut tr wc nl tac rev strings id ls "
                + "pwd cp mv rm rmdir mkdir touch ln chroot ps uniq dig ping ping6 ss ip env sleep usleep "
                + "timeout pgrep pidof lsattr getfacl setfacl stat readlink realpath dirname basename "
                + "mktemp tee dd ftp finger rlogin rsh rexec exec eval xargs nice ionice sysctl ulimit "
                + "curl.exe wget.exe "
                // interpreters, database shells, archivers, package and privilege tools (man pages)
                + "sqlite3 mysql psql redis-cli jjs jrunscript gcc g++ tclsh wish irb jruby luajit "
                + "deno php-cgi python2.7 python3.8 python3.9 python3.10 python3.11 perl5 ruby2 pwsh "
                + "apt-get dpkg yum dnf zypper chpasswd chsh shred sendmail ssh-keygen ssh-keyscan "
                + "nping hping3 fping arping 7z 7za zcat bzcat xzcat zgrep xz unxz lzma cpio shuf "
                + "runuser doas pkexec capsh setcap getcap ldconfig iconv tmux unshare nsenter "
                + "systemd-run logsave valgrind base32 basenc lsb_release whereis.exe uuencode uudecode "
                + "ncat.exe nc.exe plink plink.exe psexec psexec.exe winrs wsl wsl.exe bash.exe setx "
                + "auditpol dism sdelete qprocess logoff nmcli "
                // BusyBox applets and firmware tools of routers, cameras and NAS (BusyBox and OpenWrt docs)
                + "ftpget ftpput nvram telnetd utelnetd dropbear udhcpc iwpriv brctl ebtables ip6tables "
                + "fw_setenv fw_printenv flash_eraseall mtd_write");
        // Unix words that are also English (or common names): need shell-shaped arguments
        put(WEAK, "cat more less head tail find file sort date echo printf kill time type set unset "
                + "export alias which whereis who last history whois host nice split join paste diff cmp "
                + "test true false read wait watch yes man info make install locate update patch tree "
                + "script source open start call exit shutdown reboot halt poweroff clear reset look "
                + "expr bc let trap shift zip cal w3m lynx links say top free vi vim nano ed view "
                + "command builtin bash sh dash python python2 python3 perl ruby php lua node nodejs "
                // bash builtins that declare, protect or mask (bash manual, Bash Builtins)
                + "declare typeset readonly umask shopt disown");
        // cmd.exe built-ins and Windows system utilities
        put(STRONG | WINDOWS, "cmd cmd.exe powershell powershell.exe pwsh.exe systeminfo tasklist taskkill "
                + "wmic certutil bitsadmin mshta rundll32 regsvr32 cscript wscript schtasks bcdedit vssadmin "
                + "wevtutil icacls cacls takeown netsh diskpart attrib xcopy robocopy reg reg.exe whoami.exe "
                + "net.exe net1 nltest dsquery csvde ldifde qwinsta quser klist cmdkey runas sc.exe "
                + "msiexec msbuild installutil regasm regsvcs forfiles pcalua ipconfig.exe netstat.exe "
                + "nslookup.exe ping.exe tracert.exe arp.exe route.exe hostname.exe findstr mklink "
                + "getmac gpresult driverquery fsutil wusa expand extrac32 esentutl ntdsutil "
                + "certreq hh msdt odbcconf syncappvpublishingserver mavinject cmstp ieexec "
                + "tasklist.exe systeminfo.exe wmic.exe sc");
        put(WEAK | WINDOWS, "dir type copy del erase move ren rename md rd mkdir rmdir cls ver vol "
                + "set echo start call exit tree more sort find net sc at path title color "
                + "pushd popd assoc ftype shift goto pause label format chdir cd");
        // programs GTFOBins documents as shell escapes, file readers, downloaders or interpreters, and
        // system tools of the same kinds (man pages; coverage checked against OWASP CRS unix-shell.data,
        // Apache-2.0): names that are not English words and not everyday technology names
        put(STRONG, "aria2c axel lftp lftpget sshpass tshark dumpcap iftop neofetch dmidecode lscpu lshw lspci "
                + "lsusb blkid losetup dmsetup auditctl ausearch bpftrace busctl loginctl timedatectl "
                + "dhclient virsh mysqldump mysqladmin mysqlshow htpasswd htdigest opkg rpmquery aptitude "
                + "gcore pidstat taskset stdbuf cpulimit choom setarch rbash rnano rvim sash pdksh "
                + "slsh byobu sudoedit sudoreplay vipw vigr update-alternatives start-stop-daemon run-parts "
                + "run-mailcap rsync-ssl ssh-add ssh-agent ssh-copy-id psftp pftp tcptraceroute "
                + "traceroute6 tcping fping6 bsdtar bsdcat pigz unpigz unzstd zstdcat lz4cat unlz4 "
                + "lzcat unlzma xzdec pxz unrar 7zr bunzip2 gzcat gzexe bzexe csplit csvtool "
                + "pdflatex xelatex lualatex luatex pdftex dvips nroff troff nawk "
                + "lwp-download lwp-request lwp-mirror mosquitto_pub mosquitto_sub zipinfo zipgrep zipcloak "
                + "zipnote zipsplit zipdetails genisoimage dpkg-query apt-cache apt-key ansible-playbook "
                + "systemd-resolve ncftp ncftpget smbget mailx whiptail");
        // tools that are also everyday technology names, listed as tags or typed in a search ("java;
        // python", "kubernetes; docker"): they count only with shell arguments, even at the value's end
        put(WEAK | ARGS, "git svn docker java go npm npx pip pip3 gem cargo composer kubectl podman crictl "
                + "docker-compose snap rpm pacman jq clang rustc rustup ghc ghci nasm exiftool rclone restic "
                + "s3cmd gsutil openvpn certbot htop mtr lz4 zstd netplan runc wireshark perf raku pry "
                + "mosquitto screen expect service mutt emacs pico octave latex");
        // the rest of the programs OWASP CRS unix-shell.data names (Apache-2.0; GTFOBins and distribution
        // tools) that are not English words: compressor and archive front ends, database and mail tools,
        // monitoring plugins, language tool chains; with shell arguments after them only
        put(WEAK | ARGS, "bzcmp bzdiff bzegrep bzfgrep bzgrep bzip2recover bzless bzmore lzcmp lzdiff lzegrep lzfgrep "
                + "lzgrep lzless lzmore lzmadec lzmainfo xzcmp xzdiff xzegrep xzfgrep xzgrep xzless xzmore zcmp zdiff "
                + "zegrep zfgrep zless zmore zstdgrep zstdless zstdmt zipcmp zipmerge ziptool ptar ptardiff ptargrep "
                + "arj arjdisp lz4c cpan easy_install lessecho lessfile lesspipe ispell aspell msgattrib msgcat "
                + "msgconv msgfilter msgmerge msguniq mysqldumpslow mysqlhotcopy nc.openbsd nc.traditional netkit-ftp "
                + "rlwrap rview vimdiff xmodmap openvt e2fsck chgpasswd groupmod lastlog lastcomm logname cupsfilter "
                + "ippfind ipptool ippeveprinter check_by_ssh check_log check_ssl_cert check_statusfile check_raid "
                + "check_memory check_cups cobc cobcrun dosbox gtester ginsh tailf svnadmin svnlook svnserve svnsync "
                + "svnrdump svndumpfilter pkg_info pkginfo up2date py3versions pyversions rpmdb rpmverify hostid "
                + "soelim uncompress unexpand visudo-rs sudo-rs rust-gdb rust-lldb rustdoc rustfmt rust-analyzer "
                + "clippy-driver byebug bundler knife puppet facter cscli cowsay cowthink zathura yelp ftpwho "
                + "ftpstats pdb3 perlsh psed ascii-xfr atobm efax mlocate nstat genie fdfind php5 php7 ghci c89 "
                + "c99 aws ansible gimp rustup-init");
        // and its shell built-ins of that kind: zsh's module loader (zsh/net/tcp), csh's environment setters
        put(STRONG, "zmodload setenv unsetenv");
        // PowerShell cmdlets (Verb-Noun) and default aliases
        put(STRONG | WINDOWS, "get-childitem get-content set-content add-content get-process stop-process "
                + "start-process get-service stop-service start-service get-wmiobject get-ciminstance "
                + "invoke-expression invoke-webrequest invoke-restmethod invoke-command invoke-item "
                + "invoke-wmimethod new-object set-executionpolicy add-mppreference set-mppreference "
                + "remove-item copy-item move-item new-item rename-item out-file get-item get-itemproperty "
                + "set-itemproperty new-itemproperty remove-itemproperty start-bitstransfer get-localuser "
                + "get-localgroup get-localgroupmember get-aduser get-adcomputer get-acl set-acl "
                + "test-connection test-netconnection resolve-dnsname get-nettcpconnection get-netipaddress "
                + "get-hotfix get-computerinfo get-host write-output write-host select-string "
                + "convertto-securestring get-credential import-module get-command get-help get-alias "
                + "get-location set-location get-psdrive get-eventlog clear-eventlog get-winevent "
                + "get-clipboard compress-archive expand-archive add-type register-scheduledtask "
                + "new-scheduledtask stop-computer restart-computer get-variable "
                + "iex iwr irm icm gci gwmi gcim saps spps sal ni ri gp sp ls.exe");
        // also on Windows, where their /x switches are arguments
        put(STRONG | WINDOWS, "ipconfig netstat nslookup tracert hostname whoami arp route");
        put(WEAK | WINDOWS, "ping find sort more");
        // run the next word as a command
        put(PREFIX, "sudo nohup exec xargs env time timeout nice ionice busybox command builtin setsid "
                + "strace chroot su runas start call cmd cmd.exe powershell powershell.exe pwsh then do else "
                + "bash sh zsh ksh dash");
    }

    private static final String[] SHELL_VARIABLES = {"histfile", "histsize", "histfilesize", "histcontrol",
        "histignore", "ld_preload", "ld_library_path", "ld_audit", "ifs", "prompt_command", "bash_env",
        "shellopts", "bashopts", "ps4", "http_proxy", "https_proxy"};

    private static final Map<String, String[]> VERBS = Map.of(
            "net", new String[] {"user", "users", "localgroup", "group", "view", "share", "use", "session",
                "accounts", "start", "stop", "config"},
            "net1", new String[] {"user", "localgroup", "group", "view", "share", "use"},
            "reg", new String[] {"add", "query", "delete", "save", "export", "import", "load"},
            "sc", new String[] {"query", "queryex", "create", "config", "start", "stop", "delete", "qc"},
            "netsh", new String[] {"firewall", "advfirewall", "interface", "wlan", "portproxy", "http", "winsock"},
            "wmic", new String[] {"process", "useraccount", "os", "service", "qfe", "product", "share",
                "group", "startup", "computersystem", "/node"},
            "vssadmin", new String[] {"list", "delete", "create"},
            "schtasks", new String[] {"/create", "/query", "/run", "/delete"},
            // builtins over the variables bash reads for history, library preloading, word
            // splitting and prompts (bash manual, Shell Variables; ld.so(8)): unset HISTFILE,
            // export LD_PRELOAD=... (history evasion, T1070.003; hijacked loading, T1574.006)
            "unset", SHELL_VARIABLES,
            "export", SHELL_VARIABLES);

    private ShellWords() {
    }

    /** Verbs that are the first argument of {@code tool} (net user, reg query), or null. */
    static String[] verbs(String tool) {
        return VERBS.get(tool.endsWith(".exe") ? tool.substring(0, tool.length() - 4) : tool);
    }

    /** The kind bits of {@code w} (lower case), or 0 when it is no command word. */
    static int kind(String w) {
        Integer k = WORDS.get(w);
        if (k == null) {
            return cmdlet(w) ? WEAK | WINDOWS | ARGS : 0;
        }
        return k;
    }

    /**
     * PowerShell's approved verbs (Microsoft Learn, "Approved Verbs for PowerShell Commands"): any
     * Verb-Noun word with one of them names a cmdlet or function ({@code Export-Clixml},
     * {@code ConvertFrom-Json}, {@code Clear-EventLog}); as hyphenated English words look the same
     * ({@code set-up}), such a word counts only with shell arguments after it.
     */
    private static final java.util.Set<String> PS_VERBS = java.util.Set.of("add", "approve", "assert", "backup",
            "block", "build", "checkpoint", "clear", "close", "compare", "complete", "compress", "confirm", "connect",
            "convert", "convertfrom", "convertto", "copy", "debug", "deny", "deploy", "disable", "disconnect",
            "dismount", "edit", "enable", "enter", "exit", "expand", "export", "find", "format", "get", "grant",
            "group", "hide", "import", "initialize", "install", "invoke", "join", "limit", "lock", "measure",
            "merge", "mount", "move", "new", "open", "optimize", "out", "pop", "protect", "publish", "push",
            "read", "receive", "register", "remove", "rename", "repair", "request", "reset", "resize", "resolve",
            "restart", "restore", "resume", "revoke", "save", "search", "select", "send", "set", "show", "skip",
            "split", "start", "stop", "submit", "suspend", "sync", "test", "trace", "unblock", "uninstall",
            "unlock", "unprotect", "unregister", "update", "use", "wait", "write");

    private static boolean cmdlet(String w) {
        int dash = w.indexOf('-');
        if (dash < 3 || dash > 11 || w.length() - dash - 1 < 3 || w.indexOf('-', dash + 1) >= 0) {
            return false;
        }
        for (int i = dash + 1; i < w.length(); i++) {
            if (w.charAt(i) < 'a' || w.charAt(i) > 'z') {
                return false;
            }
        }
        return PS_VERBS.contains(w.substring(0, dash));
    }

    static boolean isPrefix(int kind) {
        return (kind & PREFIX) != 0;
    }

    /** Whether the word is a command itself (not only a keyword such as {@code then}). */
    static boolean isCommand(int kind) {
        return (kind & (WEAK | STRONG)) != 0;
    }

    static boolean needsArguments(int kind) {
        return (kind & ARGS) != 0;
    }

    static boolean isStrong(int kind) {
        return (kind & STRONG) != 0;
    }

    /**
     * The command a glob word ({@code c?t}, {@code w*i}, {@code ca[t]}) matches, or null. The glob
     * must hold a letter: {@code ??} alone matches any two-letter command.
     */
    static String globMatch(String glob) {
        boolean letter = false;
        for (int i = 0; i < glob.length(); i++) {
            letter |= glob.charAt(i) >= 'a' && glob.charAt(i) <= 'z';
        }
        if (!letter) {
            return null;
        }
        for (String w : WORDS.keySet()) {
            if (w.length() >= 2 && isCommand(WORDS.get(w)) && glob(glob, 0, w, 0, 0)) {
                return w;
            }
        }
        return null;
    }

    private static boolean glob(String p, int i, String s, int j, int depth) {
        if (depth > 8) {
            return false; // '*' backtracking is bounded: a command word is short
        }
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '*') {
                for (int k = j; k <= s.length(); k++) {
                    if (glob(p, i + 1, s, k, depth + 1)) {
                        return true;
                    }
                }
                return false;
            }
            if (j >= s.length()) {
                return false;
            }
            if (c == '[') {
                int close = p.indexOf(']', i + 1);
                if (close < 0) {
                    return false;
                }
                String set = p.substring(i + 1, close);
                boolean neg = set.startsWith("!") || set.startsWith("^");
                boolean in = set.indexOf(s.charAt(j)) >= 0;
                if (in == neg) {
                    return false;
                }
                i = close + 1;
                j++;
                continue;
            }
            if (c != '?' && c != s.charAt(j)) {
                return false;
            }
            i++;
            j++;
        }
        return j == s.length();
    }
}
