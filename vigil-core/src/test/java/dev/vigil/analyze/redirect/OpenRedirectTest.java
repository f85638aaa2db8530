package dev.vigil.analyze.redirect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parser differences from the WHATWG URL standard and RFC 3986, not from any corpus. */
class OpenRedirectTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "/\\other.example", "\\\\other.example", "///other.example", "////other.example/x", "// /other.example",
        "/\uff0fother.example", "/\u3035other.example", "/https://other.example", "//https://other.example",
        "https:///other.example", "http:\\\\other.example", "https:/\\other.example", "http:other.example",
        "http:0330.072.0326.0316", "https://trusted.example@other.example/", "//trusted.example?@other.example/",
        "http://a.example#@other.example/", "//other.example", "//other.example/path",
    })
    void detects(String value) {
        assertThat(OpenRedirect.detect(value)).as(value).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/account", "/a/b?c=d", "https://app.example/home", "http://example.com/x?y=z", "jane@example.org",
        "localhost:8080", "http:8080", "//", "/", "..//x", "a//b", "https://example.com/a//b", "//localhost",
        "mailto:x@example.com", "/search?q=//", "http://x.example/@user",
    })
    void ignores(String value) {
        assertThat(OpenRedirect.detect(value)).as(value).isEmpty();
    }
}
