package dev.vigil.rules.load;

import dev.vigil.rules.Condition;
import dev.vigil.rules.Example;
import dev.vigil.rules.Field;
import dev.vigil.rules.Rule;
import dev.vigil.rules.Variant;
import dev.vigil.analyze.process.WebWorkers;
import dev.vigil.event.ProcessStart;
import dev.vigil.rules.match.Evaluator;
import dev.vigil.rules.match.FieldSource;
import dev.vigil.rules.match.ProcessView;
import dev.vigil.rules.match.FieldValue;
import dev.vigil.rules.match.RequestView;
import dev.vigil.rules.match.RuleMatcher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A loaded rule tree: the rules with their metadata and examples, the data files, and what went
 * wrong while loading. Backs {@code vigil rules list|show|test|lint}.
 *
 * <p>Immutable and thread-safe.
 */
public final class RuleSet {
    private final List<Rule> rules;
    private final Map<String, List<String>> dataFiles;
    private final List<String> unusedDataFiles;
    private final List<String> problems;

    RuleSet(List<Rule> rules, Map<String, List<String>> dataFiles, List<String> unusedDataFiles, List<String> problems) {
        this.rules = List.copyOf(rules);
        this.dataFiles = Collections.unmodifiableMap(new LinkedHashMap<>(dataFiles));
        this.unusedDataFiles = List.copyOf(unusedDataFiles);
        this.problems = List.copyOf(problems);
    }

    public List<Rule> rules() {
        return rules;
    }

    public Optional<Rule> rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** The rules that run by default, or all of them with {@code preview}. */
    public List<Rule> active(boolean preview) {
        List<Rule> out = new ArrayList<>();
        for (Rule r : rules) {
            if (preview || r.status() == Rule.Status.STABLE) {
                out.add(r);
            }
        }
        return out;
    }

    /** Rule counts per alert type name, sorted by name. */
    public Map<String, Integer> countsByType() {
        Map<String, Integer> m = new TreeMap<>();
        rules.forEach(r -> m.merge(r.type().name(), 1, Integer::sum));
        return m;
    }

    public Map<String, List<String>> dataFiles() {
        return dataFiles;
    }

    public List<String> unusedDataFiles() {
        return unusedDataFiles;
    }

    /** Files that failed the schema or did not compile (only when loaded leniently, for lint). */
    public List<String> problems() {
        return problems;
    }

    /** One example that did not behave as its rule file says. */
    public record ExampleFailure(String ruleId, String source, boolean shouldMatch, Example example) {
        @Override
        public String toString() {
            return source + ": rule " + ruleId + ": example " + example
                    + (shouldMatch ? " should match but does not" : " should not match but does");
        }
    }

    /**
     * Runs every rule's examples through the same prefilter and matcher the engine uses, each rule
     * alone, and returns the examples that fail.
     */
    public List<ExampleFailure> runExamples() {
        List<ExampleFailure> out = new ArrayList<>();
        for (Rule r : rules) {
            RuleMatcher m = new RuleMatcher(List.of(r));
            int line = 1;
            for (Example e : r.matches()) {
                if (!matches(m, e, r.source(), line++)) {
                    out.add(new ExampleFailure(r.id(), r.source(), true, e));
                }
            }
            for (Example e : r.noMatches()) {
                if (matches(m, e, r.source(), line++)) {
                    out.add(new ExampleFailure(r.id(), r.source(), false, e));
                }
            }
        }
        return out;
    }

    private static boolean matches(RuleMatcher m, Example e, String source, int line) {
        boolean[] hit = new boolean[1];
        m.match(view(m.rules().get(0), e, source, line), (rule, v) -> hit[0] = true);
        return hit[0];
    }

    /** Whether a rule reads process events (its fields are process fields). */
    public static boolean isProcessRule(Rule r) {
        return r.fields().get(0).isProcess();
    }

    /**
     * An example as the event view its rule reads: a request, or a process start whose web worker
     * comes from its parent and ancestors as the default {@link WebWorkers} judge them.
     */
    static FieldSource view(Rule r, Example e, String source, int line) {
        if (!isProcessRule(r)) {
            return new RequestView(e.toRequest(source, line));
        }
        ProcessStart p = e.toProcess(source, line);
        String worker = WebWorkers.defaults().workerInLineage(p).filter(w -> !w.equals(p.exe())).orElse(null);
        return new ProcessView(p, p.commandLine(), worker);
    }

