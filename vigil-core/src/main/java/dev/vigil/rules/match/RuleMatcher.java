package dev.vigil.rules.match;

import dev.vigil.rules.Condition;
import dev.vigil.rules.Field;
import dev.vigil.rules.Rule;
import dev.vigil.rules.compile.Prefilter;
import dev.vigil.text.AhoCorasick;
import java.time.Duration;
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
 * full condition. Each event gets a {@link LineBudget}: past it, rules with regular expressions
 * or tokenizers stop and only the literal ones run.
 *
 * <p>Immutable and thread-safe; per-request state lives on the caller's stack.
 */
public final class RuleMatcher {
    /** The rules as given: what {@link #match} reports and {@link #rules()} lists. */
    private final Rule[] reported;
    /** The given rules with their conditions in cost order ({@link ConditionOrder}): what runs. */
    private final Rule[] given;
    /**
     * The rules as run: a given rule, or for one split by {@link Split#of} the part of its
     * condition that reads only the value under test (so it is gated by its literals and its
     * verdicts are remembered, see {@link #selfContained}).
     */
    private final Rule[] rules;
    /** Per rule: how a split rule's other part is tested first, or null for a rule run whole. */
    private final Split[] splits;
    /**
     * Per split rule: the bit (past the rules') set when a literal its given condition requires
     * occurs, or -1 when it requires none.
     */
    private final int[] givenBit;
    private final int[] always;
    /** {@link #always} as a bit set: the candidates of every event. */
    private final long[] alwaysBits;
    private final Field[] scanFields;
    private final AhoCorasick[] automata;
    /** Per scanned field and literal: the bits (one long per 64 rules) of the rules that require it. */
    private final long[][][] rulesOfLiteral;
    /** Rules whose condition reads only the value being matched, so a verdict can be remembered. */
    private final boolean[] selfContained;
    /** Rules with required literals (not in {@link #always}): their fields can be skipped when no literal hit. */
    private final boolean[] gated;
    /** The fields self-contained rules read, and for each (same index) the bits of those rules. */
    private final Field[] selfFields;
    private final long[][] selfReaders;
    /** The bits of the gated rules (those with required literals). */
    private final long[] gatedBits;
    /** The bits of the self-contained rules. */
    private final long[] selfBits;
    /** Whether any self-contained rule reads a field whose verdicts are remembered (none for process rules). */
    private final boolean settles;
    /** For each field, its index in {@link #scanFields}, or -1. */
    private final int[] scanIndex;
    private final int words;
    /**
     * Per worker thread, per repetitive field (see {@link #memoOf}): raw value → bits of the rules
     * evaluated on it and of those that matched. Browsers send the same few agents all day, and
     * the tokenizers are the dearest part of a request's inspection. {@link Evaluator} also
     * remembers leaf verdicts (for rules that read other fields too); this rule-level memo still
     * pays, as it skips walking the condition tree at all (about a fifth of matching time, measured).
     */
    private final ThreadLocal<Memo[]> memo;
    /**
     * Per worker thread and scanned field: a direct-mapped table of decoded values scanned lately
     * and the rules their literals hit (key and hits side by side). Values of other fields repeat
     * too, a host's command lines above all; a table costs no upkeep, and its lookup (a hash
     * usually cached in the String, an equality test) is far cheaper than a scan.
     */
    private final ThreadLocal<Object[][]> recentHits;
    private static final int RECENT_SLOTS = 512;
    /** Longer values are scanned every time, so the tables stay small whatever the input. */
    private static final int RECENT_LENGTH = 512;

    /** One value's entry in a memo: the rules evaluated on it and those that matched. */
    static final class RuleBits {
        /** The memo (one per thread and matcher) this entry belongs to. */
        final Memo owner;
        final long[] bits;
        /** The rules whose required literals occur in the value (set on its first scan). */
        long[] scanHits;

        RuleBits(Memo owner, int words) {
            this.owner = owner;
            this.bits = new long[2 * words];
        }
    }
    /** log2 of the slots of each {@link Memo}. */
    private static final int MEMO_BITS = 12;

