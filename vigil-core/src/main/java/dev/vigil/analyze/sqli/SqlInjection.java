package dev.vigil.analyze.sqli;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Decides whether an already-decoded parameter value is a SQL injection attempt.
 *
 * <p>The value is tokenized three times: as-is (numeric context), and as if it starts inside a
 * single- and a double-quoted literal (string context). Each token stream is folded to a
 * fingerprint of token-type letters, and {@link SqlRules} decides whether the stream is the shape of
 * an injection: breaking out of the literal or number followed by SQL that changes the query
 * (tautology, comment truncation, stacked statement, ORDER BY probe), or constructs that have no
 * business in a parameter (UNION SELECT, time delays, error-based extraction, catalogue reads, file
 * access).
 *
 * <p>Stateless and thread-safe.
 */
public final class SqlInjection {
    /**
     * Rereadings of a value the tokenizer found nothing in, in order: best-fit quote look-alikes,
     * words split by comments or quotes, doubled quotes, a leading backslash before a quote (against
     * an application that escapes quotes with a backslash, its own backslash escapes the attacker's
     * and the quote ends the literal), escaped quotes, stray percent signs, line comments before an
     * encoded line break. Each gives null when it does not apply.
     */
    private static final List<UnaryOperator<String>> REREADINGS = List.of(
            SqlInjection::bestFitQuotes, SqlInjection::joinSplitWords, SqlInjection::undoubleQuotes,
            s -> s.startsWith("\\'") || s.startsWith("\\\"") ? s.substring(1) : null,
            SqlInjection::unescapeQuotes, SqlInjection::strayPercents, SqlInjection::encodedLineBreaks);


    /** Fingerprints report at most this many tokens. */
    static final int FINGERPRINT_TOKENS = 6;

    private static final boolean[] SPECIAL = new boolean[128];

    static {
        for (char c : "'\"`;()<>=-#/*|&!@".toCharArray()) {
            SPECIAL[c] = true;
        }
    }

    private SqlInjection() {
    }

    /** @return the token fingerprint that made it SQL injection (e.g. "s&sos"), or empty. Never throws. */
    public static Optional<String> detect(String decoded) {
        if (decoded == null || decoded.length() < 2) {
            return Optional.empty();
        }
        try {
            Optional<String> wrapped = dev.vigil.analyze.Wrapped.read(decoded, true, SqlInjection::detect);
            if (wrapped != null) {
                return wrapped;
            }
            if (!worthTokenizing(decoded)) {
                String lines = encodedLineBreaks(decoded);
                return lines == null ? Optional.empty() : detect(lines);
            }
            SqlTokenizer t = new SqlTokenizer(decoded);
            t.run((char) 0);
            String hit = SqlRules.judge(t, false);
            if (hit == null && decoded.indexOf('\'') >= 0) {
                t.run('\'');
                hit = SqlRules.judge(t, true);
            }
            if (hit == null && decoded.indexOf('"') >= 0) {
                t.run('"');
                hit = SqlRules.judge(t, true);
            }
            if (hit == null) {
                // the value as an application or database that undoes one more layer reads it: the
                // first rereading that applies is judged in its place
                for (UnaryOperator<String> reread : REREADINGS) {
                    String again = reread.apply(decoded);
                    if (again != null) {
                        return detect(again);
                    }
                }
            }
            return Optional.ofNullable(hit);
        } catch (RuntimeException | StackOverflowError e) {
            return Optional.empty();
        }
    }

    /**
     * The value with block comments that split a word taken out entirely ({@code SEL/**}{@code /ECT}
     * is {@code SELECT}), or null when none does: filters that delete comments instead of reading
     * them as blanks hand such a value to the database joined. Comments between words stay (the
     * tokenizer reads them as blanks).
     */
    static String joinSplitWords(String s) {
        int at = s.indexOf("/*");
        if (at <= 0) {
            return null;
        }
        StringBuilder out = null;
        int from = 0;
        while (at > 0) {
            int end = s.indexOf("*/", at + 2);
            if (end < 0) {
                break;
            }
            boolean split = Character.isLetter(s.charAt(at - 1)) && end + 2 < s.length()
                    && Character.isLetter(s.charAt(end + 2));
            if (split) {
                if (out == null) {
                    out = new StringBuilder(s.length());
                }
                out.append(s, from, at);
                from = end + 2;
            }
            at = s.indexOf("/*", end + 2);
        }
        if (out == null) {
            return null;
        }
        out.append(s, from, s.length());
        return out.toString();
    }

