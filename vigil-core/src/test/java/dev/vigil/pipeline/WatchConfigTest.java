package dev.vigil.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A config file is read whole or refused with its file, line and reason. */
class WatchConfigTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path f = dir.resolve("watch.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void readsSourcesOptionsRulesAndFeeds() throws Exception {
        WatchConfig c = WatchConfig.read(write("""
                name: web01
                database: /var/lib/vigil/vigil.db
                sources:
                  - path: /var/log/nginx/access.log*
                    format: combined
                    resource: shop
                  - /var/log/audit/audit.log
                rules: [/etc/vigil/rules, "sigma:/etc/vigil/sigma"]
                ti: /etc/vigil/bad-ips.txt
                throttle: {ScannerDetected: 7d}
                options:
                  group-window: 30m
                  preview: true
                """));
        assertThat(c.name().value()).isEqualTo("web01");
        assertThat(c.sources()).hasSize(2);
        assertThat(c.sources().get(0).format().value()).isEqualTo("combined");
        assertThat(c.sources().get(0).resource().value()).isEqualTo("shop");
        assertThat(c.sources().get(1).path().value()).isEqualTo("/var/log/audit/audit.log");
        assertThat(c.sources().get(1).format()).isNull();
        assertThat(c.rules()).extracting(WatchConfig.Located::value).containsExactly("/etc/vigil/rules", "sigma:/etc/vigil/sigma");
        assertThat(c.ti()).singleElement().satisfies(t -> assertThat(t.line()).isEqualTo(9));
        assertThat(c.throttle().get("ScannerDetected").value()).isEqualTo("7d");
        assertThat(c.options().get("group-window").line()).isEqualTo(12);
        assertThat(c.options().get("preview").value()).isEqualTo("true");
    }

    @Test
    void readsSinksInBothForms() throws Exception {
        Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        WatchConfig c = WatchConfig.read(write("""
                sources: [/var/log/a.log]
                sinks:
                  - stdout
                  - ndjson:/var/log/vigil/alerts.ndjson
                  - type: syslog
                    url: syslog+tls://siem.example:6514
                    ca: ca.pem
                    min-severity: medium
                  - type: slack
                    url: https://hooks.example/services/x
                """));
        assertThat(c.sinks()).extracting(s -> s.spec().shown()).containsExactly("stdout",
                "ndjson:/var/log/vigil/alerts.ndjson", "syslog+tls://siem.example:6514", "slack:https://hooks.example/services/x");
        assertThat(c.sinks().get(2).line()).isEqualTo(5);
        assertThat(c.sinks().get(2).spec().ca()).isEqualTo(dir.resolve("ca.pem").toAbsolutePath());
        assertThat(c.sinks().get(2).spec().minSeverity()).isEqualTo(dev.vigil.catalogue.Severity.MEDIUM);
    }

    @Test
    void aWrongSinkIsRefusedNamingTheLine() throws Exception {
        assertThatThrownBy(() -> WatchConfig.read(write("sources: [/a.log]\nsinks:\n  - stdout\n  - syslog+quic://h:1\n")))
                .hasMessageContaining("watch.yaml:4").hasMessageContaining("udp, tcp or tls");
        assertThatThrownBy(() -> WatchConfig.read(write("sources: [/a.log]\nsinks:\n  - type: fax\n")))
                .hasMessageContaining("watch.yaml:3").hasMessageContaining("unknown sink type 'fax'");
        assertThatThrownBy(() -> WatchConfig.read(write("sources: [/a.log]\nsinks:\n  - type: ndjson\n    url: x\n")))
                .hasMessageContaining("watch.yaml:3").hasMessageContaining("needs 'path:'");
        assertThatThrownBy(() -> WatchConfig.read(write("sources: [/a.log]\nsinks:\n  - type: webhook\n    uri: x\n")))
                .hasMessageContaining("watch.yaml:4").hasMessageContaining("unknown sink setting 'uri'");
        assertThatThrownBy(() -> WatchConfig.read(write(
                "sources: [/a.log]\nsinks:\n  - type: syslog\n    url: syslog+tls://h:6514\n    ca: missing.pem\n")))
                .hasMessageContaining("watch.yaml:5").hasMessageContaining("cannot read");
        assertThatThrownBy(() -> WatchConfig.read(write(
                "sources: [/a.log]\nsinks:\n  - type: webhook\n    url: https://x/y\n    min-severity: loud\n")))
                .hasMessageContaining("watch.yaml:5").hasMessageContaining("min-severity");
        assertThatThrownBy(() -> WatchConfig.read(write("sources: [/a.log]\nsinks:\n  - webhook:https://u:pw@x/y?token=s3cr3t\n"
                + "  - webhook:https://u:pw@x/y?token=s3cr3t\n")))
                .hasMessageContaining("watch.yaml:4").hasMessageContaining("named twice").hasMessageNotContaining("s3cr3t");
    }

    @Test
    void aWrongFileIsRefusedNamingTheLine() throws Exception {
        assertThatThrownBy(() -> WatchConfig.read(write("sources:\n  - path: /a.log\noptions:\n  group-windw: 1h\n")))
                .isInstanceOf(WatchConfig.ConfigException.class)
                .hasMessageContaining("watch.yaml:4").hasMessageContaining("unknown option 'group-windw'");
        assertThatThrownBy(() -> WatchConfig.read(write("sources:\n  - format: combined\n")))
                .hasMessageContaining("watch.yaml:2").hasMessageContaining("without 'path:'");
        assertThatThrownBy(() -> WatchConfig.read(write("name: x\n")))
                .hasMessageContaining("no 'sources:'");
        assertThatThrownBy(() -> WatchConfig.read(write("sources:\n  - path: /a.log\n    path: /b.log\n")))
                .hasMessageContaining("watch.yaml:3").hasMessageContaining("given twice");
        assertThatThrownBy(() -> WatchConfig.read(write("sources: [/a.log\n")))
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> WatchConfig.read(write("sources:\n  - /a.log\noptions:\n  group-window: [1h, 2h]\n")))
                .hasMessageContaining("watch.yaml:4").hasMessageContaining("one value");
        assertThatThrownBy(() -> WatchConfig.read(write("")))
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> WatchConfig.read(dir.resolve("missing.yaml")))
                .hasMessageContaining("missing.yaml").hasMessageContaining("cannot read");
    }

    @Test
    void hostileYamlIsRefusedNotExpanded() throws Exception {
        // a billion-laughs of aliases and a deep nesting must end in a refusal, not in memory or stack
        StringBuilder deep = new StringBuilder("sources:\n  - path: /a.log\noptions:\n");
        deep.append("  x: ".repeat(1)).append("[".repeat(50)).append("]".repeat(50)).append('\n');
        assertThatThrownBy(() -> WatchConfig.read(write(deep.toString()))).isInstanceOf(WatchConfig.ConfigException.class);
        String laughs = """
                a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
                b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
                sources: [/a.log]
                """;
        assertThatThrownBy(() -> WatchConfig.read(write(laughs))).isInstanceOf(WatchConfig.ConfigException.class);
    }
}
