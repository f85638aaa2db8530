package dev.vigil.analyze.crlf;

import dev.vigil.analyze.RawValues;
import java.util.Optional;

/**
 * Reads a value as logged for a line break that would end an HTTP header line if the application
 * echoed the value into a response header (a redirect's {@code Location}, a cookie), followed by
 * what HTTP (RFC 9110, RFC 9112) would read next: another header field, a status line, or a blank
 * line and a body. That is response splitting and header injection.
 *
 * <p>A line break is CR or LF in any of the spellings that reach a header writer: percent-encoded
 * once or twice, IIS's {@code %u000d}, a literal {@code \r} or {@code \n} that a JSON or
 * JavaScript layer unescapes, and the UTF-8 characters U+560A and U+560D whose low bytes are LF and
 * CR, which writers that truncate characters to bytes turn into line breaks; JSON and JavaScript
 * escapes of CR and LF ({@code &#92;u000d}, {@code &#92;x0a}) count as the literal escapes do. After it (and any
 * further breaks, blanks or tabs) comes:
 * <ul>
 * <li>a header field: a token then a colon, where the token is a registered header name
 *     ({@code Set-Cookie}, {@code Location}, {@code Content-Length}...) or has the shape of one
 *     ({@code X-...}, {@code Content-...}, {@code Access-Control-...});</li>
 * <li>a status line or request line: {@code HTTP/1.1 200}, or a method and a target;</li>
 * <li>a blank line and then markup, the body of a split response.</li>
 * </ul>
 * A line break followed by ordinary text ({@code line1%0d%0aline2}) is a multi-line field, not an
 * injection.
 *
 * <p>Linear in the value's length. Stateless and thread-safe.
 */
public final class HeaderInjection {

    static final int MAX_LEN = 8192;

    /** Header field names of the IANA HTTP field registry that an injection sets or overrides. */
    private static final java.util.Set<String> HEADERS = java.util.Set.of(
            "set-cookie", "set-cookie2", "cookie", "location", "refresh", "content-type", "content-length",
            "content-disposition", "content-encoding", "content-language", "content-location", "content-range",
            "content-security-policy", "transfer-encoding", "cache-control", "pragma", "expires", "vary", "etag",
            "last-modified", "link", "host", "connection", "upgrade", "keep-alive", "te", "trailer", "server",
            "x-powered-by", "x-xss-protection", "x-frame-options", "x-content-type-options",
            "strict-transport-security", "www-authenticate", "proxy-authenticate", "authorization",
            "proxy-authorization", "referer", "referrer-policy", "user-agent", "origin", "accept", "accept-encoding",
            "accept-language", "accept-ranges", "age", "allow", "retry-after", "via", "warning", "date", "from",
            "forwarded", "timing-allow-origin", "clear-site-data", "permissions-policy", "feature-policy",
            "report-to", "nel", "alt-svc", "expect", "range", "if-match", "if-none-match", "if-modified-since",
            "max-forwards", "public-key-pins", "status");

    private static final String[] PREFIXES = {"x-", "content-", "access-control-", "sec-", "proxy-", "cross-origin-"};

    /**
     * A line break spelled as a character other than U+560A/U+560D whose low byte is CR or LF (U+010D
     * is a Czech letter): read as a break only before a registered header name or a status line.
     */
    private static final char WEAK = '\u000b';

    private static final String[] METHODS = {"get", "post", "head", "put", "delete", "options", "trace", "connect",
        "patch"};

    private HeaderInjection() {
    }