    /**
     * The value with every backslash before a quote taken out ({@code 1\\' OR \\'1\\'=\\'1}), or null
     * when no quote is escaped: sqlmap's escapequotes tamper, against a layer that unescapes the
     * value (PHP's {@code stripslashes}, a JSON string) before it reaches the query; the tokenizer
     * still judges what is left ({@code it\\'s} is prose).
     */
    static String unescapeQuotes(String s) {
        if (escapedQuote(s, 0) < 0) {
            return null;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < n && (s.charAt(i + 1) == '\'' || s.charAt(i + 1) == '"')) {
                continue;
            }
            b.append(c);
        }
        return b.toString();
    }

    private static int escapedQuote(String s, int from) {
        for (int i = s.indexOf('\\', from); i >= 0 && i + 1 < s.length(); i = s.indexOf('\\', i + 1)) {
            if (s.charAt(i + 1) == '\'' || s.charAt(i + 1) == '"') {
                return i;
            }
        }
        return -1;
    }

    /**
     * The value with every percent sign that starts no escape dropped ({@code %S%E%L%E%C%T} is
     * {@code SELECT}), or null when the value has fewer than three such signs before a letter or
     * digit: classic ASP and IIS drop a {@code %} not followed by two hex digits when they decode a
     * parameter, which sqlmap's percentage tamper uses against filters that read the value as sent.
     * Once decoded, every escape left is such a stray sign; {@code 50% off} has one.
     */
    static String strayPercents(String s) {
        int stray = 0;
        for (int i = s.indexOf('%'); i >= 0 && stray < 3; i = s.indexOf('%', i + 1)) {
            if (i + 1 < s.length() && Character.isLetterOrDigit(s.charAt(i + 1)) && !escapeAt(s, i)) {
                stray++;
            }
        }
        if (stray < 3) {
            return null;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c != '%' || escapeAt(s, i)) {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean escapeAt(String s, int i) {
        return i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0;
    }

    /**
     * A value as logged ({@code variant: raw}) whose line comments end at a percent-encoded line
     * break ({@code 1%23x%0AUNION%23x%0ASELECT}, {@code --x%0A}): sqlmap's space2hash,
     * space2mssqlhash, space2morehash and space2dash tampers put a comment and a line break where a
     * blank was, and the database reads on after the break. The decoded form the rules see folds the
     * break to a blank, which leaves a comment that swallows the rest; this reads the escapes with
     * their line breaks kept ({@code +} as a blank). Null when the value has no {@code #} or {@code --}
     * before an encoded CR or LF.
     */
    static String encodedLineBreaks(String s) {
        int comment = s.indexOf("%23");
        int dash = s.indexOf("--");
        if (comment < 0 || dash >= 0 && dash < comment) {
            comment = dash;
        }
        if (comment < 0) {
            return null;
        }
        String rest = s.substring(comment).toLowerCase(java.util.Locale.ROOT);
        if (!rest.contains("%0a") && !rest.contains("%0d")) {
            return null;
        }
        String d = dev.vigil.analyze.RawValues.percentDecode(s.replace('+', ' '), 3);
        return d.equals(s) ? null : d;
    }

    /** Segment starts of a path tried, from the last one back. */
    private static final int PATH_SEGMENTS = 4;

    /**
     * Reads a decoded request path, where an application that routes {@code /items/{id}} puts a
     * segment into SQL: the text from each of the last few segment starts to the end of the path
     * (a payload's own slashes, as in comments, stay in it), when the segment holds characters SQL
     * needs and paths do not (a quote, a blank, a parenthesis, {@code = ; # *}). Ordinary paths
     * ({@code /static/app-1.2.css}) are not tokenized at all.
     *
     * @return the fingerprint, or empty. Never throws.
     */
    /**
     * A value whose quotes are doubled ({@code "x"") or (""a""=""a"}) as SQL and CSV escape them, for
     * an application that undoes the doubling, or a generator that doubled them, before the value
     * reaches a query: each doubled quote read as one. Null when there is no doubled quote.
     */
    static String undoubleQuotes(String s) {
        int dq = s.indexOf("\"\"");
        int sq = s.indexOf("''");
        if (dq < 0 && sq < 0) {
            return null;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c);
            if ((c == '"' || c == '\'') && i + 1 < s.length() && s.charAt(i + 1) == c) {
                while (i + 1 < s.length() && s.charAt(i + 1) == c) {
                    i++; // a run of the same quote is one
                }
            }
        }
        String r = b.toString();
        return r.equals(s) ? null : r;
    }

    /** How many query values of a Referer are read one by one; past them the rest is read whole. */
    private static final int REFERER_VALUES = 16;

    /**
     * SQL injection in a Referer. A web address with a query is read the way the request's own
     * parameters are, value by value, and its path as a path: a search engine's or the site's own
     * Referer carries the visitor's search text, which reads as SQL prose when the whole address is
     * taken as one string ({@code https://www.bing.com/search?q=how+to+select+from+two+tables}).
     * Anything else (a bare payload, an address without a query) is read whole, as before. Linear
     * in the value; never throws.
     */
    public static Optional<String> detectInReferer(String decoded) {
        if (decoded == null) {
            return Optional.empty();
        }
        int q = decoded.indexOf('?');
        if (q < 0 || !(decoded.regionMatches(true, 0, "http://", 0, 7) || decoded.regionMatches(true, 0, "https://", 0, 8))) {
            return detect(decoded);
        }
        Optional<String> hit = detectInPath(decoded.substring(0, q));
        if (hit.isPresent()) {
            return hit;
        }
        int start = q + 1;
        for (int n = 0; start <= decoded.length(); n++) {
            int end = n + 1 < REFERER_VALUES ? nextParameter(decoded, start) : decoded.length();
            String pair = decoded.substring(start, end);
            int eq = pair.indexOf('=');
            // a query string's + is a blank (form encoding), as in the request's own parameters
            hit = detect((eq >= 0 ? pair.substring(eq + 1) : pair).replace('+', ' '));
            if (hit.isPresent() || end >= decoded.length()) {
                return hit;
            }
            start = end + 1;
        }
        return Optional.empty();
    }

    /**
     * Where the parameter that starts at {@code from} ends: at an {@code &} followed by a name and
     * {@code =} (an {@code &} inside a value, such as {@code &&}, is part of it), else at the end.
     */
    private static int nextParameter(String s, int from) {
        for (int i = s.indexOf('&', from); i >= 0; i = s.indexOf('&', i + 1)) {
            int j = i + 1;
            while (j < s.length() && j - i <= 64 && (Character.isLetterOrDigit(s.charAt(j)) || "_.-[]".indexOf(s.charAt(j)) >= 0)) {
                j++;
            }
            if (j > i + 1 && j < s.length() && s.charAt(j) == '=') {
                return i;
            }
        }
        return s.length();
    }

    public static Optional<String> detectInPath(String decodedPath) {
        if (decodedPath == null || decodedPath.length() < 3) {
            return Optional.empty();
        }
        int end = decodedPath.length();
        int tried = 0;
        int scannedFrom = end; // the suffix from here on has been looked at once: linear in all
        boolean sqlInSuffix = false;
        for (int slash = decodedPath.lastIndexOf('/'); tried < PATH_SEGMENTS; slash = decodedPath.lastIndexOf('/', slash - 1)) {
            int start = slash + 1;
            sqlInSuffix |= start < scannedFrom && sqlCharacters(decodedPath, start, scannedFrom);
            scannedFrom = Math.min(scannedFrom, start);
            if (start < end && sqlInSuffix) {
                tried++;
                Optional<String> hit = detect(decodedPath.substring(start));
                if (hit.isPresent()) {
                    return hit;
                }
            }
            if (slash <= 0) {
                break;
            }
        }
        return Optional.empty();
    }

    private static boolean sqlCharacters(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"' || c == ' ' || c == '(' || c == ')' || c == '=' || c == ';' || c == '#'
                    || c == '*' || c == '`' || c == '\u2019') {
                return true;
            }
        }
        return false;
    }

    /**
     * The value with typographic and full-width quotes folded to ASCII ones, or null when it has
     * none. SQL Server's best-fit conversion of Unicode to a code page (nvarchar to varchar, or an
     * ANSI driver), and some MySQL collations, turn {@code ’ ‘ ′ ʼ ＇} into {@code '} and
     * {@code “ ” ″ ＂} into {@code "} after the filter has looked: a quote a filter does not see.
     */
    static String bestFitQuotes(String s) {
        StringBuilder out = null;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            char f = switch (c) {
                case '\u2018', '\u2019', '\u201b', '\u2032', '\u02bc', '\uff07' -> '\'';
                case '\u201c', '\u201d', '\u2033', '\uff02' -> '"';
                default -> 0;
            };
            if (f != 0) {
                if (out == null) {
                    out = new StringBuilder(s);
                }
                out.setCharAt(i, f);
            }
        }
        return out == null ? null : out.toString();
    }

    /**
     * Fast exit: without any SQL punctuation, an injection needs at least two words separated by
     * whitespace ({@code 1 union select 1}); a single token never is one.
     */
    private static boolean worthTokenizing(String s) {
        boolean space = false;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 128) {
                if (SPECIAL[c]) {
                    return true;
                }
                if (c <= ' ' || c == '+') {
                    space = true;
                }
            } else if (Character.isWhitespace(c) || c == 0xa0) {
                space = true;
            }
        }
        return space;
    }
}
