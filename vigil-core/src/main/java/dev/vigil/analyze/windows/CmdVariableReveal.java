package dev.vigil.analyze.windows;

import java.util.Locale;

/**
 * Reads a {@code cmd.exe} command line with its variables expanded, as cmd expands them before a
 * command runs, so a command word hidden in a variable reads as the word:
 * <ul>
 * <li>variables set on the same line ({@code set x=reg&& call %x% save HKLM\SAM f},
 *     {@code set "x=reg"}, {@code cmd /v:on /c "set x=netsh&& !x! advfirewall ..."}) are put where
 *     they are used, as {@code %x%} or delayed {@code !x!}, whole, cut ({@code %x:~2,10%},
 *     {@code !x:~-3!}) or with a replacement ({@code %x:@=%});</li>
 * <li>the system variables whose value is the same on every Windows installation
 *     ({@code ComSpec}, {@code SystemRoot}, {@code windir}, {@code ProgramData}, {@code PUBLIC},
 *     {@code ProgramFiles}, {@code CommonProgramFiles}, {@code PATHEXT}, {@code OS},
 *     {@code SystemDrive}, {@code ALLUSERSPROFILE}) are evaluated when cut or replaced
 *     ({@code %ComSpec:~-7,3%} reads {@code cmd}); used whole they are left as written, except
 *     {@code %ComSpec%}, the program cmd itself;</li>
 * <li>a {@code for} loop over one literal item ({@code for /f %i in ("reg") do %i save ...},
 *     {@code for %i in (reg) do ...}, {@code for /f %i in ('echo reg') do ...}) has the item put in
 *     place of its variable in the body.</li>
 * </ul>
 * {@link #expand} returns the line with these expansions, or {@code null} when there was nothing
 * to expand; the Windows normaliser folds it and appends it to the line as written, so rules read
 * both. Values from {@code set /a}, {@code set /p} and the current date or time are unknown and
 * stay as written. Nothing runs. Linear in the input (at most {@value #MAX_VARIABLES} variables,
 * {@value #MAX_EXPANSIONS} expansions, the first {@value #MAX_LENGTH} characters), never throws.
 */
public final class CmdVariableReveal {
    static final int MAX_VARIABLES = 16;
    static final int MAX_EXPANSIONS = 64;
    static final int MAX_LENGTH = 8192;
    private static final int MAX_NAME = 40;
    private static final int MAX_VALUE = 512;

    /** Values every Windows installation gives these variables (lower case, as folded lines are). */
    private static final String[][] SYSTEM = {
        {"comspec", "c:\\windows\\system32\\cmd.exe"},
        {"systemroot", "c:\\windows"},
        {"windir", "c:\\windows"},
        {"programdata", "c:\\programdata"},
        {"allusersprofile", "c:\\programdata"},
        {"public", "c:\\users\\public"},
        {"programfiles", "c:\\program files"},
        {"programfiles(x86)", "c:\\program files (x86)"},
        {"commonprogramfiles", "c:\\program files\\common files"},
        {"pathext", ".com;.exe;.bat;.cmd;.vbs;.vbe;.js;.jse;.wsf;.wsh;.msc"},
        {"os", "windows_nt"},
        {"systemdrive", "c:"},
    };

    private CmdVariableReveal() {
    }

    /** {@code raw} with its cmd variables and literal loop items expanded; {@code null} when none was. */
    public static String expand(String raw) {
        if (raw == null || raw.length() < 6 || (raw.indexOf('%') < 0 && raw.indexOf('!') < 0)) {
            return null;
        }
        try {
            return scan(raw.length() > MAX_LENGTH ? raw.substring(0, MAX_LENGTH) : raw);
        } catch (RuntimeException e) {
            return null; // hostile input must never break matching
        }
    }

    private static String scan(String in) {
        String s = in.indexOf('^') >= 0 ? uncaret(in) : in;
        String lower = s.toLowerCase(Locale.ROOT);
        String[] names = new String[MAX_VARIABLES];
        String[] values = new String[MAX_VARIABLES];
        int count = 0;
        for (int i = lower.indexOf("set"); i >= 0 && count < MAX_VARIABLES; i = lower.indexOf("set", i + 3)) {
            if (!wordAt(lower, i, 3) || i + 4 >= s.length() || lower.charAt(i + 3) != ' ') {
                continue;
            }
            int p = i + 4;
            while (p < s.length() && s.charAt(p) == ' ') {
                p++;
            }
            if (p < s.length() && s.charAt(p) == '/') {
                continue; // set /a (arithmetic), set /p (read from input): the value is not on the line
            }
            boolean quoted = p < s.length() && s.charAt(p) == '"';
            if (quoted) {
                p++;
            }
            int eq = p;
            while (eq < s.length() && eq - p <= MAX_NAME && nameChar(s.charAt(eq))) {
                eq++;
            }
            if (eq == p || eq >= s.length() || s.charAt(eq) != '=' || eq - p > MAX_NAME) {
                continue;
            }
            int v = eq + 1;
            int end = v;
            while (end < s.length() && end - v < MAX_VALUE) {
                char c = s.charAt(end);
                if (c == '"' || c == '&' || c == '|' || c == '\n' || c == '\r' || (c == ')' && !quoted)) {
                    break;
                }
                end++;
            }
            // cmd keeps the value as written, spaces included (set a=  reg&& ... %a:~2% reads reg)
            String value = s.substring(v, end);
            String name = lower.substring(p, eq);
            int slot = indexOf(names, count, name);
            if (slot < 0) {
                slot = count++;
            }
            names[slot] = name;
            values[slot] = value;
        }
        String expanded = substitute(s, names, values, count);
        String looped = forLiteral(expanded == null ? s : expanded);
        return looped != null ? looped : expanded;
    }

