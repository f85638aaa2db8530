package dev.vigil.analyze.xss;

import java.util.Set;

/**
 * One forward pass over a normalized (lower-cased, entity-decoded) value that reads it the way a
 * browser's tokenizer would: tags with their attributes wherever a {@code <} starts a tag name, and
 * script-bearing text (URL schemes, JS sinks, CSS expressions) elsewhere.
 *
 * <p>Not thread-safe: one instance per call.
 */
final class HtmlScanner {

    /** Tags that run script or load a document just by being there. */
    private static final Set<String> ACTIVE_TAGS = Set.of(
            "script", "iframe", "frame", "frameset", "object", "embed", "applet", "meta", "base", "style",
            "link", "xml", "import", "portal", "xss", "vmlframe", "bgsound", "layer", "ilayer", "isindex");

    /** Closing tags that break out of a raw-text context the value was reflected into. */
    private static final Set<String> BREAKOUT_CLOSERS = Set.of(
            "script", "style", "title", "textarea", "noscript", "xmp", "iframe", "noembed", "plaintext");

    /** Function calls whose only purpose in a parameter is to prove or exploit script execution. */
    private static final String[] JS_CALLS = {
        "alert", "prompt", "confirm", "eval", "settimeout", "setinterval", "execscript", "msgbox",
        "fromcharcode", "atob", "constructor", "import", "fetch"
    };

    /** Property paths that are sinks or secrets whatever the surrounding context. */
    private static final String[] JS_SINKS = {
        "document.cookie", "document.domain", "document.write", "document.location", "window.location",
        "location.href", ".innerhtml", ".outerhtml", "window.open", "document.body", "top.location",
        "string.fromcharcode", "self.location", "xmlhttprequest", "localstorage"
    };

    /** Longest attribute value or look-back we read; keeps adversarial input linear. */
    private static final int WINDOW = 2048;

    /** Values up to this length are read without the attribute memo below (at most n x 2 WINDOW steps). */
    private static final int MEMO_FROM = 512;

    private final String s;
    private final int n;

    /**
     * Attribute memo, per tag class ({@link #tagClass}): for each position, the scan (1-based id) that
     * stood there at the top of its attribute loop. Every '<' starts a scan of up to 2 x WINDOW
     * characters, so a value of repeated {@code <a x=} (each unquoted value swallowing the next
     * '<') read the same attributes from each of its thousands of tags. Reading attributes from a
     * position is a function of that position alone (and of the tag class, which decides what
     * {@link #attribute} flags), so a later scan that reaches a position an earlier one read takes
     * that scan's outcome: it ended at a '>' or the next tag (nothing found), or it stopped at its
     * limit at {@link #scanEnd}, where the later scan, whose limit is further, goes on. Each position
     * is read once per class: linear. Allocated only for long values.
     */
    private int[][] seenBy;
    private int[] scanEnd = new int[0];
    private int scans;
    /** Attribute-loop iterations of this scanner: the cost measure of {@code HtmlScannerCostTest}. */
    long attributeSteps;

    HtmlScanner(String normalized) {
        this.s = normalized;
        this.n = normalized.length();
    }