    /** @param raw the value as logged (percent-encoded); null or empty gives empty. Never throws. */
    public static Optional<String> detect(String raw) {
        if (raw == null || raw.length() < 4) {
            return Optional.empty();
        }
        try {
            String r = raw.length() > MAX_LEN ? raw.substring(0, MAX_LEN) : raw;
            if (!mayBreak(r)) {
                return Optional.empty();
            }
            return Optional.ofNullable(read(lineBreaks(RawValues.percentDecode(r, 3))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Cheap first look: a percent sign, a backslash or a raw control character. */
    private static boolean mayBreak(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' || c == '\\' || c == '\r' || c == '\n' || c > '\u00ff' && ((c & 0xff) == 0x0a || (c & 0xff) == 0x0d)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The decoded value with every spelling of CR and LF turned into {@code \n}: {@code %u000a}
     * (left by the percent decoder), a literal backslash escape, and U+560A/U+560D whether as a
     * character or as its three UTF-8 bytes.
     */
    static String lineBreaks(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == '\u560a' || c == '\u560d') {
                out.append('\n');
            } else if (c == '\u00e5' && i + 2 < n && s.charAt(i + 1) == '\u0098'
                    && (s.charAt(i + 2) == '\u008a' || s.charAt(i + 2) == '\u008d')) {
                out.append('\n');
                i += 2;
            } else if (c >= '\u00c4' && c <= '\u00dc' && (c & 3) == 0 && i + 1 < n
                    && (s.charAt(i + 1) == '\u008a' || s.charAt(i + 1) == '\u008d')) {
                out.append(WEAK); // two UTF-8 bytes of a character whose low byte is LF or CR (U+010A, U+010D...)
                i += 1;
            } else if (c >= '\u00e0' && c <= '\u00ef' && i + 2 < n && s.charAt(i + 1) >= '\u0080'
                    && s.charAt(i + 1) <= '\u00bf' && (s.charAt(i + 1) & 3) == 0
                    && (s.charAt(i + 2) == '\u008a' || s.charAt(i + 2) == '\u008d')) {
                out.append(WEAK); // three UTF-8 bytes of such a character (U+560A and U+560D are read above)
                i += 2;
            } else if (c > '\u00ff' && ((c & 0xff) == 0x0a || (c & 0xff) == 0x0d)) {
                out.append(WEAK);
            } else if (c == '\\' && i + 1 < n && (s.charAt(i + 1) == 'r' || s.charAt(i + 1) == 'n')) {
                out.append('\n');
                i++;
            } else if (c == '\\' && i + 5 < n && (s.charAt(i + 1) == 'u' || s.charAt(i + 1) == 'U')
                    && s.startsWith("000", i + 2) && isCrOrLf(s.charAt(i + 5))) {
                out.append('\n'); // a JSON or JavaScript escape of CR or LF (backslash, u000d), which that layer undoes
                i += 5;
            } else if (c == '\\' && i + 3 < n && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')
                    && s.charAt(i + 2) == '0' && isCrOrLf(s.charAt(i + 3))) {
                out.append('\n'); // a JavaScript hex escape of CR or LF (\x0a)
                i += 3;
            } else if (c == '%' && i + 5 < n && (s.charAt(i + 1) == 'u' || s.charAt(i + 1) == 'U')
                    && s.startsWith("000", i + 2) && (s.charAt(i + 5) == 'a' || s.charAt(i + 5) == 'A'
                    || s.charAt(i + 5) == 'd' || s.charAt(i + 5) == 'D')) {
                out.append('\n');
                i += 5;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isCrOrLf(char hexDigit) {
        return hexDigit == 'a' || hexDigit == 'A' || hexDigit == 'd' || hexDigit == 'D';
    }

    /** Each run of line breaks in turn: what follows it. */
    private static String read(String s) {
        int n = s.length();
        int i = nextBreak(s, 0);
        // a break appended to a token (lang=en%0d%0a...) or opening the value, not a line of prose
        boolean appended = i >= 0 && i <= 64 && s.lastIndexOf(' ', i) < 0;
        while (i >= 0) {
            int breaks = 0;
            boolean strong = false;
            int j = i;
            while (j < n && (s.charAt(j) == '\n' || s.charAt(j) == WEAK || s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
                breaks += s.charAt(j) == '\n' || s.charAt(j) == WEAK ? 1 : 0;
                strong |= s.charAt(j) == '\n';
                j++;
            }
            if (j >= n) {
                return null;
            }
            String hit = after(s, j, n, breaks, strong, appended);
            if (hit != null) {
                return hit;
            }
            i = nextBreak(s, j);
        }
        return null;
    }

    private static int nextBreak(String s, int from) {
        for (int i = from, n = s.length(); i < n; i++) {
            if (s.charAt(i) == '\n' || s.charAt(i) == WEAK) {
                return i;
            }
        }
        return -1;
    }

    private static String after(String s, int j, int n, int breaks, boolean strong, boolean appended) {
        if (breaks >= 2 && strong && s.charAt(j) == '<') {
            return "blank line then a response body";
        }
        int e = j;
        while (e < n && e - j < 64 && tchar(s.charAt(e))) {
            e++;
        }
        if (e == j) {
            return null;
        }
        String token = s.substring(j, e).toLowerCase(java.util.Locale.ROOT);
        if (token.startsWith("http/") && token.length() > 5 && Character.isDigit(token.charAt(5))) {
            return "status line after a line break";
        }
        int c = e;
        while (c < n && (s.charAt(c) == ' ' || s.charAt(c) == '\t')) {
            c++;
        }
        if (c < n && s.charAt(c) == ':' && headerName(token)) {
            return "header field after a line break";
        }
        if (strong && appended && c == e && c + 1 < n && s.charAt(c) == ':' && fieldShaped(token)) {
            return "header field after a line break";
        }
        if (strong && c > e && c < n && isMethod(token) && (s.charAt(c) == '/' || s.startsWith("http", c))) {
            int sp = c;
            while (sp < n && sp - c < 2048 && s.charAt(sp) != ' ' && s.charAt(sp) != '\n') {
                sp++; // bounded: a target longer than this is no request line worth reading
            }
            if (sp < n && s.charAt(sp) == ' ' && s.regionMatches(true, sp + 1, "http/", 0, 5)) {
                return "request line after a line break";
            }
        }
        return null;
    }

    private static boolean headerName(String token) {
        if (HEADERS.contains(token)) {
            return true;
        }
        for (String p : PREFIXES) {
            if (token.startsWith(p) && token.length() > p.length() && Character.isLetter(token.charAt(p.length()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A field name of the shape header names take: two or three hyphenated parts of letters and
     * digits, each starting with a letter ({@code Header-Test}, {@code Api-Key}), written right against
     * its colon; read only after a break appended to a token or opening the value (a line of prose
     * before it has blanks).
     */
    private static boolean fieldShaped(String token) {
        int parts = 1;
        boolean start = true;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '-') {
                if (start) {
                    return false;
                }
                parts++;
                start = true;
            } else if (c >= 'a' && c <= 'z' || !start && c >= '0' && c <= '9') {
                start = false;
            } else {
                return false;
            }
        }
        return parts >= 2 && parts <= 3 && !start;
    }

    private static boolean isMethod(String token) {
        for (String m : METHODS) {
            if (m.equals(token)) {
                return true;
            }
        }
        return false;
    }

    /** RFC 9110 token characters. */
    private static boolean tchar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~/".indexOf(c) >= 0;
    }
}
