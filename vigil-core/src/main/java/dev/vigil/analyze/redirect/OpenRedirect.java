package dev.vigil.analyze.redirect;

import java.util.Optional;

/**
 * Decides whether a decoded parameter value is a URL shaped to pass an open-redirect filter while
 * a browser reads it as another origin: the parser differences of RFC 3986 and the WHATWG URL
 * standard that redirect allow-lists miss.
 *
 * <ul>
 * <li>slash confusion at the start: three or more slashes, a backslash among them ({@code /\},
 *     {@code \\}), a blank after {@code //}, or a Unicode look-alike of a slash after {@code /};</li>
 * <li>a scheme after a leading slash ({@code /https://x}), or a scheme with a malformed slash run
 *     ({@code https:///x}, {@code http:\\x}, {@code http:x.example});</li>
 * <li>user information in an absolute or protocol-relative URL ({@code https://trusted@other},
 *     {@code //trusted.example?@other}), which allow-lists compare by prefix;</li>
 * <li>a protocol-relative URL ({@code //other.example}), which no same-site redirect needs;</li>
 * <li>a fragment or query right after the host that starts like a domain suffix
 *     ({@code https://other.example#.trusted.example}), made for allow-lists that test the end;</li>
 * <li>in a path: an absolute URL as a later segment ({@code /go/https://other.example}), the
 *     form of redirect endpoints that take their target from the path.</li>
 * </ul>
 *
 * <p>The value is first read as the WHATWG URL parser reads input: leading C0 controls and spaces
 * are dropped and every tab and line break removed ({@code /%09/other.example} is {@code //other.example}
 * to a browser).
 *
 * <p>Linear in the value's length. Stateless and thread-safe.
 */
public final class OpenRedirect {

    private OpenRedirect() {
    }