    /** @return the reason the value is XSS, or null */
    String scan() {
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            String r = null;
            switch (c) {
                case '<' -> r = tag(i);
                case ':' -> r = scheme(i);
                case '(' , '`' -> r = call(i);
                case '"', '\'' -> r = attributeBreakout(i);
                case '.' -> r = sink(i);
                case '+' -> r = s.startsWith("+adw-", i) && i + 5 < n && isLetter(s.charAt(i + 5))
                        ? "UTF-7 encoded tag" : null;
                case '{' -> r = i > 0 && s.charAt(i - 1) == '$' ? templateExpression(i + 1) : null;
                default -> {
                }
            }
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    /** indexOf bounded to [from, to). */
    private int indexOf(char c, int from, int to) {
        int end = Math.min(n, to);
        for (int k = from; k < end; k++) {
            if (s.charAt(k) == c) {
                return k;
            }
        }
        return -1;
    }

    /** Start of the "/*" that opens the comment ending at k (the '/' of its closing), within WINDOW. */
    private int commentOpen(int k) {
        for (int j = k - 2; j >= 1 && j > k - WINDOW; j--) {
            if (s.charAt(j) == '*' && s.charAt(j - 1) == '/') {
                return j - 1;
            }
        }
        return -1;
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z';
    }

    /** The first position at or after {@code i} that holds no blank (or {@code n}). */
    private int skipSpaces(int i) {
        while (i < n && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isSpace(char c) {
        return c <= ' ' || c == 0x7f || c == 0xa0 || c == 0x2028 || c == 0x2029 || c == 0x200b || c == 0xfeff
                || c == 0x180e || (c >= 0x2000 && c <= 0x200a) || c == 0x3000;
    }

    private String tag(int lt) {
        int i = lt + 1;
        if (i >= n) {
            return null;
        }
        char c = s.charAt(i);
        if (c == '!') {
            if (s.startsWith("[cdata[", i + 1)) {
                return "CDATA section";
            }
            if (s.startsWith("entity", i + 1)) {
                return "XML entity declaration";
            }
            return null; // <!-- and <!DOCTYPE: the tags they hide are scanned on their own
        }
        boolean closing = c == '/';
        if (closing) {
            i++;
        }
        int start = i;
        while (i < n && (isLetter(s.charAt(i)) || (i > start && (Character.isDigit(s.charAt(i))
                || s.charAt(i) == ':' || s.charAt(i) == '-' || s.charAt(i) == '_')))) {
            i++;
        }
        if (i == start) {
            return null;
        }
        String name = s.substring(start, i);
        if (i < n) {
            char d = s.charAt(i);
            if (!(isSpace(d) || d == '/' || d == '>' || d == '<' || d == '\'' || d == '"' || d == '\\'
                    || d == 0xfffd)) {
                return null; // "<3", "a<b": not a tag name boundary
            }
        }
        int colon = name.indexOf(':');
        String local = colon >= 0 ? name.substring(colon + 1) : name;
        if (closing) {
            return BREAKOUT_CLOSERS.contains(local) ? "closing tag " + local : null;
        }
        String attr = attributes(i, Math.min(n, lt + 2 * WINDOW), local);
        if (attr != null) {
            return attr;
        }
        if (ACTIVE_TAGS.contains(local)) {
            return "tag " + local;
        }
        return null;
    }

    /**
     * Reads attributes up to '>' (or the end: browsers act on truncated tags too), but no further
     * than {@code limit}: every '<' starts a tag scan, so an unbounded one would make a value of
     * repeated {@code <a x=} quadratic.
     */
    private String attributes(int i, int limit, String tag) {
        int[] seen = null;
        int id = 0;
        if (n > MEMO_FROM) {
            if (seenBy == null) {
                seenBy = new int[3][];
            }
            int cls = tagClass(tag);
            if (seenBy[cls] == null) {
                seenBy[cls] = new int[n];
            }
            seen = seenBy[cls];
            id = ++scans;
            if (id >= scanEnd.length) {
                scanEnd = java.util.Arrays.copyOf(scanEnd, Math.max(16, scanEnd.length * 2));
            }
            scanEnd[id] = -1;
        }
        int[] passed = null; // earlier scans whose reading this one took over, this one included
        int passedCount = 0;
        if (seen != null) {
            passed = push(passed, passedCount++, id);
        }
        while (i < limit) {
            attributeSteps++;
            if (seen != null) {
                int earlier = seen[i];
                if (earlier != 0) {
                    passed = push(passed, passedCount++, earlier);
                    if (scanEnd[earlier] < 0) {
                        settle(passed, passedCount, -1);
                        return null; // that scan met a '>' or the next tag from here
                    }
                    i = scanEnd[earlier];
                    continue;
                }
                seen[i] = id;
            }
            char c = s.charAt(i);
            if (c == '>') {
                settle(passed, passedCount, -1);
                return null;
            }
            if (c == '<' && i + 1 < n && (isLetter(s.charAt(i + 1)) || s.charAt(i + 1) == '/')) {
                settle(passed, passedCount, -1);
                return null; // the next tag starts; the outer loop reads it
            }
            if (isSpace(c) || c == '/' || c == '"' || c == '\'' || c == '`' || c == '\\') {
                i++;
                continue;
            }
            int nameStart = i;
            while (i < limit) {
                char d = s.charAt(i);
                if (isSpace(d) || d == '/' || d == '>' || d == '=' || d == '<') {
                    break;
                }
                i++;
            }
            String name = s.substring(nameStart, i);
            if (i == nameStart) {
                i++; // a stray '=' with no name
                continue;
            }
            int j = skipSpaces(i);
            if (j >= n || s.charAt(j) != '=') {
                continue;
            }
            j = skipSpaces(j + 1);
            int valueStart;
            int valueEnd;
            if (j < n && (s.charAt(j) == '"' || s.charAt(j) == '\'' || s.charAt(j) == '`')) {
                char q = s.charAt(j);
                valueStart = j + 1;
                int end = indexOf(q, valueStart, valueStart + WINDOW);
                valueEnd = end < 0 ? Math.min(n, valueStart + WINDOW) : end;
                i = end < 0 ? valueEnd : end + 1;
            } else {
                valueStart = j;
                int k = j;
                int stop = Math.min(n, j + WINDOW);
                while (k < stop && !isSpace(s.charAt(k)) && s.charAt(k) != '>') {
                    k++;
                }
                valueEnd = k;
                i = k;
            }
            String r = attribute(tag, name, valueStart, valueEnd);
            if (r != null) {
                return r;
            }
        }
        // stopped at its limit: a later scan reaching a position this one, or a scan it took over from,
        // read resumes here (path compression: chains of takeovers are followed once)
        settle(passed, passedCount, i);
        return null;
    }

    private static int[] push(int[] a, int at, int v) {
        int[] b = a == null ? new int[8] : at < a.length ? a : java.util.Arrays.copyOf(a, a.length * 2);
        b[at] = v;
        return b;
    }

    private void settle(int[] passed, int count, int end) {
        for (int k = 0; k < count; k++) {
            scanEnd[passed[k]] = end;
        }
    }

    /** Tags for which {@link #attribute} decides differently: {@code use}/{@code image}, SVG animation, the rest. */
    private static int tagClass(String tag) {
        if (tag.equals("use") || tag.equals("image")) {
            return 1;
        }
        return tag.equals("set") || tag.startsWith("animate") ? 2 : 0;
    }

    private String attribute(String tag, String name, int from, int to) {
        if (name.length() > 2 && name.startsWith("on") && isEventName(name)) {
            return "tag " + tag + " with event handler " + name;
        }
        if (name.equals("srcdoc")) {
            return "tag " + tag + " with srcdoc";
        }
        if (name.equals("datasrc") || name.equals("dataformatas") || name.equals("datafld")) {
            return "tag " + tag + " with data binding " + name;
        }
        if (name.equals("xlink:href") && !tag.equals("use") && !tag.equals("image")) {
            return "tag " + tag + " with xlink:href";
        }
        if (name.endsWith(":event") || name.endsWith(":handler")) {
            return "tag " + tag + " with XML event " + name;
        }
        if (name.equals("attributename") && (tag.equals("set") || tag.startsWith("animate"))) {
            return "SVG animation of " + tag;
        }
        String scheme = dangerousScheme(from, to);
        if (scheme != null) {
            return scheme + " URL in " + tag + " " + name;
        }
        if (name.equals("style") && cssScript(from, to)) {
            return "script in style attribute";
        }
        return null;
    }

    private static boolean isEventName(String name) {
        for (int k = 2; k < name.length(); k++) {
            if (!isLetter(name.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    /** The scheme a URL in [from, to) really has once browsers strip whitespace and controls in it. */
    private String dangerousScheme(int from, int to) {
        StringBuilder b = new StringBuilder(16);
        for (int k = from; k < to && b.length() < 16; k++) {
            char c = s.charAt(k);
            if (isSpace(c) || c == '\\' || c == 0xfffd) {
                continue;
            }
            b.append(c);
            if (c == ':') {
                break;
            }
        }
        String head = b.toString();
        if (head.startsWith("javascript:") || head.startsWith("vbscript:") || head.startsWith("livescript:")
                || head.startsWith("mocha:")) {
            return head.substring(0, head.indexOf(':') + 1);
        }
        if (head.startsWith("data:")) {
            int k = s.indexOf("data", from);
            if (k < 0 || k >= to) {
                return null;
            }
            String rest = s.substring(k, Math.min(to, k + 40)).replace(" ", "");
            if (rest.startsWith("data:text/html") || rest.startsWith("data:image/svg") || rest.startsWith("data:application/x")
                    || rest.startsWith("data:text/xml") || rest.startsWith("data:application/xhtml")
                    || rest.startsWith("data:text/javascript")) {
                return "data:";
            }
        }
        return null;
    }

    private boolean cssScript(int from, int to) {
        StringBuilder b = new StringBuilder(to - from);
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (c == '/' && k + 1 < to && s.charAt(k + 1) == '*') {
                int end = s.indexOf("*/", k + 2);
                k = end < 0 || end > to ? to : end + 1;
                continue; // comments inside one value: each is skipped once
            }
            if (!isSpace(c) && c != '\\') {
                b.append(c);
            }
        }
        String css = b.toString();
        return css.contains("expression") || css.contains("javascript:") || css.contains("behavio")
                || css.contains("-moz-binding") || css.contains("vbscript:") || css.contains("url(")
                || css.contains("@import") || css.indexOf('{') >= 0 || css.indexOf('}') >= 0;
    }

    /** A script URL scheme ending at the ':' at {@code colon}, followed by code. */
    private String scheme(int colon) {
        // Read the letters before the colon, skipping whitespace and controls browsers ignore.
        StringBuilder b = new StringBuilder(12);
        int k = colon - 1;
        while (k >= 0 && b.length() < 12) {
            char c = s.charAt(k);
            if (isLetter(c)) {
                b.append(c);
            } else if (!(c == '\t' || c == '\n' || c == '\r' || c == '\\' || c == 0xfffd || (c < ' ' && c > 0))) {
                break;
            }
            k--;
        }
        String word = b.reverse().toString();
        String scheme = null;
        for (String sc : new String[] {"javascript", "vbscript", "livescript"}) {
            if (word.endsWith(sc)) {
                scheme = sc;
            }
        }
        if (scheme == null) {
            if (word.endsWith("data") && (s.startsWith("text/html", colon + 1) || s.startsWith("image/svg", colon + 1)
                    || s.startsWith("text/javascript", colon + 1) || s.startsWith("application/xhtml", colon + 1))) {
                return "data: URL with " + s.substring(colon + 1, Math.min(n, colon + 10));
            }
            if (word.endsWith("expression") || word.equals("behavior")) {
                return null;
            }
            return null;
        }
        // "javascript: the good parts" is a book title; a script URL carries code.
        if (inertVoid(colon + 1)) {
            // javascript:void(0), the do-nothing link target, followed by nothing or by words
            return null;
        }
        int end = Math.min(n, colon + 200);
        for (int j = colon + 1; j < end; j++) {
            char c = s.charAt(j);
            if (c == '(' || c == '=' || c == '`' || c == '[' || c == ';' || c == '{'
                    || (c == '/' && j + 1 < n && s.charAt(j + 1) == '/') || c == '\'' || c == '"') {
                return scheme + ": URL";
            }
        }
        return null;
    }

    /**
     * Whether the script URL's code from {@code from} is only {@code void(0)} or {@code void 0} (an
     * optional ';' after it), with nothing after it but the end of the text or at most 200 characters of
     * blanks and plain words: the inert link target pages write, as searched for ("javascript:void(0) meaning").
     */
    private boolean inertVoid(int from) {
        int j = skipSpaces(from);
        if (!s.startsWith("void", j)) {
            return false;
        }
        int afterVoid = j + 4;
        j = skipSpaces(afterVoid);
        boolean paren = j < n && s.charAt(j) == '(';
        if (paren) {
            j = skipSpaces(j + 1);
        } else if (j == afterVoid) {
            return false; // "void0" is a name, not the operator and a number
        }
        if (j >= n || s.charAt(j) != '0') {
            return false;
        }
        j = skipSpaces(j + 1);
        if (paren) {
            if (j >= n || s.charAt(j) != ')') {
                return false;
            }
            j++;
        }
        if (j < n && s.charAt(j) == ';') {
            j++;
        }
        if (n - j > 200) {
            return false; // bounded, so that many script URLs in one value stay linear; long text reads as before
        }
        for (; j < n; j++) {
            char c = s.charAt(j);
            if (!isSpace(c) && !isLetter(c) && !Character.isDigit(c)) {
                return false;
            }
        }
        return true;
    }

    /** A call at '(' or '`' (tagged template) of a JS function used to prove execution. */
    private String call(int paren) {
        int k = paren - 1;
        while (k >= 0 && isSpace(s.charAt(k))) {
            k--;
        }
        // allow alert/**/(1)
        if (k >= 1 && s.charAt(k) == '/' && s.charAt(k - 1) == '*') {
            int open = commentOpen(k);
            if (open >= 0) {
                k = open - 1;
            }
        }
        int end = k + 1;
        while (k >= 0 && end - k <= 16 && (isLetter(s.charAt(k)) || s.charAt(k) == '_' || s.charAt(k) == '$')) {
            k--;
        }
        String name = s.substring(k + 1, end);
        if (name.isEmpty()) {
            if (s.charAt(paren) == '(' && paren > 0 && k >= 0 && s.charAt(k) == ':' ) {
                // expression( in CSS is handled by name; a bare "(" after ":" is not
                return null;
            }
            return null;
        }
        if (name.equals("expression") && cssContext(k)) {
            return "CSS expression()";
        }
        for (String f : JS_CALLS) {
            if (name.equals(f)) {
                if (s.charAt(paren) == '`' || jsContext(k) || f.equals("fromcharcode") || f.equals("execscript")) {
                    return "JavaScript call " + name + "(";
                }
            }
        }
        return null;
    }

    /** expression( as a CSS value: after ':' (property) possibly with spaces or comments. */
    private boolean cssContext(int k) {
        while (k >= 0 && (isSpace(s.charAt(k)) || s.charAt(k) == '\\')) {
            k--;
        }
        if (k >= 1 && s.charAt(k) == '/' && s.charAt(k - 1) == '*') {
            int open = commentOpen(k);
            if (open < 0) {
                return false;
            }
            k = open - 1;
            while (k >= 0 && isSpace(s.charAt(k))) {
                k--;
            }
        }
        return k >= 0 && (s.charAt(k) == ':' || s.charAt(k) == '=');
    }

    /**
     * Whether the name ending before {@code k + 1} sits where script runs: at the start of the value,
     * or after punctuation that closes a string or statement ("-alert(", ";alert(", "'+alert(",
     * "=alert(", "(alert(", "{alert(", ".alert(" as in top.alert or window.alert).
     */
    private boolean jsContext(int k) {
        while (k >= 0 && isSpace(s.charAt(k))) {
            k--;
        }
        if (k < 0) {
            return true;
        }
        char c = s.charAt(k);
        return "'\";-+*|&(,{}=!~^>:.[?%`".indexOf(c) >= 0;
    }

    /** '" onmouseover=' : a quote closes the attribute value and a handler attribute follows. */
    private String attributeBreakout(int q) {
        int i = q + 1;
        boolean sep = false;
        while (i < n && (isSpace(s.charAt(i)) || s.charAt(i) == '/')) {
            i++;
            sep = true;
        }
        if (!sep || !s.startsWith("on", i)) {
            if (sep && (s.startsWith("style", i) || s.startsWith("srcdoc", i))) {
                int j = skipSpaces(i + (s.startsWith("style", i) ? 5 : 6));
                if (j < n && s.charAt(j) == '=' && s.startsWith("srcdoc", i)) {
                    return "attribute breakout with srcdoc";
                }
                if (j < n && s.charAt(j) == '=' && cssScript(j + 1, Math.min(n, j + 200))) {
                    return "attribute breakout with script in style";
                }
            }
            return null;
        }
        // the handler may come after other injected attributes: '" type=image src=x onerror=..'
        int limit = Math.min(n, i + 200);
        for (int j = i; j < limit; j++) {
            char c = s.charAt(j);
            if (c == '<' || c == '>') {
                return null;
            }
            boolean boundary = j == i || isSpace(s.charAt(j - 1)) || s.charAt(j - 1) == '/'
                    || s.charAt(j - 1) == '"' || s.charAt(j - 1) == '\'';
            if (!boundary || c != 'o' || !s.startsWith("on", j)) {
                continue;
            }
            int k = j + 2;
            while (k < n && isLetter(s.charAt(k))) {
                k++;
            }
            if (k - j < 4) {
                continue;
            }
            String name = s.substring(j, k);
            k = skipSpaces(k);
            if (k < n && s.charAt(k) == '=') {
                return "attribute breakout with event handler " + name;
            }
        }
        return null;
    }

    private String sink(int dot) {
        for (String sink : JS_SINKS) {
            int at = sink.indexOf('.');
            if (at >= 0 && dot - at >= 0 && s.startsWith(sink, dot - at)) {
                return "JavaScript sink " + sink;
            }
        }
        return null;
    }

    /** ${...} with a call inside: a template literal evaluated as script. */
    private String templateExpression(int i) {
        int end = indexOf('}', i, i + 100);
        if (end < 0) {
            end = Math.min(n, i + 100);
        }
        int k = i;
        while (k < end && isSpace(s.charAt(k))) {
            k++;
        }
        for (String f : JS_CALLS) {
            // `${alert}1337` passed to a tagged template call: the function itself is the payload
            if (s.startsWith(f, k)) {
                int after = k + f.length();
                while (after < end && isSpace(s.charAt(after))) {
                    after++;
                }
                if (after == end && end < n && s.charAt(end) == '}') {
                    return "template expression with " + f;
                }
            }
        }
        int paren = indexOf('(', i, end);
        if (paren >= 0 && paren < end) {
            String r = call(paren);
            if (r != null) {
                return "template expression with " + r;
            }
        }
        return null;
    }
}