    /**
     * {@code s} with {@code %name%}/{@code !name!} forms of the set variables (and cut or replaced
     * system variables) put in; {@code null} when none was.
     */
    private static String substitute(String s, String[] names, String[] values, int count) {
        StringBuilder out = null;
        int copied = 0;
        int expansions = 0;
        int n = s.length();
        for (int i = 0; i < n && expansions < MAX_EXPANSIONS; i++) {
            char c = s.charAt(i);
            if (c != '%' && c != '!') {
                continue;
            }
            int close = -1;
            boolean colon = false;
            for (int k = i + 1; k < n && k - i <= MAX_NAME + 24; k++) {
                char d = s.charAt(k);
                if (d == c) {
                    close = k;
                    break;
                }
                colon |= d == ':';
                if (d == ' ' && !colon) {
                    break; // a name has no spaces; a replacement after ':' may
                }
            }
            if (close < 0) {
                continue;
            }
            String inner = s.substring(i + 1, close);
            String value = value(inner, names, values, count);
            if (value == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(n + 64);
            }
            out.append(s, copied, i).append(value);
            copied = close + 1;
            i = close;
            expansions++;
        }
        if (out == null) {
            return null;
        }
        return out.append(s, copied, n).toString();
    }

    /** The value of a reference's inside ({@code x}, {@code x:~2,3}, {@code x:a=b}), or null when unknown. */
    private static String value(String inner, String[] names, String[] values, int count) {
        int colon = inner.indexOf(':');
        String name = (colon < 0 ? inner : inner.substring(0, colon)).toLowerCase(Locale.ROOT);
        if (name.isEmpty() || name.length() > MAX_NAME) {
            return null;
        }
        for (int k = 0; k < name.length(); k++) {
            if (!nameChar(name.charAt(k))) {
                return null;
            }
        }
        int slot = indexOf(names, count, name);
        String v;
        if (slot >= 0) {
            v = values[slot];
        } else if (colon >= 0 || name.equals("comspec")) {
            // %ComSpec% whole is the program cmd (smbexec's services run %COMSPEC% /Q /c ...); the
            // folders stay as written, rules name them with their variables
            v = system(name);
        } else {
            return null;
        }
        if (v == null) {
            return null;
        }
        if (colon < 0) {
            return v;
        }
        String mod = inner.substring(colon + 1);
        if (mod.startsWith("~")) {
            return cut(v, mod.substring(1));
        }
        int eq = mod.indexOf('=');
        if (eq <= 0) {
            return null;
        }
        String from = mod.substring(0, eq);
        String to = mod.substring(eq + 1);
        return from.startsWith("*") ? null : replaceIgnoreCase(v, from, to);
    }

    /** cmd's {@code :~start[,length]} (negative values count from the end); null when malformed. */
    private static String cut(String v, String spec) {
        int comma = spec.indexOf(',');
        Integer start = number(comma < 0 ? spec : spec.substring(0, comma));
        Integer length = comma < 0 ? Integer.valueOf(v.length()) : number(spec.substring(comma + 1));
        if (start == null || length == null) {
            return null;
        }
        int n = v.length();
        int from = start < 0 ? Math.max(0, n + start) : Math.min(start, n);
        int to = length < 0 ? Math.max(from, n + length) : Math.min(n, from + length);
        return v.substring(from, Math.max(from, to));
    }

    private static Integer number(String t) {
        String s = t.strip();
        if (s.isEmpty() || s.length() > 5) {
            return null;
        }
        int k = s.charAt(0) == '-' ? 1 : 0;
        if (k == s.length()) {
            return null;
        }
        for (int j = k; j < s.length(); j++) {
            if (s.charAt(j) < '0' || s.charAt(j) > '9') {
                return null;
            }
        }
        return Integer.parseInt(s);
    }

