package dev.vigil.ti.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parser for the subset of STIX 2.1 patterning that denotes a set of observable values: observation
 * expressions {@code [ ... ]} (optionally parenthesised) joined by {@code OR}, each holding
 * comparisons {@code object-type:property.path = 'literal'} or {@code ... IN ('a', 'b')} joined by
 * {@code OR}. Everything else in the grammar (AND, FOLLOWEDBY, NOT, other operators, qualifiers
 * such as WITHIN or REPEATS) narrows what a pattern matches, so treating such a pattern as a plain
 * list would raise false alerts: it is rejected with a reason. The pattern is only tokenised and
 * parsed, never evaluated. Linear in the pattern length; stateless and thread-safe.
 */
final class StixPattern {
    /** One {@code path = value} alternative, e.g. ("ipv4-addr", "value", "198.51.100.1"). */
    public record Term(String objectType, String path, String value) {}

    /** Either terms (OR-ed alternatives) or an error. */
    public record Result(List<Term> terms, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    private static final int MAX_LENGTH = 1 << 20;

    private final String src;
    private int pos;

    private StixPattern(String src) {
        this.src = src;
    }

    /** Parses a pattern; never throws. */
    public static Result parse(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            return new Result(List.of(), "empty pattern");
        }
        if (pattern.length() > MAX_LENGTH) {
            return new Result(List.of(), "pattern longer than " + MAX_LENGTH + " characters");
        }
        StixPattern p = new StixPattern(pattern);
        List<Term> terms = new ArrayList<>();
        try {
            p.observationOr(terms, 0);
            p.skipSpace();
            if (p.pos < p.src.length()) {
                String word = p.peekWord();
                throw p.error(isUnsupportedKeyword(word) ? word + " is not supported" : "unexpected text");
            }
        } catch (ParseError e) {
            return new Result(List.of(), e.getMessage());
        }
        return new Result(List.copyOf(terms), null);
    }

    private static final class ParseError extends Exception {
        private static final long serialVersionUID = 1L;

        ParseError(String message) {
            super(message, null, false, false);
        }
    }

    private ParseError error(String what) {
        return new ParseError(what + " at offset " + pos);
    }

    private static boolean isUnsupportedKeyword(String w) {
        switch (w) {
            case "AND":
            case "FOLLOWEDBY":
            case "WITHIN":
            case "REPEATS":
            case "START":
            case "STOP":
            case "NOT":
            case "LIKE":
            case "MATCHES":
            case "ISSUBSET":
            case "ISSUPERSET":
            case "EXISTS":
                return true;
            default:
                return false;
        }
    }

    // observationOr := observation ('OR' observation)*
    private void observationOr(List<Term> out, int depth) throws ParseError {
        if (depth > 100) {
            throw error("nesting too deep");
        }
        observation(out, depth);
        while (acceptWord("OR")) {
            observation(out, depth);
        }
    }

    // observation := '[' comparisonOr ']' | '(' observationOr ')'
    private void observation(List<Term> out, int depth) throws ParseError {
        skipSpace();
        if (accept('[')) {
            comparisonOr(out, depth + 1);
            expect(']');
        } else if (accept('(')) {
            observationOr(out, depth + 1);
            expect(')');
        } else {
            throw error("expected '[' or '('");
        }
    }

    // comparisonOr := comparison ('OR' comparison)*
    private void comparisonOr(List<Term> out, int depth) throws ParseError {
        if (depth > 100) {
            throw error("nesting too deep");
        }
        comparison(out, depth);
        while (acceptWord("OR")) {
            comparison(out, depth);
        }
    }

