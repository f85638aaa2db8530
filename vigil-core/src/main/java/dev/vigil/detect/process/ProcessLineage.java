package dev.vigil.detect.process;

import dev.vigil.detect.Detection;
import dev.vigil.detect.SequentialDetector;
import dev.vigil.event.Event;
import dev.vigil.event.ProcessStart;
import dev.vigil.rules.ProcessRules;
import dev.vigil.rules.Rule;
import dev.vigil.rules.match.RuleMatcher;
import java.util.List;
import java.util.Optional;
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
 * and the ancestor chain; detections carry that enriched event. The nearest web worker is judged
 * by {@link WebWorkers}: first on executable names alone, and only when that finds one above the
 * parent, again with the tree's command lines (so {@code npm}, which runs as {@code node}, is not
 * taken for the app).
 *
 * <p>Not thread-safe: one scan at a time, as the engine guarantees.
 */
public final class ProcessLineage implements SequentialDetector {
    public static final String ID = "process-lineage";

    private final RuleMatcher matcher;
    private final WebWorkers workers;
    private final ProcessTree tree;

    public ProcessLineage(List<Rule> lineageRules, WebWorkers workers) {
        this(lineageRules, workers, new ProcessTree());
    }

    public ProcessLineage(List<Rule> lineageRules, WebWorkers workers, ProcessTree tree) {
        this.matcher = new RuleMatcher(lineageRules);
        this.workers = workers;
        this.tree = tree;
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
            ProcessStart e = tree.observe(p);
            if (matcher.rules().isEmpty()) {
                return;
            }
            String worker = webWorker(e);
            ProcessRules.run(matcher, e, worker, out, null);
        } catch (RuntimeException ex) {
            // never throw on input: this event loses its lineage detections only
        }
    }

    /** The nearest web worker above {@code e} (not {@code e} itself), or null. */
    private String webWorker(ProcessStart e) {
        if (e.parentExe() == null && e.ancestors().isEmpty()) {
            return null;
        }
        if (workers.matches(e.parentExe(), e.parentCommandLine())) {
            return e.parentExe();
        }
        List<String> anc = e.ancestors();
        boolean any = false;
        for (int i = 0; i < anc.size() && !any; i++) {
            any = workers.matches(anc.get(i), null);
        }
        if (!any) {
            return null;
        }
        ProcessStart self = e;
        Optional<String> w = workers.workerInLineage(new ProcessStart(self.origin(), self.timeMillis(), self.host(),
                self.pid(), self.ppid(), null, null, self.argv(), self.parentExe(), self.parentCommandLine(),
                self.user(), self.cwd(), self.container(), self.ancestors(), self.extra()), tree);
        return w.orElse(null);
    }
}
