package dev.vigil.rules.match;

import dev.vigil.rules.Condition;
import dev.vigil.rules.Field;
import dev.vigil.rules.Rule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Puts the children of every {@code all} and {@code any} of a condition in order of their cost,
 * cheapest first, so that the cheap tests settle a node before the dear ones run: a rule written
 * {@code all: [method regex, not: method in (get, post, ...)]} tests the method list first and
 * never runs its regex on a GET.
 *
 * <p>Exact: conditions have no side effects and a node's verdict does not depend on the order of
 * its children (the value a rule reports is the first value its whole condition holds for, which
 * is the same in any order). Rule authors keep writing children in the order that reads best.
 *
 * <p>The cost of a leaf is a class, not a measurement: comparisons and CIDR tests, then literal
 * tests, then regular expressions gated by a literal, then other regular expressions, then the
 * readers of behaviour, then the tokenizers. A leaf on parameter names or values counts one class
 * more (when another field is under test, it reads all of them). {@code not} costs what its child does; {@code all} and {@code any} what their children
 * do together. Equal costs keep the author's order.
 */
final class ConditionOrder {
    private ConditionOrder() {}

    /** {@code r} with its condition ordered, or {@code r} itself when nothing moves. */
    static Rule of(Rule r) {
        Condition c = order(r.condition());
        if (c == r.condition()) {
            return r;
        }
        return new Rule(r.id(), r.title(), r.type(), r.description(), r.severity(), r.severityOnSuccess(), r.status(),
                r.tactics(), r.techniques(), r.fields(), c, r.falsePositives(), r.remediation(), r.references(),
                r.matches(), r.noMatches(), r.source());
    }

    /** {@code c} with the children of each node ordered by cost; the same object when already so. */
    static Condition order(Condition c) {
        if (c instanceof Condition.All a) {
            List<Condition> ch = ordered(a.children());
            return ch == a.children() ? c : new Condition.All(ch);
        }
        if (c instanceof Condition.Any a) {
            List<Condition> ch = ordered(a.children());
            return ch == a.children() ? c : new Condition.Any(ch);
        }
        if (c instanceof Condition.Not n) {
            Condition child = order(n.child());
            return child == n.child() ? c : new Condition.Not(child);
        }
        return c;
    }

    private static List<Condition> ordered(List<Condition> children) {
        List<Condition> out = new ArrayList<>(children.size());
        boolean changed = false;
        for (Condition ch : children) {
            Condition o = order(ch);
            changed |= o != ch;
            out.add(o);
        }
        List<Condition> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.comparingInt(ConditionOrder::cost)); // stable: equal costs keep their order
        if (!sorted.equals(out)) {
            return List.copyOf(sorted);
        }
        return changed ? List.copyOf(out) : children;
    }

    /** The cost class of {@code c}: higher is dearer. */
    static int cost(Condition c) {
        if (c instanceof Condition.All a) {
            return sum(a.children());
        }
        if (c instanceof Condition.Any a) {
            return sum(a.children());
        }
        if (c instanceof Condition.Not n) {
            return cost(n.child());
        }
        int base;
        Field f;
        if (c instanceof Condition.Compare || c instanceof Condition.Exists || c instanceof Condition.Cidr) {
            base = 1;
        } else if (c instanceof Condition.Text || c instanceof Condition.FieldRef) {
            base = 2;
        } else if (c instanceof Condition.Regex r) {
            base = r.gate() != null ? 3 : 4;
        } else if (c instanceof Condition.Reads) {
            base = 5;
        } else {
            base = 6; // Detect: a tokenizer or reader of an attack class
        }
        f = Evaluator.leafFieldOf(c);
        if (f == Field.PARAM_NAMES || f == Field.PARAM_VALUES) {
            base++;
        }
        return base;
    }

    private static int sum(List<Condition> children) {
        int s = 0;
        for (Condition ch : children) {
            s = Math.min(1_000, s + cost(ch));
        }
        return s;
    }
}
