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
    })
    void ignores(String value) {
        assertThat(PathTraversal.detect(value)).as(value).isEmpty();
    }

    @Test
    void absolutePathsCountInParametersNotInTheRequestPath() {
        assertThat(PathTraversal.detect("/bin/report", false)).isPresent();
        assertThat(PathTraversal.detect("/bin/report", true)).isEmpty();
        assertThat(PathTraversal.detect("/static/../../etc/group", true)).isPresent();
    }

    @Test
    void staysLinearOnHostileInput() {
        String hostile = "\u00fc\u0080".repeat(40_000) + "..%zz".repeat(20_000) + "0x2".repeat(20_000);
        long t = System.nanoTime();
        PathTraversal.detect(hostile);
        assertThat((System.nanoTime() - t) / 1_000_000).isLessThan(2_000);
    }
}
