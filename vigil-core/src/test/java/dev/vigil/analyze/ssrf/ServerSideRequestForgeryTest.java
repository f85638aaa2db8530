package dev.vigil.analyze.ssrf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Host notations from inet_aton(3), RFC 4291 and the clouds' metadata documentation; no corpus rows. */
class ServerSideRequestForgeryTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "http://127.0.0.1/", "http://127.1/", "http://0/", "http://0.0.0.0:22", "http://2130706433/",
        "http://0x7f.1/", "http://0x7f000001/", "http://017700000001/", "http://0177.0.0.1/",
        "http://127.000.000.001/", "https://10.20.30.40/x", "http://172.20.1.1/", "http://192.168.1.1:8443/",
        "http://169.254.169.254/latest/", "http://0xa9fea9fe/", "http://2852039166/", "http://[::1]/",
        "http://[::]/", "http://[0:0:0:0:0:ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/", "http://[fe80::1%25eth0]/",
        "http://[fd00:ec2::254]/", "http://[64:ff9b::a9fe:a9fe]/", "http://metadata.google.internal/",
        "http://metadata/computemetadata/v1/", "http://100.100.100.200/", "http://192.0.0.192/opc/v2/",
        "http://168.63.129.16/", "http://a@b@127.0.0.1/", "http://evil.example#@10.0.0.1/",
        "http://127.0.0.1!/", "http://localhost:8080/", "http://localhost./", "http://app.localtest.me/",
        "http://10.0.0.1.nip.io/", "http://db.svc.cluster.local/", "http://x.internal/",
        "http://vault.service.consul:8200/v1/sys/health",
        "gopher://mail.example:25/_helo", "dict://cache:11211/", "ldap://dc.example/", "jar:http://x/a.jar!/",
        "localhost:6379", "10.1.1.1:2375/version", "//127.0.0.1/", "http:\\\\127.0.0.1\\",
        "http://0o177.0.0.1/", "http://docker/containers/json", "https://go.example.com/r?u=http://127.0.0.1/",
        // written for this test: compatibility characters that IDNA folds, parts above 255
        "http://\u24d8\u24dd\u24e3\u24d4\u24e1\u24dd\u24d0\u24db.example/", "http://\uff49\uff4e\uff54\uff52\uff41.example/",
        "http://300.400.500.600/", "https://1.2.3.256:8080/",
    })
    void detects(String value) {
        assertThat(ServerSideRequestForgery.detect(value)).as(value).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://example.com/", "http://8.8.8.8/", "https://203.0.113.9/a", "localhost", "127.0.0.1",
        "10.0.0.0/8", "192.168.0.0/16", "1.2.3", "v10.5/api", "metadata/name", "mailto:a@example.com",
        "urn:isbn:123", "c:/files", "12:30", "2024-01-01", "http://[2001:db8::1]/", "https://cdn.example.net/a.png",
        "user@example.com", "/search/handmade?q=x&page=2", "\\u0061lert", "[::ffff:a9fe:a9fe]", "/docs/intro", "data://text/plain;base64,aGk=",
        "http://caf\u00e9.example/", "https://\u043f\u0440\u0438\u043c\u0435\u0440.example/", "http://1.2.3.4.5/", "version 300.400.500.600",
    })
    void ignores(String value) {
        assertThat(ServerSideRequestForgery.detect(value)).as(value).isEmpty();
    }

    /**
     * A single-label host is an internal name only where a fetcher resolves it: custom schemes with
     * {@code //} are identifiers and app links (Shopify's global ids, deep links), written for this test.
     */
    @Test
    void aSingleLabelHostCountsOnlyUnderASchemeAFetcherFollows() {
        for (String id : new String[] {"gid://shopify/Product/123", "spotify://track/4uLU6hMCjMI75M1A2tKUQC",
            "vscode://file/home/dev/app.js", "slack://open?team=T123", "app://settings/profile", "gid://shopify/Customer/987"}) {
            assertThat(ServerSideRequestForgery.detect(id)).as(id).isEmpty();
        }
        for (String url : new String[] {"http://intranet/admin", "https://jenkins/script", "ftp://files/pub", "ws://broker/ws",
            "redis://127.0.0.1:6379/", "foo://169.254.169.254/latest/meta-data/", "gid://localhost/x"}) {
            assertThat(ServerSideRequestForgery.detect(url)).as(url).isPresent();
        }
    }

    /**
     * A bare private address with a port and nothing after it is how monitoring and admin tools name
     * a service (a dashboard's instance variable, a scrape target); loopback, link-local, metadata,
     * a re-spelled address, a scheme or a path after the port still make it a fetch target. Written for
     * this test.
     */
    @Test
    void aBarePrivateHostAndPortIsASettingNotAUrl() {
        for (String setting : new String[] {"10.0.1.15:9100", "192.168.1.20:3000", "172.16.4.2:5432", "100.64.0.5:8080"}) {
            assertThat(ServerSideRequestForgery.detect(setting)).as(setting).isEmpty();
        }
        for (String target : new String[] {"127.0.0.1:6379", "169.254.169.254:80", "0.0.0.0:2375", "169.254.10.1:8080",
            "10.1.1.1:2375/version", "10.0.0.5:8500/v1/agent/self", "012.0.0.1:22",
            "http://10.0.1.15:9100/metrics", "//192.168.1.1:8080"}) {
            assertThat(ServerSideRequestForgery.detect(target)).as(target).isPresent();
        }
    }

    @Test
    void findsAUrlEmbeddedInThePath() {
        assertThat(ServerSideRequestForgery.detect("/proxy/http:/10.0.0.1/", true)).isPresent();
        assertThat(ServerSideRequestForgery.detect("/blog/http:/example.com/", true)).isEmpty();
    }

    @Test
    void readsAMatrixParameterValueInThePath() {
        // JAX-RS @MatrixParam, Spring @MatrixVariable: /a;name=value reaches the application like a query parameter
        assertThat(ServerSideRequestForgery.detect("/fetch;src=http://10.0.0.7:9200/_cat", true)).isPresent();
        assertThat(ServerSideRequestForgery.detect("/img;v=2;from=gopher://127.0.0.1:6379/_info/x", true)).isPresent();
        assertThat(ServerSideRequestForgery.detect("/render;url=http://0x7f000001/admin", true)).isPresent();
        // an ordinary matrix parameter, a public URL, and an '=' outside a path parameter
        assertThat(ServerSideRequestForgery.detect("/cars;color=red;year=2020/engine", true)).isEmpty();
        assertThat(ServerSideRequestForgery.detect("/share;to=https://www.example.org/page", true)).isEmpty();
        assertThat(ServerSideRequestForgery.detect("/a/b=http://10.0.0.1/", true)).isEmpty();
        assertThat(ServerSideRequestForgery.matrixValue("/x;=http://10.0.0.1/", 4)).isFalse();
    }
}