    private static String replaceIgnoreCase(String v, String from, String to) {
        if (from.isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder(v.length());
        int i = 0;
        while (i < v.length()) {
            if (v.regionMatches(true, i, from, 0, from.length())) {
                b.append(to);
                i += from.length();
            } else {
                b.append(v.charAt(i++));
            }
        }
        return b.toString();
    }

    /**
     * {@code for [/f] %x in (ITEM) do BODY} over one literal item: the body with the item in place of
     * {@code %x}; {@code null} when there is no such loop.
     */
    private static String forLiteral(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        int f = lower.indexOf("for ");
        for (int tries = 0; f >= 0 && tries < 4; f = lower.indexOf("for ", f + 4), tries++) {
            if (!wordAt(lower, f, 3)) {
                continue;
            }
            int in = lower.indexOf(" in (", f);
            int open = in + 5;
            int close = in < 0 ? -1 : s.indexOf(')', open);
            int body = close < 0 ? -1 : lower.indexOf(" do ", close);
            if (in < 0 || close < 0 || body < 0 || body - close > 2 || in - f > 120) {
                continue;
            }
            String head = lower.substring(f + 4, in).strip();
            int pct = head.lastIndexOf('%');
            if (pct < 0 || pct + 2 != head.length()) {
                continue;
            }
            char var = s.charAt(f + 4 + lower.substring(f + 4, in).lastIndexOf('%') + 1);
            boolean slashF = head.startsWith("/f");
            if (head.startsWith("/l") || head.startsWith("/r") || head.startsWith("/d")) {
                continue;
            }
            String set = s.substring(open, close).strip();
            String item;
            if (set.length() >= 2 && set.charAt(0) == '"' && set.charAt(set.length() - 1) == '"') {
                String text = set.substring(1, set.length() - 1).strip();
                if (text.indexOf('"') >= 0) {
                    continue;
                }
                // for /f splits the string at spaces and gives the first token unless told otherwise
                boolean whole = !slashF || head.contains("delims=\"") || head.contains("tokens=*");
                int sp = text.indexOf(' ');
                item = whole || sp < 0 ? text : text.substring(0, sp);
            } else if (slashF && set.length() > 7 && set.charAt(0) == '\'' && set.charAt(set.length() - 1) == '\''
                    && set.regionMatches(true, 1, "echo ", 0, 5) && set.indexOf('|') < 0 && set.indexOf('&') < 0) {
                // for /f over ('echo TEXT'): the command prints its text, read like a literal
                String text = set.substring(6, set.length() - 1).strip();
                boolean whole = head.contains("delims=\"") || head.contains("tokens=*");
                int sp = text.indexOf(' ');
                item = whole || sp < 0 ? text : text.substring(0, sp);
            } else if (!slashF && set.indexOf(' ') < 0 && set.indexOf('*') < 0 && set.indexOf('?') < 0
                    && set.indexOf('\'') < 0 && set.indexOf('`') < 0 && set.indexOf(',') < 0 && !set.isEmpty()) {
                item = set;
            } else {
                continue;
            }
            if (item.isEmpty()) {
                continue;
            }
            StringBuilder b = new StringBuilder(s.length() + 32).append(s, 0, body + 4);
            int n = s.length();
            for (int i = body + 4; i < n; i++) {
                char c = s.charAt(i);
                if (c == '%') {
                    int j = i + 1;
                    if (j < n && s.charAt(j) == '%') {
                        j++;
                    }
                    if (j < n && s.charAt(j) == var && (j + 1 >= n || !Character.isLetterOrDigit(s.charAt(j + 1)))) {
                        b.append(item);
                        i = j;
                        continue;
                    }
                }
                b.append(c);
            }
            return b.toString();
        }
        return null;
    }

    /**
     * What cmd.exe makes of {@code %name:~spec%} ({@code spec} is {@code start[,length]}, either
     * negative: counted from the end) for a variable whose value every Windows installation has
     * ({@code name} in lower case); null for another variable or a malformed cut. The HTTP shell
     * reader reads {@code %COMSPEC:~-7,3%} in a parameter with it too.
     */
    public static String systemCut(String name, String spec) {
        String v = system(name);
        return v == null ? null : cut(v, spec);
    }

    private static String system(String name) {
        for (String[] kv : SYSTEM) {
            if (kv[0].equals(name)) {
                return kv[1];
            }
        }
        return null;
    }

    private static int indexOf(String[] names, int count, String name) {
        for (int k = 0; k < count; k++) {
            if (names[k].equals(name)) {
                return k;
            }
        }
        return -1;
    }

    private static boolean nameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
                || c == '.' || c == '$' || c == '#' || c == '@' || c == '(' || c == ')';
    }

    /** Whether the word of {@code len} characters at {@code i} stands alone (a command boundary before it). */
    private static boolean wordAt(String lower, int i, int len) {
        if (i > 0) {
            char b = lower.charAt(i - 1);
            if (!(b == ' ' || b == '&' || b == '|' || b == '(' || b == '"' || b == '\n' || b == '\t')) {
                return false;
            }
        }
        return i + len >= lower.length() || !Character.isLetterOrDigit(lower.charAt(i + len));
    }

    private static String uncaret(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '^' && i + 1 < s.length()) {
                b.append(s.charAt(++i));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
