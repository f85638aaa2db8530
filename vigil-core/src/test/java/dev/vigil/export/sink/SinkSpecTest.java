package dev.vigil.export.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alert.Alert;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line's sink forms, and what each outlet keeps and shows. */
class SinkSpecTest {
    @Test
    void parsesEachForm() {
        assertThat(SinkSpec.parse("stdout").type()).isEqualTo(SinkSpec.Type.STDOUT);
        SinkSpec f = SinkSpec.parse("ndjson:/var/log/vigil/alerts.ndjson");
        assertThat(f.type()).isEqualTo(SinkSpec.Type.NDJSON);
        assertThat(f.target()).isEqualTo("/var/log/vigil/alerts.ndjson");
        SinkSpec tls = SinkSpec.parse("syslog+tls://siem.example:6514");
        assertThat(tls.transport()).isEqualTo("tls");
        assertThat(tls.target()).isEqualTo("siem.example:6514");
        assertThat(SinkSpec.parse("syslog://[2001:db8::1]:514").transport()).isEqualTo("udp");
        assertThat(SinkSpec.parse("syslog+tcp://10.0.0.1:601").shown()).isEqualTo("syslog+tcp://10.0.0.1:601");
        assertThat(SinkSpec.parse("webhook:https://siem.example/in").type()).isEqualTo(SinkSpec.Type.WEBHOOK);
        assertThat(SinkSpec.parse("slack:https://hooks.slack.com/services/T000/B000/abcdefghijklmnop1234").shown())
                .isEqualTo("slack:https://hooks.slack.com/services/T000/B000/***");
    }

    @Test
    void refusesWhatIsNoSinkWithoutShowingSecrets() {
        assertThatThrownBy(() -> SinkSpec.parse("syslog+quic://h:1")).hasMessageContaining("udp, tcp or tls");
        assertThatThrownBy(() -> SinkSpec.parse("syslog+tcp://h:99999")).hasMessageContaining("1 to 65535");
        assertThatThrownBy(() -> SinkSpec.parse("syslog+tcp://h")).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> SinkSpec.parse("ndjson:")).hasMessageContaining("name the file");
        assertThatThrownBy(() -> SinkSpec.parse("webhook:ftp://x/y")).hasMessageContaining("http");
        assertThatThrownBy(() -> SinkSpec.parse("https://u:secret@siem/in?token=abc"))
                .hasMessageNotContaining("secret").hasMessageNotContaining("abc").hasMessageContaining("webhook:URL");
        assertThatThrownBy(() -> SinkSpec.parse("webhook:env:NOPE_NOT_SET_42")).hasMessageContaining("not set");
        assertThatThrownBy(() -> SinkSpec.parse("syslog+tcp://h:1", dev.vigil.catalogue.Severity.LOW,
                java.nio.file.Path.of("/ca.pem"), n -> null)).hasMessageContaining("tls only");
    }

    @Test
    void slackTextCannotMentionOrLinkAndSaysUpdate() {
        SinkTestAlerts alerts = new SinkTestAlerts();
        Alert a = alerts.add("203.0.113.7", 2).get(0);
        Outlet slack = Outlet.of(SinkSpec.parse("slack:https://hooks.example/services/x"), n -> null);
        String body = Outlet.open(slack.payload(a, true, Instant.now())).body();
        assertThat(body).startsWith("{\"text\":\"Updated: *Medium* SQL injection attempt").contains(a.id()).contains("2 detections");
        assertThat(Outlet.slackEscape("<!channel> & <http://x|y>")).isEqualTo("&lt;!channel&gt; &amp; &lt;http://x|y&gt;");
    }

    @Test
    void aKeptPayloadSplitsIntoKeyAndBody() {
        SinkTestAlerts alerts = new SinkTestAlerts();
        Alert a = alerts.add("203.0.113.8", 3).get(0);
        Outlet o = Outlet.of(SinkSpec.parse("ndjson:/tmp/x.ndjson"), n -> null);
        Outlet.Payload p = Outlet.open(o.payload(a, false, Instant.now()));
        assertThat(p.key()).isEqualTo(a.id() + ":3");
        assertThat(p.body()).doesNotContain("\n").contains("\"delivery\":{\"key\":\"" + a.id() + ":3\",\"update\":false");
        assertThat(List.of(o.sink(), o.reference())).containsExactly("watch:ndjson", "/tmp/x.ndjson");
    }
}
