package dev.vigil.rules.match;

import dev.vigil.rules.Field;
import dev.vigil.rules.Rule;
import dev.vigil.rules.compile.Prefilter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Runs a rule set over requests: one Aho-Corasick automaton per field finds the rules whose
 * required literals occur, and only those (plus the few rules without a literal) evaluate their
 * full condition.
 *
 * <p>Immutable and thread-safe; per-request state lives on the caller's stack.
 */
public final class RuleMatcher {
    private final Rule[] rules;
    private final int[] always;
    private final Field[] scanFields;
    private final AhoCorasick[] automata;
    private final int[][][] rulesOfLiteral;
    /** Rules whose condition reads only the value being matched, so a verdict can be remembered. */
    private final boolean[] selfContained;
    /** Rules with required literals (not in {@link #always}): their fields can be skipped when no literal hit. */
    private final boolean[] gated;
    /** For each field, its index in {@link #scanFields}, or -1. */
    private final int[] scanIndex;
    private final int words;
    /**
     * Per worker thread, per repetitive field (user agent, referer): raw value → bits of the rules
     * evaluated on it and of those that matched. Browsers send the same few agents all day, and
     * the tokenizers are the dearest part of a request's inspection. {@link Evaluator} also
     * remembers leaf verdicts (for rules that read other fields too); this rule-level memo still
     * pays, as it skips walking the condition tree at all (about a fifth of matching time, measured).
     */
    private final ThreadLocal<List<Map<String, long[]>>> memo;
    private static final int MEMO_ENTRIES = 4096;

    public RuleMatcher(List<Rule> ruleList) {
        this.rules = ruleList.toArray(new Rule[0]);
        List<Integer> alwaysList = new ArrayList<>();
        Map<Field, Map<String, List<Integer>>> byField = new EnumMap<>(Field.class);
        for (int i = 0; i < rules.length; i++) {
            Map<Field, Set<String>> req = Prefilter.required(rules[i]);
            if (req == null || req.isEmpty()) {
                alwaysList.add(i);
                continue;
            }
            final int ri = i;
            req.forEach((f, lits) -> {
                Map<String, List<Integer>> m = byField.computeIfAbsent(f, k -> new LinkedHashMap<>());
                for (String l : lits) {
                    List<Integer> rs = m.computeIfAbsent(l, k -> new ArrayList<>());
                    if (!rs.contains(ri)) {
                        rs.add(ri);
                    }
                }
            });
        }
        this.always = alwaysList.stream().mapToInt(Integer::intValue).toArray();
        this.gated = new boolean[rules.length];
        java.util.Arrays.fill(gated, true);
        for (int i : always) {
            gated[i] = false;
        }
        this.selfContained = new boolean[rules.length];
        for (int i = 0; i < rules.length; i++) {
            selfContained[i] = readsOnlyItsValue(rules[i].condition());
        }
        this.words = (rules.length + 63) / 64;
        this.memo = ThreadLocal.withInitial(() -> List.of(lru(), lru()));
        this.scanFields = byField.keySet().toArray(new Field[0]);
        this.scanIndex = new int[Field.values().length];
        java.util.Arrays.fill(scanIndex, -1);
        for (int k = 0; k < scanFields.length; k++) {
            scanIndex[scanFields[k].ordinal()] = k;
        }
        this.automata = new AhoCorasick[scanFields.length];
        this.rulesOfLiteral = new int[scanFields.length][][];
        for (int k = 0; k < scanFields.length; k++) {
            Map<String, List<Integer>> m = byField.get(scanFields[k]);
            List<String> lits = new ArrayList<>(m.keySet());
            automata[k] = new AhoCorasick(lits);
            rulesOfLiteral[k] = new int[lits.size()][];
            for (int j = 0; j < lits.size(); j++) {
                rulesOfLiteral[k][j] = m.get(lits.get(j)).stream().mapToInt(Integer::intValue).toArray();
            }
        }
    }

    public List<Rule> rules() {
        return List.of(rules);
    }

    /** Ids of the rules that run on every request because they have no required literal. */
    public List<String> alwaysRun() {
        List<String> out = new ArrayList<>();
        for (int i : always) {
            out.add(rules[i].id());
        }
        return out;
    }

