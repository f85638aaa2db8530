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
 * CR, which writers that truncate characters to bytes turn into line breaks. After it (and any
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
            if (c == '%' || c == '\\' || c == '\r' || c == '\n' || c == '\u560a' || c == '\u560d') {
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
            } else if (c == '\\' && i + 1 < n && (s.charAt(i + 1) == 'r' || s.charAt(i + 1) == 'n')) {
                out.append('\n');
                i++;
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

    /** Each run of line breaks in turn: what follows it. */
    private static String read(String s) {
        int n = s.length();
        int i = s.indexOf('\n');
        while (i >= 0) {
            int breaks = 0;
            int j = i;
            while (j < n && (s.charAt(j) == '\n' || s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
                breaks += s.charAt(j) == '\n' ? 1 : 0;
                j++;
            }
            if (j >= n) {
                return null;
            }
            String hit = after(s, j, n, breaks);
            if (hit != null) {
                return hit;
            }
            i = s.indexOf('\n', j);
        }
        return null;
    }

    private static String after(String s, int j, int n, int breaks) {
        if (breaks >= 2 && s.charAt(j) == '<') {
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
        if (c > e && c < n && isMethod(token) && (s.charAt(c) == '/' || s.startsWith("http", c))) {
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
