package dev.vigil.analyze.xss;

/**
 * Lower-cases a value and undoes the obfuscations a browser undoes before it sees markup or a URL
 * scheme: HTML character references (numeric with or without ';', and the named ones payloads use
 * for punctuation and whitespace) and NUL bytes, which browsers drop inside tag and scheme names.
 * Input is supposed to be decoded already; this is for leftovers and double encodings.
 *
 * <p>Stateless; thread-safe.
 */
final class XssNormalizer {

    private XssNormalizer() {
    }

    static String normalize(String s) {
        int n = s.length();
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == 0) {
                continue;
            }
            if (c == '&' && i + 1 < n) {
                int consumed = entity(s, i, b);
                if (consumed > 0) {
                    i += consumed - 1;
                    continue;
                }
            }
            b.append(Character.toLowerCase(c));
        }
        return b.toString();
    }

    /** Decodes a character reference at {@code i} into {@code b}; returns chars consumed or 0. */
    private static int entity(String s, int i, StringBuilder b) {
        int n = s.length();
        int j = i + 1;
        if (s.charAt(j) == '#') {
            j++;
            boolean hex = j < n && (s.charAt(j) == 'x' || s.charAt(j) == 'X');
            if (hex) {
                j++;
            }
            int start = j;
            long cp = 0;
            while (j < n && j - start < 8) {
                int d = Character.digit(s.charAt(j), hex ? 16 : 10);
                if (d < 0) {
                    break;
                }
                cp = cp * (hex ? 16 : 10) + d;
                j++;
            }
            if (j == start) {
                return 0;
            }
            if (j < n && s.charAt(j) == ';') {
                j++;
            }
            if (cp > 0 && cp < 0x10000) {
                b.append(Character.toLowerCase((char) cp));
            } else {
                b.append('\ufffd');
            }
            return j - i;
        }
        int start = j;
        while (j < n && j - start < 10 && Character.isLetter(s.charAt(j))) {
            j++;
        }
        if (j == start) {
            return 0;
        }
        String name = s.substring(start, j).toLowerCase();
        char decoded = switch (name) {
            case "colon" -> ':';
            case "tab" -> '\t';
            case "newline" -> '\n';
            case "lpar" -> '(';
            case "rpar" -> ')';
            case "sol" -> '/';
            case "bsol" -> '\\';
            case "lt" -> '<';
            case "gt" -> '>';
            case "quot" -> '"';
            case "apos" -> '\'';
            case "amp" -> '&';
            case "nbsp" -> ' ';
            case "grave" -> '`';
            case "equals" -> '=';
            case "period" -> '.';
            case "comma" -> ',';
            case "semi" -> ';';
            case "excl" -> '!';
            case "num" -> '#';
            case "lsqb", "lbrack" -> '[';
            case "rsqb", "rbrack" -> ']';
            case "lcub", "lbrace" -> '{';
            case "rcub", "rbrace" -> '}';
            case "plus" -> '+';
            case "dollar" -> '$';
            case "percnt" -> '%';
            case "ast" -> '*';
            default -> 0;
        };
        if (decoded == 0) {
            return 0;
        }
        if (j < n && s.charAt(j) == ';') {
            j++;
        }
        b.append(decoded);
        return j - i;
    }
}