    /** Reports each matching rule once, with the first field value that made it match. */
    public void match(FieldSource view, BiConsumer<Rule, FieldValue> out) {
        boolean[] candidate = new boolean[rules.length];
        for (int i : always) {
            candidate[i] = true;
        }
        // which rules' literals occurred in which field: a self-contained rule need not look at a
        // field where none of its literals occurs, since its condition reads only that value
        long[] fieldHits = new long[scanFields.length * words];
        for (int k = 0; k < scanFields.length; k++) {
            final int[][] rol = rulesOfLiteral[k];
            final int base = k * words;
            AhoCorasick.Hits hits = (p, end) -> {
                for (int r : rol[p]) {
                    candidate[r] = true;
                    fieldHits[base + (r >>> 6)] |= 1L << (r & 63);
                }
                return true;
            };
            List<FieldValue> vals = view.values(scanFields[k]);
            for (int j = 0; j < vals.size(); j++) {
                FieldValue v = vals.get(j);
                automata[k].scan(v.decoded, hits);
                if (v.decoded.indexOf("/*") >= 0 || v.decoded.indexOf("*/") >= 0) {
                    automata[k].scan(v.noComments(), hits);
                }
            }
        }
        List<Map<String, long[]>> memos = memo.get();
        for (int i = 0; i < rules.length; i++) {
            if (!candidate[i]) {
                continue;
            }
            Rule r = rules[i];
            FieldValue hit = selfContained[i] ? firstMatchRemembering(i, view, memos, gated[i] ? fieldHits : null)
                    : firstMatch(r, view);
            if (hit != null) {
                out.accept(r, hit);
            }
        }
    }

    private FieldValue firstMatchRemembering(int ri, FieldSource view, List<Map<String, long[]>> memos,
                                             long[] fieldHits) {
        Rule r = rules[ri];
        int w = ri >>> 6;
        long bit = 1L << (ri & 63);
        List<Field> fields = r.fields();
        for (int fi = 0; fi < fields.size(); fi++) {
            Field f = fields.get(fi);
            if (fieldHits != null) {
                int k = scanIndex[f.ordinal()];
                if (k >= 0 && (fieldHits[k * words + w] & bit) == 0) {
                    continue; // none of the rule's literals occurs in this field
                }
            }
            int m = f == Field.USER_AGENT ? 0 : f == Field.REFERER ? 1 : -1;
            List<FieldValue> vals = view.values(f);
            for (int j = 0; j < vals.size(); j++) {
                FieldValue v = vals.get(j);
                if (m < 0) {
                    if (eval(r, v, view)) {
                        return v;
                    }
                    continue;
                }
                long[] bits = memos.get(m).computeIfAbsent(v.raw(), k -> new long[2 * words]);
                boolean matched;
                if ((bits[w] & bit) != 0) {
                    matched = (bits[words + w] & bit) != 0;
                } else {
                    matched = eval(r, v, view);
                    bits[w] |= bit;
                    if (matched) {
                        bits[words + w] |= bit;
                    }
                }
                if (matched) {
                    return v;
                }
            }
        }
        return null;
    }

    private static boolean eval(Rule r, FieldValue v, FieldSource view) {
        try {
            return Evaluator.eval(r.condition(), v, view);
        } catch (RuntimeException e) {
            return false; // a rule must never break inspection of the request
        }
    }

    private static Map<String, long[]> lru() {
        return new LinkedHashMap<>(MEMO_ENTRIES * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
                return size() > MEMO_ENTRIES;
            }
        };
    }

    /** Whether no leaf of {@code c} names a field of its own (then it reads only the current value). */
    private static boolean readsOnlyItsValue(dev.vigil.rules.Condition c) {
        if (c instanceof dev.vigil.rules.Condition.All a) {
            return a.children().stream().allMatch(RuleMatcher::readsOnlyItsValue);
        }
        if (c instanceof dev.vigil.rules.Condition.Any a) {
            return a.children().stream().allMatch(RuleMatcher::readsOnlyItsValue);
        }
        if (c instanceof dev.vigil.rules.Condition.Not n) {
            return readsOnlyItsValue(n.child());
        }
        if (c instanceof dev.vigil.rules.Condition.Text t) {
            return t.field() == null;
        }
        if (c instanceof dev.vigil.rules.Condition.Regex x) {
            return x.field() == null;
        }
        if (c instanceof dev.vigil.rules.Condition.Detect d) {
            return d.field() == null;
        }
        if (c instanceof dev.vigil.rules.Condition.Reads rd) {
            return rd.field() == null;
        }
        return false; // numeric comparisons, CIDR: keep them out of the memo
    }

    /** The first value of the rule's fields its condition holds for, or null. */
    public static FieldValue firstMatch(Rule r, FieldSource view) {
        List<Field> fields = r.fields();
        for (int fi = 0; fi < fields.size(); fi++) {
            Field f = fields.get(fi);
            List<FieldValue> vals = view.values(f);
            for (int j = 0; j < vals.size(); j++) {
                FieldValue v = vals.get(j);
                try {
                    if (Evaluator.eval(r.condition(), v, view)) {
                        return v;
                    }
                } catch (RuntimeException e) {
                    // a rule must never break inspection of the request; treat as no match
                }
            }
        }
        return null;
    }
}
