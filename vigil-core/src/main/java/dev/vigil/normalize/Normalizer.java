package dev.vigil.normalize;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a field as logged into the form rules match against: URL decoding repeated until stable
 * (also {@code %uXXXX}, overlong UTF-8 and, in query strings, {@code +}), HTML entities, NUL
 * removal, case folding and whitespace compression. Paths are also canonicalised ({@code /./},
 * {@code //}, {@code \}) but {@code ..} stays visible so traversal rules can see it.
 *
 * <p>Each method returns its input unchanged (the same instance) when it holds nothing to decode,
 * which is the common case on benign traffic. Never throws on any input.
 *
 * <p>Stateless and thread-safe.
 */
public final class Normalizer {

    /** Decoding rounds: enough for triple encoding, bounded so hostile input stays linear. */
    static final int MAX_ROUNDS = 4;

    private Normalizer() {
    }

    /** Decodes a value that is not part of a query string ({@code +} stays a plus). */
    public static String decode(String raw) {
        return decode(raw, false);
    }

    /** Decodes a query-string value or name: {@code +} means a space there. */
    public static String decodeQuery(String raw) {
        return decode(raw, true);
    }

    /** Decodes a path and canonicalises its separators, keeping {@code ..} segments. */
    public static String path(String raw) {
        String d = decode(raw, false);
        if (d == null) {
            return null;
        }
        if (!needsPathCanon(d)) {
            return fileEnd(d);
        }
        StringBuilder sb = new StringBuilder(d.length());
        int n = d.length();
        for (int i = 0; i < n; i++) {
            char c = d.charAt(i);
            if (c == '\\') {
                c = '/';
            }
            if (c == '/') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '/') {
                    continue;
                }
                // "/./" collapses to "/": drop a trailing "/." before adding the next slash
                if (len >= 2 && sb.charAt(len - 1) == '.' && sb.charAt(len - 2) == '/') {
                    sb.setLength(len - 1);
                    continue;
                }
            }
            sb.append(c);
        }
        return fileEnd(sb.toString());
    }

    /**
     * A file name at the end of the path, read the way servers resolve it: without a trailing path
     * parameter ({@code /db.sql;jsessionid=1}, Servlet containers drop it) and without a trailing
     * slash after a script's name ({@code /shell.php/}, PATH_INFO servers run the script) or a dump,
     * archive or key ({@code /backup.sql/}, scanners that append slashes); other names with a dot
     * before a slash are as often folders ({@code /wrap.backup/}), so rules that anchor a file name at the end hold for those spellings. Folders
     * ({@code /.git/}, {@code /v2/}) and parameters before a later slash ({@code /..;/}) are kept.
     */
    static String fileEnd(String d) {
        int n = d.length();
        if (n < 4) {
            return d;
        }
        int semi = d.lastIndexOf(';');
        if (semi > 1 && d.indexOf('/', semi) < 0) {
            for (int i = semi + 1; i < n; i++) {
                char c = d.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.' || c == '=')) {
                    return d;
                }
            }
            // name=value (jsessionid=...), nothing, or a second extension (IIS: shell.asp;.jpg)
            if (semi + 1 < n && d.indexOf('=', semi) < 0 && d.charAt(semi + 1) != '.') {
                return d;
            }
            int seg = d.lastIndexOf('/', semi) + 1;
            return d.indexOf('.', seg) > seg - 1 && d.indexOf('.', seg) < semi - 1 ? d.substring(0, semi) : d;
        }
        if (d.charAt(n - 1) == '/') {
            int seg = d.lastIndexOf('/', n - 2) + 1;
            int dot = d.lastIndexOf('.', n - 2);
            if (seg > 0 && dot > seg && dot < n - 2 && d.charAt(seg) != '.' && d.charAt(dot - 1) != '.') {
                switch (d.substring(dot + 1, n - 1)) {
                    case "php": case "php3": case "php4": case "php5": case "php7": case "phtml": case "phar":
                    case "asp": case "aspx": case "ashx": case "asmx": case "jsp": case "jspx": case "cgi": case "pl":
                    // dumps, archives and keys, which no one names a folder after
                    case "sql": case "zip": case "gz": case "tgz": case "rar": case "7z": case "bak": case "pem": case "key":
                        return d.substring(0, n - 1);
                    default:
                        return d; // a folder named like a file (/wrap.backup/, /jquery.ui/)
                }
            }
        }
        return d;
    }

    private static boolean needsPathCanon(String d) {
        return d.indexOf('\\') >= 0 || d.contains("//") || d.contains("/./") || d.endsWith("/.");
    }

    /**
     * Removes SQL and C comments so that {@code union/**}{@code /select} reads {@code union select}:
     * {@code /*...*}{@code /} and MySQL's {@code /*!50000 ... *}{@code /} (whose content MySQL runs,
     * so it is kept). Works on an already decoded value; returns it unchanged without comments.
     */
    public static String stripComments(String decoded) {
        if (decoded == null || decoded.indexOf("/*") < 0) {
            return decoded;
        }
        StringBuilder sb = new StringBuilder(decoded.length());
        int n = decoded.length();
        int i = 0;
        while (i < n) {
            if (i + 1 < n && decoded.charAt(i) == '/' && decoded.charAt(i + 1) == '*') {
                int j = i + 2;
                if (j < n && decoded.charAt(j) == '!') {
                    // executable comment: drop the marker and version digits, keep the body
                    j++;
                    while (j < n && Character.isDigit(decoded.charAt(j))) {
                        j++;
                    }
                    sb.append(' ');
                    i = j;
                    continue;
                }
                int end = decoded.indexOf("*/", j);
                sb.append(' ');
                i = end < 0 ? n : end + 2;
                continue;
            }
            if (i + 1 < n && decoded.charAt(i) == '*' && decoded.charAt(i + 1) == '/') {
                sb.append(' ');
                i += 2;
                continue;
            }
            sb.append(decoded.charAt(i));
            i++;
        }
        return compress(sb);
    }

    /** Splits a raw query string into parameters, each with its raw and decoded name and value. */
    public static List<Param> params(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return List.of();
        }
        List<Param> out = new ArrayList<>(4);
        int n = rawQuery.length();
        int start = 0;
        while (start <= n) {
            int amp = separator(rawQuery, start);
            int end = amp < 0 ? n : amp;
            if (end > start) {
                // bounded by the parameter's end: searching the rest of the query string for each
                // parameter without "=" (a&a&a...) was quadratic in the number of parameters
                int eq = indexOf(rawQuery, '=', start, end);
                String rawName;
                String rawValue;
                if (eq < 0) {
                    rawName = rawQuery.substring(start, end);
                    rawValue = "";
                } else {
                    rawName = rawQuery.substring(start, eq);
                    rawValue = rawQuery.substring(eq + 1, end);
                }
                out.add(new Param(rawName, decodeQuery(rawName), rawValue, decodeQuery(rawValue)));
            }
            if (amp < 0) {
                break;
            }
            start = amp + 1;
        }
        return out;
    }

    /**
     * Where a raw parameter name's array key starts ({@code next[]}, {@code cmd[0]},
     * {@code a%5Bb%5D}: the first {@code [}, written or encoded, after at least one character),
     * or -1. PHP, Rails and Express's qs read {@code next[]=x} as the parameter {@code next}
     * holding an array, so an application gets the value under the name before the bracket.
     */
    public static int arrayKeyStart(String rawName) {
        for (int i = 1; i < rawName.length(); i++) {
            char c = rawName.charAt(i);
            if (c == '[') {
                return i;
            }
            if (c == '%' && i + 2 < rawName.length() && rawName.charAt(i + 1) == '5'
                    && (rawName.charAt(i + 2) | 0x20) == 'b') {
                return i;
            }
        }
        return -1;
    }

    /**
     * {@code rawQuery} with each parameter's array key taken off its name ({@code next[]=//x.example}
     * reads {@code next=//x.example}), as the application reads the names; {@code null} when no name
     * has one, which a query without {@code [} or {@code %5B} never does.
     */
    public static String withoutArrayKeys(String rawQuery) {
        if (rawQuery == null || (rawQuery.indexOf('[') < 0 && rawQuery.indexOf("%5B") < 0 && rawQuery.indexOf("%5b") < 0)) {
            return null;
        }
        StringBuilder sb = null;
        int n = rawQuery.length();
        int start = 0;
        while (start <= n) {
            int amp = separator(rawQuery, start);
            int end = amp < 0 ? n : amp;
            int eq = indexOf(rawQuery, '=', start, end);
            int nameEnd = eq < 0 ? end : eq;
            int key = arrayKeyStart(rawQuery.substring(start, nameEnd));
            if (key > 0) {
                if (sb == null) {
                    sb = new StringBuilder(n).append(rawQuery, 0, start);
                }
                sb.append(rawQuery, start, start + key).append(rawQuery, nameEnd, end);
            } else if (sb != null) {
                sb.append(rawQuery, start, end);
            }
            if (amp < 0) {
                break;
            }
            if (sb != null) {
                sb.append('&');
            }
            start = amp + 1;
        }
        return sb == null ? null : sb.toString();
    }

    private static int indexOf(String s, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The next {@code &} at or after {@code from} that separates parameters, or -1. An {@code &}
     * that starts an HTML character reference ({@code &#40;}, {@code &colon;}) is part of the
     * value: browsers submit a literal ampersand as {@code %26}, so a raw one followed by an entity
     * shape comes from a payload written with entities, which splitting would cut into pieces.
     */
    static int separator(String q, int from) {
        int n = q.length();
        int amp = q.indexOf('&', from);
        while (amp >= 0 && amp + 2 < n) {
            if (!entityShape(q, amp + 1)) {
                return amp;
            }
            amp = q.indexOf('&', amp + 1);
        }
        return amp;
    }

    private static boolean entityShape(String q, int i) {
        int n = q.length();
        char c = q.charAt(i);
        if (c == '#') {
            char d = q.charAt(i + 1);
            return d == 'x' || d == 'X' || (d >= '0' && d <= '9');
        }
        int j = i;
        while (j < n && j - i <= 10 && ((q.charAt(j) | 0x20) >= 'a' && (q.charAt(j) | 0x20) <= 'z')) {
            j++;
        }
        return j - i >= 2 && j < n && q.charAt(j) == ';';
    }

    /**
     * The value decoded as {@link #decode} and {@link #decodeQuery} do (URL and HTML decoding
     * repeated until stable), with nothing else done: letter case, line breaks, runs of spaces and
     * NUL bytes stay as decoding gives them. What rules read where case or line structure carries
     * the meaning (a base64 token, a mail protocol line after an encoded line break) once the
     * encoding that hid it is gone. Returns {@code raw} itself when it holds nothing to decode.
     *
     * @param plusIsSpace whether {@code +} means a space (query strings)
     */
    public static String decodeCased(String raw, boolean plusIsSpace) {
        if (raw == null || raw.isEmpty()) {
            return raw;
        }
        if (raw.indexOf('%') < 0 && raw.indexOf('&') < 0 && !(plusIsSpace && raw.indexOf('+') >= 0)) {
            return raw;
        }
        try {
            return rounds(raw, plusIsSpace);
        } catch (RuntimeException e) {
            return raw; // best effort, as decode() is
        }
    }

    /** URL and HTML decoding repeated until stable, at most {@link #MAX_ROUNDS} times; {@code +} read in the first only. */
    private static String rounds(String raw, boolean plusIsSpace) {
        String s = raw;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            String next = htmlDecode(urlDecode(s, plusIsSpace && round == 0));
            if (next.equals(s)) {
                break;
            }
            s = next;
        }
        return s;
    }

    private static String decode(String raw, boolean plusIsSpace) {
        if (raw == null || raw.isEmpty()) {
            return raw;
        }
        int work = work(raw, plusIsSpace);
        if (work == NOTHING) {
            return raw;
        }
        if (work == CASE_ONLY) {
            return raw.toLowerCase(java.util.Locale.ROOT); // the common case: a capital letter or two
        }
        try {
            return finish(rounds(raw, plusIsSpace));
        } catch (RuntimeException e) {
            // decoding is best effort; a rule still sees the folded raw value
            return raw.toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final int NOTHING = 0;
    private static final int CASE_ONLY = 1;
    private static final int DECODE = 2;

    /** What {@code s} needs, in one pass: nothing, only case folding, or full decoding. */
    private static int work(String s, boolean plusIsSpace) {
        int n = s.length();
        char prev = 0;
        int work = NOTHING;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '%' || c == '&' || c < ' ' || c >= 0x7f || (c == '+' && plusIsSpace) || (c == ' ' && prev == ' ')) {
                return DECODE;
            }
            if (c >= 'A' && c <= 'Z') {
                work = CASE_ONLY;
            }
            prev = c;
        }
        return work;
    }

    /** NUL removal, case folding and whitespace compression, once decoding is done. */
    private static String finish(String s) {
        if (plainAscii(s)) {
            return s.toLowerCase(java.util.Locale.ROOT); // the common case, without copying twice
        }
        s = compatibility(s);
        StringBuilder sb = new StringBuilder(s.length());
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == 0) {
                continue;
            }
            sb.append(Character.toLowerCase(c));
        }
        return compress(sb);
    }

    /**
     * Compatibility forms (NFKC) for values with characters beyond Latin-1: circled and
     * enclosed digits and letters ({@code ①②⑦}), superscripts and other look-alikes that URL
     * parsers (IDNA) and some back ends fold to ASCII, plus the ideographic full stops that IDNA
     * reads as a dot. Latin-1 text is left alone, so the common case costs one scan.
     */
    static String compatibility(String s) {
        int n = s.length();
        boolean wide = false;
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) > 0xff) {
                wide = true;
                break;
            }
        }
        if (!wide) {
            return s;
        }
        String k = java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFKC);
        return k.replace('\u3002', '.').replace('\uff61', '.').replace('\uff0e', '.');
    }

    /** ASCII without NUL, control characters or runs of spaces: folding case is all finish() does. */
    private static boolean plainAscii(String s) {
        char prev = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < ' ' || c >= 0x7f || (c == ' ' && prev == ' ')) {
                return false;
            }
            prev = c;
        }
        return true;
    }

    private static String compress(CharSequence in) {
        StringBuilder sb = new StringBuilder(in.length());
        boolean space = false;
        for (int i = 0; i < in.length(); i++) {
            char c = in.charAt(i);
            boolean ws = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f'
                    || c == 0xa0;
            if (ws) {
                if (!space) {
                    sb.append(' ');
                }
                space = true;
            } else {
                sb.append(c);
                space = false;
            }
        }
        return sb.toString();
    }

    static String urlDecode(String s, boolean plusIsSpace) {
        int n = s.length();
        if (s.indexOf('%') < 0 && !(plusIsSpace && s.indexOf('+') >= 0)) {
            return s;
        }
        StringBuilder out = new StringBuilder(n);
        byte[] bytes = new byte[n];
        int nb = 0;
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < n && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                bytes[nb++] = (byte) (hex(s.charAt(i + 1)) << 4 | hex(s.charAt(i + 2)));
                i += 3;
                continue;
            }
            if (nb > 0) {
                utf8(bytes, nb, out);
                nb = 0;
            }
            if (c == '%' && i + 5 < n && (s.charAt(i + 1) == 'u' || s.charAt(i + 1) == 'U')) {
                int v = hex4(s, i + 2);
                if (v >= 0) {
                    out.append(fold((char) v));
                    i += 6;
                    continue;
                }
            }
            out.append(c == '+' && plusIsSpace ? ' ' : c);
            i++;
        }
        if (nb > 0) {
            utf8(bytes, nb, out);
        }
        return out.toString();
    }

    /** Fullwidth ASCII forms (U+FF01..FF5E), which IIS once mapped to ASCII, become ASCII. */
    private static char fold(char c) {
        return c >= 0xff01 && c <= 0xff5e ? (char) (c - 0xfee0) : c;
    }

    /**
     * Lenient UTF-8: overlong forms decode to the character they spell ({@code c0 ae} is a dot),
     * as old servers did; invalid bytes pass through as Latin-1.
     */
    private static void utf8(byte[] b, int n, StringBuilder out) {
        int i = 0;
        while (i < n) {
            int c = b[i] & 0xff;
            int need;
            int cp;
            if (c < 0x80) {
                out.append((char) c);
                i++;
                continue;
            } else if (c >= 0xc0 && c < 0xe0) {
                need = 1;
                cp = c & 0x1f;
            } else if (c >= 0xe0 && c < 0xf0) {
                need = 2;
                cp = c & 0x0f;
            } else if (c >= 0xf0 && c < 0xf8) {
                need = 3;
                cp = c & 0x07;
            } else {
                out.append((char) c);
                i++;
                continue;
            }
            if (i + need >= n) {
                out.append((char) c);
                i++;
                continue;
            }
            boolean ok = true;
            for (int k = 1; k <= need; k++) {
                int cc = b[i + k] & 0xff;
                if ((cc & 0xc0) != 0x80) {
                    ok = false;
                    break;
                }
                cp = cp << 6 | (cc & 0x3f);
            }
            if (!ok || cp > 0x10ffff) {
                out.append((char) c);
                i++;
                continue;
            }
            if (cp >= 0x10000) {
                out.appendCodePoint(cp);
            } else {
                out.append(fold((char) cp));
            }
            i += need + 1;
        }
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static int hex4(String s, int at) {
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int h = hex(s.charAt(at + k));
            if (h < 0) {
                return -1;
            }
            v = v << 4 | h;
        }
        return v;
    }

    static String htmlDecode(String s) {
        int amp = s.indexOf('&');
        if (amp < 0) {
            return s;
        }
        int n = s.length();
        StringBuilder out = new StringBuilder(n);
        out.append(s, 0, amp);
        int i = amp;
        while (i < n) {
            char c = s.charAt(i);
            if (c != '&') {
                out.append(c);
                i++;
                continue;
            }
            int consumed = entity(s, i, out);
            if (consumed == 0) {
                out.append('&');
                i++;
            } else {
                i += consumed;
            }
        }
        return out.toString();
    }

    private static final String[][] NAMED = {
        {"lt", "<"}, {"gt", ">"}, {"amp", "&"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "},
        {"tab", "\t"}, {"newline", "\n"}, {"colon", ":"}, {"lpar", "("}, {"rpar", ")"},
        {"sol", "/"}, {"bsol", "\\"}, {"semi", ";"}, {"comma", ","}, {"period", "."},
        {"equals", "="}, {"grave", "`"}, {"lsqb", "["}, {"rsqb", "]"}, {"lcub", "{"},
        {"rcub", "}"}, {"excl", "!"}, {"num", "#"}, {"dollar", "$"}, {"percnt", "%"},
        {"plus", "+"}, {"ast", "*"}, {"vert", "|"},
    };

    /** Decodes one entity at {@code at} (an ampersand) into {@code out}; returns chars used or 0. */
    private static int entity(String s, int at, StringBuilder out) {
        int n = s.length();
        int i = at + 1;
        if (i < n && s.charAt(i) == '#') {
            i++;
            boolean hexForm = i < n && (s.charAt(i) == 'x' || s.charAt(i) == 'X');
            if (hexForm) {
                i++;
            }
            int start = i;
            long v = 0;
            while (i < n && i - start < 8) {
                int d = hexForm ? hex(s.charAt(i)) : (Character.isDigit(s.charAt(i)) ? s.charAt(i) - '0' : -1);
                if (d < 0) {
                    break;
                }
                v = v * (hexForm ? 16 : 10) + d;
                i++;
            }
            // leading zeros padding is a known evasion: skip any beyond the 8 we read
            while (i < n && s.charAt(i) == '0' && v == 0) {
                i++;
            }
            if (i == start || v > 0x10ffff) {
                return 0;
            }
            if (i < n && s.charAt(i) == ';') {
                i++;
            }
            out.appendCodePoint((int) v);
            return i - at;
        }
        for (String[] e : NAMED) {
            String name = e[0];
            if (s.regionMatches(true, i, name, 0, name.length())) {
                int j = i + name.length();
                if (j < n && s.charAt(j) == ';') {
                    out.append(e[1]);
                    return j + 1 - at;
                }
                // browsers accept a few legacy names without the semicolon
                if (name.equals("lt") || name.equals("gt") || name.equals("amp") || name.equals("quot")) {
                    if (j >= n || !Character.isLetterOrDigit(s.charAt(j))) {
                        out.append(e[1]);
                        return j - at;
                    }
                }
            }
        }
        return 0;
    }
}
