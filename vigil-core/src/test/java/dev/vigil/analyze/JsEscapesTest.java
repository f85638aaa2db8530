package dev.vigil.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.analyze.cmdi.CommandInjection;
import dev.vigil.analyze.code.CodeInjection;
import dev.vigil.analyze.sqli.SqlInjection;
import dev.vigil.analyze.ssrf.ServerSideRequestForgery;
import dev.vigil.analyze.traversal.PathTraversal;
import dev.vigil.analyze.xss.CrossSiteScripting;
import dev.vigil.analyze.xxe.XmlExternalEntity;
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

    // the readers of markup, paths and URLs read escaped values too (the same JSON layer undoes them)

    @ParameterizedTest
    @ValueSource(strings = {"<svg onload=prompt(9)>", "\"><img src=q onerror=confirm(2)>", "<a href=\"javascript:print()\">z</a>"})
    void markupEscaped(String p) {
        assertThat(CrossSiteScripting.detect(esc(p))).as(p).isPresent();
        assertThat(CrossSiteScripting.detect(p.replace("<", "\\u003c").replace(">", "\\u003e"))).as(p).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../../../etc/group", "..\\..\\..\\boot.ini", "php://filter/resource=config.php"})
    void pathsEscaped(String p) {
        assertThat(PathTraversal.detect(esc(p), null, false)).as(p).isPresent();
        assertThat(PathTraversal.detect(p.replace("/", "\\u002f"), null, false)).as(p).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/computeMetadata/", "gopher://127.0.0.1:25/_HELO", "http://[::1]:8500/v1/agent"})
    void urlsEscaped(String p) {
        assertThat(ServerSideRequestForgery.detect(esc(p), false)).as(p).isPresent();
    }

    @Test
    void entityDeclarationsEscaped() {
        String p = "<!DOCTYPE d [<!ENTITY e SYSTEM \"file:///etc/issue\">]><d>&e;</d>";
        assertThat(XmlExternalEntity.detect(esc(p).toLowerCase(java.util.Locale.ROOT), null)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\u003cb\\u003ebold\\u003c/b\\u003e", "\\u003ca href=\\u0022https://www.example.org/\\u0022\\u003ehome\\u003c/a\\u003e",
        "reports\\u002f2024\\u002fq3.pdf", "https:\\u002f\\u002fwww.example.com\\u002fdocs", "{\"host\":\"api.example.com\\u003a443\"}",
        "\\u003cp\\u003etom \\u0026 jerry\\u003c/p\\u003e"})
    void ordinaryEscapedMarkupPathsAndUrlsStayQuiet(String v) {
        assertThat(CrossSiteScripting.detect(v)).as(v).isEmpty();
        assertThat(PathTraversal.detect(v, null, false)).as(v).isEmpty();
        assertThat(ServerSideRequestForgery.detect(v, false)).as(v).isEmpty();
        assertThat(XmlExternalEntity.detect(v, null)).as(v).isEmpty();
    }
}
