package dev.vigil.analyze.code;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Examples written from the template engines' and serialisers' documentation, not from any corpus. */
class CodeInjectionTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "{{6*6}}", "{{ 6 * '6' }}", "{{config.items()}}", "{{''.__class__}}", "{{x|attr('y')}}", "{{#each list}}",
        "{{/if}}", "{{= it.x }}", "{% load log %}", "{%- if x -%}", "{% debug %}", "${6*6}", "${t(java.lang.runtime)}",
        "#{6*6}", "*{t(java.lang.system).exit(0)}", "@{6*6}", "%{#a=1}", "<%= 6*6 %>", "<% out.print(1) %>",
        "<#assign ex=\"x\"?new()>", "#set($x=1)", "#foreach($i in [1..2])", "@(6*6)", "{php}echo 1;{/php}",
        "<!--#exec cmd=\"uptime\" -->", "<!--#include virtual=\"/x\" -->", "<esi:include src=\"http://x/\"/>",
        "{\"__proto__\":{\"x\":1}}", "a[constructor][prototype][x]=1", "constructor.prototype.x",
        "o:8:\"stdclass\":0:{}", "o:+8:\"stdclass\":0:{}", "c:+11:\"arrayobject\":0:{}", "a:1:{s:1:\"a\";i:1;}", "!!python/object/apply:os.system [\"x\"]",
        "{\"rce\":\"_$$nd_func$$_function(){}\"}", "{\"$type\":\"system.windows.data.objectdataprovider, x\"}",
        "ro0abxnyabf", "{math equation=\"7*7\"}", "{fetch file=\"/etc/hostname\"}", "{include_php file=\"x.php\"}",
        "{$smarty_x|upper}", "{'ab'|cat:'cd'}", "{\"x\"|escape:'url'}",
        "{{request.environ}}", "{{ config.secret_key }}", "{{_self.env}}", "{{ settings.databases }}",
        "{{this.constructor.constructor}}", "__proto__[admin]", "a.__proto__.b", "__proto__", "{{user.password}}",
        "cos\nsystem\n(s'id'\ntr.", "csubprocess\ncheck_output\n(lp0\n", "/wey" + "aaeaaad/////aqaaaaaaaaamagaaaf5",
        "*{user.email}", "{{ cycler.__init__.__globals__.os }}", "#{request.session}",
    })
    void detects(String value) {
        assertThat(CodeInjection.detect(value)).as(value).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{{name}}", "{{ user }}", "${home}", "${user.name}", "50% off", "100%", "#{id}", "a {b} c",
        "{\"a\":{\"b\":1}}", "the constructor of the house", "info:3:\"x\"", "o:+:\"x\"", "photo:+2:x", "say @(me)", "<b>x</b>", "#settings",
        "2024-01-01", "c#", "#set", "<%>", "photo:2:x", "email@domain.com", "<%=title%>",
        "{math}", "{include}", "{fetch me a coffee}", "{$price}", "{\"a\":\"b|c\"}", "{'a'}|b}", "{a|b}", "{$|x}",
        "Dear {{ customer.first_name }}, your order {{ order.number }} shipped",
        "jinja2 {{ loop.index }} starts at 1", "__proto__ vs prototype in javascript", "plot cos theta (radians)",
    })
    void ignores(String value) {
        assertThat(CodeInjection.detect(value)).as(value).isEmpty();
    }

    /** ESI 1.0 (W3C note) elements and Akamai's extensions, and the ESI comment form. */
    @ParameterizedTest
    @ValueSource(strings = {
        "<esi:inline name=\"/a\" fetchable=\"no\">", "<esi:assign name=\"v\" value=\"1\"/>", "<esi:debug/>",
        "<esi:choose><esi:when test=\"$(x)\">", "<esi:try><esi:attempt>", "<esi:remove>", "<esi:comment text=\"x\"/>",
        "<esi:vars>$(http_host)</esi:vars>", "a<!--esi-->b", "<!--esi <esi:vars>x</esi:vars> -->",
    })
    void detectsEdgeSideIncludes(String value) {
        assertThat(CodeInjection.detect(value)).as(value).hasValue("edge-side include");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<esi:>", "<esi:includes>", "<esi:foo/>", "<!--esimate-->", "tesi:include", "esi include guide"})
    void ignoresWhatIsNoEsiElement(String value) {
        assertThat(CodeInjection.detect(value)).as(value).isEmpty();
    }

    @Test
    void staysLinearOnHostileInput() {
        String hostile = "{{".repeat(30_000) + "${".repeat(30_000) + "<!--#".repeat(10_000) + "<esi:".repeat(10_000) + "<!--esi".repeat(10_000) + "o:1:".repeat(10_000);
        long t = System.nanoTime();
        CodeInjection.detect(hostile);
        assertThat((System.nanoTime() - t) / 1_000_000).isLessThan(2_000);
    }
}
