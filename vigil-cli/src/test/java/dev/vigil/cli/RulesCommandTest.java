package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class RulesCommandTest {
    @RegisterExtension
    final StdStreams std = new StdStreams();

    @Test
    void builtInRulesListTestAndLintClean() {
        assertThat(Main.run("rules", "list")).isZero();
        assertThat(std.out()).contains("http.sqli.tokenizer").contains("SqlInjectionAttempt");
        std.reset();
        assertThat(Main.run("rules", "test")).isZero();
        assertThat(std.out()).contains(" 0 failed");
        assertThat(Main.run("rules", "lint")).isZero();
        assertThat(Main.run("rules", "show", "http.sqli.tokenizer")).isZero();
        assertThat(Main.run("rules", "show", "no.such.rule")).isEqualTo(2);
    }

    @Test
    void aRuleWhoseExampleFailsFailsTheTest(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("http/t");
        Files.createDirectories(rules);
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(rules.resolve("bad.yaml"), String.join("\n",
                "id: t.bad", "title: A rule whose example is wrong", "type: SqlInjectionAttempt",
                "description: a test rule whose example is wrong", "status: stable", "fields: [param_values]",
                "condition: {contains: [\"drop table\"]}",
                "examples:", "  match:", "  - target: /a?q=select+1", "  no_match:", "  - target: /a?q=hello", ""));
        std.reset();
        assertThat(Main.run("rules", "test", "--kind", "http", "--rules", dir.toString())).isEqualTo(1);
        assertThat(std.out()).contains("t.bad").contains("1 failed");
    }
}
