package dev.vigil.analyze.sqli;

import java.util.Locale;

/**
 * Splits a value into SQL tokens in one forward pass (no regex, no backtracking).
 *
 * <p>The tokenizer can start "inside" a quoted literal: injected text usually lands between the
 * quotes of a string literal in the victim's query, so {@code 1' or '1'='1} only reads as SQL
 * once it is read as the tail of {@code '...}. With {@code quote} set to {@code '\''} or
 * {@code '"'} the first token is the rest of that already-open literal.
 *
 * <p>Not thread-safe: one instance per call ({@link SqlInjection} creates it on the stack).
 */
final class SqlTokenizer {

    /** Token types; the letter is what the fingerprint shows. */
    static final char STRING = 's';
    static final char NUMBER = '1';
    static final char KEYWORD = 'k';
    static final char STATEMENT = 'E';
    static final char UNION = 'U';
    static final char FUNCTION = 'f';
    static final char OPERATOR = 'o';
    static final char LOGIC = '&';
    static final char COMMENT = 'c';
    static final char LPAREN = '(';
    static final char RPAREN = ')';
    static final char COMMA = ',';
    static final char SEMICOLON = ';';
    static final char VARIABLE = 'v';
    static final char BAREWORD = 'n';

    /** Upper bound on tokens kept; longer inputs are judged on their first tokens. */
    static final int MAX_TOKENS = 512;

    private final String in;
    private final int len;
    private int pos;

    private final int capacity;
    final char[] types;
    /** Lower-cased text for words and operators; null for other tokens. */
    final String[] texts;
    /** For strings: whether the closing quote was found; for comments: whether it is a line comment. */
    final boolean[] flags;
    int count;

    SqlTokenizer(String in) {
        this.in = in;
        this.len = in.length();
        // a token is at least one character, so short values need short arrays
        this.capacity = Math.min(MAX_TOKENS, len + 1);
        this.types = new char[capacity];
        this.texts = new String[capacity];
        this.flags = new boolean[capacity];
    }

    /**
     * Tokenizes the whole input.
     *
     * @param quote 0 to read the input as-is, or the quote character of the literal the input is
     *              assumed to start inside
     */
    void run(char quote) {
        pos = 0;
        count = 0;
        if (quote != 0) {
            int end = stringEnd(0, quote);
            add(STRING, null, end < len);
            pos = end < len ? end + 1 : len;
        }
        while (pos < len && count < capacity) {
            next();
        }
    }

    private void add(char type, String text, boolean flag) {
        if (count < capacity) {
            types[count] = type;
            texts[count] = text;
            flags[count] = flag;
            count++;
        }
    }

    private void next() {
        char c = in.charAt(pos);
        if (c <= ' ' || c == 0x7f || c == 0xa0 || Character.isWhitespace(c)) {
            pos++;
            return;
        }
        switch (c) {
            case '\'', '"' -> {
                int end = stringEnd(pos + 1, c);
                add(STRING, null, end < len);
                pos = end < len ? end + 1 : len;
            }
            case '`' -> {
                // MySQL quoted identifier: a name, not a value.
                int end = in.indexOf('`', pos + 1);
                add(BAREWORD, "`", true);
                pos = end < 0 ? len : end + 1;
            }
            case '(' -> { add(LPAREN, null, false); pos++; }
            case ')' -> { add(RPAREN, null, false); pos++; }
            case ',' -> { add(COMMA, null, false); pos++; }
            case ';' -> { add(SEMICOLON, null, false); pos++; }
            case '#' -> lineComment();
            case '-' -> {
                if (pos + 1 < len && in.charAt(pos + 1) == '-') {
                    lineComment();
                } else {
                    operator();
                }
            }
            case '/' -> {
                if (pos + 1 < len && in.charAt(pos + 1) == '*') {
                    blockComment();
                } else {
                    operator();
                }
            }
            case '*' -> {
                if (pos + 1 < len && in.charAt(pos + 1) == '/') {
                    // Closing of a MySQL /*! ... */ executable comment, whose content we kept.
                    pos += 2;
                } else {
                    operator();
                }
            }
            case '@' -> variable();
            case '.' -> {
                if (pos + 1 < len && isDigit(in.charAt(pos + 1))) {
                    number();
                } else {
                    add(OPERATOR, ".", false);
                    pos++;
                }
            }
            default -> {
                if (isDigit(c)) {
                    number();
                } else if (isWordStart(c)) {
                    word();
                } else {
                    operator();
                }
            }
        }
    }

