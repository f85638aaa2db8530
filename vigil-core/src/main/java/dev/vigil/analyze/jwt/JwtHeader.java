package dev.vigil.analyze.jwt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.vigil.analyze.RawValues;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads JSON Web Tokens (RFC 7519, compact JWS serialisation: three base64url parts joined by dots)
 * inside a value and judges the JOSE header (RFC 7515 section 4.1) for the forgeries that make a
 * server accept a token the attacker signed, or did not sign:
 * <ul>
 *   <li>{@code "alg": "none"} in any case ({@code None}, {@code nOnE}): an unsecured JWS (RFC 7518
 *       section 3.6), which a library that trusts the header's algorithm accepts without a signature
 *       (CVE-2015-9235 and its kin);</li>
 *   <li>a {@code kid} (key id) that names a file by path, climbs with {@code ..}, or carries SQL or
 *       shell syntax: servers that look the key up in a file or a table by that id read
 *       {@code /dev/null} (an empty key) or run the injection;</li>
 *   <li>the verification key supplied by the token itself: an embedded {@code jwk} (CVE-2018-0114),
 *       or {@code jku} / {@code x5u} naming a key set by plain http or by an IP address. DPoP proofs
 *       ({@code "typ": "dpop+jwt"}, RFC 9449) carry their public key in {@code jwk} by design and
 *       are left alone.</li>
 * </ul>
 * An ordinary token (HS256, RS256, ES256 with a plain key id) gives nothing: the payload and the
 * signature are never judged, only the header's claims about how to check them.
 *
 * <p>The value is percent-decoded (twice at most) as logged; the header is decoded from base64url with or
 * without padding and read with a size-capped JSON parser. Linear in the value's length, at most
 * {@link #MAX_TOKENS} tokens looked at. Stateless and thread-safe.
 */
public final class JwtHeader {

    static final int MAX_LEN = 16_384;
    static final int MAX_HEADER = 2_048;
    static final int MAX_TOKENS = 4;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxStringLength(MAX_HEADER).build())
            .build();

    private JwtHeader() {
    }

    /** @param raw the value as logged; null gives empty. Never throws. */
    public static Optional<String> detect(String raw) {
        if (raw == null || raw.length() < 20) {
            return Optional.empty();
        }
        try {
            String r = raw.length() > MAX_LEN * 3 ? raw.substring(0, MAX_LEN * 3) : raw;
            // twice, for a token whose every byte was encoded and the result encoded again; base64url
            // and the dots need no decoding, so a third round would only undo what the token is
            String s = r.indexOf('%') >= 0 ? RawValues.percentDecode(r, 2) : r;
            if (s.length() > MAX_LEN) {
                s = s.substring(0, MAX_LEN);
            }
            if (s.indexOf("eyJ") < 0 && s.indexOf("eyA") < 0 && s.indexOf("ewo") < 0 && s.indexOf("ew0") < 0) {
                return Optional.empty();
            }
            return Optional.ofNullable(read(s));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String read(String s) {
        int n = s.length();
        int tokens = 0;
        int i = 0;
        while (i < n && tokens < MAX_TOKENS) {
            int start = nextHeaderStart(s, i);
            if (start < 0) {
                return null;
            }
            int headerEnd = run(s, start);
            i = headerEnd;
            // header '.' payload '.' signature: the payload and the signature may be empty ("alg": "none")
            if (headerEnd >= n || s.charAt(headerEnd) != '.' || headerEnd - start < 8) {
                continue;
            }
            int payloadEnd = run(s, headerEnd + 1);
            if (payloadEnd >= n || s.charAt(payloadEnd) != '.') {
                continue;
            }
            tokens++;
            String verdict = judge(s.substring(start, Math.min(headerEnd, start + MAX_HEADER * 4 / 3 + 4)));
            if (verdict != null) {
                return verdict;
            }
            i = run(s, payloadEnd + 1);
        }
        return null;
    }

    /** The next base64url run that starts like an encoded JSON object ({"  { "  {\n  {\r), or -1. */
    private static int nextHeaderStart(String s, int from) {
        int n = s.length();
        for (int i = s.indexOf('e', from); i >= 0 && i + 3 <= n; i = s.indexOf('e', i + 1)) {
            if (i > 0 && isB64u(s.charAt(i - 1))) {
                continue; // inside a longer run: not where a token starts
            }
            char c1 = s.charAt(i + 1);
            char c2 = s.charAt(i + 2);
            if ((c1 == 'y' && (c2 == 'J' || c2 == 'A')) || (c1 == 'w' && (c2 == 'o' || c2 == '0'))) {
                return i;
            }
        }
        return -1;
    }

    private static int run(String s, int from) {
        int i = from;
        while (i < s.length() && isB64u(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isB64u(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    /** The forgery the encoded header {@code b64} shows, or null. */
    static String judge(String b64) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(b64.length() % 4 == 1 ? b64.substring(0, b64.length() - 1) : b64);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String alg = null;
        String kid = null;
        String jku = null;
        String x5u = null;
        String typ = null;
        boolean jwk = false;
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) != null && t != JsonToken.END_OBJECT) {
                if (t != JsonToken.FIELD_NAME) {
                    return null;
                }
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                    if ("jwk".equals(name) && v == JsonToken.START_OBJECT) {
                        jwk = true;
                    }
                    p.skipChildren();
                    continue;
                }
                String text = v == JsonToken.VALUE_STRING ? p.getText() : null;
                switch (name) {
                    case "alg" -> alg = text;
                    case "kid" -> kid = text;
                    case "jku" -> jku = text;
                    case "x5u" -> x5u = text;
                    case "typ" -> typ = text;
                    default -> { }
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return null; // not a JSON object: not a JOSE header
        }
        if (alg == null) {
            return null; // every JWS header names its algorithm (RFC 7515 section 4.1.1)
        }
        if (alg.trim().equalsIgnoreCase("none")) {
            return "JWT header with \"alg\": \"" + alg + "\" (an unsigned token)";
        }
        if (kid != null) {
            String why = badKid(kid);
            if (why != null) {
                return "JWT key id " + why;
            }
        }
        boolean dpop = typ != null && typ.toLowerCase(Locale.ROOT).contains("dpop");
        if (jwk && !dpop) {
            return "JWT header embeds its own verification key (jwk)";
        }
        if (jku != null && untrustedKeyUrl(jku)) {
            return "JWT header names its own key set (jku " + clip(jku) + ")";
        }
        if (x5u != null && untrustedKeyUrl(x5u)) {
            return "JWT header names its own certificate (x5u " + clip(x5u) + ")";
        }
        return null;
    }

    /** Why a key id is a path, a climb or an injection, or null for an ordinary id. */
    static String badKid(String kid) {
        String k = kid.toLowerCase(Locale.ROOT);
        if (k.contains("../") || k.contains("..\\")) {
            return "climbs out of its folder (" + clip(kid) + ")";
        }
        if (k.startsWith("/dev/") || k.startsWith("/proc/") || k.startsWith("/etc/") || k.startsWith("/var/")
                || k.startsWith("/tmp/") || k.startsWith("/usr/") || k.startsWith("c:\\") || k.startsWith("file:")) {
            return "names a system file (" + clip(kid) + ")";
        }
        if (k.indexOf('\'') >= 0 && (k.contains(" union ") || k.contains(" or ") || k.contains("--") || k.contains(" select ")
                || k.contains("#") || k.contains(" and "))) {
            return "carries SQL (" + clip(kid) + ")";
        }
        if (k.contains("$(") || k.indexOf('`') >= 0 || k.contains("|") || k.contains(";") || k.contains("&&")) {
            return "carries shell syntax (" + clip(kid) + ")";
        }
        return null;
    }

    /** A key-set URL fetched without TLS or from a bare address: no issuer publishes keys so. */
    private static boolean untrustedKeyUrl(String url) {
        String u = url.trim().toLowerCase(Locale.ROOT);
        if (u.startsWith("http://")) {
            return true;
        }
        if (!u.startsWith("https://")) {
            return u.contains("://"); // file:, ftp:, gopher:... never a key set
        }
        String host = u.substring("https://".length());
        int end = 0;
        while (end < host.length() && "/?#".indexOf(host.charAt(end)) < 0) {
            end++;
        }
        host = host.substring(0, end);
        if (host.indexOf('@') >= 0) {
            return true; // user-info in a key URL: the host is what follows it, a trick on naive checks
        }
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(']') < colon) {
            host = host.substring(0, colon);
        }
        return host.startsWith("[") || host.matches("[0-9.]+") || host.equals("localhost");
    }

    private static String clip(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
