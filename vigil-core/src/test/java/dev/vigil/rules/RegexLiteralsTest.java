package dev.vigil.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.rules.compile.RegexLiterals;
import org.junit.jupiter.api.Test;

class RegexLiteralsTest {
    @Test
    void findsRequiredLiterals() {
        assertThat(RegexLiterals.required("\\bsleep\\s*\\(")).containsExactly("sleep");
        assertThat(RegexLiterals.required("union(\\s+all)?\\s+select|pg_sleep")).containsExactlyInAnyOrder("select", "pg_sleep");
        assertThat(RegexLiterals.required("(php|data)://")).containsExactlyInAnyOrder("php://", "data://");
    }

    @Test
    void givesUpWhenNothingIsRequired() {
        assertThat(RegexLiterals.required("a?b*")).isNull();
        assertThat(RegexLiterals.required("[a-z]+|foo")).isNull();
        assertThat(RegexLiterals.required("(foo)?b?")).isNull();
        assertThat(RegexLiterals.required("(foo)?bar?")).contains("ba");
    }

    /**
     * Runs of literal characters are appended at once; the sets must be what appending them one
     * atom at a time gave (these expectations were printed by the one-at-a-time version).
     */
    @Test
    void literalRunsGiveWhatOneCharacterAtATimeGave() {
        assertThat(RegexLiterals.required("abcdefghijklmnopqrstuvwxyz0123456789abcdefghij\\.klmnop"))
                .containsExactly("abcdefghijklmnopqrstuvwxyz0123456789abcd");
        assertThat(RegexLiterals.required("(?:ab|cd)efg\\/etc\\/passwd\\b"))
                .containsExactly("abefg/etc/passwd", "cdefg/etc/passwd");
        assertThat(RegexLiterals.required("\\bwget\\s+http")).containsExactly("wget");
        assertThat(RegexLiterals.required("(x|y)ab\\.c?d")).containsExactly("xab.cd", "xab.d", "yab.cd", "yab.d");
        assertThat(RegexLiterals.required("a\\$\\{jndi:")).containsExactly("a${jndi:");
        assertThat(RegexLiterals.required("(?:one|two|three)(?:four|five)\\-\\-ab")).containsExactly(
                "onefour--ab", "onefive--ab", "twofour--ab", "twofive--ab", "threefour--ab", "threefive--ab");
    }
}
