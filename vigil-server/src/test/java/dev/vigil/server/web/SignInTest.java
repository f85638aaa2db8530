package dev.vigil.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where a sign-in may send the browser afterwards. */
class SignInTest {
    @Test
    void afterSigningInOnlyPathsOnThisServerAreFollowed() {
        assertThat(SignIn.safeNext("/alerts?status=Active")).isEqualTo("/alerts?status=Active");
        for (String bad : new String[] {null, "", "https://evil.example/", "//evil.example", "/\\evil.example", "/a\\b",
            "javascript:alert(1)", "/x\ny", "alerts"}) {
            assertThat(SignIn.safeNext(bad)).as(String.valueOf(bad)).isEqualTo("/");
        }
    }
}
