package dev.vigil.ti.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StixPatternTest {
    @Test
    void orJoinedComparisonsAndObservations() {
        StixPattern.Result r = StixPattern.parse(
                "([ipv4-addr:value = '1.2.3.4' OR domain-name:value = 'a.example']) OR [url:value = 'http://x/\\'q']");
        assertThat(r.ok()).isTrue();
        assertThat(r.terms()).containsExactly(
                new StixPattern.Term("ipv4-addr", "value", "1.2.3.4"),
                new StixPattern.Term("domain-name", "value", "a.example"),
                new StixPattern.Term("url", "value", "http://x/'q"));
    }

    @Test
    void quotedHashNamesAndInLists() {
        StixPattern.Result r = StixPattern.parse("[file:hashes.'SHA-256' IN ('aa', 'bb') OR file:hashes.MD5 = 'cc']");
        assertThat(r.terms()).extracting(StixPattern.Term::path).containsExactly("hashes.SHA-256", "hashes.SHA-256",
                "hashes.MD5");
        assertThat(r.terms()).extracting(StixPattern.Term::value).containsExactly("aa", "bb", "cc");
    }

    @Test
    void narrowingConstructsAreRejectedWithReasons() {
        assertThat(StixPattern.parse("[a:b = 'x' AND a:c = 'y']").error()).contains("AND is not supported");
        assertThat(StixPattern.parse("[a:b = 'x'] FOLLOWEDBY [a:c = 'y']").error()).contains("FOLLOWEDBY");
        assertThat(StixPattern.parse("[a:b = 'x'] WITHIN 5 SECONDS").error()).contains("WITHIN");
        assertThat(StixPattern.parse("[a:b != 'x']").error()).contains("'!='");
        assertThat(StixPattern.parse("[a:b LIKE 'x%']").error()).contains("LIKE");
        assertThat(StixPattern.parse("[a:b NOT = 'x']").error()).contains("NOT");
        assertThat(StixPattern.parse("[a:b = 'x'").error()).contains("expected ']'");
        assertThat(StixPattern.parse("[a:b = 'x]").error()).contains("unterminated");
        assertThat(StixPattern.parse("").error()).contains("empty");
        assertThat(StixPattern.parse("[a:b = t'2020-01-01T00:00:00Z']").error()).contains("string literals");
    }

    @Test
    void deepNestingIsRejectedNotOverflowed() {
        String p = "(".repeat(10_000) + "[a:b = 'x']" + ")".repeat(10_000);
        assertThat(StixPattern.parse(p).error()).contains("nesting too deep");
    }
}
