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
        // written for this test from the URL standard's parser behaviour and filter-bypass classes
        "https://\t/other.example", "https:// /other.example", "<>//other.example",
        "////\\;@other.example", "///\\x@other.example", "http:10.20.30.400", "http:user@other.example",
        "https://other.example\\.trusted.example", "https://other.example\\@trusted.example",
        "https://trusted.example/https://other.example/", "/\u30fcother.example", "/\uff70other.example",
        "\\x6a\\x61\\x76\\x61\\x73\\x63\\x72\\x69\\x70\\x74\\x3aprompt(1)",
        "\\152\\141\\166\\141\\163\\143\\162\\151\\160\\164\\072prompt(1)",
        "\\u002f\\u002fother.example", "/landing?to=/\\/other.example", "/go?a=1&u=//other.example/x",
        "\u3031other.example", "\u3031\u3031other.example/x", "\u3035other.example", "\u309dother.example?a=1",
        "\uff0f\uff0fother.example",
        // the site's domain written inside another host, for a check that compares the start
        "https://app.trusted.com.other.example/cb", "http://trusted.org.login-check.example.net/", "https://www.trusted.com.other.example:8443/",
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
        "http:8080/x", "https://web.example/archive/2020/https://other.example", "\\n", "\\x41 text",
        "/search?q=a&page=2", "/list?sort=name&dir=asc", "C:\\Users\\x",
        "https://a.example\\b", "<>", "<> x", "\u30fcabc", "\u30fc\u30e9\u30fc\u30e1\u30f3.jp ok", "\u30fcv1.2",
        "\u30fcfoo.b", "\u30fc a.example",
        "https://assets.example.com.s3.amazonaws.com/a.png", "https://www.example.com.edgekey.net/", "https://example.com.au/x",
        "https://net.example.org/", "https://shop.example.co.uk/", "https://a.example.com/com.org.x", "http://1.2.3.4.in-addr.arpa/",
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
    @ValueSource(strings = {"/insecure/rs:fill:300:300/plain/https://cdn.example.com/a.png@webp",
        "/unsafe/fit-in/600x400/filters:format(webp)/https://cdn.example.com/b.jpg"})
    void leavesAnImageProxysSourceUrlAlone(String path) {
        assertThat(OpenRedirect.detectInPath(path)).as(path).isEmpty();
    }

    /** A raw path as the request view canonicalises it: decoded, backslashes as slashes, slash runs as one. */
    private static String canonicalPath(String raw) {
        return java.net.URLDecoder.decode(raw.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8)
                .replace('\\', '/').replaceAll("/{2,}", "/");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/go/%5Cother.example", "/out/%09/other.example", "/r/%5C/%5C/other.example/", "/l/%5c%5cother.example/x",
        "/go/%09/trusted.example@other.example",
    })
    void detectsInARawPath(String raw) {
        assertThat(OpenRedirect.detectInPath(canonicalPath(raw), raw)).as(raw).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/a/%5Cfile.txt", "/a/%5C", "/img/%09/logo.png", "/docs/%5Cn-escapes", "/x/%2Fy/z.example.png",
        "/search/hello%09world", "/api/v1/items/%5C/42",
    })
    void ignoresInARawPath(String raw) {
        assertThat(OpenRedirect.detectInPath(canonicalPath(raw), raw)).as(raw).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "//other.example/", "//other.example", "//other.example/%2e%2e", "//other.example/%2F..", "/%2F%2Fother.example",
        "/%5Cother.example", "/%5C%5Cother.example/", "/\\other.example:8080/", "/%09/other.example/",
    })
    void detectsAHostOpeningTheRawPath(String raw) {
        assertThat(OpenRedirect.detectInPath(canonicalPath(raw), raw)).as(raw).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "//favicon.ico", "//index.php", "//wp-includes/js/jquery.js", "//cdn.example.com/app.js",
        "//static.example.org/css/site.css?v=2", "//assets", "/%2Fapi/v1/items", "//example", "/other.example/",
    })
    void ignoresAnOrdinaryDoubleSlashPath(String raw) {
        assertThat(OpenRedirect.detectInPath(canonicalPath(raw), raw)).as(raw).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://trusted.example%2eother.example/", "https://other.example%2f%2f.trusted.example/",
        "http://other.example%5c.trusted.example", "https://trusted.example%40other.example", "/other.example/%2f..",
        "https://other.example/%2F%2E%2E",
    })
    void detectsEncodedDelimitersAsLogged(String raw) {
        String decoded = java.net.URLDecoder.decode(raw, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(OpenRedirect.detect(decoded, raw)).as(raw).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https%3A%2F%2Fapp.example%2Fhome", "http://app.example/a%2Fb", "https://app.example/search?q=a%2Eb",
        "/files/%2f..", "https://app.example:8443/x%40y", "/docs/page%2F2",
    })
    void ignoresEncodedDelimitersOutsideTheHost(String raw) {
        String decoded = java.net.URLDecoder.decode(raw, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(OpenRedirect.detect(decoded, raw)).as(raw).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/go/\u3035other.example", "/out/\uff0fother.example/x"})
    void detectsALookAlikeSlashInAPath(String path) {
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
