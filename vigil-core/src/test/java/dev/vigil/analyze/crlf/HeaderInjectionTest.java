package dev.vigil.analyze.crlf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Values as logged, written from RFC 9110/9112 message syntax, the IANA field registry and OWASP's
 * description of response splitting; not from any corpus.
 */
class HeaderInjectionTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "/home%0d%0aSet-Cookie:%20sid=fixed", "/home%0aLocation:%20https://other.example/",
        "en%0d%0a%20Set-Cookie:x=1", "x%250d%250aContent-Length:%200", "x%25250aRefresh:0",
        "x%u000d%u000aX-Injected:%201", "x\\r\\nSet-Cookie: a=b", "x%E5%98%8A%E5%98%8DSet-Cookie:%20a=b",
        "x\u560a\u560dLocation: /evil", "x%0d%0a%0d%0a%3Cscript%3Ealert(1)%3C/script%3E",
        "x%0aHTTP/1.1%20200%20OK", "x%0d%0aGET%20/admin%20HTTP/1.1", "x%0d%0aAccess-Control-Allow-Origin:%20*",
        "x%0d%0aX-Forwarded-For%20:%20127.0.0.1", "x%0d%0aTransfer-Encoding:%20chunked",
        "x%0D%0Acontent-type:text/html", "%0aHeader-Test:injected", "en%23%0AApi-Key:x", "%3F%0AMy-Header:%201",
        "x%c4%8d%c4%8aSet-Cookie:x=1", "x\u010d\u010aLocation:%20/evil", "x%e4%b8%8aSet-Cookie:x",
        // JSON and JavaScript escapes of CR and LF, undone by a JSON layer before the header is written
        "/home\\u000d\\u000aSet-Cookie:%20sid=1", "x%5Cu000aLocation:%20//other.example/", "x\\x0d\\x0aRefresh:%200",
    })
    void detects(String raw) {
        assertThat(HeaderInjection.detect(raw)).as(raw).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "line1%0d%0aline2", "Dear%20team,%0d%0aNote:%20see%20below", "set-cookie%3A+header",
        "c:%5Cnew%5Cfolder", "%E5%98%8A%E5%98%8D", "a%0d%0a%0d%0aplain text", "x%0d%0aHTTP%20is%20fun",
        "x%0aget%20milk", "x%0d%0aX:%201", "x%0d%0aContent-", "%0d%0a", "plain", "",
        "x%0d%0aLocation%20of%20the%20shop", "x%0d%0aMy-Header-Like-Prose:%20yes",
        "Dear%20team,%0d%0aFollow-up:%20Monday", "x%0aFollow-up%20:%20later", "x%0a-Not-Header:x", "x%0aa--b:1",
        "P%C5%99%C3%ADli%C5%A1%20%C5%BElu%C5%A5ou%C4%8Dk%C3%BD:%20k%C5%AF%C5%88", "x%c4%8dHeader-Test:x",
        "x%c4%8d%c4%8a%3Cb%3E",
        "line1\\u000aline2", "C:\\x0aSet", "x\\u000bSet-Cookie:%201", "caf\\u00e9%20Location:%20here",
    })
    void ignores(String raw) {
        assertThat(HeaderInjection.detect(raw)).as(raw).isEmpty();
    }

    @Test
    void longHostileValuesStayLinear() {
        String[] shapes = {"%0d%0a", "%0a ", "%25", "\\n", "%u000a", "%E5%98%8A", "%0aset-cookie"};
        for (String shape : shapes) {
            String value = shape.repeat(HeaderInjection.MAX_LEN / shape.length() + 1);
            long t = System.nanoTime();
            HeaderInjection.detect(value);
            assertThat(Duration.ofNanos(System.nanoTime() - t)).as(shape).isLessThan(Duration.ofMillis(500));
        }
    }
}
