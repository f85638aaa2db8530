package dev.vigil.analyze;

import java.util.Locale;

/**
 * A value sent as base64 of printable text, read decoded: applications that take a parameter in
 * base64 (state blobs, "encoded" filters, file names) decode it before use, and payload collections
 * and WAF test suites send every class of payload that way (gotestwaf's Base64 and Base64Flat
 * encoders, Burp's and ZAP's base64 payload processing).
 *
 * <p>Only the value as sent can be decoded (base64 is case-sensitive), so the readers call this on
 * every value and it gives up at once on the decoded, case-folded form the rules read by default:
 * a candidate has an upper-case letter, nothing outside the base64 alphabets (standard and URL-safe,
 * {@code +}, {@code /} and {@code =} also percent-encoded), at least eight characters, and decodes to
 * printable ASCII (tab and line breaks allowed, and a few NUL bytes, which PHP writes around the names of
 * serialised private and protected members). Random tokens, hashes and binary blobs decode to
 * control or high bytes and are turned away. Linear in the length; stateless; never throws.
 */
public final class Base64Text {

    /** Longer values are not decoded (request values that long are documents, not payloads). */
    static final int MAX_LEN = 8192;

    private Base64Text() {
    }

    /**
     * @return the decoded text, case-folded, when {@code sent} is one base64 token of printable text;
     *         otherwise null
     */
    public static String decode(String sent) {
        if (sent == null || sent.length() < 8 || sent.length() > MAX_LEN) {
            return null;
        }
        int n = sent.length();
        StringBuilder b64 = null;
        boolean upper = false;
        int pad = 0;
        for (int i = 0; i < n; i++) {
            char c = sent.charAt(i);
            char v = c;
            if (c == '%' && i + 2 < n) {
                char h = sent.charAt(i + 1);
                char l = Character.toUpperCase(sent.charAt(i + 2));
                if (h == '2' && l == 'B') {
                    v = '+';
                } else if (h == '2' && l == 'F') {
                    v = '/';
                } else if (h == '3' && l == 'D') {
                    v = '=';
                } else {
                    return null;
                }
                if (b64 == null) {
                    b64 = new StringBuilder(n).append(sent, 0, i);
                }
                i += 2;
            } else if (c >= 'A' && c <= 'Z') {
                upper = true;
            } else if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '-'
                    || c == '_' || c == '=')) {
                return null;
            }
            if (v == '=') {
                pad++;
            } else if (pad > 0) {
                return null; // '=' only at the end
            }
            if (v == '-') {
                v = '+';
            } else if (v == '_') {
                v = '/';
            }
            if (b64 != null && v != '=') {
                b64.append(v);
            }
        }
        if (!upper || pad > 2) {
            return null;
        }
        String s = b64 != null ? b64.toString() : stripped(sent, pad);
        int len = s.length();
        if (len < 8 || len % 4 == 1) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = java.util.Base64.getDecoder().decode(len % 4 == 0 ? s : s + "==".substring(0, 4 - len % 4));
        } catch (IllegalArgumentException e) {
            return null;
        }
        StringBuilder out = new StringBuilder(bytes.length);
        int nul = 0;
        for (byte x : bytes) {
            int c = x & 0xff;
            if (c == 0) {
                nul++; // PHP's serialised private and protected members: s:6:"\0*\0cmd"
            } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c > 0x7e) {
                return null;
            }
            out.append((char) c);
        }
        if (nul * 8 > bytes.length) {
            return null;
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    private static String stripped(String sent, int pad) {
        String s = sent.substring(0, sent.length() - pad);
        if (s.indexOf('-') < 0 && s.indexOf('_') < 0) {
            return s;
        }
        return s.replace('-', '+').replace('_', '/');
    }
}