    // comparison := '(' comparisonOr ')' | path '=' literal | path 'IN' '(' literal (',' literal)* ')'
    private void comparison(List<Term> out, int depth) throws ParseError {
        skipSpace();
        if (accept('(')) {
            comparisonOr(out, depth + 1);
            expect(')');
            return;
        }
        int pathStart = pos;
        String type = objectType();
        expect(':');
        String path = propertyPath();
        skipSpace();
        if (accept('=')) {
            out.add(new Term(type, path, literal()));
            return;
        }
        String word = peekWord();
        if (word.equals("IN")) {
            pos += 2;
            expect('(');
            out.add(new Term(type, path, literal()));
            while (true) {
                skipSpace();
                if (accept(',')) {
                    out.add(new Term(type, path, literal()));
                } else {
                    break;
                }
            }
            expect(')');
            return;
        }
        if (!word.isEmpty()) {
            throw error("operator " + word + " in " + src.substring(pathStart, pos) + " is not supported");
        }
        int opStart = pos;
        while (pos < src.length() && "!<>=".indexOf(src.charAt(pos)) >= 0) {
            pos++;
        }
        throw new ParseError("operator '" + src.substring(opStart, pos) + "' is not supported (only = and IN)"
                + " at offset " + opStart);
    }

    private String objectType() throws ParseError {
        skipSpace();
        int start = pos;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                pos++;
            } else {
                break;
            }
        }
        if (pos == start) {
            throw error("expected an object type");
        }
        return src.substring(start, pos).toLowerCase(Locale.ROOT);
    }

    /** Property path: dotted steps, quoted steps ({@code hashes.'SHA-256'}) and {@code [*]}/{@code [n]}. */
    private String propertyPath() throws ParseError {
        StringBuilder sb = new StringBuilder();
        boolean stepExpected = true;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (stepExpected && c == '\'') {
                sb.append(stringBody());
                stepExpected = false;
            } else if (stepExpected && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')) {
                int start = pos;
                while (pos < src.length()) {
                    char d = src.charAt(pos);
                    if ((d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z') || (d >= '0' && d <= '9') || d == '_' || d == '-') {
                        pos++;
                    } else {
                        break;
                    }
                }
                sb.append(src, start, pos);
                stepExpected = false;
            } else if (!stepExpected && c == '.') {
                sb.append('.');
                pos++;
                stepExpected = true;
            } else if (!stepExpected && c == '[') {
                int start = pos;
                while (pos < src.length() && src.charAt(pos) != ']') {
                    pos++;
                }
                if (pos == src.length()) {
                    throw error("unterminated index in property path");
                }
                pos++;
                sb.append(src, start, pos);
            } else {
                break;
            }
        }
        if (stepExpected) {
            throw error("expected a property name");
        }
        return sb.toString();
    }

    private String literal() throws ParseError {
        skipSpace();
        if (pos < src.length() && src.charAt(pos) == '\'') {
            return stringBody();
        }
        if (pos + 1 < src.length() && "thb".indexOf(src.charAt(pos)) >= 0 && src.charAt(pos + 1) == '\'') {
            throw error("only string literals are supported");
        }
        int start = pos;
        while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '.'
                || src.charAt(pos) == '-')) {
            pos++;
        }
        if (pos == start) {
            throw error("expected a literal");
        }
        // Numbers and booleans are legal STIX literals, but no supported property takes one.
        return src.substring(start, pos);
    }

    /** A quoted string at pos (which holds the opening quote); \' and \\ are the only escapes. */
    private String stringBody() throws ParseError {
        int open = pos;
        pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < src.length()) {
            char c = src.charAt(pos++);
            if (c == '\\') {
                if (pos == src.length()) {
                    break;
                }
                char e = src.charAt(pos++);
                if (e != '\'' && e != '\\') {
                    throw error("bad escape \\" + e);
                }
                sb.append(e);
            } else if (c == '\'') {
                return sb.toString();
            } else {
                sb.append(c);
            }
        }
        pos = open;
        throw error("unterminated string");
    }

    private void skipSpace() {
        while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
            pos++;
        }
    }

    private boolean accept(char c) {
        skipSpace();
        if (pos < src.length() && src.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) throws ParseError {
        if (!accept(c)) {
            String w = peekWord();
            if (isUnsupportedKeyword(w)) {
                throw error(w + " is not supported");
            }
            throw error("expected '" + c + "'");
        }
    }

    private String peekWord() {
        skipSpace();
        int end = pos;
        while (end < src.length() && Character.isLetter(src.charAt(end))) {
            end++;
        }
        return src.substring(pos, end);
    }

    private boolean acceptWord(String w) {
        String next = peekWord();
        if (next.equals(w)) {
            pos += w.length();
            return true;
        }
        return false;
    }
}
