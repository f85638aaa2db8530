package dev.vigil.text;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds whether a text contains, starts with, ends with or equals any of a fixed set of
 * lower-case literals: a loop for a few, an automaton or a hash set for many (data-file lists).
 * The automaton and the set are built on first use: of the thousands of lists a large rule set
 * (Sigma's) carries, most are never reached in a given scan, and building them all up front was
 * a third of its load time.
 *
 * <p>Thread-safe: the lazily built parts are immutable, so two threads building them at once
 * just build equal copies.
 */
public final class LiteralMatcher {
    private static final int AUTOMATON_FROM = 6;

    private final String[] literals;
    private final boolean letters;
    private volatile AhoCorasick automaton;
    private volatile Set<String> exact;

    public LiteralMatcher(List<String> literals) {
        this.literals = literals.toArray(new String[0]);
        boolean letters = false;
        for (String l : this.literals) {
            for (int i = 0; i < l.length() && !letters; i++) {
                letters = Character.isLetter(l.charAt(i));
            }
        }
        this.letters = letters;
    }

    /**
     * Whether a literal holds a letter: when none does, a text need not be lower-cased before
     * searching it for literals that match without case ({@code %0d}... does; {@code %25} not).
     */
    public boolean hasLetters() {
        return letters;
    }

    private AhoCorasick automaton() {
        AhoCorasick a = automaton;
        if (a == null && literals.length >= AUTOMATON_FROM) {
            a = new AhoCorasick(List.of(literals));
            automaton = a;
        }
        return a;
    }

    private Set<String> exact() {
        Set<String> e = exact;
        if (e == null && literals.length >= AUTOMATON_FROM) {
            e = Set.copyOf(new HashSet<>(List.of(literals)));
            exact = e;
        }
        return e;
    }

    /** The first literal found in {@code s} (at word boundaries if {@code word}), or null. */
    public String contains(String s, boolean word) {
        AhoCorasick automaton = automaton();
        if (automaton == null) {
            for (String lit : literals) {
                int from = 0;
                while (true) {
                    int at = s.indexOf(lit, from);
                    if (at < 0) {
                        break;
                    }
                    if (!word || boundary(s, at, at + lit.length())) {
                        return lit;
                    }
                    from = at + 1;
                }
            }
            return null;
        }
        String[] found = new String[1];
        automaton.scan(s, (p, end) -> {
            String lit = literals[p];
            int start = end - lit.length();
            if (s.regionMatches(start, lit, 0, lit.length()) && (!word || boundary(s, start, end))) {
                found[0] = lit;
                return false;
            }
            return true;
        });
        return found[0];
    }

    public String equalsAny(String s) {
        Set<String> exact = exact();
        if (exact != null) {
            return exact.contains(s) ? s : null;
        }
        for (String lit : literals) {
            if (s.equals(lit)) {
                return lit;
            }
        }
        return null;
    }

    public String startsWithAny(String s) {
        return startsWithAny(s, false);
    }

    /** The first literal {@code s} starts with (followed by a word boundary if {@code word}), or null. */
    public String startsWithAny(String s, boolean word) {
        for (String lit : literals) {
            if (s.startsWith(lit) && (!word || boundary(s, 0, lit.length()))) {
                return lit;
            }
        }
        return null;
    }

    public String endsWithAny(String s) {
        for (String lit : literals) {
            if (s.endsWith(lit)) {
                return lit;
            }
        }
        return null;
    }

    /** Word characters are letters, digits and underscore; a literal's own edge chars count too. */
    static boolean boundary(String s, int start, int end) {
        return (start == 0 || !wordChar(s.charAt(start - 1)) || !wordChar(s.charAt(start)))
                && (end >= s.length() || !wordChar(s.charAt(end)) || !wordChar(s.charAt(end - 1)));
    }

    private static boolean wordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
