package dev.vigil.rules.compile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Extracts from a regular expression a set of literals one of which every match must contain, so
 * the rule joins the Aho-Corasick prefilter. A small recursive parser of the RE2 syntax works out,
 * per sub-expression, the finite set of exact strings it matches (when small) and a required
 * literal set; alternatives union their sets, concatenations keep their most selective one.
 * Conservative: when unsure it returns null and the rule runs on every request.
 *
 * <p>Stateless and thread-safe.
 */
public final class RegexLiterals {
    private static final int MAX_EXACT = 64;
    private static final int MAX_LEN = 40;

    private RegexLiterals() {
    }

    /** The literals (lower case, at least two characters), or null when none could be found. */
    public static List<String> required(String regex) {
        return required(regex, Prefilter.MIN_LITERAL);
    }

    /** As {@link #required(String)} with literals of at least {@code minLen} characters. */
    public static List<String> required(String regex, int minLen) {
        int saved = MIN.get();
        MIN.set(minLen);
        try {
            return extract(regex);
        } finally {
            MIN.set(saved);
        }
    }

    private static final ThreadLocal<Integer> MIN = ThreadLocal.withInitial(() -> Prefilter.MIN_LITERAL);

    /** Splits at top-level {@code |}, respecting groups, classes and escapes. */
    public static List<String> topLevelAlternatives(String re) {
        List<String> alts = new ArrayList<>();
        int depth = 0;
        boolean inClass = false;
        int start = 0;
        for (int i = 0; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\') {
                i++;
                continue;
            }
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                }
                continue;
            }
            if (c == '[') {
                inClass = true;
                if (i + 1 < re.length() && re.charAt(i + 1) == ']') {
                    i++;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                alts.add(re.substring(start, i));
                start = i + 1;
            }
        }
        alts.add(re.substring(start));
        return alts;
    }

    private static List<String> extract(String regex) {
        try {
            String re = regex;
            if (re.startsWith("(?i)")) {
                re = re.substring(4);
            } else if (re.startsWith("(?s)") || re.startsWith("(?m)")) {
                re = re.substring(4);
            }
            Parser p = new Parser(re.toLowerCase(Locale.ROOT));
            Info info = p.alt();
            if (p.pos != p.s.length()) {
                return null;
            }
            Set<String> best = info.best();
            return best == null ? null : new ArrayList<>(best);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** What one sub-expression tells about its matches. */
    private static final class Info {
        /** All strings it can match, when few and short; null otherwise. */
        Set<String> exact;
        /** Literals one of which every match contains; null when none known. */
        Set<String> req;

        static Info exact(String s) {
            Info i = new Info();
            i.exact = new LinkedHashSet<>();
            i.exact.add(s);
            return i;
        }

        static Info unknown() {
            return new Info();
        }

        /** The most selective required set this node offers. */
        Set<String> best() {
            Set<String> fromExact = usable(exact) ? exact : null;
            return better(fromExact, req);
        }
    }

    static boolean usable(Set<String> set) {
        if (set == null || set.isEmpty()) {
            return false;
        }
        for (String s : set) {
            if (s.length() < MIN.get()) {
                return false;
            }
        }
        return true;
    }

    static Set<String> better(Set<String> a, Set<String> b) {
        if (!usable(a)) {
            return usable(b) ? b : null;
        }
        if (!usable(b)) {
            return a;
        }
        return score(a) >= score(b) ? a : b;
    }

    /**
     * Single characters rare enough in benign requests to serve as a literal: a brace, a dollar
     * sign, a backtick, an opening bracket. They count as two characters when literals are compared, so that
     * {@code \(\s*\)\s*\{} is gated by its brace rather than its parentheses.
     */
    static final String RARE_CHARACTERS = "{}[$`<>|\\^~";

    static boolean rareCharacter(String s) {
        return s.length() == 1 && RARE_CHARACTERS.indexOf(s.charAt(0)) >= 0;
    }

    private static int score(Set<String> s) {
        int min = Integer.MAX_VALUE;
        for (String x : s) {
            min = Math.min(min, rareCharacter(x) ? 2 : x.length());
        }
        return min * 16 - Math.min(s.size(), 200);
    }

    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) {
            this.s = s;
        }

        Info alt() {
            List<Info> branches = new ArrayList<>();
            branches.add(concat());
            while (pos < s.length() && s.charAt(pos) == '|') {
                pos++;
                branches.add(concat());
            }
            if (branches.size() == 1) {
                return branches.get(0);
            }
            Info out = new Info();
            Set<String> ex = new LinkedHashSet<>();
            Set<String> req = new LinkedHashSet<>();
            for (Info b : branches) {
                if (ex != null && b.exact != null) {
                    ex.addAll(b.exact);
                    if (ex.size() > MAX_EXACT) {
                        ex = null;
                    }
                } else {
                    ex = null;
                }
                Set<String> bb = b.best();
                if (req != null && bb != null) {
                    req.addAll(bb);
                } else {
                    req = null;
                }
            }
            out.exact = ex;
            out.req = req;
            return out;
        }

        Info concat() {
            Set<String> acc = new LinkedHashSet<>();
            acc.add("");
            Set<String> best = null;
            boolean allExact = true;
            while (pos < s.length() && s.charAt(pos) != '|' && s.charAt(pos) != ')') {
                int start = pos;
                String run = acc == null || acc.size() > MAX_EXACT ? null : literalRun();
                if (run != null && pos - start >= 2) {
                    // A run of literal characters (escaped punctuation and zero-width anchors
                    // included), none quantified, appended at once: the same sets as appending
                    // them one atom at a time (a set of up to 64 new strings per character), which
                    // made long words and paths the costliest part of compiling the rules.
                    if (!usable(best)) {
                        best = null;
                    }
                    int i = 0;
                    while (i < run.length()) {
                        int room = acc.size() > MAX_EXACT ? 0 : MAX_LEN - maxLength(acc);
                        if (room <= 0) {
                            // where appending one character would fail: keep what was built, restart
                            best = better(best, acc);
                            acc = new LinkedHashSet<>();
                            acc.add(String.valueOf(run.charAt(i)));
                            allExact = false;
                            i++;
                            continue;
                        }
                        int take = Math.min(room, run.length() - i);
                        String piece = run.substring(i, i + take);
                        Set<String> next = new LinkedHashSet<>();
                        for (String x : acc) {
                            next.add(x + piece);
                        }
                        acc = next;
                        i += take;
                    }
                    continue;
                }
                pos = start;
                Info atom = quantified(atom());
                best = better(best, atom.req);
                if (atom.exact != null && acc != null) {
                    Set<String> next = cross(acc, atom.exact);
                    if (next == null) {
                        best = better(best, acc);
                        acc = new LinkedHashSet<>(atom.exact);
                        allExact = false;
                    } else {
                        acc = next;
                    }
                } else {
                    if (acc != null) {
                        best = better(best, acc);
                    }
                    allExact = false;
                    acc = atom.exact == null ? null : new LinkedHashSet<>(atom.exact);
                    if (acc == null) {
                        acc = new LinkedHashSet<>();
                        acc.add("");
                    }
                }
            }
            Info out = new Info();
            if (allExact) {
                out.exact = acc;
            }
            out.req = better(best, acc);
            return out;
        }

        /**
         * Reads the run of literal atoms from {@code pos}: plain characters, escaped punctuation,
         * {@code \\n}, {@code \\t} and the zero-width {@code \\b \\B \\a \\z}, stopping before
         * any atom a quantifier follows; returns their text (the anchors add none) and leaves
         * {@code pos} after them.
         */
        private String literalRun() {
            StringBuilder out = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos);
                int len;
                String text;
                if (c == '\\') {
                    if (pos + 1 >= s.length()) {
                        break;
                    }
                    char e = s.charAt(pos + 1);
                    len = 2;
                    if (e == 'b' || e == 'a' || e == 'z' || e == 'B') {
                        text = "";
                    } else if (e == 'n') {
                        text = "\n";
                    } else if (e == 't') {
                        text = "\t";
                    } else if (Character.isLetterOrDigit(e)) {
                        break;
                    } else {
                        text = String.valueOf(e);
                    }
                } else if ("()[].^$*+?{|".indexOf(c) >= 0) {
                    break;
                } else {
                    len = 1;
                    text = null;
                }
                int after = pos + len;
                if (after < s.length() && "*+?{".indexOf(s.charAt(after)) >= 0) {
                    break;
                }
                if (text == null) {
                    out.append(c);
                } else {
                    out.append(text);
                }
                pos = after;
            }
            return out.toString();
        }

        private static int maxLength(Set<String> set) {
            int max = 0;
            for (String x : set) {
                max = Math.max(max, x.length());
            }
            return max;
        }

        private static Set<String> cross(Set<String> a, Set<String> b) {
            if ((long) a.size() * b.size() > MAX_EXACT) {
                return null;
            }
            Set<String> out = new LinkedHashSet<>();
            for (String x : a) {
                for (String y : b) {
                    if (x.length() + y.length() > MAX_LEN) {
                        return null;
                    }
                    out.add(x + y);
                }
            }
            return out;
        }

        Info quantified(Info atom) {
            if (pos >= s.length()) {
                return atom;
            }
            char q = s.charAt(pos);
            Info out;
            if (q == '*' || q == '?') {
                pos++;
                out = Info.unknown();
                if (q == '?' && atom.exact != null) {
                    // optional: the empty string joins the exact set
                    out.exact = new LinkedHashSet<>(atom.exact);
                    out.exact.add("");
                }
            } else if (q == '+') {
                pos++;
                out = Info.unknown();
                out.req = atom.best();
            } else if (q == '{') {
                int close = s.indexOf('}', pos);
                if (close < 0) {
                    throw new IllegalArgumentException("bad repeat");
                }
                String body = s.substring(pos + 1, close);
                pos = close + 1;
                String min = body.contains(",") ? body.substring(0, body.indexOf(',')) : body;
                out = Info.unknown();
                if (!min.isEmpty() && Integer.parseInt(min.trim()) >= 1) {
                    out.req = atom.best();
                }
            } else {
                return atom;
            }
            if (pos < s.length() && s.charAt(pos) == '?') {
                pos++;
            }
            return out;
        }

        Info atom() {
            char c = s.charAt(pos);
            switch (c) {
                case '(': {
                    pos++;
                    if (s.startsWith("?:", pos)) {
                        pos += 2;
                    } else if (s.startsWith("?p<", pos)) {
                        pos = s.indexOf('>', pos) + 1;
                    } else if (s.startsWith("?", pos)) {
                        int colon = s.indexOf(':', pos);
                        int close = s.indexOf(')', pos);
                        if (close >= 0 && (colon < 0 || close < colon)) {
                            // a bare flag group such as (?i): matches empty
                            pos = close + 1;
                            return Info.exact("");
                        }
                        pos = colon + 1;
                    }
                    Info inner = alt();
                    if (pos >= s.length() || s.charAt(pos) != ')') {
                        throw new IllegalArgumentException("unbalanced");
                    }
                    pos++;
                    return inner;
                }
                case '[':
                    skipClass();
                    return Info.unknown();
                case '.':
                    pos++;
                    return Info.unknown();
                case '^':
                case '$':
                    pos++;
                    return Info.exact("");
                case '\\': {
                    if (pos + 1 >= s.length()) {
                        throw new IllegalArgumentException("trailing backslash");
                    }
                    char e = s.charAt(pos + 1);
                    pos += 2;
                    if (e == 'b' || e == 'a' || e == 'z' || e == 'B') {
                        return Info.exact("");
                    }
                    if (e == 'x' || e == 'p') {
                        if (pos < s.length() && s.charAt(pos) == '{') {
                            pos = s.indexOf('}', pos) + 1;
                        } else {
                            pos += e == 'x' ? 2 : 1;
                        }
                        return Info.unknown();
                    }
                    if (e == 'n') {
                        return Info.exact("\n");
                    }
                    if (e == 't') {
                        return Info.exact("\t");
                    }
                    if (Character.isLetterOrDigit(e)) {
                        return Info.unknown();
                    }
                    return Info.exact(String.valueOf(e));
                }
                case '*':
                case '+':
                case '?':
                case '{':
                    throw new IllegalArgumentException("dangling quantifier");
                default:
                    pos++;
                    return Info.exact(String.valueOf(c));
            }
        }

        private void skipClass() {
            int j = pos + 1;
            if (j < s.length() && s.charAt(j) == '^') {
                j++;
            }
            if (j < s.length() && s.charAt(j) == ']') {
                j++;
            }
            while (j < s.length() && s.charAt(j) != ']') {
                if (s.charAt(j) == '\\') {
                    j++;
                } else if (s.charAt(j) == '[' && j + 1 < s.length() && s.charAt(j + 1) == ':') {
                    j = s.indexOf(":]", j) + 1;
                }
                j++;
            }
            if (j >= s.length()) {
                throw new IllegalArgumentException("unclosed class");
            }
            pos = j + 1;
        }
    }
}
