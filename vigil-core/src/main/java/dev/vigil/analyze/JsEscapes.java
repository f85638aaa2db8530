package dev.vigil.analyze;

/**
 * A value whose syntax characters are written as JavaScript/JSON string escapes ({@code &#92;u0027},
 * {@code &#92;u{3c}}, {@code &#92;x3c}), read with them undone: a JSON or JavaScript layer between the
 * request and the interpreter (a JSON document in a parameter, a client-side router, a template that
 * embeds the value in a script) turns them back into the quote, bracket or separator, and payload
 * collections and WAF test suites send every class that way (gotestwaf's JSUnicode encoder).
 *
 * <p>Only escapes that stand for ASCII punctuation, blanks or letters are undone. Linear; stateless;
 * never throws.
 */
public final class JsEscapes {

    private JsEscapes() {
    }

    /**
     * @return the value with its four-digit, braced and two-digit ({@code x}) escapes of ASCII
     *         undone, when at least one of them stood for a character that is syntax in some
     *         interpreter (quote, bracket, separator, blank); otherwise null
     */
    public static String decode(String s) {
        if (s == null || s.indexOf('\\') < 0) {
            return null;
        }
        int n = s.length();
        StringBuilder out = null;
        boolean syntax = false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            int code = -1;
            int len = 0;
            if (c == '\\' && i + 1 < n) {
                char k = s.charAt(i + 1);
                if ((k == 'u' || k == 'U') && i + 5 < n && hex(s, i + 2, 4)) {
                    code = Integer.parseInt(s.substring(i + 2, i + 6), 16);
                    len = 6;
                } else if ((k == 'u' || k == 'U') && i + 3 < n && s.charAt(i + 2) == '{') {
                    int e = s.indexOf('}', i + 3);
                    if (e > i + 3 && e - i - 3 <= 6 && hex(s, i + 3, e - i - 3)) {
                        code = Integer.parseInt(s.substring(i + 3, e), 16);
                        len = e - i + 1;
                    }
                } else if ((k == 'x' || k == 'X') && i + 3 < n && hex(s, i + 2, 2)) {
                    code = Integer.parseInt(s.substring(i + 2, i + 4), 16);
                    len = 4;
                }
            }
            if (code >= 0x20 && code < 0x7f) {
                if (out == null) {
                    out = new StringBuilder(n).append(s, 0, i);
                }
                out.append((char) code);
                if (!Character.isLetterOrDigit(code)) {
                    syntax = true;
                }
                i += len - 1;
            } else if (out != null) {
                out.append(c);
            }
        }
        return syntax ? out.toString().toLowerCase(java.util.Locale.ROOT) : null;
    }

    private static boolean hex(String s, int from, int count) {
        if (from + count > s.length()) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
