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
        // a browser removes tabs and line breaks and drops leading controls (WHATWG basic URL parser)
        "/\t/other.example", "\r\n//other.example", "/\n/\t/other.example", "https:/\t/\t/other.example",
        "/ /other.example", "\u0000//other.example",
        // a domain suffix after ? or #: made for allow-lists that compare the end
        "https://other.example#.trusted.example", "//other.example?.trusted.example/",
    })
    void detects(String value) {
        assertThat(OpenRedirect.detect(value)).as(value).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/account", "/a/b?c=d", "https://app.example/home", "http://example.com/x?y=z", "jane@example.org",
        "localhost:8080", "http:8080", "//", "/", "..//x", "a//b", "https://example.com/a//b", "//localhost",
        "mailto:x@example.com", "/search?q=//", "http://x.example/@user", "https://a.example?x=.5",
        "https://a.example/#.section", "a / b", "/ x", "1 / 2 / 3",
    })
    void ignores(String value) {
        assertThat(OpenRedirect.detect(value)).as(value).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/redirect/https:/other.example/", "/out/http:/other.example", "/r/1/http:other.example",
        "/go/HTTPS:/other.example/x", "/l/https:/trusted.example@other.example/",
    })
    void detectsInACanonicalPath(String path) {
        assertThat(OpenRedirect.detectInPath(path)).as(path).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/https/overview", "/docs/http-headers/https-overview", "/wiki/HTTP:/_(x)", "/http:/x.example",
        "/a/b/c.html", "/api/v1/users/42", "/static/http.js", "/shop/https:",
    })
    void ignoresInAPath(String path) {
        assertThat(OpenRedirect.detectInPath(path)).as(path).isEmpty();
    }
}
