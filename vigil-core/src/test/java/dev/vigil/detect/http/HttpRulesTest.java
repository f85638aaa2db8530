package dev.vigil.detect.http;

import dev.vigil.rules.Rule;
import dev.vigil.rules.load.RuleSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.Detection;
import dev.vigil.catalogue.Severity;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.Origin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpRulesTest {
    private static final AlertCatalogue CATALOGUE = AlertCatalogue.builtIn();
    private static final RuleSet RULES = HttpRules.builtInRules(CATALOGUE);

    @Test
    void everyRuleMatchesItsExamplesAndNothingElse() {
        assertThat(RULES.rules()).hasSizeGreaterThan(25);
        assertThat(RULES.runExamples()).isEmpty();
    }

    @Test
    void everyRuleHasBothKindsOfExamples() {
        for (Rule r : RULES.rules()) {
            assertThat(r.matches()).as(r.id()).isNotEmpty();
            assertThat(r.noMatches()).as(r.id()).isNotEmpty();
        }
    }

    @Test
    void lintFindsNothingInTheBuiltInRules() {
        assertThat(RULES.lint()).filteredOn(s -> !s.startsWith("warning:")).isEmpty();
        assertThat(RULES.unusedDataFiles()).isEmpty();
    }

    @Test
    void everySingleRequestWebTypeHasRules() {
        assertThat(RULES.countsByType()).containsKeys("SqlInjectionAttempt", "CrossSiteScriptingAttempt",
                "CommandInjectionAttempt", "CodeInjectionAttempt", "PathTraversalAttempt",
                "RemoteFileInclusionAttempt", "SsrfAttempt", "SuspiciousUserAgent", "ScannerDetected",
                "SensitiveFileProbe", "PhpInUploadFolder", "WebShellRequest", "SpamReferrer", "HttpProtocolAbuse");
    }

    @Test
    void detectionCarriesFieldRawAndDecodedValueOncePerRule() {
        HttpRules d = HttpRules.detector(RULES, false);
        List<Detection> out = new ArrayList<>();
        d.inspect(request("/a?x=1&id=%2e%2e%2f%2e%2e%2fetc%2fpasswd&y=../../etc/shadow", null, 200), out::add);
        List<Detection> dotdot = out.stream().filter(x -> x.ruleId().equals("http.traversal.dot-dot")).toList();
        assertThat(dotdot).hasSize(1);
        assertThat(dotdot.get(0).field()).isEqualTo("param_values");
        assertThat(dotdot.get(0).value()).isEqualTo("%2e%2e%2f%2e%2e%2fetc%2fpasswd");
        assertThat(dotdot.get(0).decoded()).isEqualTo("../../etc/passwd");
    }

    @Test
    void severityIsRaisedWhenASensitiveFileWasServed() {
        HttpRules d = HttpRules.detector(RULES, false);
        List<Detection> ok = new ArrayList<>();
        List<Detection> missing = new ArrayList<>();
        d.inspect(request("/.git/config", null, 200), ok::add);
        d.inspect(request("/.git/config", null, 404), missing::add);
        assertThat(ok).extracting(Detection::severity).contains(Severity.MEDIUM);
        assertThat(missing).extracting(Detection::severity).containsOnly(Severity.LOW);
    }

    @Test
    void plainRequestsRaiseNothing() {
        HttpRules d = HttpRules.detector(RULES, true);
        List<Detection> out = new ArrayList<>();
        d.inspect(request("/index.html", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0", 200), out::add);
        d.inspect(request("/search?q=red+shoes&page=2", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0)", 200), out::add);
        assertThat(out).isEmpty();
    }

    /**
     * Real User-Agents carry semicolons, parentheses and words that are also commands ({@code Touch},
     * {@code id} as a language code): no rule may take one for an attack.
     */
    @Test
    void ordinaryUserAgentsRaiseNothing() throws Exception {
        HttpRules d = HttpRules.detector(RULES, true);
        List<String> hits = new ArrayList<>();
        try (java.io.InputStream in = HttpRulesTest.class.getResourceAsStream("/benign/user-agents.txt")) {
            for (String ua : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                if (ua.isBlank() || ua.startsWith("#")) {
                    continue;
                }
                d.inspect(request("/products/42?ref=home", ua, 200), x -> hits.add(x.ruleId() + " <- " + ua));
            }
        }
        assertThat(hits).isEmpty();
    }

    @Test
    void adversarialInputsFinishQuicklyForEveryRule() {
        HttpRules d = HttpRules.detector(RULES, true);
        String[] units = {"a", "%", "%25", "'", "\"", "<", "${", "{{", "../", "/*", "() {", "&#", "\\", " ", "a=", "&",
            "union select ", "<svg ", "${jndi:", ";id", "%u00", "%c0%ae", "(", "|", "http://", "O:8:\""};
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (String u : units) {
                String big = u.repeat(65536 / u.length() + 1).substring(0, 65536);
                d.inspect(request("/" + big + "?p=" + big + "&" + big, big, 200), x -> { });
            }
        });
    }

    @Test
    void aBrokenRuleFileIsNamedWithItsId(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("http"));
        Files.writeString(dir.resolve("http/bad.yaml"), "id: test.bad\ntitle: Bad rule\ntype: SqlInjectionAttempt\n"
                + "description: a rule without fields or examples\nstatus: stable\ncondition: {contains: x}\n");
        assertThatThrownBy(() -> HttpRules.load(dir, CATALOGUE, true))
                .hasMessageContaining("http/bad.yaml").hasMessageContaining("test.bad");
        RuleSet lenient = HttpRules.load(dir, CATALOGUE, false);
        assertThat(lenient.rules()).isEmpty();
        assertThat(lenient.problems()).singleElement().asString().contains("test.bad");
    }

    @Test
    void previewRulesRunOnlyWhenAsked(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("http"));
        Files.writeString(dir.resolve("http/p.yaml"), String.join("\n",
                "id: test.preview", "title: Preview rule", "type: ScannerDetected",
                "description: finds the word canary in the path", "status: preview", "fields: [path]",
                "condition: {contains: canary}", "examples:", "  match: [/canary]", "  no_match: [/bird]", ""));
        RuleSet set = HttpRules.load(dir, CATALOGUE, true);
        List<Detection> off = new ArrayList<>();
        List<Detection> on = new ArrayList<>();
        HttpRules.detector(set, false).inspect(request("/canary", null, 200), off::add);
        HttpRules.detector(set, true).inspect(request("/canary", null, 200), on::add);
        assertThat(off).isEmpty();
        assertThat(on).extracting(Detection::ruleId).containsExactly("test.preview");
    }

    static HttpRequest request(String target, String ua, int status) {
        return HttpRequest.builder(new Origin("test", 1, 0)).method("GET").target(target).userAgent(ua)
                .status(status).build();
    }
}
