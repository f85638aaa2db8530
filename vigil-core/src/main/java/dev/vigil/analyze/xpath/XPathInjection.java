package dev.vigil.analyze.xpath;

import java.util.Optional;

/**
 * Reads a decoded value as a fragment of an XPath expression (XPath 1.0 and 2.0) and decides
 * whether it carries XPath that walks or measures the document, as an attacker does who breaks
 * out of {@code //user[name/text()='VALUE']} to enumerate it blind.
 *
 * <ul>
 * <li>a node-set or string function of the core library applied to a location path or to another
 *     such call: {@code count(/child::node())}, {@code name(/*[1])}, {@code string-length(name(.))},
 *     {@code substring(name(/*[1]),1,1)}, {@code local-name(..)};</li>
 * <li>an axis step ({@code child::}, {@code descendant-or-self::}, {@code following-sibling::}...)
 *     followed by a node test;</li>
 * <li>a predicate broken out of: a quote closing the literal (or a number that is the whole value
 *     before it), then {@code ]} and a union {@code |} or another step ({@code ']|//*|//*['},
 *     {@code 2]|//*});</li>
 * <li>a node-type test as a location step ({@code /text()}, {@code //node()}, {@code /comment()}) or a
 *     positional predicate ({@code [position()=1]}, {@code [last()]});</li>
 * <li>a string function over the context node's name, or over the node or its text in a predicate
 *     on a wildcard step, the test a walk applies to each node: {@code starts-with(name(), 'x')},
 *     {@code //*[contains(., 'pass')]};</li>
 * <li>a literal closed and a node set joined to it: {@code '|//*}, {@code x" | /user};</li>
 * <li>a literal broken out of with an XPath-only condition: {@code ' or true() or '},
 *     {@code ' and count(...)}, the document functions {@code doc('...')} and
 *     {@code doc-available(}.</li>
 * </ul>
 * Tautologies that SQL shares ({@code ' or '1'='1}) are left to the SQL tokenizer. Prose with
 * {@code count (the votes)} or a file path with {@code ::} in it does not read as XPath.
 *
 * <p>Linear in the value's length. Stateless and thread-safe.
 */
public final class XPathInjection {

    static final int MAX_LEN = 4096;

    private static final String[] AXES = {"ancestor-or-self", "descendant-or-self", "following-sibling",
        "preceding-sibling", "ancestor", "descendant", "following", "preceding", "namespace", "attribute",
        "parent", "child", "self"};

    /** Functions whose argument, when it is a location path, shows a walk of the document. */
    private static final String[] PATH_FUNCTIONS = {"count", "name", "local-name", "namespace-uri",
        "string-length", "substring", "substring-before", "substring-after", "contains", "starts-with",
        "string", "normalize-space", "translate", "concat", "sum", "boolean", "number", "lang", "id",
        "codepoints-to-string", "string-to-codepoints", "lower-case", "upper-case", "data", "exists", "empty",
        "root", "base-uri", "document-uri"};

    private XPathInjection() {
    }

