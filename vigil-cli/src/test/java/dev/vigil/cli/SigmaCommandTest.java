package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code scan --rules} and {@code rules ... --rules} with folders of Sigma and Vigil rules written for the test. */
class SigmaCommandTest {
    @RegisterExtension
    final StdStreams std = new StdStreams();

    @TempDir
    Path dir;

    Path sigma;
    Path events;

    @BeforeEach
    void setUp() throws Exception {
        sigma = dir.resolve("sigma");
        Files.createDirectories(sigma.resolve("linux"));
        Files.writeString(sigma.resolve("linux/shadow.yml"), String.join("\n",
                "title: Shadow File Read By Cat", "id: 0b0f3c2e-0000-4000-8000-000000000001", "status: test",
                "author: Jane Tester", "level: high", "tags:", "  - attack.credential-access", "  - attack.t1003.008",
                "logsource:", "  category: process_creation", "  product: linux", "detection:", "  selection:",
                "    Image|endswith: '/cat'", "    CommandLine|contains: '/etc/shadow'", "  condition: selection",
                "examples:", "  match:", "    - {Image: /bin/cat, CommandLine: cat /etc/shadow}",
                "  no_match:", "    - {Image: /bin/cat, CommandLine: cat /etc/hosts}", ""));
        Files.writeString(sigma.resolve("linux/uname.yml"), String.join("\n",
                "title: Uname Run", "id: 0b0f3c2e-0000-4000-8000-000000000002", "status: test",
                "author: Joe Tester", "level: low", "logsource:", "  category: process_creation", "  product: linux",
                "detection:", "  selection:", "    Image|endswith: '/uname'", "  condition: selection", ""));
        Files.writeString(sigma.resolve("linux/burst.yml"), String.join("\n",
                "title: Many Shells", "id: 0b0f3c2e-0000-4000-8000-000000000003", "status: test",
                "author: Joe Tester", "level: low", "logsource:", "  category: process_creation", "  product: linux",
                "detection:", "  selection:", "    Image|endswith: '/sh'", "  condition: selection | count() > 10", ""));
        events = dir.resolve("proc.jsonl");
        Files.writeString(events, String.join("\n",
                "{\"time\":\"2026-11-01T00:00:00Z\",\"host\":\"web1\",\"pid\":10,\"ppid\":1,\"exe\":\"/bin/cat\",\"cmdline\":\"cat /etc/shadow\",\"user\":\"www-data\"}",
                "{\"time\":\"2026-11-01T00:00:01Z\",\"host\":\"web1\",\"pid\":11,\"ppid\":1,\"exe\":\"/bin/uname\",\"cmdline\":\"uname -a\",\"user\":\"www-data\"}",
                ""));
    }

    @Test
    void scanRunsSigmaRulesBesideTheBuiltInOnesNamingAuthorAndTitle() {
        assertThat(Main.run("scan", "--no-db", "--detections", "--format", "ndjson", "--rules", "sigma:" + sigma,
                events.toString())).isZero();
        assertThat(std.out()).contains("\"rule\":\"sigma:0b0f3c2e-0000-4000-8000-000000000001\"")
                .contains("Shadow File Read By Cat").contains("by Jane Tester")
                .contains("\"rule\":\"sigma:0b0f3c2e-0000-4000-8000-000000000002\"");
        assertThat(std.err()).contains("2 Sigma rules loaded from 3 files; 1 unsupported");
    }

    @Test
    void everyAlertFormatNamesTheSigmaRulesAuthor() {
        for (String format : new String[] {"ndjson", "json", "csv", "cef", "ocsf", "table"}) {
            std.reset();
            assertThat(Main.run("scan", "--no-db", "--no-builtin-rules", "--format", format, "--rules", "sigma:" + sigma,
                    events.toString())).isZero();
            assertThat(std.out()).as(format).contains("Jane Tester");
        }
    }

    @Test
    void noBuiltinRulesAndMinLevel() {
        assertThat(Main.run("scan", "--no-db", "--detections", "--format", "ndjson", "--no-builtin-rules",
                "--min-level", "medium", "--rules", "sigma:" + sigma, events.toString())).isZero();
        String[] lines = std.out().strip().split("\n");
        assertThat(lines).hasSize(1);
        assertThat(lines[0]).contains("sigma:0b0f3c2e-0000-4000-8000-000000000001");
        assertThat(Main.run("scan", "--no-db", "--no-builtin-rules", events.toString())).isEqualTo(2);
        assertThat(Main.run("scan", "--no-db", "--rules", "sigma:" + dir.resolve("missing"), events.toString())).isEqualTo(2);
        assertThat(Main.run("scan", "--no-db", "--min-level", "urgent", "--rules", "sigma:" + sigma, events.toString()))
                .isEqualTo(2);
    }

