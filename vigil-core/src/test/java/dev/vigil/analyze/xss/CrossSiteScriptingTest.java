package dev.vigil.analyze.xss;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CrossSiteScriptingTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "<svg/onload=alert(1)>",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "\"><svg onload=confirm(1)>",
        "javascript:alert(1)",
        "jav\tascript:alert(1)",
        "jav&#x09;ascript:alert(1)",
        "<iframe srcdoc=\"<script>alert(1)</script>\">",
        "<body onpageshow=alert(1)>",
        "<details open ontoggle=alert(1)>",
        "<math><mtext><a href=\"javascript:alert(1)\">x",
        "<a href=\"jAvAsCrIpT&colon;alert&lpar;1&rpar;\">X</a>",
        "<object data=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">",
        "<embed src=x>",
        "<IMG\nSRC=x\nONERROR=alert(1)>",
        "<div style=\"width:expression(alert(1))\">",
        "'-alert(1)-'",
        "\";alert(1)//",
        "`${alert(1)}`",
        "<svg><![CDATA[><image xlink:href=\"]]><img src=x onerror=alert(2)//\"></svg>",
        "\" autofocus onfocus=alert(1) x=\"",
        "x\" type=image src=null onerror=alert(1) \"",
        "document.cookie",
        "eval(atob('YWxlcnQoMSk='))",
        "String.fromCharCode(88,83,83)",
        "</script><script>alert(1)</script>",
        "data:text/html,<script>alert(1)</script>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<iframe/src=\"javascript:alert(1)\">",
        "+ADw-script+AD4-alert(1)+ADw-/script+AD4-",
        "<form><button formaction=javascript:alert(1)>X",
        "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
        "[].sort.call`${alert}1337`",
    })
    void detectsXss(String value) {
        assertThat(CrossSiteScripting.detect(value)).as(value).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "O'Reilly",
        "select a size",
        "<b>bold</b>",
        "<i>x</i> and <em>y</em>",
        "rock 'n' roll",
        "Tom's \"best\" pizza",
        "drop-down menu",
        "1-2-3",
        "order by price",
        "email@example.com",
        "C++ & C#",
        "it's 5 o'clock",
        "a < b and c > d",
        "<3 you",
        "onion=3",
        "x=1&y=2",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
        "{\"a\":1}",
        "{\"onload\":\"no\",\"b\":[1,2]}",
        "aGVsbG8gd29ybGQ=",
        "https://example.com/a?b=c",
        "javascript: the good parts",
        "learn javascript:beginner course",
        "javascript:void(0) meaning",
        "javascript:void(0);",
        "what does javascript: void 0 do",
        "please confirm (yes or no)",
        "the alert (red) level",
        "10:30 (approx.)",
        "mailto:someone@example.com",
        "data:image/png;base64,iVBORw0KGgo=",
        "Q&amp;A session &copy; 2024",
        "<p class=\"note\">hi</p>",
        "<a href=\"https://example.com\">link</a>",
    })
    void ignoresBenignValues(String value) {
        assertThat(CrossSiteScripting.detect(value)).as(value).isEmpty();
    }

    @Test
    void namesTheTagAndHandler() {
        assertThat(CrossSiteScripting.detect("<svg/onload=alert(1)>")).contains("tag svg with event handler onload");
        assertThat(CrossSiteScripting.detect("javascript:alert(1)")).contains("javascript: URL");
        // void(0) only when nothing but words follows it
        assertThat(CrossSiteScripting.detect("javascript:void(0);alert(1)")).contains("javascript: URL");
        assertThat(CrossSiteScripting.detect("javascript:void(alert(1))")).contains("javascript: URL");
        assertThat(CrossSiteScripting.detect("javascript:void0(1)")).contains("javascript: URL");
        assertThat(CrossSiteScripting.detect("<script src=//x.example/a.js></script>")).contains("tag script");
    }

    @Test
    void toleratesNullEmptyAndTruncatedMarkup() {
        assertThat(CrossSiteScripting.detect(null)).isEmpty();
        assertThat(CrossSiteScripting.detect("")).isEmpty();
        assertThat(CrossSiteScripting.detect("<")).isEmpty();
        assertThat(CrossSiteScripting.detect("<a href=\"")).isEmpty();
        assertThat(CrossSiteScripting.detect("&#")).isEmpty();
        assertThat(CrossSiteScripting.detect("<svg onload=")).isPresent();
    }

    @Test
    void normalizerDecodesLeftoverEntities() {
        assertThat(XssNormalizer.normalize("JaVa&#115;cript&colon;&#x61;lert")).isEqualTo("javascript:alert");
        assertThat(XssNormalizer.normalize("a&#0000106b")).isEqualTo("ajb");
        assertThat(XssNormalizer.normalize("&unknown; &")).isEqualTo("&unknown; &");
    }
}
