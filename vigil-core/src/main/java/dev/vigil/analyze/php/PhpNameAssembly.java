package dev.vigil.analyze.php;

import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the name of a dangerous PHP function assembled from pieces at run time, the way PHP
 * evaluates the expression: string literals joined with the concatenation operator
 * ({@code 'sy'.'s'.'tem'}), {@code chr(115)} pieces, escapes in double-quoted strings
 * ({@code "\x73ys\164em"}), and a literal passed through a decoding function
 * ({@code strrev('metsys')}, {@code str_rot13('flfgrz')}, {@code base64_decode('c3lzdGVt')}).
 *
 * <p>A name counts only when it took some assembling (two pieces or more, an escape, a
 * {@code chr()}, a decoder) and the result is a function that runs commands, evaluates code or
 * reads and writes files; a quoted word on its own is ordinary text.
 *
 * <p>Linear in the value's length: each literal is read once, and chains move forward only.
 * Stateless and thread-safe.
 */
public final class PhpNameAssembly {

    static final int MAX_LEN = 8192;

    /** Functions an injected PHP expression calls by an assembled name (php.net function reference). */
    static final Set<String> DANGEROUS = Set.of("system", "exec", "passthru", "shell_exec", "popen", "proc_open",
            "pcntl_exec", "eval", "assert", "create_function", "call_user_func", "call_user_func_array",
            "preg_replace", "base64_decode", "gzinflate", "gzuncompress", "str_rot13", "file_put_contents",
            "file_get_contents", "fopen", "fwrite", "fputs", "readfile", "include", "include_once", "require",
            "require_once", "phpinfo", "show_source", "highlight_file", "unserialize", "fsockopen", "pfsockopen",
            "putenv", "mail", "dl", "ini_set", "move_uploaded_file", "array_map", "array_filter", "usort",
            "register_shutdown_function", "register_tick_function", "ob_start", "posix_setuid", "symlink",
            "copy", "unlink", "scandir", "glob", "opendir", "getenv", "proc_nice", "expect_popen");

    private PhpNameAssembly() {
    }

    /** @return a short reason ("system assembled from 3 pieces"), or empty. Never throws. */
    public static Optional<String> detect(String value) {
        return detect(value, null);
    }

