package dev.vigil.export.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookTargetTest {
    @Test
    void aUrlWithoutSecretsIsItsOwnReference() {
        WebhookTarget t = WebhookTarget.parse("http://127.0.0.1:8099/hook", n -> null);
        assertThat(t.redacted()).isEqualTo("http://127.0.0.1:8099/hook");
        assertThat(t.reference()).isEqualTo("http://127.0.0.1:8099/hook");
    }

    @Test
    void credentialsQueryValuesAndTokenPathsAreMasked() {
        assertThat(WebhookTarget.redact("https://alice:pw@siem.example/in?api_key=abc&x=1#frag"))
                .isEqualTo("https://***@siem.example/in?api_key=***&x=***#***");
        assertThat(WebhookTarget.redact("https://hooks.slack.example/services/T0AB12CD3/B0XY98ZW7/Zq8sLx2Vb9Nm4Kj6Hg1Fd3Sa"))
                .isEqualTo("https://hooks.slack.example/services/T0AB12CD3/B0XY98ZW7/***");
        assertThat(WebhookTarget.redact("https://chat.example/api/webhooks/123456789012345678/Ab_cD-ef12GhIj34KlMn56OpQr78"))
                .isEqualTo("https://chat.example/api/webhooks/123456789012345678/***");
        WebhookTarget t = WebhookTarget.parse("https://alice:pw@siem.example/in", n -> null);
        assertThat(t.reference()).isNull();
        assertThat(t.scrub("Connection to https://alice:pw@siem.example/in failed for alice:pw"))
                .doesNotContain("pw").contains("https://***@siem.example/in");
    }

    @Test
    void anEnvironmentReferenceIsKeptInsteadOfTheUrl() {
        Map<String, String> env = Map.of("SIEM_HOOK", "https://siem.example/in?token=t0ps3cret");
        WebhookTarget t = WebhookTarget.parse("env:SIEM_HOOK", env::get);
        assertThat(t.url().toString()).contains("t0ps3cret");
        assertThat(t.reference()).isEqualTo("env:SIEM_HOOK");
        assertThat(t.redacted()).isEqualTo("https://siem.example/in?token=***");
        assertThat(t.key()).isEqualTo(WebhookTarget.parse("https://siem.example/in?token=t0ps3cret", n -> null).key())
                .isNotEqualTo(WebhookTarget.parse("https://siem.example/in?token=other", n -> null).key());
        assertThatThrownBy(() -> WebhookTarget.parse("env:MISSING", env::get)).hasMessageContaining("MISSING")
                .hasMessageContaining("not set");
    }

    @Test
    void aBadUrlIsRefusedWithoutEchoingItsSecret() {
        assertThatThrownBy(() -> WebhookTarget.parse("ftp://u:secretpw@host/x", n -> null))
                .hasMessageNotContaining("secretpw").hasMessageContaining("http://");
    }
}
