package dev.vigil.detect.process;

import dev.vigil.detect.AlertCatalogue;
import dev.vigil.detect.AlertType;
import dev.vigil.detect.Detection;
import dev.vigil.detect.SequentialDetector;
import dev.vigil.detect.Severity;
import dev.vigil.event.Event;
import dev.vigil.event.ProcessStart;
import dev.vigil.rules.Condition;
import dev.vigil.rules.Field;
import dev.vigil.rules.ProcessRules;
import dev.vigil.rules.Rule;
import dev.vigil.rules.match.RuleMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Gives process starts their ancestry and runs the process rules that read it: web-shell activity
 * (a web worker's descendant running a shell or recon command), curl to disk or code from paste
 * sites under a web worker, PHP spawning shells, and the like.
 *
 * <p>Why a sequential detector: ancestry needs every earlier process start of the host, in input
 * order, and the engine runs sequential detectors on one thread in input order whatever the
 * source format, so the parsers stay stateless and parallel and the content rules
 * ({@link ProcessRules}) keep running on the worker threads. Only the few lineage rules and the
 * tree update run here.
 *
 * <p>Each event is recorded in a {@link ProcessTree} (bounded, LRU), which fills in parent fields
 * and the ancestor chain; detections carry that enriched event. The tree also names the nearest
 * web worker above the process, judged by {@link WebWorkers} on each ancestor's executable and
 * command line (so {@code npm}, which runs as {@code node}, is not taken for the app).
 *
 * <p>Not thread-safe: one scan at a time, as the engine guarantees.
 */
public final class ProcessLineage implements SequentialDetector {
    public static final String ID = "process-lineage";

    private final RuleMatcher matcher;
    /** The lineage rules that can match a process with no web worker above it (most cannot). */
    private final RuleMatcher withoutWorker;
    private final ProcessTree tree;
    private final ChildBaseline baseline;
    private final AlertType webShell;

    /** Default learning period of what each application's web workers start: a day of log time. */
    public static final long DEFAULT_LEARNING_MILLIS = 24L * 3_600_000;
    public static final String FIRST_SEEN_RULE = "process.lineage.first-seen-child";

    public ProcessLineage(List<Rule> lineageRules, WebWorkers workers, AlertCatalogue catalogue) {
        this(lineageRules, new ProcessTree(ProcessTree.DEFAULT_MAX_ENTRIES, workers), catalogue, DEFAULT_LEARNING_MILLIS);
    }

    /** Over {@code tree}, which judges web workers; with {@code learningMillis} of log time per host to learn. */
    public ProcessLineage(List<Rule> lineageRules, ProcessTree tree, AlertCatalogue catalogue, long learningMillis) {
        this.matcher = new RuleMatcher(lineageRules);
        this.withoutWorker = new RuleMatcher(lineageRules.stream().filter(r -> !needsWorker(r.condition())).toList());
        this.tree = tree;
        this.baseline = new ChildBaseline(learningMillis, 200_000);
        this.webShell = catalogue.get("WebShellActivity");
    }

    @Override
    public String id() {
        return ID;
    }

    public int ruleCount() {
        return matcher.rules().size();
    }

    @Override
    public void inspect(Event event, Consumer<Detection> out) {
        if (!(event instanceof ProcessStart p)) {
            return;
        }
        try {
            ProcessTree.Lineage lineage = tree.record(p);
            ProcessStart e = lineage.event();
            String worker = lineage.webWorker();
            boolean timed = e.timeMillis() != Event.NO_TIME;
            if (timed) {
                baseline.clock(e.host(), e.timeMillis());
            }
            if (worker == null) {
                // the few rules that need no web worker read the parent, not decoded commands
                if (!withoutWorker.rules().isEmpty()) {
                    ProcessRules.matchOnly(withoutWorker, e, null, out);
                }
                return;
            }
            if (!timed) {
                ProcessRules.run(matcher, e, worker, out, null);
                return;
            }
            // under a web worker: weigh what the rules found against what this application's
            // workers normally start (a known deploy script stays quiet, a new shell does not)
            List<Detection> found = new ArrayList<>();
            ProcessRules.run(matcher, e, worker, found::add, null);
            ChildBaseline.Verdict v = baseline.observe(e.host(), worker, e.commandLine(), e.timeMillis());
            boolean webShellFound = false;
            for (int i = 0; i < found.size() && !webShellFound; i++) {
                webShellFound = found.get(i).type() == webShell;
            }
            if (v == ChildBaseline.Verdict.KNOWN) {
                found.removeIf(d -> d.type() == webShell);
            } else if (v == ChildBaseline.Verdict.NEW && !webShellFound) {
                found.add(new Detection(FIRST_SEEN_RULE, webShell, Severity.LOW, e, "cmdline", e.commandLine(),
                        "first time " + worker + " started this command line after a learning period of "
                                + baseline.learningMillis() / 3_600_000 + " h"));
            }
            found.forEach(out);
        } catch (RuntimeException ex) {
            // never throw on input: this event loses its lineage detections only
        }
    }

    /**
     * Whether a condition holds only when the process has a web worker above it: an {@code all}
     * with a text or regex test of the {@code web_worker} field, which has no value otherwise.
     */
    static boolean needsWorker(Condition c) {
        if (c instanceof Condition.All a) {
            return a.children().stream().anyMatch(ProcessLineage::needsWorker);
        }
        if (c instanceof Condition.Regex x) {
            return x.field() == Field.WEB_WORKER;
        }
        if (c instanceof Condition.Text t) {
            return t.field() == Field.WEB_WORKER;
        }
        return false;
    }
}
