package dev.vigil.analyze;

/**
 * Decoding of a value as logged for the analysers that need what the rules' decoded form gives
 * up: control characters (CR, LF, NUL, which it drops or folds to a blank) and case.
 *
 * <p>Stateless and thread-safe.
 */
public final class RawValues {

    private RawValues() {
    }

    /**
     * {@code %XX} escapes decoded, {@code rounds} times over (for double encoding), each byte as the
     * character of the same code (Latin-1: enough for the ASCII the callers look for); {@code +}
     * is left as it is, control characters are kept. Linear in the length per round.
     */
    public static String percentDecode(String s, int rounds) {
        String cur = s;
        for (int r = 0; r < rounds && cur.indexOf('%') >= 0; r++) {
            StringBuilder out = new StringBuilder(cur.length());
            int n = cur.length();
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                char c = cur.charAt(i);
                int hi;
                int lo;
                if (c == '%' && i + 2 < n && (hi = Character.digit(cur.charAt(i + 1), 16)) >= 0
                        && (lo = Character.digit(cur.charAt(i + 2), 16)) >= 0) {
                    out.append((char) (hi * 16 + lo));
                    i += 2;
                    changed = true;
                } else {
                    out.append(c);
                }
            }
            if (!changed) {
                break;
            }
            cur = out.toString();
        }
        return cur;
    }
}