    @Test
    void rulesListShowTestLintOnASigmaFolder() {
        assertThat(Main.run("rules", "list", "--rules", "sigma:" + sigma)).isZero();
        assertThat(std.out()).contains("sigma:0b0f3c2e-0000-4000-8000-000000000001").contains("Jane Tester")
                .contains("CredentialAccessTool").contains("2 Sigma rules loaded from 3 files");
        std.reset();
        assertThat(Main.run("rules", "show", "--rules", "sigma:" + sigma, "sigma:0b0f3c2e-0000-4000-8000-000000000001")).isZero();
        assertThat(std.out()).contains("author:      Jane Tester").contains("T1003.008").contains("Credential Access");
        std.reset();
        assertThat(Main.run("rules", "test", "--rules", "sigma:" + sigma)).isZero();
        assertThat(std.out()).contains("2 Sigma rules, 2 examples (0 from examples files): 2 passed, 0 failed; 1 rules carry no examples");
        std.reset();
        assertThat(Main.run("rules", "lint", "--rules", "sigma:" + sigma)).isZero();
        assertThat(std.out()).contains("burst.yml: rule 0b0f3c2e-0000-4000-8000-000000000003: unsupported: aggregation")
                .contains("0 errors, 1 warnings");
    }

    @Test
    void rulesTestRunsTheExamplesKeptBesideARuleFile() throws Exception {
        // uname.yml carries no examples; its folder does, in uname.examples.yml
        Files.writeString(sigma.resolve("linux/uname.examples.yml"), String.join("\n",
                "match:", "  - {Image: /usr/bin/uname, CommandLine: uname -a}", "  - {Image: /bin/uname}",
                "no_match:", "  - {Image: /usr/bin/unamex, CommandLine: unamex}", ""));
        assertThat(Main.run("rules", "test", "--rules", "sigma:" + sigma)).isZero();
        assertThat(std.out()).contains("2 Sigma rules, 5 examples (3 from examples files): 5 passed, 0 failed; "
                + "0 rules carry no examples");
        // the examples file is not a rule: the summary still counts three rule files
        std.reset();
        assertThat(Main.run("rules", "list", "--rules", "sigma:" + sigma)).isZero();
        assertThat(std.out()).contains("2 Sigma rules loaded from 3 files");
        // a wrong example fails, naming the examples file; so does an examples file beside no rule
        Files.writeString(sigma.resolve("linux/uname.examples.yml"), String.join("\n",
                "examples:", "  match:", "    - {Image: /usr/bin/id, CommandLine: id}", ""));
        Files.writeString(sigma.resolve("linux/gone.examples.yaml"), "match:\n  - {Image: /bin/gone}\n");
        std.reset();
        assertThat(Main.run("rules", "test", "--rules", "sigma:" + sigma)).isEqualTo(1);
        assertThat(std.out()).contains("FAIL linux/uname.examples.yml: rule sigma:0b0f3c2e-0000-4000-8000-000000000002: "
                + "example").contains("should match but does not")
                .contains("BROKEN linux/gone.examples.yaml: examples for no rule: there is no gone.yml beside it")
                .contains("3 examples (1 from examples files): 2 passed, 1 failed");
        std.reset();
        assertThat(Main.run("rules", "lint", "--rules", "sigma:" + sigma)).isEqualTo(1);
        assertThat(std.out()).contains("gone.examples.yaml: examples for no rule").contains("2 errors");
        // a single rule file picks up the examples beside it too
        std.reset();
        assertThat(Main.run("rules", "test", "--rules", "sigma:" + sigma.resolve("linux/uname.yml"))).isEqualTo(1);
        assertThat(std.out()).contains("1 Sigma rules, 1 examples (1 from examples files): 0 passed, 1 failed");
    }

