package dev.vigil.ti;

import java.net.IDN;
import java.util.Locale;

/**
 * Host-name normalisation shared by indicators, matchers and extractors: ASCII lower case, no
 * trailing dot, internationalised names converted to punycode with {@link IDN} (never a DNS
 * lookup). Stateless and thread-safe.
 */
public final class Hosts {
    /** Longest legal DNS name in text form. */
    public static final int MAX_NAME = 253;

    private Hosts() {}

    /**
     * Normalises a domain or host name, or returns {@code null} with no exception when it is not a
     * syntactically valid name. A leading {@code *.} (wildcard notation in block lists) is dropped.
     */
    public static String normalizeDomain(CharSequence raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.toString().strip();
        if (s.startsWith("*.")) {
            s = s.substring(2);
        }
        while (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty() || s.length() > 4 * MAX_NAME) {
            return null;
        }
        if (!isAscii(s)) {
            try {
                s = IDN.toASCII(s, IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        s = s.toLowerCase(Locale.ROOT);
        return isValidAsciiName(s) ? s : null;
    }

    /** True when every character is ASCII. */
    public static boolean isAscii(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks LDH syntax (letters, digits, hyphen; underscore tolerated as real zones use it), label
     * lengths 1..63, total length at most 253, and at least one character that is not a digit or
     * dot (so a dotted quad is never taken for a name).
     */
    public static boolean isValidAsciiName(CharSequence s) {
        int n = s.length();
        if (n == 0 || n > MAX_NAME) {
            return false;
        }
        int labelLen = 0;
        boolean nonNumeric = false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (labelLen == 0 || s.charAt(i - 1) == '-') {
                    return false;
                }
                labelLen = 0;
                continue;
            }
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!ok || (labelLen == 0 && c == '-')) {
                return false;
            }
            if (c < '0' || c > '9') {
                nonNumeric = true;
            }
            if (++labelLen > 63) {
                return false;
            }
        }
        return labelLen > 0 && s.charAt(n - 1) != '-' && nonNumeric;
    }

    /** Lower-cases an ASCII letter; other characters unchanged. */
    public static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
}
