package dev.vigil.text;

/**
 * Makes attacker-controlled text safe to print on a terminal: control characters (C0, DEL, C1,
 * which include the escape sequences that move the cursor or rewrite the screen), Unicode
 * line and paragraph separators, and bidirectional overrides (which reorder what a reader sees)
 * are shown as visible escapes such as {@code \x1B} or {@code \u202E}. Everything else is kept.
 *
 * <p>Static and thread-safe.
 */
public final class TerminalText {
    private TerminalText() {}

    public static String sanitize(String s) {
        return sanitize(s, Integer.MAX_VALUE);
    }

    /** Sanitizes and cuts to at most {@code max} characters, ending with an ellipsis when cut. */
    public static String sanitize(String s, int max) {
        if (s == null) {
            return "-";
        }
        StringBuilder b = null;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (unsafe(c)) {
                if (b == null) {
                    b = new StringBuilder(n + 16);
                    b.append(s, 0, i);
                }
                if (c < 0x100) {
                    b.append(String.format("\\x%02X", (int) c));
                } else {
                    b.append(String.format("\\u%04X", (int) c));
                }
            } else if (b != null) {
                b.append(c);
            }
            if (b != null && b.length() > max) {
                break;
            }
        }
        String out = b == null ? s : b.toString();
        if (out.length() > max) {
            return out.substring(0, Math.max(0, max - 1)) + "…";
        }
        return out;
    }

    /** Whether a terminal could act on this character (controls, separators, bidi overrides). */
    public static boolean unsafe(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f)
                || c == '\u2028' || c == '\u2029'
                || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069')
                || c == '\u200E' || c == '\u200F' || c == '\u061C'
                || c == '\uFEFF';
    }
}
