package dev.vigil.rules.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.http.HttpRules;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.Origin;
import dev.vigil.event.ProcessStart;
import dev.vigil.rules.Field;
import dev.vigil.rules.Rule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event-level memo of {@link RuleMatcher} is exact only if a view's {@link FieldSource#verdictKey}
 * covers everything its values are computed from: two events with the same key for a field must
 * have the same values of that field. Checked field by field on events drawn from small pools of
 * parts, so that many pairs share some parts and differ in others.
 */
class VerdictKeyTest {
    private static final Origin O = new Origin("test", 1, 0);

    private static <T> T pick(Random r, List<T> pool) {
        return pool.get(r.nextInt(pool.size()));
    }

    private static String describe(List<FieldValue> vs) {
        StringBuilder b = new StringBuilder();
        for (FieldValue v : vs) {
            b.append(v.field()).append('|').append(v.raw()).append('|').append(v.decoded()).append('\n');
        }
        return b.toString();
    }

    private static void sameKeySameValues(List<? extends FieldSource> views) {
        for (Field f : Field.values()) {
            long bit = 1L << f.ordinal();
            for (int i = 0; i < views.size(); i++) {
                for (int j = i + 1; j < views.size(); j++) {
                    FieldSource a = views.get(i);
                    FieldSource b = views.get(j);
                    if (a.verdictKey(bit).equals(b.verdictKey(bit))) {
                        assertThat(describe(b.values(f))).as(f + ": same key").isEqualTo(describe(a.values(f)));
                        if (f == Field.STATUS) {
                            assertThat(b.status()).isEqualTo(a.status());
                        }
                    }
                }
            }
        }
    }

    @Test
    void requestsWithTheSameKeyHaveTheSameValues() {
        Random r = new Random(7);
        List<String> targets = List.of("/", "/a%20b?x=1", "/a+b?x=1&y=%27", "/A/../b?x=1", "/a%2520b", "/?q=a+b");
        List<String> words = List.of("GET", "get", "POST", "Mozilla/5.0", "curl/8.0", "x%3Cy", "");
        List<RequestView> views = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            views.add(new RequestView(HttpRequest.builder(O).method(pick(r, words)).target(pick(r, targets))
                    .userAgent(pick(r, words)).referer(pick(r, words)).host(pick(r, words))
                    .clientIp(pick(r, List.of("10.0.0.1", "10.0.0.2"))).status(pick(r, List.of(200, 404, -1))).build()));
        }
        sameKeySameValues(views);
    }

    @Test
    void processStartsWithTheSameKeyHaveTheSameValues() {
        Random r = new Random(11);
        List<String> exes = List.of("/bin/sh", "C:\\Windows\\System32\\cmd.exe", "", "/usr/bin/Python3");
        List<String> lines = List.of("sh -c 'id'", "cmd /c whoami", "powershell -enc AAAA", "\"C:\\x y\\a.exe\" /q", "");
        List<ProcessView> views = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            String cl = pick(r, lines);
            ProcessStart p = ProcessStart.builder(O).pid(2).ppid(1).exe(pick(r, exes)).commandLine(cl)
                    .argv(r.nextBoolean() ? List.of() : List.of(pick(r, exes), "-x"))
                    .parentExe(pick(r, exes)).parentCommandLine(pick(r, lines)).user(pick(r, List.of("root", "Www")))
                    .cwd(pick(r, List.of("/", "/Tmp"))).build();
            if (r.nextBoolean()) {
                p = p.withLineage(p.parentExe(), p.parentCommandLine(), List.of(pick(r, exes), pick(r, exes)));
            }
            String worker = pick(r, java.util.Arrays.asList(null, "/usr/sbin/nginx", "w3wp.exe"));
            // a view of the event's own command line, or of one decoded from it
            String read = r.nextBoolean() ? cl : pick(r, lines);
            views.add(new ProcessView(p, read, worker));
        }
        sameKeySameValues(views);
    }

    private static List<String> matches(RuleMatcher m, FieldSource v) {
        List<String> out = new ArrayList<>();
        m.match(v, (rule, fv) -> out.add(rule.id() + "=" + fv.field() + ":" + fv.raw()));
        return out;
    }

    private static RequestView request(String ip, String agent, String target) {
        return new RequestView(HttpRequest.builder(O).method("GET").clientIp(ip).userAgent(agent).target(target)
                .status(200).build());
    }

    @Test
    void aRepeatedRequestGetsTheVerdictOfTheFirstAndAChangedOneItsOwn() throws Exception {
        List<Rule> rules = HttpRules.builtInRules(AlertCatalogue.builtIn()).rules();
        RuleMatcher m = new RuleMatcher(rules);
        RuleMatcher fresh = new RuleMatcher(rules);
        String attack = "/?id=1%27%20union%20select%20password%20from%20users--";
        List<String> first = matches(m, request("10.0.0.1", "Mozilla/5.0", attack));
        assertThat(first).isNotEmpty();
        // another client (a field no rule reads): remembered, and the same
        assertThat(matches(m, request("10.0.0.2", "Mozilla/5.0", attack))).isEqualTo(first);
        // another agent: matched again, and what a matcher that never saw the first finds
        List<String> sqlmap = matches(m, request("10.0.0.2", "sqlmap/1.7", attack));
        assertThat(sqlmap).isEqualTo(matches(fresh, request("10.0.0.2", "sqlmap/1.7", attack)));
        assertThat(sqlmap).hasSizeGreaterThan(first.size());
        // and a benign request after them finds nothing
        assertThat(matches(m, request("10.0.0.2", "Mozilla/5.0", "/index.html"))).isEmpty();
    }

    @Test
    void aRuleThatReadsTheStatusIsNotAnsweredFromAnEventWithAnother(@TempDir Path dir) throws Exception {
        Path d = dir.resolve("status");
        Files.createDirectories(d.resolve("http"));
        Files.writeString(d.resolve("http/r.yaml"), String.join("\n",
                "id: t.status", "title: Status rule", "type: HttpProtocolAbuse",
                "description: a page that was missing", "status: stable", "fields: [path]",
                "condition: {all: [{endswith: .php}, {field: status, eq: 404}]}", "examples:",
                "  match: [{target: /a.php, status: 404}]", "  no_match: [{target: /a.php, status: 200}]", ""));
        RuleMatcher m = new RuleMatcher(HttpRules.load(d, AlertCatalogue.builtIn(), true).rules());
        for (int round = 0; round < 2; round++) {
            assertThat(matches(m, new RequestView(HttpRequest.builder(O).method("GET").target("/a.php").status(404).build())))
                    .containsExactly("t.status=PATH:/a.php");
            assertThat(matches(m, new RequestView(HttpRequest.builder(O).method("GET").target("/a.php").status(200).build())))
                    .isEmpty();
        }
    }
}
