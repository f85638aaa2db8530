package dev.vigil.analyze.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tokens built here from RFC 7515/7518 headers and the published JWT attacks; not from any corpus. */
class JwtHeaderTest {

    private static final String PAYLOAD = b64("{\"sub\":\"admin\",\"iat\":1733400000}");
    private static final String SIG = b64("signature-bytes");

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String token(String header, String sig) {
        return b64(header) + "." + PAYLOAD + "." + sig;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"alg\":\"none\",\"typ\":\"JWT\"}", "{\"typ\":\"JWT\",\"alg\":\"NONE\"}", "{\"alg\":\"nOnE\"}",
        "{ \"alg\" : \"none\" }", "{\n  \"alg\": \"None\"\n}",
        "{\"alg\":\"HS256\",\"kid\":\"../../../../../../dev/null\"}", "{\"alg\":\"HS256\",\"kid\":\"/dev/null\"}",
        "{\"alg\":\"HS256\",\"kid\":\"..\\\\..\\\\keys\\\\public.pem\"}",
        "{\"alg\":\"HS256\",\"kid\":\"x' UNION SELECT 'AAAA\"}", "{\"alg\":\"HS256\",\"kid\":\"1' or '1'='1\"}",
        "{\"alg\":\"HS256\",\"kid\":\"key$(curl x.example)\"}", "{\"alg\":\"HS256\",\"kid\":\"k; id\"}",
        "{\"alg\":\"RS256\",\"jwk\":{\"kty\":\"RSA\",\"e\":\"AQAB\",\"n\":\"sXch\"}}",
        "{\"alg\":\"RS256\",\"jku\":\"http://keys.example.net/jwks.json\"}",
        "{\"alg\":\"RS256\",\"jku\":\"https://198.51.100.7/jwks.json\"}",
        "{\"alg\":\"RS256\",\"jku\":\"https://login.example.com@x.example.net/jwks.json\"}",
        "{\"alg\":\"RS256\",\"x5u\":\"http://x.example.net/cert.pem\"}",
    })
    void forgedHeaders(String header) {
        String t = token(header, SIG);
        assertThat(JwtHeader.detect(t)).as(header).isPresent();
        assertThat(JwtHeader.detect("Bearer%20" + t.replace(".", "%2E"))).as("encoded " + header).isPresent();
        StringBuilder everyByte = new StringBuilder();
        for (char c : t.toCharArray()) {
            everyByte.append(String.format("%%%02X", (int) c));
        }
        assertThat(JwtHeader.detect(everyByte.toString())).as("every byte encoded " + header).isPresent();
        assertThat(JwtHeader.detect(everyByte.toString().replace("%", "%25"))).as("encoded twice " + header).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{\"alg\":\"RS256\",\"kid\":\"2024-09-rotation-1\"}",
        "{\"alg\":\"ES256\",\"kid\":\"projects/p/locations/global/keyRings/r/cryptoKeys/k\"}",
        "{\"alg\":\"ES256\",\"typ\":\"dpop+jwt\",\"jwk\":{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"a\",\"y\":\"b\"}}",
        "{\"alg\":\"RS256\",\"jku\":\"https://login.example.com/.well-known/jwks.json\"}",
        "{\"alg\":\"RS256\",\"x5u\":\"https://pki.example.com/signing.pem\"}",
        // no algorithm: not a JOSE header
        "{\"none\":\"true\"}", "{\"kid\":\"../x\"}",
    })
    void ordinaryHeaders(String header) {
        assertThat(JwtHeader.detect(token(header, SIG))).as(header).isEmpty();
    }

    @Test
    void anUnsignedTokenMayEndWithItsDot() {
        assertThat(JwtHeader.detect("/api/me?token=" + token("{\"alg\":\"none\"}", ""))).isPresent();
        assertThat(JwtHeader.detect(b64("{\"alg\":\"none\"}") + "..")).isPresent();
    }

    @Test
    void readsEveryTokenInAValueUpToALimit() {
        String good = token("{\"alg\":\"HS256\"}", SIG);
        String bad = token("{\"alg\":\"none\"}", "");
        assertThat(JwtHeader.detect("a=" + good + "&b=" + bad)).isPresent();
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < JwtHeader.MAX_TOKENS; i++) {
            many.append(good).append(' ');
        }
        assertThat(JwtHeader.detect(many + bad)).isEmpty(); // past the limit: the cost stays bounded
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "eyJ", "eyJhbGciOiJub25lIn0", "eyJhbGciOiJub25lIn0.", "eyJ!!!!.eyJ.x", "they key money eyJ. eyA. ewo.",
        "ewogICJhbGciOiAibm9uZSIsCg", "%E0%A4%A.eyJ.x",
    })
    void malformedInputGivesNothingAndNeverThrows(String raw) {
        assertThat(JwtHeader.detect(raw)).as(raw).isEmpty();
        assertThat(JwtHeader.detect(null)).isEmpty();
    }

    @Test
    void hostileHeadersStayCheap() {
        // a deeply nested header, a huge one, and a megabyte of token-like text
        String deep = "{\"alg\":\"HS256\",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        String huge = "{\"alg\":\"HS256\",\"x\":\"" + "A".repeat(200_000) + "\"}";
        StringBuilder flood = new StringBuilder();
        while (flood.length() < 1_000_000) {
            flood.append("eyJhbGciOi.");
        }
        long t0 = System.nanoTime();
        assertThat(JwtHeader.detect(token(deep, SIG))).isEmpty();
        assertThat(JwtHeader.detect(token(huge, SIG))).isEmpty();
        assertThat(JwtHeader.detect(flood.toString())).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }
}