    @Test
    void scanTakesAFolderOfVigilRulesAndListsItsRulesOnce() throws Exception {
        Path vigil = dir.resolve("vigil-rules");
        Files.createDirectories(vigil);
        Files.writeString(vigil.resolve("uname.yaml"), String.join("\n",
                "id: local.uname", "title: Uname on a web host", "type: SystemDiscovery",
                "description: a test rule for uname", "status: stable", "fields: [cmdline]",
                "condition: {startswith: [\"uname\"]}",
                "examples:", "  match:", "  - uname -a", "  no_match:", "  - ls -la", ""));
        Files.writeString(vigil.resolve("broken.yaml"), "id: local.broken\ntitle: x\n");
        assertThat(Main.run("rules", "list", "--rules", vigil.toString())).isEqualTo(2);
        assertThat(std.out().split("local.uname", -1)).hasSize(2); // listed once
        std.reset();
        assertThat(Main.run("rules", "lint", "--rules", vigil.toString())).isEqualTo(1);
        assertThat(std.out().split("local.broken", -1)).hasSize(2);
        assertThat(std.out()).contains("1 errors, 0 warnings");
        Files.delete(vigil.resolve("broken.yaml"));
        std.reset();
        assertThat(Main.run("scan", "--no-db", "--detections", "--format", "ndjson", "--no-builtin-rules",
                "--rules", vigil.toString(), events.toString())).isZero();
        assertThat(std.out()).contains("\"rule\":\"local.uname\"").doesNotContain("sigma:");
    }

    @Test
    void stockRulesLintWithoutWarningsAndEveryBranchTaken() {
        assertThat(Main.run("rules", "lint")).isZero();
        assertThat(std.out()).contains("0 errors, 0 warnings").doesNotContain("rules lint --coverage");
        std.reset();
        assertThat(Main.run("rules", "lint", "--coverage")).isZero();
        assertThat(std.out()).doesNotContain("is not reached by any match example");
    }

    @Test
    void lintCountsBranchesNoExampleTakesAndCoverageListsThem() throws Exception {
        String folder = httpRuleFolder("mine", "id: local.probe", "title: Probe words", "type: ScannerDetected",
                "description: A request for a probe page written for this test.", "status: stable",
                "fields: [path]", "condition:", "  any:", "    - contains: [probe-one]", "    - contains: [probe-two]",
                "examples:", "  match: [/probe-one]", "  no_match: [/index.html]");
        assertThat(Main.run("rules", "lint", "--rules", folder)).isZero();
        assertThat(std.out()).contains("rules lint --coverage");
        std.reset();
        assertThat(Main.run("rules", "lint", "--coverage", "--rules", folder)).isZero();
        assertThat(std.out()).contains("branch 2 of 'any' is not reached by any match example");
    }

    @Test
    void nestedCoverageListsBranchesOfAnAnyInsideAnAll() throws Exception {
        String folder = httpRuleFolder("nested", "id: local.nested", "title: Probe words under a folder",
                "type: ScannerDetected", "description: A request for a probe page under a folder, written for this test.",
                "status: stable", "fields: [path]", "condition:", "  all:", "    - contains: [/admin/]", "    - any:",
                "      - contains: [probe-one]", "      - contains: [probe-two]",
                "examples:", "  match: [/admin/probe-one]", "  no_match: [/probe-one]");
        // the top of the condition is an 'all': plain coverage has nothing to list
        assertThat(Main.run("rules", "lint", "--coverage", "--rules", folder)).isZero();
        assertThat(std.out()).doesNotContain("is not reached").contains("0 errors, 0 warnings");
        std.reset();
        assertThat(Main.run("rules", "lint", "--coverage", "--nested", "--rules", folder)).isZero();
        assertThat(std.out()).contains("rule local.nested: branch 2 of 'any' at /all[1] is not reached by any match example")
                .doesNotContain("branch 1 of").contains("0 errors, 1 warnings");
        std.reset();
        assertThat(Main.run("rules", "lint", "--nested", "--rules", folder)).isEqualTo(2);
        assertThat(std.err()).contains("--nested goes with --coverage");
    }

    /** A rule folder under the test's folder holding one HTTP rule file of these lines; its path. */
    private String httpRuleFolder(String name, String... yamlLines) throws java.io.IOException {
        Path rules = dir.resolve(name).resolve("http");
        Files.createDirectories(rules);
        Files.writeString(rules.resolve("probe.yaml"), String.join("\n", yamlLines) + "\n");
        return dir.resolve(name).toString();
    }
}
