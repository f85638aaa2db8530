package dev.vigil.detect.process;

import dev.vigil.analyze.process.WebWorkers;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.AlertType;
import dev.vigil.detect.Detection;
import dev.vigil.detect.KeyedDetector;
import dev.vigil.detect.Lazy;
import dev.vigil.catalogue.Severity;
import dev.vigil.event.Event;
import dev.vigil.event.ProcessStart;
import dev.vigil.rules.Condition;
import dev.vigil.rules.Field;
import dev.vigil.rules.Rule;
import dev.vigil.rules.match.RuleMatcher;
import dev.vigil.state.KeyContext;
import dev.vigil.state.StateSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.Consumer;

/**
 * Gives process starts their ancestry and runs the process rules that read it: web-shell activity
 * (a web worker's descendant running a shell or recon command), curl to disk or code from paste
 * sites under a web worker, PHP spawning shells, and the like.
 *
 * <p>Why a keyed detector: ancestry needs every earlier process start of the host, in input
 * order, and the engine runs keyed detectors with each key's events in input order whatever the
 * source format, so the parsers stay stateless and parallel and the content rules
 * ({@link ProcessRules}) keep running on the worker threads. Only the few lineage rules and the
 * tree update run here. The key is the host: its process tree and its baseline of what the web
 * workers start are its state.
 *
 * <p>Each event is recorded in its host's {@link ProcessTree} (bounded), which fills in parent
 * fields and the ancestor chain; detections carry that enriched event. The tree also names the
 * nearest web worker above the process, judged by {@link WebWorkers} on each ancestor's
 * executable and command line (so {@code npm}, which runs as {@code node}, is not taken for the app).
 *
 * <p>Holds configuration only: thread-safe, as {@link KeyedDetector} requires.
 */
final class ProcessLineage implements KeyedDetector {
    public static final String ID = "process-lineage";

    /** Built from the lineage rules on first use: a scan of an access log alone never pays for them. */
    private final Lazy<Matchers> matchers;

    /**
     * All lineage rules, and those that can match a process with no web worker above it (most
     * cannot).
     */
    private record Matchers(RuleMatcher all, RuleMatcher withoutWorker) {
    }
    private final ProcessTree tree;
    private final ChildBaseline baseline;
    private final AlertType webShell;

    /** Default learning period of what each application's web workers start: a day of log time. */
    public static final long DEFAULT_LEARNING_MILLIS = 24L * 3_600_000;
    public static final String FIRST_SEEN_RULE = "process.lineage.first-seen-child";

    /** Hosts held at once (least recently active out first past it). */
    public static final int MAX_HOSTS = 100_000;

    private final StateSpec.Map<Long, ProcessTree.Node> processes;

    public ProcessLineage(List<Rule> lineageRules, WebWorkers workers, AlertCatalogue catalogue) {
        this(lineageRules, workers, ProcessTree.DEFAULT_MAX_ENTRIES, catalogue, DEFAULT_LEARNING_MILLIS);
    }

    /**
     * Judging web workers by {@code workers}, holding at most {@code maxProcesses} processes over
     * all hosts, with {@code learningMillis} of log time per host to learn.
     */
    public ProcessLineage(List<Rule> lineageRules, WebWorkers workers, int maxProcesses, AlertCatalogue catalogue,
                          long learningMillis) {
        this(() -> lineageRules, workers, maxProcesses, catalogue, learningMillis);
        matchers.get();
    }

    /**
     * As {@link #ProcessLineage(List, WebWorkers, AlertCatalogue)}, reading the rules from {@code
     * lineageRules} on the first process event (or {@link #ruleCount()}): loading and compiling
     * them is a good part of a second, which a scan without process events need not spend. A
     * failure to load them fails that event, and every later one, with the same error.
     */
    ProcessLineage(Supplier<List<Rule>> lineageRules, WebWorkers workers, AlertCatalogue catalogue) {
        this(lineageRules, workers, ProcessTree.DEFAULT_MAX_ENTRIES, catalogue, DEFAULT_LEARNING_MILLIS);
    }

    private ProcessLineage(Supplier<List<Rule>> lineageRules, WebWorkers workers, int maxProcesses,
                           AlertCatalogue catalogue, long learningMillis) {
        this.matchers = new Lazy<>("detector " + ID, () -> {
            List<Rule> rules = List.copyOf(lineageRules.get());
            return new Matchers(new RuleMatcher(rules),
                    new RuleMatcher(rules.stream().filter(r -> !needsWorker(r.condition())).toList()));
        });
        this.tree = new ProcessTree(workers);
        this.processes = ProcessTree.spec(maxProcesses);
        this.baseline = new ChildBaseline(learningMillis, 200_000);
        this.webShell = catalogue.get("WebShellActivity");
    }

    @Override
    public List<StateSpec> states() {
        List<StateSpec> out = new ArrayList<>();
        out.add(processes);
        out.addAll(baseline.states());
        return out;
    }

    @Override
    public int maxKeys() {
        return MAX_HOSTS;
    }

    @Override
    public String key(Event event) {
        return event instanceof ProcessStart p ? ProcessTree.hostKey(p.host()) : null;
    }

    @Override
    public String id() {
        return ID;
    }

    public int ruleCount() {
        return matchers.get().all().rules().size();
    }

    @Override
    public void process(Event event, KeyContext host, Consumer<Detection> out) {
        ProcessStart p = (ProcessStart) event;
        ProcessTree.Lineage lineage = tree.record(host.map(processes), p);
        ProcessStart e = lineage.event();
        String worker = lineage.webWorker();
        boolean timed = e.timeMillis() != Event.NO_TIME;
        if (timed) {
            baseline.clock(host, e.timeMillis());
        }
        if (worker == null) {
            // the few rules that need no web worker read the parent, not decoded commands
            RuleMatcher withoutWorker = matchers.get().withoutWorker();
            if (!withoutWorker.rules().isEmpty()) {
                ProcessRules.matchOnly(withoutWorker, e, null, out);
            }
            return;
        }
        if (!timed) {
            ProcessRules.run(matchers.get().all(), e, worker, out, null);
            return;
        }
        // under a web worker: weigh what the rules found against what this application's
        // workers normally start (a known deploy script stays quiet, a new shell does not)
        List<Detection> found = new ArrayList<>();
        ProcessRules.run(matchers.get().all(), e, worker, found::add, null);
        ChildBaseline.Verdict v = baseline.observe(host, worker, e.commandLine(), e.timeMillis());
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
