package dev.vigil.detect.http;

import dev.vigil.rules.Rule;
import dev.vigil.rules.load.RuleLoader;
import dev.vigil.rules.load.RuleSet;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.Detection;
import dev.vigil.detect.Detector;
import dev.vigil.catalogue.Severity;
import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import dev.vigil.rules.match.LineBudget;
import dev.vigil.rules.match.RequestView;
import dev.vigil.rules.match.RuleMatcher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The HTTP rule engine as a {@link Detector}: normalises each request once, finds candidate rules
 * with per-field Aho-Corasick automata, and emits at most one detection per rule and request,
 * carrying the matched field with its raw and decoded value. A request that runs out of its
 * {@link LineBudget} gets the literal rules only, and {@link #inspect} then throws
 * {@link LineBudget.OverBudget} after reporting what it found, so the line is reported.
 *
 * <p>Immutable, stateless and thread-safe.
 */
public final class HttpRules implements Detector {
    public static final String ID = "http-rules";

    private final RuleMatcher matcher;

    private HttpRules(List<Rule> rules, Duration budget) {
        this.matcher = new RuleMatcher(rules, budget);
    }

    /** The detector over the rules that ship with Vigil; preview rules only with {@code preview}. */
    public static Detector builtIn(AlertCatalogue catalogue, boolean preview) {
        return detector(builtInRules(catalogue), preview);
    }

    /** The detector over a loaded rule set. */
    public static HttpRules detector(RuleSet rules, boolean preview) {
        return detector(rules, preview, LineBudget.DEFAULT);
    }

    /**
     * The detector over a loaded rule set, giving each request {@code budget} for its rules with
     * regular expressions and tokenizers (see {@link LineBudget}).
     */
    public static HttpRules detector(RuleSet rules, boolean preview, Duration budget) {
        return new HttpRules(rules.active(preview), budget);
    }

    /** The built-in rule set; throws naming the file and rule id if one is broken. */
    public static RuleSet builtInRules(AlertCatalogue catalogue) {
        return RuleLoader.loadBuiltIn("http", catalogue);
    }

    /**
     * Loads a rule tree from a folder ({@code http/} and {@code data/} below it, or rule files
     * directly). With {@code strict} the first broken file throws; otherwise broken files are
     * skipped and listed in {@link RuleSet#problems()}, as lint wants.
     */
    public static RuleSet load(Path dir, AlertCatalogue catalogue, boolean strict) {
        return RuleLoader.load(dir, catalogue, strict);
    }

    /** The built-in tree loaded leniently, for lint. */
    public static RuleSet builtInRulesLenient(AlertCatalogue catalogue) {
        return RuleLoader.loadBuiltInLenient("http", catalogue);
    }

    /** Ids of rules without a required literal, which run on every request (keep these few). */
    public List<String> alwaysRun() {
        return matcher.alwaysRun();
    }

    public int ruleCount() {
        return matcher.rules().size();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void inspect(Event event, Consumer<Detection> out) {
        if (!(event instanceof HttpRequest)) {
            return;
        }
        HttpRequest req = (HttpRequest) event;
        // a failure inside matching propagates: the engine counts it per detector and names the line
        int skipped = matcher.match(new RequestView(req), (rule, v) -> {
            Severity sev = rule.severity();
            if (rule.severityOnSuccess() != null && req.status() >= 200 && req.status() < 300) {
                sev = rule.severityOnSuccess();
            }
            out.accept(new Detection(rule.id(), rule.type(), sev, event, v.field().key(), v.raw(), v.decoded()));
        });
        if (skipped > 0) {
            // after the detections found are out: the engine reports the line as a problem
            throw new LineBudget.OverBudget(skipped, matcher.budget());
        }
    }
}
