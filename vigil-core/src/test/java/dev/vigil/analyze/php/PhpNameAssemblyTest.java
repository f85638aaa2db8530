package dev.vigil.analyze.php;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Examples written from PHP's string grammar (php.net: strings, string operators, chr, strrev). */
class PhpNameAssemblyTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "'pass'.'thru'('ls')",
        "$f = \"sh\" . \"ell_\" . \"exec\"; $f('uname');",
        "'as' . /* c */ 'sert'",
        "chr(101).chr(118).chr(97).chr(108)",
        "chr(0x65).'val'",
        "\"\\x73\\x79\\x73\\x74\\x65\\x6d\"('id')",
        "\"\\163ystem\"",
        "strrev('tressa')($_post[1])",
        "str_rot13('cnffgueh')",
        "'\\\\sys'.'tem'",
        "(\"file_put_\".\"contents\")('a.php','x')",
        // after a quote that closes the application's own string
        "x'.(\"\\x65\\x78\\x65\\x63\")('uptime').'",
        "'.(\"\\160\\141\\163\\163\\164\\150\\162\\165\")('ls');//",
        "\";(\"\\x61ssert\")($_post[0]);//",
    })
    void findsAnAssembledName(String v) {
        assertThat(PhpNameAssembly.detect(v)).as(v).isPresent();
    }

    @Test
    void readsABase64ArgumentWithItsCaseFromTheRawValue() {
        String raw = "x=base64_decode(%27c3lzdGVt%27)(%27id%27)";
        assertThat(PhpNameAssembly.detect("x=base64_decode('c3lzdgvt')('id')", raw)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "'system'",
        "the 'system' is down",
        "'sys' and 'tem'",
        "'hello'.'world'",
        "name='a'.'b'",
        "\"exec\" summary",
        "chr(10)",
        "strrev('olleh')",
        "'ev' . 'al' . 'uation'",
        "it's a 'copy'",
    })
    void leavesOrdinaryText(String v) {
        assertThat(PhpNameAssembly.detect(v)).as(v).isEmpty();
    }

    @Test
    void staysLinearOnHostileInput() {
        String hostile = "'a'.".repeat(20_000) + "chr(".repeat(10_000) + "/*".repeat(10_000) + "strrev('".repeat(5_000);
        long t = System.nanoTime();
        PhpNameAssembly.detect(hostile);
        assertThat((System.nanoTime() - t) / 1_000_000).isLessThan(2_000);
    }
}
