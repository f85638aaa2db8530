package dev.vigil.sigma;

import dev.vigil.detect.Detection;
import dev.vigil.detect.Detector;
import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.ProcessStart;
import dev.vigil.normalize.CommandLineNormalizer;
import dev.vigil.rules.Rule;
import dev.vigil.rules.match.RuleMatcher;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Sigma rules as a {@link Detector}: one {@link RuleMatcher} (the built-in rules' matcher, with
 * its Aho-Corasick prefilter) for Windows process events, one for Linux ones, one for requests.
 * A rule whose logsource names a product runs only on events of that OS (told by
 * {@link CommandLineNormalizer#isWindows}); one without a product runs on both.
 *
 * <p>Each match is a detection {@code sigma:<id>} whose value is the command line (or the
 * request target) as logged and whose decoded text is the rule's attribution: title, author and
 * licence, which the Detection Rule License requires wherever a match is shown.
 *
 * <p>Immutable and thread-safe.
 */
public final class SigmaDetector implements Detector {
    public static final String ID = "sigma-rules";

    private final RuleMatcher windows;
    private final RuleMatcher linux;
    private final RuleMatcher web;
    private final Map<Rule, SigmaRule> byRule = new IdentityHashMap<>();
    private final int count;

    public SigmaDetector(List<SigmaRule> rules) {
        List<Rule> win = new ArrayList<>();
        List<Rule> lin = new ArrayList<>();
        List<Rule> req = new ArrayList<>();
        for (SigmaRule s : rules) {
            byRule.put(s.rule(), s);
            if (!s.isProcess()) {
                req.add(s.rule());
                continue;
            }
            if (!s.product().equals("linux")) {
                win.add(s.rule());
            }
            if (!s.product().equals("windows")) {
                lin.add(s.rule());
            }
        }
        this.windows = new RuleMatcher(win);
        this.linux = new RuleMatcher(lin);
        this.web = new RuleMatcher(req);
        this.count = rules.size();
    }

    public int ruleCount() {
        return count;
    }

    /** Ids of the rules without a literal for the prefilter, which run on every event. */
    public List<String> alwaysRun() {
        List<String> out = new ArrayList<>(windows.alwaysRun());
        linux.alwaysRun().stream().filter(id -> !out.contains(id)).forEach(out::add);
        out.addAll(web.alwaysRun());
        return out;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void inspect(Event event, Consumer<Detection> out) {
        try {
            if (event instanceof ProcessStart p) {
                RuleMatcher m = CommandLineNormalizer.isWindows(p.exe(), p.commandLine()) ? windows : linux;
                boolean cmd = p.commandLine() != null && !p.commandLine().isEmpty();
                m.match(new SigmaViews.Process(p), (rule, v) -> out.accept(detection(rule, event,
                        cmd ? "cmdline" : "exe", cmd ? p.commandLine() : p.exe())));
            } else if (event instanceof HttpRequest r) {
                web.match(new SigmaViews.Request(r), (rule, v) -> out.accept(detection(rule, event, "target", r.target())));
            }
        } catch (RuntimeException e) {
            // never throw on input: a failure inside matching loses this event's Sigma detections only
        }
    }

    private Detection detection(Rule rule, Event event, String field, String value) {
        SigmaRule s = byRule.get(rule);
        return new Detection(rule.id(), rule.type(), rule.severity(), event, field, value == null ? "" : value,
                s == null ? null : s.attribution());
    }
}