    /**
     * @param value the decoded, case-folded value
     * @param raw the value as logged, or null: read again with its case when it holds a base64 or
     *            hex decoder, whose argument the case folding spoiled
     * @return a short reason ("system assembled from 3 pieces"), or empty. Never throws.
     */
    public static Optional<String> detect(String value, String raw) {
        if (value == null || value.length() < 6) {
            return Optional.empty();
        }
        // every piece is a quoted literal or chr(N): a value with neither (most values) is read no further
        if (value.indexOf('\'') < 0 && value.indexOf('"') < 0 && !value.contains("chr")) {
            return Optional.empty();
        }
        try {
            String s = value.length() > MAX_LEN ? value.substring(0, MAX_LEN) : value;
            String hit = new Reader(s).scan();
            if (hit == null && raw != null && raw.length() <= MAX_LEN * 3
                    && (s.contains("base64_decode") || s.contains("hex2bin"))) {
                hit = new Reader(percentDecode(percentDecode(raw))).scan();
            }
            return Optional.ofNullable(hit);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** One pass of URL decoding ({@code %XX}, {@code +}), keeping the case of everything else. */
    static String percentDecode(String r) {
        if (r.indexOf('%') < 0 && r.indexOf('+') < 0) {
            return r;
        }
        StringBuilder b = new StringBuilder(r.length());
        for (int i = 0; i < r.length(); i++) {
            char c = r.charAt(i);
            if (c == '%' && i + 2 < r.length() && Character.digit(r.charAt(i + 1), 16) >= 0
                    && Character.digit(r.charAt(i + 2), 16) >= 0) {
                b.append((char) (Character.digit(r.charAt(i + 1), 16) * 16 + Character.digit(r.charAt(i + 2), 16)));
                i += 2;
            } else {
                b.append(c == '+' ? ' ' : c);
            }
        }
        return b.toString();
    }

    private static final class Reader {
        private final String s;
        private final int n;
        private final StringBuilder lit = new StringBuilder(32);
        private boolean escaped;
        private int pos;
        /** Whether the last chain began with a quoted literal, and where that literal ended. */
        private boolean firstLiteral;
        private int firstEnd;

        Reader(String s) {
            this.s = s;
            this.n = s.length();
        }

        String scan() {
            int i = 0;
            while (i < n) {
                char c = s.charAt(i);
                boolean startsPiece = c == '\'' || c == '"'
                        || (c == 'c' || c == 'C') && wordStart(i) && s.regionMatches(true, i, "chr", 0, 3)
                        || (c == 's' || c == 'b' || c == 'h' || c == 'u' || c == 'S' || c == 'B' || c == 'H' || c == 'U')
                            && decoderAt(i) != null;
                if (!startsPiece) {
                    i++;
                    continue;
                }
                String hit = chain(i);
                if (hit != null) {
                    return hit;
                }
                // a quote that closed the application's string ('.("\x73...")(...).') pairs with the
                // next quote as if it opened one: read again from the first quote inside that literal or its closing quote
                int inner = firstLiteral ? quoteWithin(i + 1, firstEnd) : -1;
                i = inner > i ? inner : Math.max(i + 1, pos);
            }
            return null;
        }

        /** The first quote in {@code s[from, to)}, or -1. */
        private int quoteWithin(int from, int to) {
            for (int k = from; k < to; k++) {
                char c = s.charAt(k);
                if (c == '\'' || c == '"') {
                    return k;
                }
            }
            return -1;
        }

        private boolean wordStart(int i) {
            return i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1)) && s.charAt(i - 1) != '_';
        }

        /** Reads a concatenation chain from {@code i}; leaves {@link #pos} after its last piece. */
        private String chain(int i) {
            StringBuilder name = new StringBuilder(24);
            int pieces = 0;
            firstLiteral = false;
            boolean assembled = false;
            pos = i;
            while (true) {
                int p = skip(pos);
                String piece = piece(p);
                if (piece == null) {
                    break;
                }
                if (pieces == 0) {
                    firstLiteral = s.charAt(p) == '\'' || s.charAt(p) == '"';
                    firstEnd = pos;
                }
                name.append(piece);
                pieces++;
                assembled |= escaped;
                if (name.length() > 40 || pieces > 24) {
                    return null; // (bounded, so reading again from inside a literal stays linear)
                }
                int q = skip(pos);
                if (q < n && s.charAt(q) == '.' && !(q + 1 < n && s.charAt(q + 1) == '=')) {
                    pos = q + 1;
                    continue;
                }
                break;
            }
            if (pieces == 0) {
                pos = i + 1;
                return null;
            }
            String fn = name.toString().toLowerCase(Locale.ROOT);
            if (fn.startsWith("\\")) {
                fn = fn.substring(1);
            }
            if ((pieces >= 2 || assembled) && DANGEROUS.contains(fn)) {
                return fn + (pieces >= 2 ? " assembled from " + pieces + " pieces" : " written encoded");
            }
            return null;
        }

        /** One piece at {@code p}: a string literal, chr(N), or a decoder over a literal; sets {@link #pos} and {@link #escaped}. */
        private String piece(int p) {
            escaped = false;
            if (p >= n) {
                return null;
            }
            char c = s.charAt(p);
            if (c == '\'' || c == '"') {
                return literal(p);
            }
            if ((c == 'c' || c == 'C') && s.regionMatches(true, p, "chr", 0, 3) && wordStart(p)) {
                int q = skip(p + 3);
                if (q < n && s.charAt(q) == '(') {
                    q = skip(q + 1);
                    int e = q;
                    int v = 0;
                    int radix = 10;
                    if (s.startsWith("0x", e) || s.startsWith("0X", e)) {
                        radix = 16;
                        e += 2;
                    }
                    int d0 = e;
                    while (e < n && e < d0 + 4 && Character.digit(s.charAt(e), radix) >= 0) {
                        v = v * radix + Character.digit(s.charAt(e), radix);
                        e++;
                    }
                    e = skip(e);
                    if (e > d0 && e < n && s.charAt(e) == ')' && v > 0 && v < 128) {
                        pos = e + 1;
                        escaped = true;
                        return String.valueOf((char) v);
                    }
                }
                return null;
            }
            String dec = decoderAt(p);
            if (dec != null) {
                int q = skip(p + dec.length());
                if (q < n && s.charAt(q) == '(') {
                    q = skip(q + 1);
                    if (q < n && (s.charAt(q) == '\'' || s.charAt(q) == '"')) {
                        String arg = literal(q);
                        if (arg != null) {
                            int e = skip(pos);
                            if (e < n && s.charAt(e) == ')') {
                                pos = e + 1;
                                escaped = true;
                                return decode(dec, arg);
                            }
                        }
                    }
                }
                return null;
            }
            return null;
        }

        private String decoderAt(int p) {
            if (!wordStart(p)) {
                return null;
            }
            for (String d : new String[] {"strrev", "str_rot13", "base64_decode", "hex2bin", "urldecode"}) {
                if (s.regionMatches(true, p, d, 0, d.length())) {
                    return d;
                }
            }
            return null;
        }

        private String decode(String dec, String arg) {
            switch (dec) {
                case "strrev":
                    return new StringBuilder(arg).reverse().toString();
                case "str_rot13": {
                    StringBuilder b = new StringBuilder(arg.length());
                    for (char ch : arg.toCharArray()) {
                        if (ch >= 'a' && ch <= 'z') {
                            b.append((char) ('a' + (ch - 'a' + 13) % 26));
                        } else if (ch >= 'A' && ch <= 'Z') {
                            b.append((char) ('A' + (ch - 'A' + 13) % 26));
                        } else {
                            b.append(ch);
                        }
                    }
                    return b.toString();
                }
                case "base64_decode":
                    try {
                        return new String(Base64.getDecoder().decode(arg.trim()), java.nio.charset.StandardCharsets.ISO_8859_1);
                    } catch (IllegalArgumentException e) {
                        return "";
                    }
                case "hex2bin": {
                    StringBuilder b = new StringBuilder();
                    for (int k = 0; k + 1 < arg.length(); k += 2) {
                        int v = Character.digit(arg.charAt(k), 16) * 16 + Character.digit(arg.charAt(k + 1), 16);
                        if (v < 0) {
                            return "";
                        }
                        b.append((char) v);
                    }
                    return b.toString();
                }
                default:
                    return arg;
            }
        }

        /** A quoted literal at {@code p} (at most 48 characters), with PHP's escapes; null if unclosed. */
        private String literal(int p) {
            char q = s.charAt(p);
            lit.setLength(0);
            int i = p + 1;
            int end = Math.min(n, p + 50);
            while (i < end) {
                char c = s.charAt(i);
                if (c == q) {
                    pos = i + 1;
                    return lit.toString();
                }
                if (c == '\\' && i + 1 < n) {
                    char d = s.charAt(i + 1);
                    if (q == '"' && (d == 'x' || d == 'X') && i + 2 < n && Character.digit(s.charAt(i + 2), 16) >= 0) {
                        int e = i + 2;
                        int v = 0;
                        while (e < n && e < i + 4 && Character.digit(s.charAt(e), 16) >= 0) {
                            v = v * 16 + Character.digit(s.charAt(e), 16);
                            e++;
                        }
                        lit.append((char) v);
                        escaped = true;
                        i = e;
                        continue;
                    }
                    if (q == '"' && d >= '0' && d <= '7') {
                        int e = i + 1;
                        int v = 0;
                        while (e < n && e < i + 4 && s.charAt(e) >= '0' && s.charAt(e) <= '7') {
                            v = v * 8 + (s.charAt(e) - '0');
                            e++;
                        }
                        lit.append((char) (v & 0xff));
                        escaped = true;
                        i = e;
                        continue;
                    }
                    if (d == q || d == '\\') {
                        lit.append(d);
                        i += 2;
                        continue;
                    }
                }
                lit.append(c);
                i++;
            }
            return null;
        }

        /** Skips blanks and comments. */
        private int skip(int i) {
            while (i < n) {
                char c = s.charAt(i);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    i++;
                } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                    int e = i + 2;
                    int limit = Math.min(n - 1, i + 80);
                    while (e < limit && !(s.charAt(e) == '*' && s.charAt(e + 1) == '/')) {
                        e++;
                    }
                    if (e >= limit) {
                        return i;
                    }
                    i = e + 2;
                } else {
                    break;
                }
            }
            return i;
        }
    }
}
