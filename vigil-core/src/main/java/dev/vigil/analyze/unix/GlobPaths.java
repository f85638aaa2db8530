package dev.vigil.analyze.unix;

import java.util.Arrays;

/**
 * Reads an absolute path written as a shell glob ({@code /???/b??/c?rl}, {@code /bin/c?t},
 * {@code /etc/sha*}, {@code /usr/bin/[n]c}) as the path the shell puts in its place, so a command
 * word or a file name hidden behind wildcards reads as itself. The shell replaces a glob with every
 * path it matches, sorted; the first is the program run (or the first file named). Vigil does not
 * see the host's files, so a glob is matched against the paths every Linux host has: the usual
 * programs in {@code /bin}, {@code /usr/bin}, {@code /sbin} and {@code /usr/sbin} and the account
 * and system files in {@code /etc}; a glob that matches none of them ({@code /var/log/*.gz},
 * {@code /tmp/*}) stays as written. {@code *}, {@code ?} and {@code [...]} (with {@code !} or
 * {@code ^}) are read as the shell reads them; none of them matches a {@code /} or a leading dot. A
 * glob whose last part is stars alone ({@code /etc/*}, every file of a folder) is left as written.
 *
 * <p>Works on a folded (lower-case) command line. Linear in the input (each glob word is at most
 * {@value #MAX_WORD} characters, matched against a fixed list), never throws.
 */
public final class GlobPaths {
    static final int MAX_WORD = 96;
    static final int MAX_GLOBS = 16;

    private static final String[] PROGRAMS = {
        "ash", "awk", "base32", "base64", "basename", "bash", "busybox", "bzip2", "cat", "chattr", "chgrp", "chmod",
        "chown", "cp", "crontab", "csh", "curl", "cut", "dash", "date", "dd", "df", "diff", "dig", "dirname", "du",
        "echo", "env", "find", "ftp", "gawk", "gcc", "gpg", "grep", "gunzip", "gzip", "head", "hostname", "id",
        "ifconfig", "ip", "iptables", "kill", "killall", "ksh", "less", "ln", "ls", "lua", "mawk", "mkdir", "mkfifo",
        "more", "mount", "mv", "nawk", "nc", "ncat", "netcat", "netstat", "nice", "nmap", "node", "nohup", "od",
        "openssl", "passwd", "perl", "php", "pkill", "printf", "ps", "python", "python2", "python3", "rev", "rm",
        "ruby", "scp", "sed", "setenforce", "sftp", "sh", "shred", "sleep", "socat", "ss", "ssh", "strings", "su",
        "sudo", "systemctl", "tac", "tail", "tar", "tclsh", "tcsh", "tee", "telnet", "tftp", "touch", "tr",
        "uname", "useradd", "usermod", "wget", "whoami", "xargs", "xxd", "zsh",
    };
    private static final String[] ETC = {
        "crontab", "group", "gshadow", "hostname", "hosts", "issue", "os-release", "passwd", "profile",
        "resolv.conf", "shadow", "sudoers",
    };
    /** Every known path, in the byte order a shell sorts a glob's matches in. */
    private static final String[] PATHS = paths();

    private GlobPaths() {
    }

    private static String[] paths() {
        String[] out = new String[PROGRAMS.length * 4 + ETC.length];
        int k = 0;
        for (String dir : new String[] {"/bin/", "/sbin/", "/usr/bin/", "/usr/sbin/"}) {
            for (String p : PROGRAMS) {
                out[k++] = dir + p;
            }
        }
        for (String e : ETC) {
            out[k++] = "/etc/" + e;
        }
        Arrays.sort(out);
        return out;
    }

    /** {@code folded} with each absolute glob that names a known path replaced by it; or {@code folded}. */
    public static String resolve(String folded) {
        if (folded == null || folded.indexOf('/') < 0
                || (folded.indexOf('?') < 0 && folded.indexOf('*') < 0 && folded.indexOf('[') < 0)) {
            return folded;
        }
        try {
            return scan(folded);
        } catch (RuntimeException e) {
            return folded; // hostile input must never break matching
        }
    }

