package dev.vigil.rules.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.http.HttpRules;
import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.combined.CombinedFormat;
import dev.vigil.rules.Condition;
import dev.vigil.rules.Rule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConditionOrderTest {

    private static Rule rule(Path dir, String condition) throws Exception {
        Path d = dir.resolve("r" + Math.abs(condition.hashCode()));
        Files.createDirectories(d.resolve("http"));
        Files.writeString(d.resolve("http/r.yaml"), String.join("\n",
                "id: t.order", "title: Order rule", "type: HttpProtocolAbuse",
                "description: a rule to order", "status: stable", "fields: [target]",
                "condition: " + condition, "examples:", "  match: [{method: BREW, target: /}]",
                "  no_match: [{method: GET, target: /x, status: 200}]", ""));
        return HttpRules.load(d, AlertCatalogue.builtIn(), true).rules().get(0);
    }

    @Test
    void cheapChildrenComeFirstAndEqualCostsKeepTheirOrder(@TempDir Path dir) throws Exception {
        Rule r = rule(dir, "{any: [{all: [{field: method, regex: '^[a-z]+$'}, {not: {field: method, equals: [get, post]}}]},"
                + " {sqli: true}, {contains: b}, {contains: a}, {field: status, eq: 404}]}");
        Condition.Any any = (Condition.Any) ConditionOrder.of(r).condition();
        List<Condition> ch = any.children();
        assertThat(ch.get(0)).isInstanceOf(Condition.Compare.class);
        assertThat(((Condition.Text) ch.get(1)).values()).containsExactly("b");
        assertThat(((Condition.Text) ch.get(2)).values()).containsExactly("a");
        // the method test: the literal list before the regex
        Condition.All all = (Condition.All) ch.get(3);
        assertThat(all.children().get(0)).isInstanceOf(Condition.Not.class);
        assertThat(all.children().get(1)).isInstanceOf(Condition.Regex.class);
        assertThat(ch.get(4)).isInstanceOf(Condition.Detect.class);
    }

    @Test
    void aConditionInOrderAlreadyIsKeptAsItIs(@TempDir Path dir) throws Exception {
        Rule r = rule(dir, "{any: [{field: method, equals: [brew]}, {all: [{contains: a}, {regex: 'a+b'}]}]}");
        assertThat(ConditionOrder.of(r)).isSameAs(r);
    }

    @Test
    void orderedBuiltInRulesGiveTheVerdictsTheGivenOnesDo() throws Exception {
        List<Rule> rules = HttpRules.builtInRules(AlertCatalogue.builtIn()).rules();
        List<RequestView> views = new ArrayList<>();
        LineParser p = CombinedFormat.COMBINED.newParser();
        long no = 0;
        for (String s : Files.readAllLines(Path.of("..", "samples/nginx/access.log"))) {
            Event e = p.parse(Line.of("access.log", ++no, s), reason -> { });
            if (e instanceof HttpRequest h) {
                views.add(new RequestView(h));
            }
        }
        assertThat(views).hasSizeGreaterThan(100);
        int moved = 0;
        int matched = 0;
        for (Rule r : rules) {
            Rule o = ConditionOrder.of(r);
            if (o == r) {
                continue;
            }
            moved++;
            for (RequestView v : views) {
                FieldValue a = RuleMatcher.firstMatch(r, v);
                FieldValue b = RuleMatcher.firstMatch(o, v);
                assertThat(b == null ? null : b.field() + "=" + b.raw()).as(r.id() + " on " + v.request().target())
                        .isEqualTo(a == null ? null : a.field() + "=" + a.raw());
                matched += a == null ? 0 : 1;
            }
        }
        // not vacuous: rules were reordered, and some of them match the sample attacks
        assertThat(moved).isGreaterThan(10);
        assertThat(matched).isGreaterThan(10);
    }
}
