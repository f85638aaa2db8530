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