    /**
     * One field's memo on one thread: a direct-mapped table of raw values and their entries. A
     * value takes the slot its hash names, displacing whatever was there: no list to keep in
     * access order and no eviction to run, where most values (new parameter values, new paths)
     * are looked up once and never again. What a slot holds is a fact about its value alone, so
     * which values stay makes no difference to a verdict, only to how often one is worked out.
     */
    static final class Memo {
        final String[] keys = new String[1 << MEMO_BITS];
        final RuleBits[] entries = new RuleBits[1 << MEMO_BITS];
    }
    /** Rules whose leaves are all literal, numeric or CIDR tests: they still run on an event out of budget. */
    private final boolean[] cheap;
    /** As {@link #cheap}, for the given rules (a split rule run whole). */
    private final boolean[] givenCheap;
    private final Duration budget;
    private final long budgetNanos;
    /** The fields any rule reads, as bits by ordinal: what {@link FieldSource#verdictKey} covers. */
    private final long reads;
    /**
     * Per worker thread: a direct-mapped table of the {@link FieldSource#verdictKey keys} of events
     * matched lately and what matched (rule and value, side by side; key and hits side by side). Hosts repeat whole process starts as well as values: cron jobs, workers and health
     * checks start the same commands under the same parents all day. A repeated event costs one
     * key and one look-up instead of a walk over every field and candidate rule. What a slot holds
     * is a fact about the key alone, as in {@link Memo}. Only sources that offer a key take part
     * (process views; requests do not, see {@link RequestView}).
     */
    private final ThreadLocal<Object[]> verdicts;
    private static final int VERDICT_BITS = 14;
    /** Longer keys are not remembered, so the tables stay small whatever the input. */
    private static final int MAX_KEY = 1024;
    private static final Object[] NO_HITS = new Object[0];

    static {
        if (Field.values().length > 64) {
            throw new AssertionError("field sets are bits of a long: at most 64 fields");
        }
    }

    /** A matcher with the {@link LineBudget#DEFAULT default budget} per event. */
    public RuleMatcher(List<Rule> ruleList) {
        this(ruleList, LineBudget.DEFAULT);
    }

