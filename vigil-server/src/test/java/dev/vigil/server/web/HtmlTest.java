package dev.vigil.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Contextual escaping and the link filter. */
class HtmlTest {
    @Test
    void textAndAttributesCannotBeBrokenOutOf() {
        assertThat(Html.text("<script>a&b</script>")).isEqualTo("&lt;script&gt;a&amp;b&lt;/script&gt;");
        assertThat(Html.attr("x\" onmouseover=\"y' z`")).doesNotContain("\"").doesNotContain("'").doesNotContain("`")
                .isEqualTo("x&quot; onmouseover&#61;&quot;y&#39; z&#96;");
        assertThat(Html.text("a\u0000b\u001bc\u0085d\te\nf")).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\te\nf");
        assertThat(Html.text(null)).isEmpty();
    }

    @Test
    void onlyLocalPathsAndWebUrlsBecomeLinks() {
        assertThat(Html.href("/alerts/abc")).isEqualTo("/alerts/abc");
        assertThat(Html.href("https://attack.mitre.org/techniques/T1190/")).isEqualTo("https://attack.mitre.org/techniques/T1190/");
        for (String bad : new String[] {"javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)",
            "data:text/html,<script>", "vbscript:x", "//evil.example/", "/\\evil.example", "https://a b", "\u0001/x", ""}) {
            assertThat(Html.href(bad)).as(bad).isEqualTo("#");
        }
        assertThat(Html.href("/q?a=\"><b>")).doesNotContain("\"").doesNotContain("<");
    }

    @Test
    void queryValuesArePercentEncoded() {
        assertThat(Html.query("a b&c=\"<")).isEqualTo("a+b%26c%3D%22%3C");
    }
}
