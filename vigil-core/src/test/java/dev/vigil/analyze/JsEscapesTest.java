package dev.vigil.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.analyze.cmdi.CommandInjection;
import dev.vigil.analyze.code.CodeInjection;
import dev.vigil.analyze.sqli.SqlInjection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Payloads written for this test from the classes' documentation, escaped as JSON/JavaScript strings. */
class JsEscapesTest {

    private static String esc(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(String.format("\\u%04x", (int) c));
        }
        return b.toString();
    }

    @Test
    void undoesEscapesOfSyntax() {
        assertThat(JsEscapes.decode("a\\u0027b")).isEqualTo("a'b");
        assertThat(JsEscapes.decode("\\x3cb\\x3E")).isEqualTo("<b>");
        assertThat(JsEscapes.decode("\\u{7b}\\u{7B}")).isEqualTo("{{");
        assertThat(JsEscapes.decode("O\\u0027Brien")).isEqualTo("o'brien");
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "C:\\Users\\xavier\\file.txt", "\\u0041\\u0042", "$'\\x69\\x64'", "\\u00e9t\\u00e9",
        "a\\u00", "\\x4", "\\u{}", "\\u{1f600}"})
    void leavesOtherTextAlone(String v) {
        assertThat(JsEscapes.decode(v)).as(v).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1' or '1'='1", "-1 union select password from users--", "1;waitfor delay '0:0:5'--"})
    void sqlEscaped(String p) {
        assertThat(SqlInjection.detect(esc(p))).as(p).isPresent();
        assertThat(SqlInjection.detect(p.replace("'", "\\u0027"))).as(p).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{7*7}}", "${7*7}", "<%= 7*7 %>"})
    void templatesEscaped(String p) {
        assertThat(CodeInjection.detect(esc(p))).as(p).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {";cat /etc/passwd", "| id", "$(sleep 5)"})
    void commandsEscaped(String p) {
        assertThat(CommandInjection.detect(esc(p), null)).as(p).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\":\"o\\u0027brien\"}", "tom \\u0026 jerry", "caf\\u00e9 \\u2014 menu", "\\u003cb\\u003ebold\\u003c/b\\u003e",
        "price \\u003e 100", "{\"q\":\"rock \\u0026 roll\"}", "line\\u000anext"})
    void ordinaryEscapedTextStaysQuiet(String v) {
        assertThat(SqlInjection.detect(v)).as(v).isEmpty();
        assertThat(CodeInjection.detect(v)).as(v).isEmpty();
        assertThat(CommandInjection.detect(v, null)).as(v).isEmpty();
    }
}
