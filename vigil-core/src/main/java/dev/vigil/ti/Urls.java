package dev.vigil.ti;

import java.util.Locale;

/**
 * URL canonicalisation for indicators and lookups: scheme and host lower case, internationalised
 * hosts in punycode, user info, fragment and the scheme's default port dropped, an empty path
 * written as {@code /}. Path and query keep their case (servers treat them as case-sensitive).
 * A value without {@code ://} is read as {@code http://}. Stateless and thread-safe.
 */
public final class Urls {
    private Urls() {}

    /** Canonical form, or {@code null} when the text has no usable scheme and host. */
    public static String canonicalize(CharSequence raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.toString().strip();
        if (s.isEmpty() || s.length() > 65_536) {
            return null;
        }
        int sep = s.indexOf("://");
        for (int i = 0; i < sep; i++) {
            if ("/?#".indexOf(s.charAt(i)) >= 0) {
                sep = -1;
                break;
            }
        }
        String scheme;
        int authStart;
        if (sep < 0) {
            scheme = "http";
            authStart = 0;
        } else {
            scheme = s.substring(0, sep).toLowerCase(Locale.ROOT);
            if (!isScheme(scheme)) {
                return null;
            }
            authStart = sep + 3;
        }
        int authEnd = authStart;
        while (authEnd < s.length() && "/?#".indexOf(s.charAt(authEnd)) < 0) {
            authEnd++;
        }
        String authority = s.substring(authStart, authEnd);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
        }
        String host;
        String port = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                return null;
            }
            String v6 = authority.substring(1, close);
            long[] a = new long[2];
            if (!IpAddresses.parseV6(v6, a)) {
                return null;
            }
            host = "[" + IpAddresses.formatV6(a[0], a[1]) + "]";
            if (close + 1 < authority.length()) {
                if (authority.charAt(close + 1) != ':') {
                    return null;
                }
                port = authority.substring(close + 2);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            String h = colon >= 0 ? authority.substring(0, colon) : authority;
            if (colon >= 0) {
                port = authority.substring(colon + 1);
            }
            long v4 = IpAddresses.parseV4(h);
            if (v4 != IpAddresses.INVALID) {
                host = IpAddresses.formatV4(v4);
            } else {
                host = Hosts.normalizeDomain(h);
                // Single-label hosts (localhost, intranet names) are legal in URLs.
                if (host == null) {
                    return null;
                }
            }
        }
        if (port != null) {
            if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
                if (!port.isEmpty()) {
                    return null;
                }
                port = null;
            } else {
                int p = Integer.parseInt(port);
                if (p > 65_535) {
                    return null;
                }
                port = Integer.toString(p);
                if (port.equals(defaultPort(scheme))) {
                    port = null;
                }
            }
        }
        String rest = s.substring(authEnd);
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        if (rest.isEmpty() || rest.charAt(0) == '?') {
            rest = "/" + rest;
        }
        rest = escapeControls(rest);
        StringBuilder sb = new StringBuilder(scheme.length() + host.length() + rest.length() + 10);
        sb.append(scheme).append("://").append(host);
        if (port != null) {
            sb.append(':').append(port);
        }
        return sb.append(rest).toString();
    }

    /**
     * Spaces and control characters in a path are percent-encoded, as a browser sends them; left
     * raw, a trailing line break would vanish on the next canonicalisation (values must be stable).
     */
    private static String escapeControls(String rest) {
        StringBuilder b = null;
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                if (b == null) {
                    b = new StringBuilder(rest.length() + 8).append(rest, 0, i);
                }
                b.append(String.format("%%%02X", (int) c));
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? rest : b.toString();
    }

    /** The host of a canonical URL (without brackets for IPv6), or {@code null}. */
    public static String hostOf(String canonicalUrl) {
        int sep = canonicalUrl.indexOf("://");
        if (sep < 0) {
            return null;
        }
        int start = sep + 3;
        int end = start;
        if (end < canonicalUrl.length() && canonicalUrl.charAt(end) == '[') {
            int close = canonicalUrl.indexOf(']', end);
            return close < 0 ? null : canonicalUrl.substring(end + 1, close);
        }
        while (end < canonicalUrl.length() && "/:?".indexOf(canonicalUrl.charAt(end)) < 0) {
            end++;
        }
        return canonicalUrl.substring(start, end);
    }

    private static boolean isScheme(String s) {
        if (s.isEmpty() || s.length() > 32 || s.charAt(0) < 'a' || s.charAt(0) > 'z') {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static String defaultPort(String scheme) {
        switch (scheme) {
            case "http":
            case "ws":
                return "80";
            case "https":
            case "wss":
                return "443";
            case "ftp":
                return "21";
            default:
                return null;
        }
    }
}
