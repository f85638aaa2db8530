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
}
