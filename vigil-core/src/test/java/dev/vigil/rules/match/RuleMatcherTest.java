package dev.vigil.rules.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.http.HttpRules;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.Origin;
import dev.vigil.rules.Rule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleMatcherTest {

    /**
     * Writes one rule into a folder of its own and loads it (loading runs its examples): {@code match}
     * and {@code noMatch} are the insides of the YAML example lists.
     */
    private static Rule load(Path dir, String id, String type, String fields, String condition, String match,
            String noMatch) throws Exception {
        Path d = dir.resolve(id);
        Files.createDirectories(d.resolve("http"));
        Files.writeString(d.resolve("http/r.yaml"), String.join("\n",
                "id: " + id, "title: Rule under test", "type: " + type, "description: a rule a test writes",
                "status: stable", "fields: " + fields, "condition: " + condition, "examples:",
                "  match: [" + match + "]", "  no_match: [" + noMatch + "]", ""));
        return HttpRules.load(d, AlertCatalogue.builtIn(), true).rules().get(0);
    }

    private static Rule rule(Path dir, String id, String literal) throws Exception {
        return load(dir, id, "SuspiciousUserAgent", "[user_agent]", "{contains: " + literal + "}",
                "{user_agent: x " + literal + "}", "{user_agent: Mozilla/5.0}");
    }

    @Test
    void aValueInTwoFieldsIsJudgedOncePerField(@TempDir Path dir) throws Exception {
        // "/a+b" as a parameter decodes to "/a b", as a path it stays "/a+b": a verdict remembered
        // for the value must not pass from one field to the other (the condition has no literal,
        // so no prefilter skips the parameter)
        RuleMatcher m = new RuleMatcher(List.of(load(dir, "test.plus", "SuspiciousUserAgent",
                "[param_values, path]", "{not: {contains: 'a b'}}", "/a+b", "/a%20b")));
        for (int i = 0; i < 2; i++) {
            RequestView v = new RequestView(HttpRequest.builder(new Origin("test", 1, 0)).method("GET")
                    .target("/a+b?x=/a+b").status(200).build());
            assertThat(matches(m, v)).containsExactly("test.plus=/a+b");
        }
    }

    @Test
    void aJsonMemberKeepsItsPlusWhereTheQueryReadsABlank(@TempDir Path dir) throws Exception {
        // a=x+y is the value "x y"; the member of f={"v":"x%2By"} is "x+y" itself, and a member is never
        // remembered under its text (RequestView), so the order of the requests changes nothing
        RuleMatcher m = new RuleMatcher(List.of(load(dir, "test.member", "SqlInjectionAttempt", "[param_values]",
                "{regex: '^x\\+y$'}", "'/?f=%7B%22v%22%3A%22x%2By%22%7D'", "'/?a=x+y'")));
        for (int i = 0; i < 2; i++) {
            assertThat(matches(m, target("/?a=x+y"))).isEmpty();
            assertThat(matches(m, target("/?f=%7B%22v%22%3A%22x+y%22%7D"))).isEmpty(); // '+' in the query is a blank
            assertThat(matches(m, target("/?f=%7B%22v%22%3A%22x%2By%22%7D"))).containsExactly("test.member=x+y");
        }
    }

    private static RuleMatcher alwaysRun(Path dir, String id, String condition) throws Exception {
        return new RuleMatcher(List.of(load(dir, id, "SqlInjectionAttempt", "[param_values]", condition,
                "'/?a=10.1.2.3'", "'/?a=ok'")));
    }

    private static RequestView target(String target) {
        return new RequestView(HttpRequest.builder(new Origin("test", 1, 0)).method("GET").target(target)
                .status(200).build());
    }

    @Test
    void aRuleSettledOnRememberedValuesStillRunsOnANewOne(@TempDir Path dir) throws Exception {
        // values remembered as tested and not matched settle the rule for a request made of them
        // only: one new value, or one remembered as matched, and the rule runs (and reports it)
        RuleMatcher m = alwaysRun(dir, "test.settle", "{not: {contains: ok}}");
        assertThat(matches(m, target("/?a=ok1&b=ok2"))).isEmpty();
        assertThat(matches(m, target("/?a=ok1&b=ok2"))).isEmpty();
        assertThat(matches(m, target("/?a=ok1&b=bad"))).containsExactly("test.settle=bad");
        assertThat(matches(m, target("/?a=ok1&b=ok2"))).isEmpty();
        assertThat(matches(m, target("/?a=bad&b=ok2"))).containsExactly("test.settle=bad");
        assertThat(matches(m, target("/?a=ok2&b=bad"))).containsExactly("test.settle=bad");
    }

    @Test
    void aCidrOnTheValueIsRememberedWithTheValue(@TempDir Path dir) throws Exception {
        // a CIDR leaf reads only the value under test: the rule is remembered per value like a
        // literal one, and gives the same verdicts the second time
        RuleMatcher m = alwaysRun(dir, "test.cidr", "{cidr: [10.0.0.0/8]}");
        for (int i = 0; i < 3; i++) {
            assertThat(matches(m, target("/?a=ok&u=10.1.2.3"))).containsExactly("test.cidr=10.1.2.3");
            assertThat(matches(m, target("/?a=ok&u=192.168.1.1"))).isEmpty();
        }
    }

    private static Rule rule(Path dir, String id, String field, String literal) throws Exception {
        return load(dir, id, "SqlInjectionAttempt", "[" + field + "]", "{contains: " + literal + "}",
                "'/?" + literal + "=" + literal + "'", "/a");
    }

    @Test
    void literalHitsRememberedForAValueStayWithTheirField(@TempDir Path dir) throws Exception {
        // the same text as a parameter name and as a value: the hits of one field's automaton
        // must not stand for the other's, or the value's rule would never become a candidate
        RuleMatcher m = new RuleMatcher(List.of(rule(dir, "test.names", "param_names", "qzz"),
                rule(dir, "test.values", "param_values", "qzz")));
        for (int i = 0; i < 3; i++) {
            RequestView v = new RequestView(HttpRequest.builder(new Origin("test", 1, 0)).method("GET")
                    .target("/?qzz=qzz&b=c").status(200).build());
            assertThat(matches(m, v)).containsExactly("test.names=qzz", "test.values=qzz");
        }
    }

    private static RequestView view(String agent) {
        return new RequestView(HttpRequest.builder(new Origin("test", 1, 0)).method("GET").target("/")
                .userAgent(agent).status(200).build());
    }

    private static List<String> matches(RuleMatcher m, FieldSource view) {
        List<String> out = new ArrayList<>();
        m.match(view, (r, v) -> out.add(r.id() + "=" + v.raw()));
        return out;
    }

    @Test
    void aRegexOnTheValueAsLoggedIsGatedByItsLiteralsWithoutCase(@TempDir Path dir) throws Exception {
        // a regex with variant raw reads the agent as logged, and is compiled without case: its
        // gate (the literal "badbot") must find the word in any case, or an upper-case agent the
        // regex matches would be settled as clean without running it
        Rule r = load(dir, "test.raw", "SuspiciousUserAgent", "[user_agent]",
                "{regex: 'BadBot/[0-9]+', variant: raw}", "{user_agent: BadBot/2}", "{user_agent: Mozilla/5.0}");
        assertThat(r.condition()).isInstanceOfSatisfying(dev.vigil.rules.Condition.Regex.class,
                re -> assertThat(re.gate()).isNotNull());
        RuleMatcher m = new RuleMatcher(List.of(r));
        for (String agent : List.of("BadBot/2", "BADBOT/3", "badbot/4", "x BaDbOt/55 y")) {
            assertThat(matches(m, view(agent))).containsExactly("test.raw=" + agent);
        }
        for (String agent : List.of("BadBot/x", "Bad Bot/2", "Mozilla/5.0 (X11; Linux x86_64)")) {
            assertThat(matches(m, view(agent))).isEmpty();
        }
    }

    @Test
    void matchersSharingAnEventKeepTheirVerdictsApart(@TempDir Path dir) throws Exception {
        // two matchers read the same values of one event (process lineage runs two); each holds
        // its rule at index 0, so a memo entry kept on the value must not pass from one to the other
        RuleMatcher curl = new RuleMatcher(List.of(rule(dir, "test.curl", "curl")));
        RuleMatcher wget = new RuleMatcher(List.of(rule(dir, "test.wget", "wget")));
        RequestView v = view("curl/8.9.1");
        assertThat(matches(curl, v)).containsExactly("test.curl=curl/8.9.1");
        assertThat(matches(wget, v)).isEmpty();
        RequestView w = view("Wget/1.21");
        assertThat(matches(wget, w)).containsExactly("test.wget=Wget/1.21");
        assertThat(matches(curl, w)).isEmpty();
    }

    @Test
    void aRememberedAgentGivesTheSameVerdictAsAFreshOne(@TempDir Path dir) throws Exception {
        RuleMatcher curl = new RuleMatcher(List.of(rule(dir, "test.curl", "curl")));
        for (int i = 0; i < 3; i++) {
            assertThat(matches(curl, view("curl/8.9.1"))).containsExactly("test.curl=curl/8.9.1");
            assertThat(matches(curl, view("Mozilla/5.0"))).isEmpty();
        }
    }

    private static Rule mixed(Path dir, String id, String fields, String condition, String match) throws Exception {
        return load(dir, id, "SqlInjectionAttempt", fields, condition, match, "{method: GET, target: /ok}");
    }

    private static RequestView request(String method, String target) {
        return new RequestView(HttpRequest.builder(new Origin("test", 1, 0)).method(method).target(target)
                .status(404).build());
    }

    @Test
    void aRuleWithLeavesOnOtherFieldsMatchesAsItsWholeConditionDoes(@TempDir Path dir) throws Exception {
        // such rules are split (the part on the value under test runs remembered and gated, the
        // rest once per event): each must report what its whole condition, value by value, does
        List<Rule> rules = List.of(
                mixed(dir, "t.any-const", "[param_values, path]", "{any: [{contains: evil}, {field: method, equals: [trace]}]}", "'/?a=evil'"),
                mixed(dir, "t.any-tested", "[param_values, param_names]",
                        "{any: [{regex: 'ev[i1]l'}, {field: param_names, contains: zz}]}", "'/?a=ev1l'"),
                mixed(dir, "t.any-not", "[param_values]",
                        "{any: [{contains: evil}, {all: [{field: method, regex: '^[a-z]+$'}, {not: {field: method, equals: [get, post]}}]}]}", "'/?a=evil'"),
                mixed(dir, "t.all-const", "[path, param_values]", "{all: [{contains: evil}, {field: method, equals: [put]}]}", "{method: PUT, target: /evil}"),
                mixed(dir, "t.all-tested", "[param_values, param_names]", "{all: [{contains: evil}, {field: param_names, contains: cmd}]}", "'/?cmd=evil'"),
                mixed(dir, "t.all-status", "[path]", "{all: [{endswith: .php}, {field: status, eq: 404}]}", "{target: /a.php, status: 404}"),
                mixed(dir, "t.gated", "[param_values]", "{all: [{contains: abc}, {any: [{contains: evil}, {field: param_names, contains: q}]}]}", "'/?q=abc'"));
        RuleMatcher m = new RuleMatcher(rules);
        String[][] events = {
            {"GET", "/?a=ok&b=evil"}, {"TRACE", "/?a=ok"}, {"GET", "/?a=ok"}, {"TRACE", "/evil"},
            {"GET", "/?zz=1&b=2"}, {"GET", "/?a=1&zz=ev1l"}, {"BREW", "/?a=ok"}, {"get", "/x"},
            {"PUT", "/evil?a=evil"}, {"PUT", "/ok?a=ok"}, {"POST", "/?cmd=evil"}, {"POST", "/?x=evil&cmd=1"}, {"POST", "/?evil=1&cmd=2"},
            {"GET", "/a.php"}, {"GET", "/?q=abc"}, {"GET", "/?x=abc&q=1"}, {"GET", "/?x=abcevil"}, {"GET", "/?x=abc"},
        };
        for (int round = 0; round < 2; round++) {
            for (String[] e : events) {
                List<String> expected = new ArrayList<>();
                for (Rule r : rules) {
                    FieldValue v = RuleMatcher.firstMatch(r, request(e[0], e[1]));
                    if (v != null) {
                        expected.add(r.id() + "=" + v.raw());
                    }
                }
                assertThat(matches(m, request(e[0], e[1]))).as(e[0] + " " + e[1]).isEqualTo(expected);
            }
        }
        // and the cases are not vacuous
        assertThat(matches(m, request("TRACE", "/?a=ok"))).contains("t.any-const=ok");
        assertThat(matches(m, request("BREW", "/?a=ok"))).contains("t.any-not=ok");
        assertThat(matches(m, request("PUT", "/evil?a=evil"))).contains("t.all-const=/evil");
        assertThat(matches(m, request("POST", "/?x=evil&cmd=1"))).contains("t.all-tested=evil");
        assertThat(matches(m, request("GET", "/?x=abc&q=1"))).contains("t.gated=abc");
        assertThat(matches(m, request("GET", "/a.php"))).contains("t.all-status=/a.php");
    }
}