    /** A matcher that stops the rules with regexes or tokenizers once an event has taken {@code budget}. */
    public RuleMatcher(List<Rule> ruleList, Duration budget) {
        this.budget = budget;
        this.budgetNanos = budget.toNanos();
        this.reported = ruleList.toArray(new Rule[0]);
        this.given = new Rule[reported.length];
        for (int i = 0; i < given.length; i++) {
            given[i] = ConditionOrder.of(reported[i]);
        }
        this.rules = new Rule[given.length];
        this.splits = new Split[given.length];
        this.givenCheap = new boolean[given.length];
        for (int i = 0; i < given.length; i++) {
            splits[i] = Split.of(given[i]);
            rules[i] = splits[i] == null ? given[i] : splits[i].self;
            givenCheap[i] = cheap(given[i].condition());
        }
        this.cheap = new boolean[rules.length];
        for (int i = 0; i < rules.length; i++) {
            cheap[i] = cheap(rules[i].condition());
        }
        List<Integer> alwaysList = new ArrayList<>();
        Map<Field, Map<String, List<Integer>>> byField = new EnumMap<>(Field.class);
        // bits past the rules: one per split rule, for the literals its whole condition requires
        // (a split rule's other part is not tested where they do not occur)
        this.givenBit = new int[rules.length];
        java.util.Arrays.fill(givenBit, -1);
        // slot -> rule index: the rules' own bits, then one per split rule's given condition
        List<Integer> ruleOfSlot = new ArrayList<>();
        for (int i = 0; i < rules.length; i++) {
            ruleOfSlot.add(i);
        }
        for (int i = 0; i < rules.length; i++) {
            if (splits[i] != null) {
                givenBit[i] = ruleOfSlot.size();
                ruleOfSlot.add(i);
            }
        }
        int slots = ruleOfSlot.size();
        for (int slot = 0; slot < slots; slot++) {
            int i = ruleOfSlot.get(slot);
            boolean own = slot < rules.length;
            Map<Field, Set<String>> req = Prefilter.required(own ? rules[i] : given[i]);
            if (req == null || req.isEmpty()) {
                if (own) {
                    alwaysList.add(i);
                } else {
                    givenBit[i] = -1; // no literal required: the other part is tested on every event
                }
                continue;
            }
            final int ri = slot;
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
        this.words = (slots + 63) / 64;
        this.alwaysBits = new long[words];
        for (int i : always) {
            alwaysBits[i >>> 6] |= 1L << (i & 63);
        }
        this.gatedBits = new long[words];
        this.selfBits = new long[words];
        Map<Field, long[]> readers = new EnumMap<>(Field.class);
        for (int i = 0; i < rules.length; i++) {
            if (gated[i]) {
                gatedBits[i >>> 6] |= 1L << (i & 63);
            }
            if (selfContained[i]) {
                selfBits[i >>> 6] |= 1L << (i & 63);
                for (Field f : rules[i].fields()) {
                    readers.computeIfAbsent(f, k -> new long[words])[i >>> 6] |= 1L << (i & 63);
                }
            }
        }
        this.selfFields = readers.keySet().toArray(new Field[0]);
        this.selfReaders = readers.values().toArray(new long[0][]);
        this.settles = java.util.Arrays.stream(selfFields).anyMatch(f -> memoOf(f) >= 0);
        long read = 0;
        for (Rule r : given) {
            for (Field f : r.fields()) {
                read |= 1L << f.ordinal();
            }
            read |= fieldsOf(r.condition());
        }
        this.reads = read;
        this.verdicts = ThreadLocal.withInitial(() -> new Object[2 << VERDICT_BITS]);
        this.memo = ThreadLocal.withInitial(() -> new Memo[] {new Memo(), new Memo(), new Memo(), new Memo(), new Memo(),
            new Memo(), new Memo()});
        this.scanFields = byField.keySet().toArray(new Field[0]);
        final int scanned = scanFields.length;
        this.recentHits = ThreadLocal.withInitial(() -> new Object[scanned][2 * RECENT_SLOTS]);
        this.scanIndex = new int[Field.values().length];
        java.util.Arrays.fill(scanIndex, -1);
        for (int k = 0; k < scanFields.length; k++) {
            scanIndex[scanFields[k].ordinal()] = k;
        }
        this.automata = new AhoCorasick[scanFields.length];
        this.rulesOfLiteral = new long[scanFields.length][][];
        for (int k = 0; k < scanFields.length; k++) {
            Map<String, List<Integer>> m = byField.get(scanFields[k]);
            List<String> lits = new ArrayList<>(m.keySet());
            automata[k] = new AhoCorasick(lits);
            rulesOfLiteral[k] = new long[lits.size()][];
            for (int j = 0; j < lits.size(); j++) {
                long[] mask = new long[words];
                for (int r : m.get(lits.get(j))) {
                    mask[r >>> 6] |= 1L << (r & 63);
                }
                rulesOfLiteral[k][j] = mask;
            }
        }
    }

    public List<Rule> rules() {
        return List.of(reported);
    }

    /** The fields the leaves of {@code c} name, as bits by ordinal (a leaf without one reads the rule's fields). */
    private static long fieldsOf(Condition c) {
        if (c instanceof Condition.All a) {
            long m = 0;
            for (Condition ch : a.children()) {
                m |= fieldsOf(ch);
            }
            return m;
        }
        if (c instanceof Condition.Any a) {
            long m = 0;
            for (Condition ch : a.children()) {
                m |= fieldsOf(ch);
            }
            return m;
        }
        if (c instanceof Condition.Not n) {
            return fieldsOf(n.child());
        }
        long m = 0;
        Field f = Evaluator.leafFieldOf(c);
        if (f != null) {
            m |= 1L << f.ordinal();
        }
        if (c instanceof Condition.FieldRef ref) {
            m |= 1L << ref.other().ordinal();
        }
        return m;
    }

    /** Ids of the rules that run on every request because they have no required literal. */
    public List<String> alwaysRun() {
        List<String> out = new ArrayList<>();
        for (int i : always) {
            out.add(rules[i].id());
        }
        return out;
    }

    /** The time each event may take. */
    public Duration budget() {
        return budget;
    }

    /**
     * Reports each matching rule once, with the first field value that made it match. Returns how
     * many rules were not run, or stopped part way, because the event ran out of budget: 0 but
     * for a last resort (see {@link LineBudget}).
     */
    public int match(FieldSource view, BiConsumer<Rule, FieldValue> out) {
        VerdictKey key = view.verdictKey(reads);
        if (key == null || key.chars() > MAX_KEY) {
            return matchAll(view, out);
        }
        Object[] table = verdicts.get();
        int slot = (key.hashCode() * 0x9E3779B9 >>> (32 - VERDICT_BITS)) << 1;
        if (key.equals(table[slot])) {
            // an event like one seen lately in every field the rules read: the same rules match,
            // on the same values
            Object[] known = (Object[]) table[slot + 1];
            for (int j = 0; j < known.length; j += 2) {
                out.accept((Rule) known[j], (FieldValue) known[j + 1]);
            }
            return 0;
        }
        List<Object> found = new ArrayList<>(2);
        int skipped = matchAll(view, (r, v) -> {
            found.add(r);
            found.add(v);
            out.accept(r, v);
        });
        if (skipped == 0) {
            // a verdict cut short by the budget is not remembered
            table[slot] = key;
            table[slot + 1] = found.isEmpty() ? NO_HITS : found.toArray();
        }
        return skipped;
    }

    /** {@link #match} without the event-level memo. */
    private int matchAll(FieldSource view, BiConsumer<Rule, FieldValue> out) {
        // which rules' literals occurred in which field: a self-contained rule need not look at a
        // field where none of its literals occurs, since its condition reads only that value
        long[] fieldHits = new long[scanFields.length * words];
        Memo[] memos = memo.get();
        Object[][] recent = recentHits.get();
        FieldHits hits = new FieldHits(fieldHits);
        for (int k = 0; k < scanFields.length; k++) {
            hits.of(rulesOfLiteral[k], k * words);
            List<FieldValue> vals = view.values(scanFields[k]);
            int m = memoOf(scanFields[k], view);
            if (m >= 0 && vals.size() == 1 && remembers(m, vals.get(0))) {
                // a value seen before: its hits are known (they depend on the value alone)
                FieldValue v = vals.get(0);
                RuleBits entry = entry(memos[m], v);
                if (entry.scanHits == null) {
                    long[] own = new long[words];
                    scan(automata[k], v, new FieldHits(own).of(rulesOfLiteral[k], 0));
                    entry.scanHits = own;
                }
                System.arraycopy(entry.scanHits, 0, fieldHits, k * words, words);
                continue;
            }
            for (int j = 0; j < vals.size(); j++) {
                FieldValue v = vals.get(j);
                if (v.decoded.length() > RECENT_LENGTH) {
                    scan(automata[k], v, hits);
                    continue;
                }
                // a value seen lately in this field (a host's command lines, a site's
                // parameters): its hits are known, as they depend on the decoded text alone
                Object[] table = recent[k];
                int slot = (v.decoded.hashCode() * 0x9E3779B9 >>> 22) & ~1 & (table.length - 1);
                Object key = table[slot];
                long[] known;
                if (key == v.decoded || v.decoded.equals(key)) {
                    known = (long[]) table[slot + 1];
                } else {
                    known = new long[words];
                    scan(automata[k], v, new FieldHits(known).of(rulesOfLiteral[k], 0));
                    table[slot] = v.decoded;
                    table[slot + 1] = known;
                }
                for (int w = 0; w < words; w++) {
                    fieldHits[k * words + w] |= known[w];
                }
            }
        }
        long[] candidate = alwaysBits.clone();
        for (int k = 0; k < scanFields.length; k++) {
            for (int w = 0; w < words; w++) {
                candidate[w] |= fieldHits[k * words + w];
            }
        }
        long[] settled = settles ? settled(view, memos, fieldHits, candidate) : null;
        LineBudget spent = new LineBudget(budgetNanos);
        for (int i = 0; i < rules.length; i++) {
            Split split = splits[i];
            if (split != null) {
                int g = givenBit[i];
                if (g >= 0 && (candidate[g >>> 6] & 1L << (g & 63)) == 0) {
                    continue; // a literal the given rule requires does not occur
                }
                int verdict = split.others(view);
                if (verdict == Split.NO_MATCH) {
                    continue;
                }
                if (verdict == Split.WHOLE) {
                    // the other part may hold: the given rule, value by value, as before the split
                    LineBudget b = givenCheap[i] ? null : spent;
                    if (b != null && !b.spend()) {
                        b.skipped();
                        continue;
                    }
                    FieldValue hit = firstMatch(given[i], view, b);
                    if (hit != null) {
                        out.accept(reported[i], hit);
                    }
                    continue;
                }
            }
            long bit = 1L << (i & 63);
            if ((candidate[i >>> 6] & bit) == 0 || (settled != null && (settled[i >>> 6] & bit) != 0)) {
                continue;
            }
            LineBudget b = cheap[i] ? null : spent;
            if (b != null && !b.spend()) {
                b.skipped();
                continue;
            }
            Rule r = rules[i];
            FieldValue hit = selfContained[i] ? firstMatchRemembering(i, view, memos, gated[i] ? fieldHits : null, b)
                    : firstMatch(r, view, b);
            if (hit != null) {
                out.accept(reported[i], hit);
            }
        }
        return spent.skippedRules();
    }

    /**
     * The self-contained rules known, before any is run, not to match this event: in every field
     * the rule reads, each value is remembered as tested by the rule and not matched, or the field
     * has no value, or (for a gated rule) none of the rule's literals occurs in it. Those are
     * exactly the rules {@link #firstMatchRemembering} would walk value by value to return null;
     * a few bit operations per field settle them at once (on an access log most values were seen
     * lately, so most always-run rules are settled so).
     */
    private long[] settled(FieldSource view, Memo[] memos, long[] fieldHits, long[] candidate) {
        long[] known = new long[words];
        java.util.Arrays.fill(known, -1L);
        long[] free = new long[words];
        for (int x = 0; x < selfFields.length; x++) {
            long[] readers = selfReaders[x];
            Field f = selfFields[x];
            int k = scanIndex[f.ordinal()];
            boolean wanted = false;
            for (int w = 0; w < words; w++) {
                // rules that need not look at this field: gated ones none of whose literals occurs in it
                free[w] = k >= 0 ? gatedBits[w] & ~fieldHits[k * words + w] : 0;
                wanted |= (readers[w] & candidate[w] & ~free[w]) != 0;
            }
            if (!wanted) {
                continue; // no candidate reads it: not even decoded
            }
            int m = memoOf(f, view);
            if (m < 0) {
                // verdicts on this field's values are not remembered: its readers run
                for (int w = 0; w < words; w++) {
                    known[w] &= ~(readers[w] & ~free[w]);
                }
                continue;
            }
            List<FieldValue> vals = view.values(f);
            if (vals.isEmpty()) {
                continue; // nothing there to match
            }
            for (int w = 0; w < words; w++) {
                long clear = -1L;
                for (int j = 0; j < vals.size() && clear != 0; j++) {
                    FieldValue v = vals.get(j);
                    if (!remembers(m, v)) {
                        clear = 0;
                        break;
                    }
                    long[] bits = entry(memos[m], v).bits;
                    clear &= bits[w] & ~bits[words + w];
                }
                known[w] &= ~(readers[w] & ~free[w]) | clear;
            }
        }
        for (int w = 0; w < words; w++) {
            known[w] &= selfBits[w];
        }
        return known;
    }

    /** Scans a value, and its comment-stripped form when it has comment marks. */
    private static void scan(AhoCorasick automaton, FieldValue v, FieldHits hits) {
        automaton.scan(v.decoded, hits);
        if (v.decoded.indexOf("/*") >= 0 || v.decoded.indexOf("*/") >= 0) {
            automaton.scan(v.noComments(), hits);
        }
    }

    /**
     * The memo a field's values are remembered in (0 agents, 1 referers, 2 paths, 3 parameter
     * names, 4 parameter values, 5 and 6 command lines of POSIX and of Windows processes), or -1
     * for none. Paths and parameters repeat too (a site's requests go to a few thousand pages),
     * and a host starts the same command lines all day (cron jobs, workers, health checks); a
     * verdict on them depends on the field and the value, and for a command line on the platform
     * that reads it (its normalisation and the readers' quoting rules), hence one memo for each.
     */
    private static int memoOf(Field f, FieldSource view) {
        if (f == Field.CMDLINE) {
            return view instanceof ProcessView pv ? (pv.windows() ? 6 : 5) : -1;
        }
        return memoOf(f);
    }

    /** {@link #memoOf(Field, FieldSource)} for the fields whose memo does not depend on the event. */
    private static int memoOf(Field f) {
        switch (f) {
            case USER_AGENT:
                return 0;
            case REFERER:
                return 1;
            case PATH:
                return 2;
            case PARAM_NAMES:
                return 3;
            case PARAM_VALUES:
                return 4;
            case CMDLINE:
                return 5; // or 6: see memoOf(Field, FieldSource)
            default:
                return -1;
        }
    }

    /**
     * Whether a value of memo {@code m}'s field is remembered: agents and referers always (as
     * before), the others only up to {@link Evaluator#MEMO_LENGTH} characters, so a hostile log
     * of long unique values cannot fill the memo with megabytes; of a command line's readings,
     * the first only, and no value decoded otherwise than its field's ({@link FieldValue#reading}).
     */
    private static boolean remembers(int m, FieldValue v) {
        if (v.reading > 0) {
            return false; // its raw text, the memo's key, stands for another reading (or decoding) too
        }
        return m < 2 || v.raw.length() <= Evaluator.MEMO_LENGTH;
    }

    /** The value's entry in {@code memo}, created if new; kept on the value for the next look. */
    private RuleBits entry(Memo memo, FieldValue v) {
        RuleBits entry = v.ruleBits;
        if (entry == null || entry.owner != memo) {
            String raw = v.raw();
            int slot = (raw.hashCode() * 0x9E3779B9) >>> (32 - MEMO_BITS);
            String key = memo.keys[slot];
            if (key == raw || raw.equals(key)) {
                entry = memo.entries[slot];
            } else {
                entry = new RuleBits(memo, words);
                memo.keys[slot] = raw;
                memo.entries[slot] = entry;
            }
            v.ruleBits = entry;
        }
        return entry;
    }

    /**
     * Sets, for each literal hit, the bits of the rules that require it, in one field's words of
     * a bit set. One per event, re-aimed at each field: a lambda per field was garbage per line.
     */
    private static final class FieldHits implements AhoCorasick.Hits {
        private final long[] bits;
        private long[][] rulesOfLiteral;
        private int base;

        FieldHits(long[] bits) {
            this.bits = bits;
        }

        FieldHits of(long[][] rulesOfLiteral, int base) {
            this.rulesOfLiteral = rulesOfLiteral;
            this.base = base;
            return this;
        }

        @Override
        public boolean hit(int pattern, int end) {
            long[] mask = rulesOfLiteral[pattern];
            for (int w = 0; w < mask.length; w++) {
                bits[base + w] |= mask[w];
            }
            return true;
        }
    }

    private FieldValue firstMatchRemembering(int ri, FieldSource view, Memo[] memos,
                                             long[] fieldHits, LineBudget budget) {
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
            int m = memoOf(f, view);
            List<FieldValue> vals = view.values(f);
            for (int j = 0; j < vals.size(); j++) {
                FieldValue v = vals.get(j);
                if (budget != null && !budget.spend()) {
                    budget.skipped();
                    return null;
                }
                if (m < 0 || !remembers(m, v)) {
                    if (eval(r, v, view)) {
                        return v;
                    }
                    continue;
                }
                long[] bits = entry(memos[m], v).bits;
                boolean matched;
                if ((bits[w] & bit) != 0) {
                    matched = (bits[words + w] & bit) != 0;
                } else {
                    matched = evalRemembered(r, v, view);
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

    /** As {@link #eval}, for a self-contained rule whose verdict on {@code v} goes into its memo. */
    private static boolean evalRemembered(Rule r, FieldValue v, FieldSource view) {
        try {
            return Evaluator.evalUnremembered(r.condition(), v, view);
        } catch (RuntimeException e) {
            return false; // a rule must never break inspection of the request
        }
    }

    private static boolean eval(Rule r, FieldValue v, FieldSource view) {
        try {
            return Evaluator.eval(r.condition(), v, view);
        } catch (RuntimeException e) {
            return false; // a rule must never break inspection of the request
        }
    }

    /**
     * A rule whose condition mixes leaves on the value under test with leaves naming other fields
     * of the event ({@code field: method}, {@code field: param_names}), split in two. Such a rule
     * is not self-contained, so it was evaluated value by value with its whole condition, on every
     * event where it was a candidate: a rule with one literal-free leaf ran on every request. Split,
     * the part on the value under test ({@link #self}) runs as a self-contained rule (gated by its
     * literals, verdicts remembered per value), and the other leaves are tested once per event
     * first ({@link #others}), on every value of the fields they name.
     *
     * <p>Exact: for a top-level {@code any}, when no other child holds on any value of its field,
     * no value can satisfy it, and the rule matches where (and first where) its own part does;
     * when one may, the given rule runs whole. For a top-level {@code all}, when an other child
     * fails on every value, the rule cannot match; when all hold and read only fields the rule
     * does not test (so they are the same for every value), the rule matches where its own part
     * does; otherwise it runs whole. A child naming other fields is used so only when it holds
     * no {@code not} (a leaf naming the field under test reads only the value under test, so its
     * verdict implies the verdict on some value of that field) or reads only fields the rule does
     * not test (then it is the same for every value).
     */
    static final class Split {
        /** The other part fails on every value: the rule does not match this event. */
        static final int NO_MATCH = 0;
        /** The rule matches where its own part does. */
        static final int OWN = 1;
        /** The other part may hold: run the given rule whole. */
        static final int WHOLE = 2;

        final Rule self;
        private final Condition others;
        private final boolean any;
        /** For an {@code all}: whether the other children read only fields the rule does not test. */
        private final boolean constant;

        private Split(Rule self, Condition others, boolean any, boolean constant) {
            this.self = self;
            this.others = others;
            this.any = any;
            this.constant = constant;
        }

        /** The split of {@code r}, or null when it is self-contained already or cannot be split exactly. */
        static Split of(Rule r) {
            Condition c = r.condition();
            if (readsOnlyItsValue(c)) {
                return null;
            }
            boolean any = c instanceof Condition.Any;
            List<Condition> children = any ? ((Condition.Any) c).children()
                    : c instanceof Condition.All a ? a.children() : List.of(c);
            List<Condition> own = new ArrayList<>();
            List<Condition> other = new ArrayList<>();
            boolean constant = true;
            for (Condition ch : children) {
                if (readsOnlyItsValue(ch)) {
                    own.add(ch);
                } else if (namesFieldsOnly(ch, r.fields(), true)) {
                    other.add(ch);
                } else if (namesFieldsOnly(ch, r.fields(), false) && !hasNot(ch)) {
                    other.add(ch);
                    constant = false;
                } else {
                    return null;
                }
            }
            if (own.isEmpty() || other.isEmpty()) {
                return null;
            }
            Condition ownPart = own.size() == 1 ? own.get(0) : any ? new Condition.Any(own) : new Condition.All(own);
            Condition otherPart = other.size() == 1 ? other.get(0) : any ? new Condition.Any(other) : new Condition.All(other);
            Rule self = new Rule(r.id(), r.title(), r.type(), r.description(), r.severity(), r.severityOnSuccess(),
                    r.status(), r.tactics(), r.techniques(), r.fields(), ownPart, r.falsePositives(), r.remediation(),
                    r.references(), r.matches(), r.noMatches(), r.source());
            return new Split(self, otherPart, any, constant);
        }

        /** {@link #NO_MATCH}, {@link #OWN} or {@link #WHOLE} for this event. */
        int others(FieldSource view) {
            boolean holds;
            try {
                // no value under test: each leaf reads every value of the field it names
                holds = Evaluator.eval(others, null, view);
            } catch (RuntimeException e) {
                holds = true; // let the whole rule decide, as it did before the split
            }
            if (any) {
                return holds ? WHOLE : OWN;
            }
            return !holds ? NO_MATCH : constant ? OWN : WHOLE;
        }

        /**
         * Whether every leaf of {@code c} names a field of its own; with {@code untested}, also
         * one the rule does not test (then its verdict is the same for every value under test).
         */
        private static boolean namesFieldsOnly(Condition c, List<Field> tested, boolean untested) {
            if (c instanceof Condition.All a) {
                return a.children().stream().allMatch(x -> namesFieldsOnly(x, tested, untested));
            }
            if (c instanceof Condition.Any a) {
                return a.children().stream().allMatch(x -> namesFieldsOnly(x, tested, untested));
            }
            if (c instanceof Condition.Not n) {
                return namesFieldsOnly(n.child(), tested, untested);
            }
            Field f = Evaluator.leafFieldOf(c);
            return f != null && (!untested || !tested.contains(f));
        }

        private static boolean hasNot(Condition c) {
            if (c instanceof Condition.All a) {
                return a.children().stream().anyMatch(Split::hasNot);
            }
            if (c instanceof Condition.Any a) {
                return a.children().stream().anyMatch(Split::hasNot);
            }
            return c instanceof Condition.Not;
        }
    }

    /** Whether {@code c} holds no regular expression and no tokenizer: literal, numeric and CIDR tests only. */
    private static boolean cheap(dev.vigil.rules.Condition c) {
        if (c instanceof dev.vigil.rules.Condition.All a) {
            return a.children().stream().allMatch(RuleMatcher::cheap);
        }
        if (c instanceof dev.vigil.rules.Condition.Any a) {
            return a.children().stream().allMatch(RuleMatcher::cheap);
        }
        if (c instanceof dev.vigil.rules.Condition.Not n) {
            return cheap(n.child());
        }
        return !(c instanceof dev.vigil.rules.Condition.Regex) && !(c instanceof dev.vigil.rules.Condition.Detect);
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
        if (c instanceof dev.vigil.rules.Condition.Cidr cidr) {
            return cidr.field() == null; // the address in the value under test, nothing else
        }
        return false; // numeric comparisons: keep them out of the memo
    }

    /** The first value of the rule's fields its condition holds for, or null. */
    public static FieldValue firstMatch(Rule r, FieldSource view) {
        return firstMatch(r, view, null);
    }

    /** As {@link #firstMatch(Rule, FieldSource)}, giving up (null) when {@code budget} (if any) runs out. */
    private static FieldValue firstMatch(Rule r, FieldSource view, LineBudget budget) {
        List<Field> fields = r.fields();
        for (int fi = 0; fi < fields.size(); fi++) {
            Field f = fields.get(fi);
            List<FieldValue> vals = view.values(f);
            for (int j = 0; j < vals.size(); j++) {
                FieldValue v = vals.get(j);
                if (budget != null && !budget.spend()) {
                    budget.skipped();
                    return null;
                }
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
