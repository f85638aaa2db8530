package dev.vigil.analyze.traversal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Examples written from the encodings traversal filters miss, not from any corpus. */
class PathTraversalTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "../../x",
        "..\\..\\x",
        "....//....//etc/motd",
        "//etc/./group", "/var/./lib/dpkg/status", "/usr/./local/./etc/x.conf",
        "..\u2215..\u2215etc\u2215group",
        "..\uefc8..\uefc8x",
        "0x2e0x2e0x2f0x2e0x2e0x2fx",
        "..0x5c..0x5cx",
        "..%zz..%zzetc%zzhostname",
        "\u00f0\u0080\u0080\u00ae\u00f0\u0080\u0080\u00ae/\u00f0\u0080\u0080\u00ae\u00f0\u0080\u0080\u00ae/x",
        "?./?./x",
        "../etc/group",
        "/etc/ssh/sshd_config",
        "c:/windows/system.ini",
        "c:\\inetpub\\logs",
        "d:\\backup",
        "file:///etc/fstab",
        "/var/log/apache2/error.log",
        "/proc/self/cmdline",
        "php://filter/resource=index",
        "expect://uname",
        "phar://uploads/a.jpg/x",
        "data:text/plain;base64,aGk=",
        "web-inf/web.xml",
        // escapes whose hex digits were escaped again (%%32%%66 decoded once is %2%f)
        "..%2%f..%2%f..%2%fx", "%2%e%2%e%5%c%2%e%2%e%5%cx", "0x2e0x2e%2%fetc%2%fgroup",
    })
    void detects(String value) {
        assertThat(PathTraversal.detect(value)).as(value).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "reports/2024/q1.pdf",
        "/account/settings",
        "/home/dashboard",
        "wait... what",
        "1.2.3",
        "archive../2019",
        "c:\\fakepath\\photo.jpg",
        "https://example.com/a/b",
        "\u00e9t\u00e9",
        "caf\u00e9/cr\u00e8me",
        "sess_4f2a9c",
        "user.profile",
        "..",
        "a..b",
        "50%2%3 off", "%2%f",
    })
    void ignores(String value) {
        assertThat(PathTraversal.detect(value)).as(value).isEmpty();
    }

    @Test
    void aBase64ValueIsReadDecodedWhenItStartsLikeAPath() {
        // base64 of ../../etc/hosts, etc/passwd (padding escaped as sent), and of plain text
        assertThat(PathTraversal.detect("li4vli4vzxrjl2hvc3rz", "Li4vLi4vZXRjL2hvc3Rz", false)).isPresent();
        assertThat(PathTraversal.detect("zxrjl3bhc3n3za%3d%3d", "ZXRjL3Bhc3N3ZA%3D%3D", false)).isPresent();
        assertThat(PathTraversal.detect("/dl/li4vli4vzxrjl2hvc3rz", "/dl/Li4vLi4vZXRjL2hvc3Rz", true)).isPresent();
        assertThat(PathTraversal.detect("li4uigfuzcbzbybvbg==", "Li4uIGFuZCBzbyBvbg==", false)).isEmpty();
        assertThat(PathTraversal.detect("zxrjlxbhc3n3b3jk", "ZXRjLXBhc3N3b3Jk", false)).isEmpty(); // etc-password
        // without the value as sent, nothing is decoded (base64 is case-sensitive)
        assertThat(PathTraversal.detect("li4vli4vzxrjl2hvc3rz", false)).isEmpty();
    }

    @Test
    void aMalformedEscapeMayStandForADot() {
        // %c0 without its continuation byte, next to dots: each segment a climb
        assertThat(PathTraversal.detect("\u00c0.\u00c0.\u00c0\\\u00c0.\u00c0.\u00c0\\x", false)).isPresent();
        // and for a separator, collapsed with the slash beside it
        assertThat(PathTraversal.detect("srv\u00c0/etc\u00c0/shadow", false)).isPresent();
        assertThat(PathTraversal.detect("caf\u00e9./menu", false)).isEmpty();
    }

    @Test
    void absolutePathsCountInParametersNotInTheRequestPath() {
        assertThat(PathTraversal.detect("/bin/report", false)).isPresent();
        assertThat(PathTraversal.detect("/bin/report", true)).isEmpty();
        assertThat(PathTraversal.detect("/static/../../etc/group", true)).isPresent();
    }

    @Test
    void aParameterThatIsOnlyASecretsDotfileIsARead() {
        assertThat(PathTraversal.detect(".env", false)).hasValue("names .env");
        assertThat(PathTraversal.detect(".env.production", false)).isPresent();
        assertThat(PathTraversal.detect(".npmrc", false)).isPresent();
        // a name that only mentions one, and the request path (left to the sensitive-file rules)
        assertThat(PathTraversal.detect("config.env", false)).isEmpty();
        assertThat(PathTraversal.detect(".env.example", false)).isEmpty();
        assertThat(PathTraversal.detect("my .env file", false)).isEmpty();
        assertThat(PathTraversal.detect("/.npmrc", true)).isEmpty();
    }

    @Test
    void staysLinearOnHostileInput() {
        String hostile = "\u00fc\u0080".repeat(40_000) + "..%zz".repeat(20_000) + "0x2".repeat(20_000);
        long t = System.nanoTime();
        PathTraversal.detect(hostile);
        assertThat((System.nanoTime() - t) / 1_000_000).isLessThan(2_000);
    }
}
