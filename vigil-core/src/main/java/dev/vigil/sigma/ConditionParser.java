package dev.vigil.sigma;

import dev.vigil.rules.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses a Sigma condition: search identifiers joined by {@code and}, {@code or}, {@code not}
 * and parentheses, and {@code 1 of X*}, {@code any of X*}, {@code all of X*}, {@code 1 of them},
 * {@code all of them} (identifiers starting with {@code _} are not part of {@code them}).
 * Precedence, loosest first: or, and, not, x of, parentheses.
 *
 * <p>Not thread-safe: one per condition.
 */
final class ConditionParser {
    private final String src;
    private final SigmaCompiler.Selections sel;
    private final List<String> tokens = new ArrayList<>();
    private int pos;

    ConditionParser(String src, SigmaCompiler.Selections sel) {
        this.src = src;
        this.sel = sel;
        tokenize();
    }

    private void tokenize() {
        int i = 0;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                tokens.add(String.valueOf(c));
                i++;
            } else {
                int start = i;
                while (i < src.length() && !Character.isWhitespace(src.charAt(i)) && src.charAt(i) != '('
                        && src.charAt(i) != ')') {
                    i++;
                }
                tokens.add(src.substring(start, i));
            }
        }
    }

    Condition parse() {
        if (tokens.isEmpty()) {
            throw new Unsupported("empty condition");
        }
        Condition c = or();
        if (pos < tokens.size()) {
            throw new Unsupported("condition '" + src.strip() + "': unexpected '" + tokens.get(pos) + "'");
        }
        return c;
    }

    private String peek() {
        return pos < tokens.size() ? tokens.get(pos) : null;
    }

    private boolean keyword(String k) {
        String t = peek();
        if (t != null && t.toLowerCase(Locale.ROOT).equals(k)) {
            pos++;
            return true;
        }
        return false;
    }

    private Condition or() {
        List<Condition> parts = new ArrayList<>();
        parts.add(and());
        while (keyword("or")) {
            parts.add(and());
        }
        return parts.size() == 1 ? parts.get(0) : new Condition.Any(parts);
    }

    private Condition and() {
        List<Condition> parts = new ArrayList<>();
        parts.add(not());
        while (keyword("and")) {
            parts.add(not());
        }
        return parts.size() == 1 ? parts.get(0) : new Condition.All(parts);
    }

    private Condition not() {
        if (keyword("not")) {
            return new Condition.Not(not());
        }
        return primary();
    }

    private Condition primary() {
        String t = peek();
        if (t == null) {
            throw new Unsupported("condition '" + src.strip() + "' ends too early");
        }
        if (t.equals("(")) {
            pos++;
            Condition c = or();
            if (!")".equals(peek())) {
                throw new Unsupported("condition '" + src.strip() + "': missing ')'");
            }
            pos++;
            return c;
        }
        String l = t.toLowerCase(Locale.ROOT);
        if ((l.equals("1") || l.equals("any") || l.equals("all") || (!l.isEmpty() && l.chars().allMatch(c -> c >= '0' && c <= '9')))
                && pos + 1 < tokens.size() && tokens.get(pos + 1).equalsIgnoreCase("of")) {
            if (!l.equals("1") && !l.equals("any") && !l.equals("all")) {
                throw new Unsupported("'" + t + " of' is not supported (only 1 of, any of, all of)");
            }
            pos += 2;
            String target = peek();
            if (target == null || target.equals("(") || target.equals(")")) {
                throw new Unsupported("condition '" + src.strip() + "': '" + t + " of' needs a pattern or 'them'");
            }
            pos++;
            List<String> names = new ArrayList<>();
            if (target.equalsIgnoreCase("them")) {
                for (String n : sel.nodes.keySet()) {
                    if (!n.startsWith("_")) {
                        names.add(n);
                    }
                }
            } else {
                for (String n : sel.nodes.keySet()) {
                    if (globMatches(target, n)) {
                        names.add(n);
                    }
                }
            }
            if (names.isEmpty()) {
                throw new Unsupported("condition '" + src.strip() + "': no search identifier matches '" + target + "'");
            }
            List<Condition> parts = new ArrayList<>();
            names.forEach(n -> parts.add(sel.get(n)));
            if (parts.size() == 1) {
                return parts.get(0);
            }
            return l.equals("all") ? new Condition.All(parts) : new Condition.Any(parts);
        }
        if (l.equals("and") || l.equals("or") || l.equals(")")) {
            throw new Unsupported("condition '" + src.strip() + "': unexpected '" + t + "'");
        }
        pos++;
        return sel.get(t);
    }

    /**
     * Whether {@code s} matches {@code glob}, where {@code *} is any run of characters and every
     * other character stands for itself (identifier patterns such as {@code selection_*}). Greedy
     * with one backtrack point: linear in practice, never exponential.
     */
    static boolean globMatches(String glob, String s) {
        int g = 0;
        int i = 0;
        int star = -1;
        int mark = 0;
        while (i < s.length()) {
            if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                mark = i;
            } else if (g < glob.length() && glob.charAt(g) == s.charAt(i)) {
                g++;
                i++;
            } else if (star >= 0) {
                g = star + 1;
                i = ++mark;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }
}