    private static String scan(String s) {
        StringBuilder out = null;
        int copied = 0;
        int n = s.length();
        int globs = 0;
        for (int i = 0; i < n && globs < MAX_GLOBS; i++) {
            if (s.charAt(i) != '/' || (i > 0 && !boundary(s.charAt(i - 1)))) {
                continue;
            }
            int end = i;
            boolean wild = false;
            while (end < n && !stop(s.charAt(end)) && end - i <= MAX_WORD) {
                char c = s.charAt(end);
                wild |= c == '?' || c == '*' || c == '[';
                end++;
            }
            if (!wild || end - i > MAX_WORD) {
                i = end;
                continue;
            }
            globs++;
            String glob = s.substring(i, end);
            String match = broad(glob) ? null : first(glob);
            if (match != null) {
                if (out == null) {
                    out = new StringBuilder(n + 16);
                }
                out.append(s, copied, i).append(match);
                copied = end;
            }
            i = end;
        }
        return out == null ? s : out.append(s, copied, n).toString();
    }

    /**
     * Whether the last part of {@code glob} is stars alone ({@code /etc/*}): it names every file of
     * the folder, and which one comes first depends on the host.
     */
    private static boolean broad(String glob) {
        for (int k = glob.length() - 1; k >= 0 && glob.charAt(k) != '/'; k--) {
            if (glob.charAt(k) != '*') {
                return false;
            }
        }
        return true;
    }

    /** The first known path {@code glob} matches, or null. */
    static String first(String glob) {
        for (String p : PATHS) {
            if (matches(glob, 0, p, 0)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Whether {@code p} from {@code pi} matches glob {@code g} from {@code gi}. A star backtracks only
     * within one path component, and components are short, so the cost is bounded by the word's length
     * times the path's.
     */
    private static boolean matches(String g, int gi, String p, int pi) {
        int star = -1;
        int starP = -1;
        while (pi < p.length()) {
            char pc = p.charAt(pi);
            if (gi < g.length()) {
                char gc = g.charAt(gi);
                boolean leadingDot = pc == '.' && (pi == 0 || p.charAt(pi - 1) == '/');
                if (gc == '*' && pc != '/' && !leadingDot) {
                    star = gi++;
                    starP = pi;
                    continue;
                }
                if (gc == '*' && pc == '/') {
                    gi++; // an empty star before the next slash
                    continue;
                }
                if (gc == '?' && pc != '/' && !leadingDot) {
                    gi++;
                    pi++;
                    continue;
                }
                if (gc == '[') {
                    int close = classEnd(g, gi);
                    if (close > 0) {
                        if (pc != '/' && !leadingDot && inClass(g, gi + 1, close, pc)) {
                            gi = close + 1;
                            pi++;
                            continue;
                        }
                    } else if (pc == '[') {
                        gi++;
                        pi++;
                        continue;
                    }
                } else if (gc == pc) {
                    gi++;
                    pi++;
                    continue;
                }
            }
            // mismatch: let the last star take one more character, within its component
            if (star >= 0 && p.charAt(starP) != '/') {
                gi = star + 1;
                pi = ++starP;
                continue;
            }
            return false;
        }
        while (gi < g.length() && g.charAt(gi) == '*') {
            gi++;
        }
        return gi == g.length();
    }

    /** Index of the {@code ]} closing the class opened at {@code open}, or -1. */
    private static int classEnd(String g, int open) {
        int k = open + 1;
        if (k < g.length() && (g.charAt(k) == '!' || g.charAt(k) == '^')) {
            k++;
        }
        if (k < g.length() && g.charAt(k) == ']') {
            k++;
        }
        while (k < g.length() && g.charAt(k) != ']' && g.charAt(k) != '/') {
            k++;
        }
        return k < g.length() && g.charAt(k) == ']' ? k : -1;
    }

    private static boolean inClass(String g, int from, int close, char c) {
        boolean negate = g.charAt(from) == '!' || g.charAt(from) == '^';
        int k = negate ? from + 1 : from;
        boolean in = false;
        for (; k < close; k++) {
            char lo = g.charAt(k);
            if (k + 2 < close && g.charAt(k + 1) == '-') {
                in |= c >= lo && c <= g.charAt(k + 2);
                k += 2;
            } else {
                in |= c == lo;
            }
        }
        return in != negate;
    }

    private static boolean boundary(char c) {
        return c == ' ' || c == '\n' || c == ';' || c == '|' || c == '&' || c == '(' || c == '`' || c == '{'
                || c == '=' || c == '<' || c == '>' || c == ',';
    }

    private static boolean stop(char c) {
        return c == ' ' || c == '\n' || c == ';' || c == '|' || c == '&' || c == ')' || c == '`' || c == '}'
                || c == '<' || c == '>' || c == ',' || c == '\'' || c == '"';
    }
}
