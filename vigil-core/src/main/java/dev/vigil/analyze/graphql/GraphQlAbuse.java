package dev.vigil.analyze.graphql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a value as a GraphQL executable document (GraphQL specification, October 2021, section 2)
 * and decides whether it is written to make the server do far more work, or try far more guesses,
 * than one answer needs. The document is parsed into operations, fragments, selection sets, fields
 * with their aliases, arguments and directives, and fragment spreads; then:
 * <ul>
 * <li>fragment spreads that form a cycle ({@code fragment A on Q {...B} fragment B on Q {...A}}: the
 *     specification forbids it, section 5.5.2.2, and a server that does not check recurses until it
 *     fails);</li>
 * <li>fragments that expand to ten thousand field selections or more (each spreading the next one
 *     several times: the "billion laughs" of GraphQL);</li>
 * <li>selection sets nested ten deep or more, fragments expanded (a depth attack on cyclic types,
 *     {@code posts{author{posts{author...}}}}; an application's own queries nest a few levels);</li>
 * <li>one field selected ten times or more in the same selection set without aliases, or twenty
 *     times or more under aliases (field duplication: {@code email email email...},
 *     {@code a0:__typename a1:__typename...}); twenty-five aliased calls of one field with arguments
 *     (alias batching, to try many values in one request past a per-request rate limit), or three
 *     when the field checks a login, a one-time or reset code or a coupon (guesses, not work);</li>
 * <li>ten directives or more on one field or spread (directive overloading);</li>
 * <li>a page size of ten thousand records or more ({@code first}, {@code last}, {@code limit},
 *     {@code pageSize}, {@code take}...), or nested page sizes whose product reaches a million
 *     (resource exhaustion: public APIs cap pages at one or a few hundred).</li>
 * </ul>
 * The value is read with its case kept ({@code A} and {@code a} are different fragments); commas and
 * {@code +} are blanks (the latter a form-encoded space). A document cut short (a log line truncated)
 * is read as far as it goes. A value that does not start like a document (a search term, a JSON
 * object of variables) yields nothing.
 *
 * <p>Linear in the value's length (the expansion counts are memoised per fragment and saturate).
 * Stateless and thread-safe.
 */
public final class GraphQlAbuse {

    static final int MAX_LEN = 16384;
    static final int MAX_NESTING = 256;
    static final int DEPTH = 10;
    static final long EXPANSION = 10_000;
    static final int REPEATED = 10;
    static final int ALIASED = 20;
    static final int ALIASED_CALLS = 25;
    static final int SECRET_GUESSES = 3;
    static final int DIRECTIVES = 10;
    static final long PAGE = 10_000;
    static final long PAGE_PRODUCT = 1_000_000;

    /** Fields that check a secret: three aliased calls in one request are guesses. */
    private static final Pattern SECRET_FIELD = Pattern.compile(
            "log_?in\\w*|sign_?in\\w*|authenticate\\w*|verify_?(otp|code|pin|password|token|2fa|mfa)\\w*"
                    + "|check_?(otp|code|pin|password)\\w*|(confirm|submit|validate)_?(otp|code|pin|2fa|mfa)\\w*"
                    + "|reset_?password\\w*|redeem\\w*|apply_?(coupon|promo|voucher|gift_?card)\\w*");

    /** Arguments that size a page of records. */
    private static final Set<String> PAGE_ARGS = Set.of("first", "last", "limit", "pagesize", "page_size", "perpage",
            "per_page", "take", "top", "count", "size", "maxresults", "max_results", "pagelimit", "page_limit");

    private GraphQlAbuse() {
    }

    /**
     * @param value a decoded value with its case kept
     * @return a short reason (e.g. "fragment spreads form a cycle (A, B)"), or empty. Never throws.
     */
    public static Optional<String> detect(String value) {
        if (value == null || value.length() < 3 || value.indexOf('{') < 0) {
            return Optional.empty();
        }
        try {
            String s = value.length() > MAX_LEN ? value.substring(0, MAX_LEN) : value;
            Document d = new Parser(s).document();
            return d == null ? Optional.empty() : Optional.ofNullable(new Judge(d).verdict());
        } catch (RuntimeException | StackOverflowError e) {
            return Optional.empty();
        }
    }

    // ---- the document ----

    /** A selection: a field (name set), a fragment spread (spread set) or an inline fragment. */
    static final class Selection {
        String alias;
        String name;
        String spread;
        boolean hasArgs;
        int directives;
        long page = -1;
        List<Selection> children;
    }

    static final class Document {
        final List<List<Selection>> operations = new ArrayList<>();
        final Map<String, List<Selection>> fragments = new HashMap<>();
    }

    // ---- the parser ----

    /** Tokens: names, numbers, strings, punctuators ('.' stands for "..."). */
    private static final class Parser {
        private final String s;
        private final int n;
        private int i;
        private char kind;
        private String text;
        private int nesting;

        Parser(String s) {
            this.s = s;
            this.n = s.length();
            next();
        }

        Document document() {
            Document d = new Document();
            boolean any = false;
            while (kind != 0) {
                if (kind == '{') {
                    d.operations.add(selectionSet());
                    any = true;
                } else if (kind == 'n' && ("query".equals(text) || "mutation".equals(text) || "subscription".equals(text))) {
                    next();
                    while (kind != 0 && kind != '{') {
                        if (kind == '(') {
                            skipBalanced('(', ')');
                        } else {
                            next();
                        }
                    }
                    if (kind == '{') {
                        d.operations.add(selectionSet());
                        any = true;
                    }
                } else if (kind == 'n' && "fragment".equals(text)) {
                    next();
                    String name = kind == 'n' ? text : null;
                    while (kind != 0 && kind != '{') {
                        next();
                    }
                    if (kind == '{') {
                        List<Selection> set = selectionSet();
                        if (name != null) {
                            d.fragments.putIfAbsent(name, set);
                        }
                        any = true;
                    }
                } else if (!any) {
                    return null; // not a document: a search term, a JSON object
                } else {
                    next();
                }
            }
            return any ? d : null;
        }

        /** At '{': the selections up to the matching '}' (or the end of a cut document). */
        private List<Selection> selectionSet() {
            List<Selection> out = new ArrayList<>();
            next();
            if (++nesting > MAX_NESTING) {
                // deeper than any reading needs: one more level is enough to judge
                while (kind != 0) {
                    next();
                }
                nesting--;
                return out;
            }
            while (kind != 0 && kind != '}') {
                if (kind == '.') {
                    next();
                    Selection sel = new Selection();
                    if (kind == 'n' && !"on".equals(text)) {
                        sel.spread = text;
                        next();
                    } else if (kind == 'n') {
                        next();
                        if (kind == 'n') {
                            next();
                        }
                    }
                    directives(sel);
                    if (kind == '{') {
                        sel.children = selectionSet();
                    }
                    out.add(sel);
                } else if (kind == 'n') {
                    Selection sel = new Selection();
                    sel.name = text;
                    next();
                    if (kind == ':') {
                        next();
                        if (kind != 'n') {
                            continue;
                        }
                        sel.alias = sel.name;
                        sel.name = text;
                        next();
                    }
                    if (kind == '(') {
                        sel.hasArgs = true;
                        arguments(sel);
                    }
                    directives(sel);
                    if (kind == '{') {
                        sel.children = selectionSet();
                    }
                    out.add(sel);
                } else if (kind == '{') {
                    selectionSet(); // not the grammar: read past it
                } else {
                    next();
                }
            }
            next();
            nesting--;
            return out;
        }

        /** At '(': the arguments; a page-size argument with an integer value is kept. */
        private void arguments(Selection sel) {
            next();
            int depth = 1;
            while (kind != 0) {
                if (kind == '(' || kind == '[' || kind == '{') {
                    depth++;
                } else if (kind == ')' || kind == ']' || kind == '}') {
                    if (--depth == 0) {
                        next();
                        return;
                    }
                } else if (kind == 'n') {
                    String name = text;
                    next();
                    if (depth == 1 && kind == ':') {
                        next();
                        if (kind == '#' && PAGE_ARGS.contains(name.toLowerCase(Locale.ROOT))) {
                            sel.page = Math.max(sel.page, number(text));
                        }
                    }
                    continue;
                }
                next();
            }
        }

        private void directives(Selection sel) {
            while (kind == '@') {
                next();
                if (kind == 'n') {
                    sel.directives++;
                    next();
                }
                if (kind == '(') {
                    skipBalanced('(', ')');
                }
            }
        }

        private void skipBalanced(char open, char close) {
            int depth = 0;
            do {
                if (kind == open) {
                    depth++;
                } else if (kind == close) {
                    depth--;
                }
                next();
            } while (kind != 0 && depth > 0);
        }

        private static long number(String t) {
            long v = 0;
            for (int k = 0; k < t.length(); k++) {
                char c = t.charAt(k);
                if (c < '0' || c > '9') {
                    break;
                }
                v = Math.min(v * 10 + (c - '0'), Long.MAX_VALUE / 20);
            }
            return v;
        }

        /** Advances to the next token: kind 'n' name, '#' number, '"' string, a punctuator, or 0 at the end. */
        private void next() {
            while (i < n) {
                char c = s.charAt(i);
                if (c == '#') {
                    while (i < n && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
                        i++;
                    }
                } else if (c <= ' ' || c == ',' || c == '+' || c == '\uFEFF') {
                    i++;
                } else {
                    break;
                }
            }
            if (i >= n) {
                kind = 0;
                text = null;
                return;
            }
            char c = s.charAt(i);
            int start = i;
            if (c == '_' || Character.isLetter(c)) {
                while (i < n && (s.charAt(i) == '_' || Character.isLetterOrDigit(s.charAt(i)))) {
                    i++;
                }
                kind = 'n';
                text = s.substring(start, i);
            } else if (c == '-' || c >= '0' && c <= '9') {
                i++;
                while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                    i++;
                }
                kind = '#';
                text = s.substring(c == '-' ? start + 1 : start, i);
            } else if (c == '"') {
                if (s.startsWith("\"\"\"", i)) {
                    int end = s.indexOf("\"\"\"", i + 3);
                    i = end < 0 ? n : end + 3;
                } else {
                    i++;
                    while (i < n && s.charAt(i) != '"' && s.charAt(i) != '\n') {
                        i += s.charAt(i) == '\\' ? 2 : 1;
                    }
                    i = Math.min(n, i + 1);
                }
                kind = '"';
                text = null;
            } else if (c == '.' && s.startsWith("...", i)) {
                i += 3;
                kind = '.';
                text = null;
            } else {
                i++;
                kind = c;
                text = null;
            }
        }
    }

    // ---- the judgement ----

    private static final class Judge {
        private final Document d;
        private final Map<String, Size> sizes = new HashMap<>();
        private final Set<String> onPath = new HashSet<>();
        private String cycle;

        Judge(Document d) {
            this.d = d;
        }

        String verdict() {
            for (String f : d.fragments.keySet()) {
                fragment(f);
                if (cycle != null) {
                    return "fragment spreads form a cycle (" + cycle + ")";
                }
            }
            long total = 0;
            int deepest = 0;
            for (List<Selection> op : d.operations) {
                Size size = size(op);
                total = sat(total + size.fields());
                deepest = Math.max(deepest, size.depth());
            }
            for (List<Selection> f : d.fragments.values()) {
                String r = local(f, 1);
                if (r != null) {
                    return r;
                }
            }
            for (List<Selection> op : d.operations) {
                String r = local(op, 1);
                if (r != null) {
                    return r;
                }
            }
            if (total >= EXPANSION && !d.fragments.isEmpty()) {
                return "fragments expand to " + (total >= 1_000_000_000L ? "over a billion" : String.valueOf(total))
                        + " field selections";
            }
            if (deepest >= DEPTH) {
                return "selection sets nested " + deepest + " deep";
            }
            return null;
        }

        /** Checks within one selection set and below it (fragments' own sets are checked once, on their own). */
        private String local(List<Selection> set, long pages) {
            Map<String, int[]> byName = new HashMap<>();
            for (Selection sel : set) {
                if (sel.directives >= DIRECTIVES) {
                    return sel.directives + " directives on one field";
                }
                long p = pages;
                if (sel.page >= 0) {
                    if (sel.page >= PAGE) {
                        return "page of " + sel.page + " records asked for";
                    }
                    p = pages * Math.max(1, sel.page);
                    if (p >= PAGE_PRODUCT) {
                        return "nested pages multiply to " + p + " records";
                    }
                }
                if (sel.name != null) {
                    // counts: unaliased, aliased, aliased with arguments (alias batching is judged on its
                    // own count: twenty aliases of a call are an application's own batch, twenty-five rarely)
                    int[] c = byName.computeIfAbsent(sel.name, k -> new int[3]);
                    if (sel.alias == null) {
                        c[0]++;
                    } else {
                        c[1]++;
                        if (sel.hasArgs) {
                            c[2]++;
                        }
                    }
                }
                if (sel.children != null) {
                    String r = local(sel.children, p);
                    if (r != null) {
                        return r;
                    }
                }
            }
            for (Map.Entry<String, int[]> e : byName.entrySet()) {
                int[] c = e.getValue();
                String f = e.getKey();
                if (c[0] >= REPEATED) {
                    return "field " + f + " selected " + c[0] + " times in one selection set";
                }
                if (c[0] + c[1] - c[2] >= ALIASED) {
                    return "field " + f + " selected " + (c[0] + c[1] - c[2]) + " times under aliases";
                }
                if (c[2] >= ALIASED_CALLS) {
                    return "field " + f + " called " + c[2] + " times under aliases (alias batching)";
                }
                if (c[2] >= SECRET_GUESSES && SECRET_FIELD.matcher(f.toLowerCase(Locale.ROOT)).matches()) {
                    return "secret-checking field " + f + " called " + c[2] + " times under aliases";
                }
            }
            return null;
        }

        /** The field selections a set resolves and the nesting of its selection sets, counting its own. */
        private record Size(long fields, int depth) {
        }

        /** What an unknown fragment, or a spread back into a cycle (reported already), adds: nothing, one level. */
        private static final Size NOTHING = new Size(0, 1);

        /** Fields and depth of a set in one walk, fragments expanded (fields saturate). */
        private Size size(List<Selection> set) {
            long fields = 0;
            int deepest = 1;
            for (Selection sel : set) {
                boolean field = sel.spread == null && sel.name != null;
                Size below = sel.spread != null ? fragment(sel.spread) : sel.children != null ? size(sel.children) : null;
                if (field) {
                    fields++;
                }
                if (below != null) {
                    fields = sat(fields + below.fields());
                    // a field's selection set is a level deeper; a spread's or an inline fragment's merges into this one
                    deepest = Math.max(deepest, below.depth() + (field ? 1 : 0));
                }
            }
            return new Size(sat(fields), deepest);
        }

        /** A fragment's size, once per fragment; a spread back onto the walk's own path records the cycle. */
        private Size fragment(String name) {
            Size memo = sizes.get(name);
            if (memo != null) {
                return memo;
            }
            List<Selection> set = d.fragments.get(name);
            if (set == null) {
                return NOTHING;
            }
            if (!onPath.add(name)) {
                if (cycle == null) {
                    cycle = String.join(", ", new java.util.TreeSet<>(onPath));
                }
                return NOTHING;
            }
            Size v = size(set);
            onPath.remove(name);
            sizes.put(name, v);
            return v;
        }

        private static long sat(long v) {
            return v < 0 || v > 1_000_000_000_000L ? 1_000_000_000_000L : v;
        }
    }
}
