package dev.vigil.analyze.xpath;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fragments written from the XPath 1.0 recommendation (location paths, axes, the core function
 * library) and OWASP's description of blind XPath injection, imagining a query
 * {@code //user[name/text()='VALUE']}; not from any corpus. Values are decoded and case-folded.
 */
class XPathInjectionTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "x' or count(/child::node())>0 or 'a", "x' and string-length(name(/*[1]))=4 and 'a",
        "x' and substring(name(/*[1]),1,1)='u", "count(//user)", "name(..)", "local-name(/*)",
        "string-length(name(.))", "x' or count(@*)=2 or 'a", "contains(name(/*[1]),'u')",
        "']|//*|//*['", "\"] | //password | //*[\"", "x')] | //* | a[('", "']/../*['",
        "x' or true() or '", "x' and false() and '", "/descendant-or-self::node()", "//*[self::user]",
        "x' and doc('http://oob.example.net/')", "doc-available(\"http://oob.example.net/\")",
        "unparsed-text('file:///etc/hostname')", "count(/ancestor::*)",
        "/catalog/item[1]/price/text()", "//*/node()", "//account[last()]/email", "x' or //role[ position() = 2 ] or 'a",
        "x'|//*", "a\" | /config/db", "x') | //secret | a[('", "/comment()", "2]|//*", "7 ] | //user[1",
        "x\')]//password|//a[(\'", "\"]//secret", "x']//user/password",
        "//*[contains(., 'apikey')]", "//*[starts-with(name(),'pass')]", "substring(local-name(),1,1)",
        "//*[ contains(text(), 'token')]",
    })
    void detects(String value) {
        assertThat(XPathInjection.detect(value)).as(value).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "count (the votes)", "count(*)", "std::string", "foo::bar::baz", "name(s) of the players",
        "the name (first)", "a[1] | b", "items[0]", "['a']", "true or false", "string(s) attached",
        "concat(a, b)", "substring(x, 1, 2)", "https://example.com/a::b", "c:\\\\temp::data", "",
        "contains(text, 'x')", "count(items)", "ancestor of mine", "(/)", "contains(a.b, c)", "xpath contains(text(), 'foo') selenium",
        "//button[contains(., 'Save')]",
        "name(), email", "string(.5, 2)",
        "text()", "call node() first", "position() in the queue", "get last() item", "'a' | 'b'",
        "\"quoted\" | filter", "it's | /home", "and/or text (see above)", "item 2] | /next", "[1]|/",
        "f(x)]//notes", "see [1]//2", "a]//b",
    })
    void ignores(String value) {
        assertThat(XPathInjection.detect(value)).as(value).isEmpty();
    }

    @Test
    void longHostileValuesStayLinear() {
        String[] shapes = {"count(", "(", "::", "child::", "']|", "]", "name(name(", "' | ", "')|", "/text(", "[position("};
        for (String shape : shapes) {
            String value = shape.repeat(XPathInjection.MAX_LEN / shape.length() + 1);
            long t = System.nanoTime();
            XPathInjection.detect(value);
            assertThat(Duration.ofNanos(System.nanoTime() - t)).as(shape).isLessThan(Duration.ofMillis(500));
        }
    }
}
