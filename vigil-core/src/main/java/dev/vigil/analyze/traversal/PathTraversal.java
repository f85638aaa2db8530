package dev.vigil.analyze.traversal;

import dev.vigil.text.LiteralMatcher;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a decoded value is a path traversal or local file inclusion attempt.
 *
 * <p>The value is canonicalised once more on top of the shared URL decoding: every stand-in for a
 * separator ({@code \}, {@code 0x2f}, {@code 0x5c}, the Unicode slashes U+2215, U+2216, U+2044,
 * U+FF0F, U+FF3C and IIS's U+EFC8/U+F025) becomes {@code /}, every stand-in for a dot ({@code
 * 0x2e}, U+FF0E, U+2024, U+FE52) a dot, and what is left of malformed escapes (bytes that were no
 * valid UTF-8, {@code %} with non-hex digits, as fuzzers send for overlong slashes) a wildcard
 * that may be either. Then it judges:
 * <ul>
 * <li>climbing: a segment made only of dots and wildcards ({@code ..}, {@code ....}, {@code ?.})
 *     followed by a separator, twice, or once where the rest names a sensitive file;</li>
 * <li>a sensitive target named anywhere: OS account and configuration files, process pseudo files,
 *     server configuration and logs, app secrets (see {@link #TARGETS});</li>
 * <li>an absolute path into system directories or a Windows drive path as the whole value;</li>
 * <li>PHP and other stream wrappers that read or run files ({@code php://filter}, {@code expect://},
 *     {@code zip://}, {@code phar://}, {@code data:text/plain;base64}).</li>
 * </ul>
 *
 * <p>Linear in the value's length. Stateless and thread-safe.
 */
public final class PathTraversal {

    static final int MAX_LEN = 8192;

    /** Files whose name alone says what an attacker reads; matched in the canonical form. */
    static final List<String> TARGETS = List.of(
            // Unix accounts, configuration, process and log files
            "etc/passwd", "etc/shadow", "etc/group", "etc/gshadow", "etc/master.passwd", "etc/sudoers",
            "etc/hosts", "etc/hostname", "etc/issue", "etc/motd", "etc/fstab", "etc/mtab", "etc/crontab",
            "etc/profile", "etc/bashrc", "etc/resolv.conf", "etc/network", "etc/os-release", "etc/lsb-release",
            "etc/redhat-release", "etc/apache", "etc/httpd", "etc/nginx", "etc/php", "etc/mysql", "etc/ssh/",
            "etc/init.d", "etc/inetd.conf", "etc/security/", "etc/apt/", "etc/cron", "etc/environment",
            "etc/ld.so", "etc/pam.d", "etc/exports", "etc/vsftpd", "etc/proftpd", "etc/samba", "etc/tomcat",
            "proc/self/", "proc/version", "proc/cpuinfo", "proc/meminfo", "proc/mounts", "proc/net/",
            "proc/sched_debug", "proc/1/", "var/log/", "var/mail/", "var/spool/", "var/run/secrets",
            "var/lib/php", "usr/local/apache", "usr/local/nginx", "usr/local/etc/", "usr/local/php",
            "usr/local/lib/php", "opt/lampp", "root/.", "/.ssh/", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519",
            "authorized_keys", "known_hosts", ".bash_history", ".zsh_history", ".mysql_history", ".bashrc",
            ".aws/credentials", ".docker/config", ".kube/config", ".netrc", ".pgpass",
            // server configuration and logs
            "httpd.conf", "apache2.conf", "nginx.conf", "lighttpd.conf", "php.ini", "my.cnf", "my.ini",
            "php.d/", "/tmp/sess",
            // Windows
            "win.ini", "system.ini", "boot.ini", "windows/system32", "winnt/system32", "windows/repair",
            "winnt/repair", "system32/config", "system32/drivers/etc", "windows/panther", "unattend.xml",
            "sysprep.inf", "sysprep.xml", "inetpub/", "windows/debug/", "iis6.log", "windows/temp",
            "xampp/", "wamp/", "wamp64/", "program files", "programfiles", "documents and settings");

    /**
     * Logs and application secrets: in a parameter they are a file read; as the request path they
     * are a request for the file itself, which the sensitive-file rules judge (with the status).
     */
    static final List<String> APP_TARGETS = List.of("access_log", "error_log", "access.log", "error.log",
            "web-inf/", "wp-config", "web.config", ".htpasswd", ".htaccess", "/.env", ".git/",
            ".svn/", "config.inc.php", "configuration.php", "localsettings.php", "settings.php",
            "database.yml", "application.properties", "appsettings.json", "/config/database", "global.asa");

    /** Dotfiles that hold credentials (dotenv, git, npm, PyPI, Docker, AWS/GCS tools, MySQL client). */
    private static final java.util.Set<String> DOT_SECRETS = java.util.Set.of(".env", ".env.local", ".env.production",
            ".env.prod", ".env.development", ".env.dev", ".env.staging", ".env.backup", ".env.bak", ".env.old",
            ".git-credentials", ".gitconfig", ".npmrc", ".pypirc", ".dockercfg", ".boto", ".s3cfg", ".my.cnf",
            ".htdigest", ".netrc", ".pgpass");

    private static final LiteralMatcher TARGET_MATCHER = new LiteralMatcher(TARGETS);
    private static final LiteralMatcher APP_MATCHER = new LiteralMatcher(APP_TARGETS);

    /** Stream wrappers that read, decompress or execute: no parameter needs one. */
    private static final LiteralMatcher WRAPPERS = new LiteralMatcher(List.of(
            "php://filter", "php://input", "php://stdin", "php://memory", "php://temp", "php://fd",
            "expect://", "zip://", "phar://", "glob://", "data://", "compress.zlib://", "compress.bzip2://",
            "zlib:", "ogg://", "rar://", "ssh2.shell://", "ssh2.exec://", "jar:file:", "netdoc:",
            "data:text/plain", "data:;base64", "data:application/x-httpd-php", "file:///", "file://c:",
            "file://localhost/"));

    /** Unix directories an absolute path in a parameter has no business starting in. */
    private static final String[] SYSTEM_ROOTS = {"/etc/", "/proc/", "/var/log", "/var/www", "/var/lib/",
        "/root/", "/usr/local/", "/opt/lampp", "/sys/", "/dev/fd", "/bin/", "/sbin/", "/usr/bin",
        "/private/etc"};

    private PathTraversal() {
    }

    /** @return a short reason (e.g. "climbs 3 directories", "names etc/passwd"), or empty. Never throws. */
    public static Optional<String> detect(String decoded) {
        return detect(decoded, false);
    }

    /**
     * @param isPath whether the value is the request path, which always starts with {@code /}:
     *               there only climbing and named targets count, not an absolute path as such
     */
    public static Optional<String> detect(String decoded, boolean isPath) {
        return detect(decoded, null, isPath);
    }

    /**
     * As {@link #detect(String, boolean)}, also reading {@code raw} (the value as sent or as decoded,
     * case kept) as base64 of a path when it starts like one ({@link #base64Path}).
     */
    public static Optional<String> detect(String decoded, String raw, boolean isPath) {
        if (decoded == null || decoded.length() < 2) {
            return Optional.empty();
        }
        try {
            String s = decoded.length() > MAX_LEN ? decoded.substring(0, MAX_LEN) : decoded;
            String b64 = raw == null ? null : base64Path(isPath ? raw.substring(raw.lastIndexOf('/') + 1) : raw);
            if (b64 != null) {
                String c = canonical(b64);
                String why = judge(c, false);
                if (why != null) {
                    return Optional.of(why + " (base64)");
                }
            }
            if (!isPath && s.indexOf('\\') >= 0) {
                String u = dev.vigil.analyze.JsEscapes.decode(s);
                if (u != null && worthReading(u)) {
                    String why = judge(canonical(u), false);
                    if (why != null) {
                        return Optional.of(why + " (js escapes)");
                    }
                }
            }
            if (!worthReading(s)) {
                return Optional.empty();
            }
            String c = canonical(s);
            if (c.indexOf('/') < 0 && c.indexOf(':') < 0 && c.indexOf(WILD) < 0) {
                // no separator: nothing climbs, no path, no wrapper; only a secrets dotfile's bare name
                return !isPath && DOT_SECRETS.contains(c) ? Optional.of("names " + c) : Optional.empty();
            }
            return Optional.ofNullable(judge(c, isPath));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Base64 of a path, as applications that pass file names base64-encoded receive it
     * ({@code Li4vLi4v} is {@code ../../}): only values that start like the encoding of a climb
     * ({@code ../}, {@code ..\}), an absolute Unix or Windows path or a wrapper, so that ordinary
     * tokens are never decoded. Returns the decoded text when it is printable, else null.
     */
    static String base64Path(String sent) {
        if (sent.length() < 8 || sent.length() > 4096 || B64_FIRST.indexOf(sent.charAt(0)) < 0 || !b64Start(sent)) {
            return null;
        }
        // the escapes base64's own characters may be sent in
        String s = sent.indexOf('%') < 0 ? sent : sent.replace("%3D", "=").replace("%3d", "=").replace("%2B", "+")
                .replace("%2b", "+").replace("%2F", "/").replace("%2f", "/");
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '=') {
            end--;
        }
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
                    || c == '-' || c == '_')) {
                return null;
            }
        }
        byte[] bytes;
        try {
            bytes = java.util.Base64.getDecoder().decode(
                    s.substring(0, end % 4 == 1 ? end - 1 : end).replace('-', '+').replace('_', '/')); // no padding needed
        } catch (IllegalArgumentException e) {
            return null;
        }
        StringBuilder b = new StringBuilder(bytes.length);
        for (byte x : bytes) {
            int v = x & 0xff;
            if (v < 0x20 && v != 0 || v > 0x7e) {
                return null;
            }
            b.append((char) v);
        }
        return b.toString();
    }

    private static boolean b64Start(String s) {
        for (String p : B64_STARTS) {
            if (s.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** How base64 of {@code ../}, {@code ..\}, {@code /etc/}, {@code etc/}, {@code c:\}, {@code C:/}, {@code php://}, {@code file:} begins. */
    private static final List<String> B64_STARTS = List.of("Li4v", "Li5c", "L2V0Yy", "ZXRjL", "Yzpc", "Qzpc", "Yzov",
            "Qzov", "cGhwOi8v", "ZmlsZT", "L3Byb2Mv", "L3Zhci", "L3Jvb3Qv", "L2hvbWUv");
    /** The first letters of {@link #B64_STARTS}: most values are turned away by one lookup. */
    private static final String B64_FIRST = B64_STARTS.stream().map(x -> x.substring(0, 1)).distinct()
            .collect(java.util.stream.Collectors.joining());

    /** Every verdict needs a separator, a dot or a wrapper's colon. */
    private static boolean worthReading(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == '/' || c == '\\' || c == '.' || c == ':' || c >= 0x80 || c == '0') {
                return true;
            }
            if (c == '%' && i + 3 < n && s.charAt(i + 2) == '%') {
                return true; // %2%f: an escape escaped again (canonical)
            }
        }
        return false;
    }

    /** Wildcard: what was left of a malformed escape; may stand for a dot or a separator. */
    static final char WILD = '\u0001';

    static String canonical(String s) {
        int n = s.length();
        if (plain(s)) {
            return s; // the common case: nothing to rewrite, no copy
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '0' && i + 3 < n && s.charAt(i + 1) == 'x') {
                char h = s.charAt(i + 2);
                char l = s.charAt(i + 3);
                if (h == '2' && (l == 'f' || l == 'e')) {
                    b.append(l == 'f' ? '/' : '.');
                    i += 3;
                    continue;
                }
                if (h == '5' && l == 'c') {
                    b.append('/');
                    i += 3;
                    continue;
                }
            }
            if (c == '%' && i + 3 < n && hex(s.charAt(i + 1)) && s.charAt(i + 2) == '%' && hex(s.charAt(i + 3))) {
                // %2%f: what the shared decoder leaves of an escape whose hex digits were escaped
                // again (%%32%%66, %%35%%63), which a server that decodes once more reads as %2f
                int v = Character.digit(s.charAt(i + 1), 16) << 4 | Character.digit(s.charAt(i + 3), 16);
                if (v == '.') {
                    b.append('.');
                } else if (v == '/' || v == '\\') {
                    b.append('/');
                } else {
                    appendWild(b);
                }
                i += 3;
                continue;
            }
            if (c == '%' && i + 2 < n && !(hex(s.charAt(i + 1)) && hex(s.charAt(i + 2)))
                    && isAlnum(s.charAt(i + 1)) && isAlnum(s.charAt(i + 2))) {
                appendWild(b); // %c0%qf, %bg: a fuzzer's malformed escape
                i += 2;
                continue;
            }
            switch (c) {
                case '\\': case '\u2215': case '\u2216': case '\u2044': case '\uff0f': case '\uff3c':
                case '\uefc8': case '\uf025': case '\u29f5': case '\u29f8': case '\ufe68':
                    b.append('/');
                    break;
                case '\uff0e': case '\u2024': case '\ufe52':
                    b.append('.');
                    break;
                default:
                    if (c >= 0xc0 && c <= 0xfd) {
                        i = overlong(s, i, b);
                    } else if (c >= 0x80 && c <= 0xff || c == '\ufffd') {
                        appendWild(b);
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.toString();
    }

    /** Nothing {@link #canonical} rewrites: no backslash, escape, {@code 0x} spelling or non-ASCII. */
    private static boolean plain(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '%' || c >= 0x80 || c == '0' && i + 1 < n && s.charAt(i + 1) == 'x') {
                return false;
            }
        }
        return true;
    }

    private static void appendWild(StringBuilder b) {
        b.append(WILD);
    }

    /**
     * Bytes the shared decoder left as Latin-1 because they were no valid UTF-8: an overlong
     * sequence of any length ({@code c0 ae}, {@code e0 80 ae}, {@code f8 80 80 80 ae}) spells the
     * character it encodes, as old decoders read it; anything else is a wildcard.
     * @return the index of the sequence's last character
     */
    private static int overlong(String s, int i, StringBuilder b) {
        char lead = s.charAt(i);
        int len = lead >= 0xfc ? 6 : lead >= 0xf8 ? 5 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
        int v = lead & (0x7f >> len);
        int j = i + 1;
        for (; j < i + len && j < s.length(); j++) {
            char c = s.charAt(j);
            if (c < 0x80 || c > 0xbf) {
                break;
            }
            v = v << 6 | (c & 0x3f);
        }
        if (j == i + len && (v == '.' || v == '/' || v == '\\')) {
            b.append(v == '.' ? '.' : '/');
            return j - 1;
        }
        appendWild(b);
        return i;
    }

    static String judge(String c, boolean isPath) {
        String wrapper = c.indexOf(':') >= 0 ? WRAPPERS.contains(c, false) : null;
        if (wrapper != null) {
            return "stream wrapper " + wrapper;
        }
        int climbs = 0;
        int firstClimbEnd = -1;
        int n = c.length();
        int segStart = 0;
        for (int i = 0; i <= n; i++) {
            char ch = i < n ? c.charAt(i) : '/';
            boolean sep = ch == '/' || ch == WILD;
            if (!sep && i < n) {
                continue;
            }
            if (isClimb(c, segStart, i) && (i < n || segStart == 0 || climbs > 0)) {
                climbs++;
                if (firstClimbEnd < 0) {
                    firstClimbEnd = i;
                }
            }
            segStart = i + 1;
        }
        if (climbs < 2 && c.indexOf(WILD) >= 0) {
            // a wildcard may stand for a dot too: "%c0.%c0.%c0%5c" reads as a climb of dots
            int wild = climbsWithWildDots(c);
            if (wild >= 2) {
                climbs = Math.max(climbs, wild);
            }
        }
        String plain = sameDirectory(collapseSlashes(c.replace(WILD, '/')));
        String target = TARGET_MATCHER.contains(plain, false);
        if (target == null && (!isPath || climbs > 0)) {
            target = APP_MATCHER.contains(plain, false);
        }
        if (climbs >= 2) {
            return "climbs " + climbs + " directories";
        }
        if (climbs == 1) {
            // one ../ followed by something: the dot-dot rule's reading, now also in exotic encodings
            if (target != null) {
                return "climbs to " + target;
            }
            if (firstClimbEnd < n - 1) {
                return "climbs a directory";
            }
        }
        if (target != null) {
            return "names " + target;
        }
        String abs = isPath ? null : absolute(c);
        if (abs != null) {
            return abs;
        }
        return null;
    }

    /** Climbs counted with wildcards read as dots, separators being only {@code /}. */
    private static int climbsWithWildDots(String c) {
        int climbs = 0;
        int n = c.length();
        int segStart = 0;
        for (int i = 0; i <= n; i++) {
            if (i < n && c.charAt(i) != '/') {
                continue;
            }
            if (i < n && isClimb(c, segStart, i)) {
                climbs++;
            }
            segStart = i + 1;
        }
        return climbs;
    }

    /** Runs of {@code /} as one, as a file system reads them ({@code etc//passwd}). */
    private static String collapseSlashes(String s) {
        if (!s.contains("//")) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch != '/' || b.length() == 0 || b.charAt(b.length() - 1) != '/') {
                b.append(ch);
            }
        }
        return b.toString();
    }

    /** Without {@code /./} segments, which name the same directory ({@code /etc/./passwd}, {@code /var/./lib}). */
    private static String sameDirectory(String s) {
        if (!s.contains("/./")) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            if (s.startsWith("/./", i)) {
                i += 2; // keep the second slash for the next segment
                continue;
            }
            b.append(s.charAt(i++));
        }
        return b.toString();
    }

    /** A segment made only of dots (and {@code ?} or wildcards standing for them), two or more. */
    private static boolean isClimb(String c, int from, int to) {
        if (to - from < 2 || to - from > 8) {
            return false;
        }
        int dots = 0;
        int wild = 0;
        for (int i = from; i < to; i++) {
            char ch = c.charAt(i);
            if (ch == '.') {
                dots++;
            } else if (ch == '?' || ch == WILD) {
                wild++;
            } else {
                return false;
            }
        }
        return dots >= 2 || dots == 1 && wild >= 1;
    }

    /** The whole value an absolute path into system directories, or a Windows drive path. */
    private static String absolute(String c) {
        String v = c;
        if (v.startsWith("file:")) {
            v = v.substring(5);
            while (v.startsWith("/") && v.length() > 1 && v.charAt(1) == '/') {
                v = v.substring(1);
            }
        }
        v = sameDirectory(collapseSlashes(v));
        if (v.length() >= 3 && isLetter(v.charAt(0)) && v.charAt(1) == ':' && v.charAt(2) == '/'
                && !v.contains("fakepath")) {
            return "drive path " + v.substring(0, 3);
        }
        if (v.startsWith("/")) {
            for (String root : SYSTEM_ROOTS) {
                if (v.startsWith(root) && v.length() > root.length()) {
                    return "absolute path under " + root;
                }
            }
        }
        return null;
    }

    private static boolean hex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isAlnum(char c) {
        return isLetter(c) || c >= '0' && c <= '9';
    }
}