    /** @return a short reason (e.g. "XPath function over a location path"), or empty. Never throws. */
    public static Optional<String> detect(String decoded) {
        if (decoded == null || decoded.length() < 4) {
            return Optional.empty();
        }
        try {
            String s = decoded.length() > MAX_LEN ? decoded.substring(0, MAX_LEN) : decoded;
            String hit = s.indexOf('(') >= 0 ? calls(s) : null;
            if (hit == null && s.indexOf("::") >= 0) {
                hit = axes(s);
            }
            if (hit == null && s.indexOf(']') >= 0) {
                hit = predicateBreakout(s);
            }
            if (hit == null && s.indexOf('|') >= 0) {
                hit = literalUnion(s);
            }
            return Optional.ofNullable(hit);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Every {@code (}: the function name before it and what its argument starts with. */
    private static String calls(String s) {
        int n = s.length();
        for (int p = s.indexOf('('); p >= 0; p = s.indexOf('(', p + 1)) {
            int e = p;
            while (e > 0 && s.charAt(e - 1) == ' ') {
                e--;
            }
            int b = e;
            while (b > 0 && (letter(s.charAt(b - 1)) || s.charAt(b - 1) == '-')) {
                b--;
            }
            if (b == e || (b > 0 && (digit(s.charAt(b - 1)) || s.charAt(b - 1) == '_' || s.charAt(b - 1) == '.'))) {
                continue;
            }
            String fn = s.substring(b, e);
            int a = p + 1;
            while (a < n && s.charAt(a) == ' ') {
                a++;
            }
            if ((fn.equals("doc") || fn.equals("doc-available") || fn.equals("unparsed-text")
                    || fn.equals("unparsed-text-available")) && a < n && (s.charAt(a) == '\'' || s.charAt(a) == '"')) {
                return "XPath document function";
            }
            if ((fn.equals("true") || fn.equals("false")) && a < n && s.charAt(a) == ')' && logicBefore(s, b)) {
                return "XPath boolean function in a condition";
            }
            if (e == p && a < n && s.charAt(a) == ')' && isNodeTest(fn) && stepBefore(s, b)) {
                return "XPath node-type test in a location path";
            }
            if (e == p && a < n && s.charAt(a) == ')' && (fn.equals("position") || fn.equals("last"))
                    && predicateBefore(s, b)) {
                return "XPath positional predicate";
            }
            if (!isPathFunction(fn) || a >= n || e != p) {
                continue; // "count (the votes)": a blank between name and parenthesis is prose's
            }
            if (locationPath(s, a, n) || nestedPathCall(s, a, n)) {
                return "XPath function over a location path";
            }
            if (contextArgument(s, a, n, wildcardPredicateBefore(s, b))) {
                return "XPath function over the context node";
            }
        }
        return null;
    }

    /** Whether a location path starts at {@code a}: {@code /}, {@code //}, {@code .}, {@code ..}, {@code *}, {@code @}, an axis. */
    private static boolean locationPath(String s, int a, int n) {
        char c = s.charAt(a);
        if (c == '/') {
            // "/" alone or followed by a step: a name, *, @, ., or another /
            return a + 1 >= n || s.charAt(a + 1) == ')' || s.charAt(a + 1) == '/' || s.charAt(a + 1) == '*'
                    || s.charAt(a + 1) == '@' || s.charAt(a + 1) == '.' || letter(s.charAt(a + 1));
        }
        if (c == '.') {
            return a + 1 < n && (s.charAt(a + 1) == ')' || s.charAt(a + 1) == '.' || s.charAt(a + 1) == '/');
        }
        if (c == '*') {
            // not "count(*)", which SQL and query languages write too
            return a + 1 < n && (s.charAt(a + 1) == '[' || s.charAt(a + 1) == '/');
        }
        if (c == '@') {
            return a + 1 < n && (letter(s.charAt(a + 1)) || s.charAt(a + 1) == '*');
        }
        return axisAt(s, a) > 0;
    }

    /**
     * The first argument at {@code a} is the name of the context node ({@code name()},
     * {@code local-name()}), or, in a predicate on a wildcard step ({@code //*[...]}), the node
     * itself or its text ({@code .}, {@code text()}), followed by another argument or the call's end:
     * {@code starts-with(name(), 'x')}, {@code substring(local-name(),1,1)},
     * {@code //*[contains(., 'pass')]}: the test a walk applies to every node. A locator on a named
     * element ({@code //button[contains(text(),'Save')]}, a Selenium idiom people search for) is not.
     */
    private static final String[] CONTEXT_CALLS = {"name()", "local-name()", "text()"};

    private static boolean contextArgument(String s, int a, int n, boolean wildcard) {
        int e = -1;
        boolean name = false;
        if (s.charAt(a) == '.' && (a + 1 >= n || s.charAt(a + 1) != '.')) {
            e = a + 1;
        } else {
            for (String f : CONTEXT_CALLS) {
                if (s.startsWith(f, a)) {
                    e = a + f.length();
                    name = !f.equals("text()");
                    break;
                }
            }
        }
        if (e < 0 || !name && !wildcard) {
            return false;
        }
        while (e < n && s.charAt(e) == ' ') {
            e++;
        }
        return e < n && (s.charAt(e) == ',' || s.charAt(e) == ')' && s.charAt(a) != '.');
    }

    /** The call whose name starts at {@code b} opens a predicate on a wildcard step: {@code *[} right before it. */
    private static boolean wildcardPredicateBefore(String s, int b) {
        int i = b;
        while (i > 0 && s.charAt(i - 1) == ' ') {
            i--;
        }
        return i > 1 && s.charAt(i - 1) == '[' && s.charAt(i - 2) == '*';
    }

    /** {@code f(g(/...))}: the argument is another path function applied to a path. */
    private static boolean nestedPathCall(String s, int a, int n) {
        int b = a;
        while (b < n && (letter(s.charAt(b)) || s.charAt(b) == '-')) {
            b++;
        }
        if (b == a || b >= n || s.charAt(b) != '(' || !isPathFunction(s.substring(a, b))) {
            return false;
        }
        int c = b + 1;
        return c < n && locationPath(s, c, n);
    }

    /** An axis name followed by {@code ::} and a node test, where a step may start. */
    private static String axes(String s) {
        int n = s.length();
        for (int i = s.indexOf("::"); i >= 0; i = s.indexOf("::", i + 2)) {
            int b = i;
            while (b > 0 && (letter(s.charAt(b - 1)) || s.charAt(b - 1) == '-')) {
                b--;
            }
            if (b == i || axisAt(s, b) != i + 2) {
                continue;
            }
            char before = b > 0 ? s.charAt(b - 1) : '/';
            if (before != '/' && before != '(' && before != '[' && before != '|' && before != ' ' && before != ',') {
                continue;
            }
            int t = i + 2;
            if (t < n && (s.charAt(t) == '*' || letter(s.charAt(t)))) {
                return "XPath axis step";
            }
        }
        return null;
    }

    /** The end of an axis name and its {@code ::} at {@code i}, or -1. */
    private static int axisAt(String s, int i) {
        for (String ax : AXES) {
            if (s.startsWith(ax, i) && s.startsWith("::", i + ax.length())) {
                return i + ax.length() + 2;
            }
        }
        return -1;
    }

    /** {@code text()}, {@code node()}, {@code comment()}: the node-type tests of a location step. */
    private static boolean isNodeTest(String fn) {
        return fn.equals("text") || fn.equals("node") || fn.equals("comment");
    }

    /** The name at {@code b} is a location step: a {@code /} right before it ({@code /text()}, {@code //node()}). */
    private static boolean stepBefore(String s, int b) {
        return b > 0 && s.charAt(b - 1) == '/';
    }

    /** The name at {@code b} opens a predicate: {@code [} right before it, blanks allowed ({@code [position()=1]}). */
    private static boolean predicateBefore(String s, int b) {
        int i = b;
        while (i > 0 && s.charAt(i - 1) == ' ') {
            i--;
        }
        return i > 0 && s.charAt(i - 1) == '[';
    }

    /** A literal closed and a node set joined to it: {@code '|//*}, {@code x" | /user}. */
    private static String literalUnion(String s) {
        int n = s.length();
        for (int i = s.indexOf('|'); i > 0; i = s.indexOf('|', i + 1)) {
            int b = i;
            while (b > 0 && (s.charAt(b - 1) == ' ' || s.charAt(b - 1) == ')')) {
                b--;
            }
            if (b == 0 || (s.charAt(b - 1) != '\'' && s.charAt(b - 1) != '"')) {
                continue;
            }
            int k = i + 1;
            while (k < n && s.charAt(k) == ' ') {
                k++;
            }
            if (k + 1 < n && s.charAt(k) == '/' && (s.charAt(k + 1) == '/' || s.charAt(k + 1) == '*' || s.charAt(k + 1) == '@'
                    || letter(s.charAt(k + 1)))) {
                return "literal closed and node sets joined";
            }
        }
        return null;
    }

    /**
     * A quote, {@code ]}, then a union or another step: {@code ']|//x}, {@code "] | /*}, {@code ']/..}, a descendant
     * step by name after a closed literal or a call over one ({@code ')]//password}).
     */
    private static String predicateBreakout(String s) {
        int n = s.length();
        for (int i = s.indexOf(']'); i > 0; i = s.indexOf(']', i + 1)) {
            char q = s.charAt(i - 1);
            if (q != '\'' && q != '"' && q != ')' && !numberBefore(s, i)) {
                continue;
            }
            int j = i + 1;
            while (j < n && s.charAt(j) == ' ') {
                j++;
            }
            if (j >= n) {
                continue;
            }
            if (s.charAt(j) == '|') {
                int k = j + 1;
                while (k < n && s.charAt(k) == ' ') {
                    k++;
                }
                if (k < n && (s.charAt(k) == '/' || s.charAt(k) == '*' || s.charAt(k) == '.' || axisAt(s, k) > 0)) {
                    return "predicate closed and node sets joined";
                }
            } else if (s.startsWith("/..", j) || s.startsWith("//*", j) || s.startsWith("/*", j)) {
                return "predicate closed and the path continued";
            } else if (s.startsWith("//", j) && j + 2 < n && Character.isLetter(s.charAt(j + 2))
                    && (q != ')' || i >= 2 && (s.charAt(i - 2) == '\'' || s.charAt(i - 2) == '"'))) {
                // a literal (or a call over one: contains(.,'x')) closed, then a descendant step by name
                return "predicate closed and the path continued";
            }
        }
        return null;
    }

    /** The value up to {@code i} a number: a numeric predicate ({@code [position()=VALUE]}, {@code [VALUE]}) closed. */
    private static boolean numberBefore(String s, int i) {
        int k = i;
        while (k > 0 && s.charAt(k - 1) == ' ') {
            k--;
        }
        int digits = k;
        while (k > 0 && Character.isDigit(s.charAt(k - 1))) {
            k--;
        }
        while (k > 0 && s.charAt(k - 1) == ' ') {
            k--;
        }
        return k == 0 && digits > 0 && Character.isDigit(s.charAt(digits - 1));
    }

    private static boolean logicBefore(String s, int b) {
        int e = b;
        while (e > 0 && s.charAt(e - 1) == ' ') {
            e--;
        }
        return e >= 2 && s.startsWith("or", e - 2) || e >= 3 && s.startsWith("and", e - 3);
    }

    private static boolean isPathFunction(String fn) {
        for (String f : PATH_FUNCTIONS) {
            if (f.equals(fn)) {
                return true;
            }
        }
        return false;
    }

    private static boolean letter(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }
}