    /**
     * Lint: load problems, unused data files, failing examples, and conditions that cannot be
     * reached (literals with upper case that the case-folded value can never contain). Which
     * branches no example exercises is coverage, not a defect: see {@link #coverage()}.
     */
    public List<String> lint() {
        List<String> out = new ArrayList<>(problems);
        for (String d : unusedDataFiles) {
            out.add("data/" + d + ".txt: not used by any rule");
        }
        runExamples().forEach(f -> out.add(f.toString()));
        for (Rule r : rules) {
            unreachable(r, r.condition(), out);
        }
        return out;
    }

    /**
     * Example coverage: each branch of a top-level {@code any} (a regex's top-level alternatives
     * are branches too) that no match example takes, as {@code warning:} lines. Shown by
     * {@code rules lint --coverage}; a plain lint only counts them, as many stock rules list
     * alternatives that one example per family covers.
     */
    public List<String> coverage() {
        return coverage(false);
    }

    /**
     * As {@link #coverage()}, and with {@code nested} also each branch of an {@code any} inside an
     * {@code all} or another {@code any} (not under a {@code not}, where taking a branch means
     * the rule does not match). A nested branch counts as taken when a match example's value
     * makes it true, whatever its siblings do: it answers "can this condition hold at all on a
     * value the rule is meant to catch", which is how dead conditions (a literal the decoder
     * never leaves in a value) show.
     */
    public List<String> coverage(boolean nested) {
        List<String> out = new ArrayList<>();
        for (Rule r : rules) {
            untestedBranches(r, out, nested);
        }
        return out;
    }

    private static void unreachable(Rule r, Condition c, List<String> out) {
        if (c instanceof Condition.Text) {
            Condition.Text t = (Condition.Text) c;
            if (t.variant() != Variant.RAW && t.variant() != Variant.CASED) {
                for (String v : t.values()) {
                    if (!v.equals(v.toLowerCase(java.util.Locale.ROOT))) {
                        out.add(r.source() + ": rule " + r.id() + ": unreachable: '" + v
                                + "' has upper case but decoded values are case-folded");
                    }
                }
            }
            if (t.op() == Condition.TextOp.EQUALS && t.field() == Field.STATUS) {
                out.add(r.source() + ": rule " + r.id() + ": use a numeric comparison for status");
            }
        } else if (c instanceof Condition.All) {
            ((Condition.All) c).children().forEach(ch -> unreachable(r, ch, out));
        } else if (c instanceof Condition.Any) {
            ((Condition.Any) c).children().forEach(ch -> unreachable(r, ch, out));
        } else if (c instanceof Condition.Not) {
            unreachable(r, ((Condition.Not) c).child(), out);
        }
    }

    private static void untestedBranches(Rule r, List<String> out, boolean nested) {
        List<Condition.Any> anys = new ArrayList<>();
        List<String> where = new ArrayList<>();
        if (r.condition() instanceof Condition.Any top) {
            anys.add(top);
            where.add("");
        }
        if (nested) {
            collectNested(r.condition(), "", anys, where);
        }
        if (anys.isEmpty()) {
            return;
        }
        boolean[][] used = new boolean[anys.size()][];
        for (int k = 0; k < anys.size(); k++) {
            used[k] = new boolean[anys.get(k).children().size()];
        }
        int line = 1;
        for (Example e : r.matches()) {
            FieldSource view = view(r, e, r.source(), line++);
            for (Field f : r.fields()) {
                for (FieldValue v : view.values(f)) {
                    for (int k = 0; k < anys.size(); k++) {
                        List<Condition> branches = anys.get(k).children();
                        for (int i = 0; i < branches.size(); i++) {
                            if (!used[k][i] && Evaluator.eval(branches.get(i), v, view)) {
                                used[k][i] = true;
                            }
                        }
                    }
                }
            }
        }
        for (int k = 0; k < anys.size(); k++) {
            for (int i = 0; i < used[k].length; i++) {
                if (!used[k][i]) {
                    out.add("warning: " + r.source() + ": rule " + r.id() + ": branch " + (i + 1) + " of 'any'"
                            + (where.get(k).isEmpty() ? "" : " at " + where.get(k))
                            + " is not reached by any match example");
                }
            }
        }
    }

    /** The {@code any}s below the top of {@code c}, with their paths (/all[0]/any[2]), none under a {@code not}. */
    private static void collectNested(Condition c, String path, List<Condition.Any> anys, List<String> where) {
        List<Condition> children;
        String kind;
        if (c instanceof Condition.All a) {
            children = a.children();
            kind = "all";
        } else if (c instanceof Condition.Any a) {
            children = a.children();
            kind = "any";
        } else {
            return;
        }
        for (int i = 0; i < children.size(); i++) {
            Condition ch = children.get(i);
            String p = path + "/" + kind + "[" + i + "]";
            if (ch instanceof Condition.Any a) {
                anys.add(a);
                where.add(p);
            }
            collectNested(ch, p, anys, where);
        }
    }
}