    /** @return a short reason, or empty. Never throws. */
    public static Optional<String> detect(String decoded) {
        if (decoded == null || decoded.length() < 3) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(judge(browserInput(decoded.length() > 2048 ? decoded.substring(0, 2048) : decoded)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * A decoded request path: an absolute http(s) URL as a segment after the first
     * ({@code /out/https://other.example/}), or any form {@link #detect} names there.
     *
     * @return a short reason, or empty. Never throws.
     */
    public static Optional<String> detectInPath(String decoded) {
        if (decoded == null || decoded.length() < 10) {
            return Optional.empty();
        }
        try {
            String p = browserInput(decoded.length() > 2048 ? decoded.substring(0, 2048) : decoded);
            int n = p.length();
            for (int i = p.indexOf('/', 1); i > 0 && i < n - 1; i = p.indexOf('/', i + 1)) {
                int j = i + 1;
                if (p.charAt(j) != 'h' && p.charAt(j) != 'H') {
                    continue;
                }
                String rest = lower(p, j);
                if (schemeEnd(rest, 0) < 0) {
                    continue;
                }
                String why = judge(rest);
                if (why != null) {
                    return Optional.of(why + " in the path");
                }
                // a path's slashes are canonical (runs collapsed, backslashes turned): one or none is left
                int k = schemeEnd(rest, 0) + 1;
                if (k < rest.length() && rest.charAt(k) == '/') {
                    k++;
                }
                if (k < rest.length() && hostStart(rest.charAt(k))) {
                    return Optional.of("absolute url as a path segment");
                }
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String lower(String s, int from) {
        int end = Math.min(s.length(), from + 300);
        return s.substring(from, end).toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The input as a browser's URL parser takes it: leading C0 controls and spaces dropped, tabs
     * and line breaks removed wherever they are (WHATWG URL standard, basic URL parser).
     */
    static String browserInput(String s) {
        if (s.charAt(0) > ' ' && s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s; // the common case: nothing to take out, no copy
        }
        int i = 0;
        while (i < s.length() && s.charAt(i) <= ' ') {
            i++;
        }
        StringBuilder b = new StringBuilder(s.length() - i);
        for (int k = i; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c != '\t' && c != '\n' && c != '\r') {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean slash(char c) {
        return c == '/' || c == '\\';
    }

    /** Characters that render as, or are folded by some parsers to, a slash. */
    private static boolean slashLike(char c) {
        return c == '\u3035' || c == '\u309d' || c == '\u30fd' || c == '\uff0f' || c == '\u2215' || c == '\u2044'
                || c == '\u29f8' || c == '\ufe68' || c == '\uff3c' || c == '\u3031' || c == '\u3033';
    }

    static String judge(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && s.charAt(i) == ' ') {
            i++;
        }
        int run = i;
        boolean backslash = false;
        while (run < n && slash(s.charAt(run))) {
            backslash |= s.charAt(run) == '\\';
            run++;
        }
        int slashes = run - i;
        if (slashes >= 1) {
            // blanks among the leading slashes ("/ /x", "// /x"): a tab or line break there, which
            // the decoded form shows as a blank, is removed by a browser
            int r2 = run;
            int more = 0;
            boolean blank = false;
            while (r2 < n && (slash(s.charAt(r2)) || s.charAt(r2) == ' ')) {
                if (s.charAt(r2) == ' ') {
                    blank = true;
                } else {
                    more++;
                }
                r2++;
            }
            if (blank && slashes + more >= 2 && r2 < n && hostStart(s.charAt(r2))) {
                return "blank among leading slashes";
            }
            if (run < n && slashLike(s.charAt(run))) {
                return "look-alike slash after /";
            }
            if (slashes >= 2 && (backslash || slashes >= 3) && run < n && hostStart(s.charAt(run))) {
                return "slash confusion";
            }
            if (startsWithScheme(s, run)) {
                return "scheme after leading slash";
            }
            if (slashes == 2 && !backslash) {
                String auth = authority(s, run);
                if (auth.indexOf('@') > 0) {
                    return "user information in protocol-relative url";
                }
                if (suffixTrick(auth)) {
                    return "domain suffix after ? or # in protocol-relative url";
                }
                if (auth.indexOf('.') > 0 && hostStart(auth.charAt(0)) && !auth.startsWith(".")) {
                    return "protocol-relative url";
                }
            }
            return null;
        }
        int colon = schemeEnd(s, i);
        if (colon < 0) {
            return null;
        }
        int j = colon + 1;
        boolean bs = false;
        while (j < n && slash(s.charAt(j))) {
            bs |= s.charAt(j) == '\\';
            j++;
        }
        int k = j - colon - 1;
        if (j < n && hostStart(s.charAt(j)) && (k == 0 || k >= 3 || bs)) {
            // http:example.com, https:///x, http:\\x; but not a port (host:8080)
            if (k == 0 && Character.isDigit(s.charAt(j)) && s.charAt(j) != '0') {
                return null; // http:8080 reads as a port; http:0330.072... is an octal host
            }
            return "malformed slashes after scheme";
        }
        if (k == 2) {
            String auth = authority(s, j);
            int at = auth.indexOf('@');
            if (at > 0 && at < auth.length() - 1) {
                return "user information in url";
            }
            if (suffixTrick(auth)) {
                return "domain suffix after ? or # in url";
            }
        }
        return null;
    }

    /** A host followed at once by ? or # and then a dot: {@code other.example#.trusted.example}. */
    private static boolean suffixTrick(String auth) {
        for (int k = 1; k < auth.length() - 2; k++) {
            char c = auth.charAt(k);
            if ((c == '?' || c == '#') && auth.charAt(k + 1) == '.' && hostStart(auth.charAt(k + 2))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hostStart(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '[' || c == '%' || c > 0x7f;
    }

    /** The end of an http(s) scheme at {@code i} (index of its colon), or -1. */
    private static int schemeEnd(String s, int i) {
        if (s.startsWith("https:", i)) {
            return i + 5;
        }
        if (s.startsWith("http:", i)) {
            return i + 4;
        }
        return -1;
    }

    private static boolean startsWithScheme(String s, int i) {
        return schemeEnd(s, i) > 0 || s.startsWith("javascript:", i) || s.startsWith("data:", i);
    }

    /** The authority after {@code //} at {@code i}: up to the first / \ or blank (a ? or # stays in, for ?@ tricks). */
    private static String authority(String s, int i) {
        int e = i;
        while (e < s.length() && e - i < 256) {
            char c = s.charAt(e);
            if (c == '/' || c == '\\' || c == ' ') {
                break;
            }
            e++;
        }
        return s.substring(i, e);
    }
}
