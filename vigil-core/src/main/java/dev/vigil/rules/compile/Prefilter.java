package dev.vigil.rules.compile;

import dev.vigil.rules.Condition;
import dev.vigil.rules.Field;
import dev.vigil.rules.Rule;
import dev.vigil.rules.Variant;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Works out which literals a rule cannot match without: at least one of them must occur in the
 * decoded (or comment-free) value of the named field. Rules with no such literal always run.
 *
 * <p>Stateless and thread-safe.
 */
public final class Prefilter {
    /** Literals shorter than this are too common to be worth a prefilter entry. */
    static final int MIN_LITERAL = 2;

    private Prefilter() {
    }

    /** Required literals per field, or null when the rule has none and must always run. */
    public static Map<Field, Set<String>> required(Rule rule) {
        return required(rule.condition(), rule.fields());
    }

    /**
     * Whether a literal read in a {@link Variant#CASED} value is, lower-cased, found in the decoded
     * value too: true unless it holds whitespace, a control character or a character past Latin-1,
     * which decoding folds (runs of spaces, line breaks, compatibility forms).
     */
    private static boolean foldsAlike(String literal) {
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c <= ' ' || c == 0x7f || c == 0xa0 || c > 0xff) {
                return false;
            }
        }
        return true;
    }

    static Map<Field, Set<String>> required(Condition c, List<Field> current) {
        if (c instanceof Condition.Text) {
            Condition.Text t = (Condition.Text) c;
            if (t.variant() == Variant.RAW) {
                return null;
            }
            if (t.variant() == Variant.CASED) {
                // lower-cased, a command line with its case kept is the decoded one the prefilter
                // reads; a request field's decoded form also folds whitespace, so a literal holding
                // any gives no prefilter
                List<String> folded = new java.util.ArrayList<>(t.values().size());
                for (String v : t.values()) {
                    if (!foldsAlike(v)) {
                        return null;
                    }
                    folded.add(v.toLowerCase(java.util.Locale.ROOT));
                }
                return forFields(t.field(), current, folded);
            }
            return forFields(t.field(), current, t.values());
        }
        if (c instanceof Condition.Regex) {
            Condition.Regex r = (Condition.Regex) c;
            if (r.variant() == Variant.RAW) {
                return null;
            }
            List<String> lits = RegexLiterals.required(r.source());
            if (lits == null) {
                // no literal of two or more characters: a rare single character may still do
                lits = RegexLiterals.required(r.source(), 1);
            }
            if (lits != null && r.variant() == Variant.CASED) {
                for (String l : lits) {
                    if (!foldsAlike(l)) {
                        return null;
                    }
                }
            }
            return lits == null ? null : forFields(r.field(), current, lits);
        }
        if (c instanceof Condition.Reads) {
            List<String> gate = ((Condition.Reads) c).family().gate();
            return forFields(((Condition.Reads) c).field(), current, gate);
        }
        if (c instanceof Condition.All) {
            Map<Field, Set<String>> best = null;
            int bestScore = Integer.MIN_VALUE;
            for (Condition ch : ((Condition.All) c).children()) {
                Map<Field, Set<String>> m = required(ch, current);
                if (m == null) {
                    continue;
                }
                int score = score(m);
                if (score > bestScore) {
                    best = m;
                    bestScore = score;
                }
            }
            return best;
        }
        if (c instanceof Condition.Any) {
            Map<Field, Set<String>> union = new EnumMap<>(Field.class);
            for (Condition ch : ((Condition.Any) c).children()) {
                Map<Field, Set<String>> m = required(ch, current);
                if (m == null) {
                    return null;
                }
                m.forEach((f, s) -> union.computeIfAbsent(f, k -> new LinkedHashSet<>()).addAll(s));
            }
            return union;
        }
        return null;
    }

    private static Map<Field, Set<String>> forFields(Field field, List<Field> current, List<String> lits) {
        for (String l : lits) {
            // a rare single character (brace, dollar, backtick) is selective enough to gate on
            if (l.length() < MIN_LITERAL && !RegexLiterals.rareCharacter(l)) {
                return null;
            }
        }
        Map<Field, Set<String>> m = new EnumMap<>(Field.class);
        if (field != null) {
            if (field == Field.STATUS || field == Field.CLIENT_IP) {
                return null;
            }
            m.put(field, new LinkedHashSet<>(lits));
        } else {
            for (Field f : current) {
                if (f == Field.STATUS || f == Field.CLIENT_IP) {
                    return null;
                }
                m.put(f, new LinkedHashSet<>(lits));
            }
        }
        return m;
    }

    /** Prefer few, long literals: they make fewer candidates. */
    private static int score(Map<Field, Set<String>> m) {
        int count = 0;
        int minLen = Integer.MAX_VALUE;
        for (Set<String> s : m.values()) {
            count += s.size();
            for (String l : s) {
                minLen = Math.min(minLen, l.length());
            }
        }
        return minLen * 4 - Math.min(count, 1000) / 8;
    }
}
