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
 * <li>a protocol-relative URL ({@code //other.example}), which no same-site redirect needs.</li>
 * </ul>
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
            return Optional.ofNullable(judge(decoded.length() > 2048 ? decoded.substring(0, 2048) : decoded));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
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
            if (run < n && slashLike(s.charAt(run))) {
                return "look-alike slash after /";
            }
            if (slashes >= 2 && (backslash || slashes >= 3) && run < n && hostStart(s.charAt(run))) {
                return "slash confusion";
            }
            if (slashes == 2 && run < n && s.charAt(run) == ' ') {
                int j = run;
                while (j < n && (s.charAt(j) == ' ' || slash(s.charAt(j)))) {
                    j++;
                }
                if (j < n && hostStart(s.charAt(j)) && j > run) {
                    return "blank after //";
                }
            }
            if (startsWithScheme(s, run)) {
                return "scheme after leading slash";
            }
            if (slashes == 2 && !backslash) {
                String auth = authority(s, run);
                if (auth.indexOf('@') > 0) {
                    return "user information in protocol-relative url";
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
        }
        return null;
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
