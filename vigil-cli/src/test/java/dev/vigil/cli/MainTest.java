package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Help texts, usage errors, completion and man pages: what a new user meets first. */
class MainTest {
    @RegisterExtension
    final StdStreams std = new StdStreams();

    @TempDir
    Path dir;

    private int run(String... args) {
        std.reset();
        return Main.run(args);
    }

    @Test
    void aBadOptionValueIsOneLineOfErrorAndAHintNotTheWholeUsage() {
        String db = dir.resolve("x.db").toString();
        assertThat(run("alerts", "list", "--db", db, "--limit", "x")).isEqualTo(Main.EXIT_USAGE);
        List<String> lines = std.err().lines().toList();
        assertThat(lines).containsExactly("vigil: invalid value for option '--limit': 'x' is not an int",
                "Try 'vigil alerts list --help' for more information.");
        assertThat(std.out()).isEmpty();

        assertThat(run("scan", "--min-severity", "loud", "--no-db", "x.log")).isEqualTo(Main.EXIT_USAGE);
        assertThat(std.err()).startsWith("vigil: ").doesNotContain("Usage:");
        assertThat(std.err().lines()).hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void aTypoGetsASuggestionAndTheSamePrefix() {
        assertThat(run("scn")).isEqualTo(Main.EXIT_USAGE);
        assertThat(std.err()).startsWith("vigil: unmatched argument").contains("Did you mean: vigil scan?")
                .contains("Try 'vigil --help'").doesNotContain("Usage:");
    }

    @Test
    void helpTextsDescribeAllOfVigil() {
        assertThat(run("--help")).isZero();
        String top = std.out();
        assertThat(top).contains("process-creation").contains("DNS").contains("FTP");
        // the command list shows each description's first line: none may stop at a comma
        assertThat(top.lines().filter(l -> l.startsWith("  simulate"))).singleElement()
                .satisfies(l -> assertThat(l.strip()).doesNotEndWith(","));
        assertThat(top).contains("completion").contains("man");

        assertThat(run("scan", "--help")).isZero();
        assertThat(std.out()).contains("bind-query").contains("dnsmasq").contains("dns-json")
                .contains("vsftpd").contains("iis-ftp");

        assertThat(run("alerts", "set-status", "--help")).isZero();
        assertThat(std.out()).contains("ID... STATUS").doesNotContain("ID... STATUS ID...").contains("--actor");
    }

    @Test
    void actorIsOfferedOnlyWhereSomethingIsRecorded() {
        for (String[] readOnly : new String[][] {{"alerts", "list"}, {"alerts", "show"}, {"alerts", "export"},
            {"incidents", "list"}, {"suppress", "list"}, {"suppress", "simulate"}, {"ti", "list"}}) {
            assertThat(run(readOnly[0], readOnly[1], "--help")).isZero();
            assertThat(std.out()).as(String.join(" ", readOnly)).doesNotContain("--actor");
        }
        for (String[] writing : new String[][] {{"alerts", "set-status"}, {"suppress", "add"}, {"simulate"}}) {
            List<String> args = new java.util.ArrayList<>(List.of(writing));
            args.add("--help");
            assertThat(run(args.toArray(new String[0]))).isZero();
            assertThat(std.out()).as(String.join(" ", writing)).contains("--actor");
        }
    }

    @Test
    void completionScriptsComeFromTheCommandDefinitions() {
        assertThat(run("completion", "bash")).isZero();
        String bash = std.out();
        assertThat(bash).contains("complete -F").contains("_complete_vigil")
                .contains("blocklist").contains("--min-severity").contains("--input");
        assertThat(run("completion", "zsh")).isZero();
        assertThat(std.out()).contains("bashcompinit");
        assertThat(run("completion", "fish")).isEqualTo(Main.EXIT_USAGE);
        assertThat(std.err()).startsWith("vigil: unknown shell 'fish'");
    }

    @Test
    void manPagesAreTroffWithEveryCommand() throws Exception {
        assertThat(run("man")).isZero();
        String page = std.out();
        assertThat(page).startsWith(".\\\"").contains(".TH VIGIL 1").contains(".SH SYNOPSIS").contains(".SH COMMANDS")
                .contains(".SS vigil scan").contains(".SS vigil alerts blocklist").contains("\\fB\\-\\-min\\-severity\\fR")
                .contains("(default: 1h)").doesNotContain("${");
        // no line of text may start a troff request by accident
        assertThat(page.lines().filter(l -> l.startsWith(".") || l.startsWith("'")))
                .allMatch(l -> l.matches("^\\.(\\\\\"|TH|SH|SS|TP|PP|nf|fi)( .*)?$"));

        Path man = dir.resolve("man1");
        assertThat(run("man", "--dir", man.toString())).isZero();
        assertThat(man.resolve("vigil.1")).exists();
        assertThat(Files.readString(man.resolve("vigil-alerts-list.1"))).contains(".TH VIGIL\\-ALERTS\\-LIST 1")
                .contains("\\-\\-limit");
    }

    @Test
    void troffEscaping() {
        assertThat(ManCommand.escape(".rm x\n'so y\\z -q")).isEqualTo("\\&.rm x\n\\&'so y\\ez \\-q");
    }
}