    /** Index of the closing quote of a literal whose content starts at {@code from}, or len. */
    private int stringEnd(int from, char quote) {
        int i = from;
        while (i < len) {
            char c = in.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == quote) {
                if (i + 1 < len && in.charAt(i + 1) == quote && i != from) {
                    i += 2; // doubled quote is an escaped quote inside the literal
                    continue;
                }
                return i;
            }
            i++;
        }
        return len;
    }

    private void lineComment() {
        add(COMMENT, null, true);
        int nl = in.indexOf('\n', pos);
        pos = nl < 0 ? len : nl + 1;
    }

    private void blockComment() {
        if (pos + 2 < len && in.charAt(pos + 2) == '!') {
            // MySQL executable comment: its content is SQL. Skip the marker and version digits.
            pos += 3;
            while (pos < len && isDigit(in.charAt(pos))) {
                pos++;
            }
            return;
        }
        int end = in.indexOf("*/", pos + 2);
        add(COMMENT, null, false);
        pos = end < 0 ? len : end + 2;
    }

    private void variable() {
        int start = pos;
        pos++;
        if (pos < len && in.charAt(pos) == '@') {
            pos++;
        }
        if (pos < len && (in.charAt(pos) == '\'' || in.charAt(pos) == '"' || in.charAt(pos) == '`')) {
            char q = in.charAt(pos);
            int end = in.indexOf(q, pos + 1);
            pos = end < 0 ? len : end + 1;
        } else {
            while (pos < len && isWordPart(in.charAt(pos))) {
                pos++;
            }
        }
        add(VARIABLE, in.substring(start, pos).toLowerCase(Locale.ROOT), false);
    }

    private void number() {
        int start = pos;
        char c = in.charAt(pos);
        if (c == '0' && pos + 1 < len && (in.charAt(pos + 1) == 'x' || in.charAt(pos + 1) == 'X'
                || in.charAt(pos + 1) == 'b' || in.charAt(pos + 1) == 'B')) {
            pos += 2;
            while (pos < len && isHex(in.charAt(pos))) {
                pos++;
            }
        } else {
            while (pos < len && isDigit(in.charAt(pos))) {
                pos++;
            }
            if (pos < len && in.charAt(pos) == '.') {
                pos++;
                while (pos < len && isDigit(in.charAt(pos))) {
                    pos++;
                }
            }
            if (pos + 1 < len && (in.charAt(pos) == 'e' || in.charAt(pos) == 'E')
                    && (isDigit(in.charAt(pos + 1)) || ((in.charAt(pos + 1) == '-' || in.charAt(pos + 1) == '+')
                    && pos + 2 < len && isDigit(in.charAt(pos + 2))))) {
                pos += 2;
                while (pos < len && isDigit(in.charAt(pos))) {
                    pos++;
                }
            }
        }
        if (pos > start && pos < len && isWordStart(in.charAt(pos)) && floatBeforeKeyword(start, pos)) {
            add(NUMBER, null, false);
            return;
        }
        if (pos < len && isWordPart(in.charAt(pos)) && in.charAt(pos) != '.') {
            // "3rd", "8bit", "1a2b": a name that starts with digits, not a number.
            while (pos < len && isWordPart(in.charAt(pos))) {
                pos++;
            }
            add(BAREWORD, in.substring(start, pos).toLowerCase(Locale.ROOT), false);
            return;
        }
        add(NUMBER, null, false);
    }

    /**
     * Whether the number from {@code start} to {@code end} is a decimal or exponent literal
     * ({@code 1.}, {@code .5}, {@code 1e0}, {@code 1.e0}) and a SQL keyword follows it without a
     * blank ({@code 1.e0UNION}, {@code .1OR}): MySQL's lexer ends such a literal where the letters
     * start, which sqlmap's scientific and misunion tampers use to do without a blank. A name that
     * starts with digits ({@code 3rd}, {@code 1e0x}) stays one word.
     */
    private boolean floatBeforeKeyword(int start, int end) {
        boolean fraction = false;
        if (in.charAt(start) == '0' && start + 1 < end && !isDigit(in.charAt(start + 1)) && in.charAt(start + 1) != '.') {
            return false; // 0x7e, 0b1: hex and bit literals
        }
        for (int i = start; i < end; i++) {
            char c = in.charAt(i);
            if (c == '.' || c == 'e' || c == 'E') {
                fraction = true;
                break;
            }
        }
        if (!fraction) {
            return false;
        }
        int p = end;
        while (p < len && isWordPart(in.charAt(p)) && in.charAt(p) != '.') {
            p++;
        }
        return SqlWords.type(in.substring(end, p).toLowerCase(Locale.ROOT)) != BAREWORD;
    }

    private void word() {
        int start = pos;
        while (pos < len && isWordPart(in.charAt(pos))) {
            pos++;
        }
        // A trailing dot belongs to the sentence, not to the name.
        while (pos - 1 > start && in.charAt(pos - 1) == '.') {
            pos--;
        }
        String w = in.substring(start, pos).toLowerCase(Locale.ROOT);
        if (pos < len && in.charAt(pos) == '\'' && literalPrefix(w)) {
            quotedWithPrefix(w);
            return;
        }
        char type = SqlWords.type(w);
        boolean callable = SqlWords.isCallable(w);
        if (type == BAREWORD || callable) {
            int p = pos;
            boolean immediate = p < len && in.charAt(p) == '(';
            if (!immediate && callable) {
                p = skipSpaceAndBlockComments(p);
            }
            if (p < len && in.charAt(p) == '(') {
                type = FUNCTION;
            }
        }
        add(type, w, false);
    }

    /**
     * A word written straight before a quote that makes the quote a typed literal rather than the
     * end of a name: N'..' (national character), X'..' and B'..' (hex and bit), E'..' (PostgreSQL
     * escapes), U&'..' is not one (the ampersand comes between), MySQL's character-set introducers
     * (_binary'..', _utf8mb4'..'), Oracle's alternative quoting q'[..]' and nq'[..]'.
     */
    private static boolean literalPrefix(String w) {
        switch (w) {
            case "n", "x", "b", "e", "q", "nq" -> {
                return true;
            }
            default -> {
                if (w.length() < 3 || w.charAt(0) != '_') {
                    return false;
                }
                for (int i = 1; i < w.length(); i++) {
                    char c = w.charAt(i);
                    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                        return false;
                    }
                }
                return true;
            }
        }
    }

    /** The literal after a prefix {@code w}, {@code pos} at its opening quote: one STRING token. */
    private void quotedWithPrefix(String w) {
        if ((w.equals("q") || w.equals("nq")) && pos + 1 < len) {
            char open = in.charAt(pos + 1);
            char close = switch (open) {
                case '[' -> ']';
                case '(' -> ')';
                case '{' -> '}';
                case '<' -> '>';
                default -> open;
            };
            if (close != '\'' && !Character.isWhitespace(close)) {
                int end = in.indexOf(new String(new char[] {close, '\''}), pos + 2);
                add(STRING, null, end >= 0);
                pos = end >= 0 ? end + 2 : len;
                return;
            }
        }
        int end = stringEnd(pos + 1, '\'');
        add(STRING, null, end < len);
        pos = end < len ? end + 1 : len;
    }

    private int skipSpaceAndBlockComments(int p) {
        while (p < len) {
            char c = in.charAt(p);
            if (c <= ' ' || Character.isWhitespace(c)) {
                p++;
            } else if (c == '/' && p + 1 < len && in.charAt(p + 1) == '*') {
                int end = in.indexOf("*/", p + 2);
                if (end < 0) {
                    return len;
                }
                p = end + 2;
            } else {
                return p;
            }
        }
        return p;
    }

    private void operator() {
        int start = pos;
        char c = in.charAt(pos);
        pos++;
        if (pos < len) {
            char d = in.charAt(pos);
            boolean two = switch (c) {
                case '<' -> d == '=' || d == '>' || d == '<';
                case '>' -> d == '=' || d == '>';
                case '!' -> d == '=' || d == '<' || d == '>';
                case '=' -> d == '=';
                case ':' -> d == '=';
                case '|' -> d == '|';
                case '&' -> d == '&';
                case '^' -> d == '=';
                default -> false;
            };
            if (two) {
                pos++;
                if (c == '<' && d == '=' && pos < len && in.charAt(pos) == '>') {
                    pos++; // <=>
                }
            }
        }
        String op = in.substring(start, pos);
        add(op.equals("&&") || op.equals("||") ? LOGIC : OPERATOR, op, false);
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static boolean isWordStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$'
                || (c > 0x7f && Character.isLetter(c));
    }

    static boolean isWordPart(char c) {
        return isWordStart(c) || isDigit(c) || c == '.';
    }

    /** The fingerprint: one letter per token, the first {@code max} tokens. */
    String fingerprint(int max) {
        int n = Math.min(count, max);
        return new String(types, 0, n);
    }
}
