package dev.vigil.analyze.sqli;

import static dev.vigil.analyze.sqli.SqlTokenizer.BAREWORD;
import static dev.vigil.analyze.sqli.SqlTokenizer.COMMA;
import static dev.vigil.analyze.sqli.SqlTokenizer.COMMENT;
import static dev.vigil.analyze.sqli.SqlTokenizer.FUNCTION;
import static dev.vigil.analyze.sqli.SqlTokenizer.KEYWORD;
import static dev.vigil.analyze.sqli.SqlTokenizer.LOGIC;
import static dev.vigil.analyze.sqli.SqlTokenizer.LPAREN;
import static dev.vigil.analyze.sqli.SqlTokenizer.NUMBER;
import static dev.vigil.analyze.sqli.SqlTokenizer.OPERATOR;
import static dev.vigil.analyze.sqli.SqlTokenizer.RPAREN;
import static dev.vigil.analyze.sqli.SqlTokenizer.SEMICOLON;
import static dev.vigil.analyze.sqli.SqlTokenizer.STATEMENT;
import static dev.vigil.analyze.sqli.SqlTokenizer.STRING;
import static dev.vigil.analyze.sqli.SqlTokenizer.UNION;
import static dev.vigil.analyze.sqli.SqlTokenizer.VARIABLE;

/**
 * The decision over one token stream: does it have the shape of an injection?
 *
 * <p>Two families of checks. Structural ones look anywhere in the stream for SQL that a parameter
 * never legitimately carries (UNION SELECT, stacked statements, delay and error-extraction calls,
 * catalogue tables, file writes). Breakout ones look at how the stream continues right after the
 * literal or number the value was meant to be: a logic operator with a tautology or a condition,
 * a comment that truncates the rest of the query, an ORDER BY probe, or an operator that glues a
 * function call or subquery onto the value.
 *
 * <p>Stateless; thread-safe.
 */
final class SqlRules {

    private SqlRules() {
    }

    /** Compacted view of a token stream without inline block comments. */
    private static final class View {
        final char[] ty;
        final String[] tx;
        final boolean[] fl;
        final int n;

        View(SqlTokenizer t) {
            ty = new char[t.count];
            tx = new String[t.count];
            fl = new boolean[t.count];
            int k = 0;
            for (int i = 0; i < t.count; i++) {
                if (t.types[i] == COMMENT && i + 1 < t.count) {
                    continue; // a comment between tokens is whitespace; at the very end it truncates
                }
                ty[k] = t.types[i];
                tx[k] = t.texts[i];
                fl[k] = t.flags[i];
                k++;
            }
            n = k;
        }

        char type(int i) {
            return i >= 0 && i < n ? ty[i] : 0;
        }

        boolean is(int i, char type, String text) {
            return i >= 0 && i < n && ty[i] == type && text.equals(tx[i]);
        }

        String text(int i) {
            return i >= 0 && i < n && tx[i] != null ? tx[i] : "";
        }

        String fingerprint() {
            return new String(ty, 0, Math.min(n, SqlInjection.FINGERPRINT_TOKENS));
        }
    }

    /**
     * @param quoted whether the stream was read as starting inside a quoted literal
     * @return the fingerprint when the stream is an injection, else null
     */
    static String judge(SqlTokenizer t, boolean quoted) {
        View v = new View(t);
        if (structural(v) || breakout(v, quoted)) {
            return v.fingerprint();
        }
        return null;
    }

    private static boolean structural(View v) {
        boolean hasSelectOrFrom = false;
        for (int i = 0; i < v.n; i++) {
            char c = v.ty[i];
            String w = v.text(i);
            if ((c == STATEMENT && w.equals("select")) || (c == KEYWORD && w.equals("from"))) {
                hasSelectOrFrom = true;
            }
        }
        for (int i = 0; i < v.n; i++) {
            char c = v.ty[i];
            String w = v.text(i);
            switch (c) {
                case UNION -> {
                    if (unionSelect(v, i)) {
                        return true;
                    }
                }
                case FUNCTION -> {
                    if (SqlWords.ATTACK_FUNCTIONS.contains(w) && attackCall(v, i)) {
                        return true;
                    }
                    if (SqlWords.INFO_FUNCTIONS.contains(w) && v.type(i + 1) == LPAREN && v.type(i + 2) == RPAREN) {
                        return true;
                    }
                }
                case LOGIC -> {
                    if (i > 0 && strictCondition(v, i + 1)) {
                        return true;
                    }
                }
                case STATEMENT -> {
                    if (w.equals("waitfor") && (v.is(i + 1, KEYWORD, "delay") || v.is(i + 1, KEYWORD, "time"))) {
                        return true;
                    }
                    if (w.equals("select") && selectQuery(v, i)) {
                        return true;
                    }
                    if (w.equals("declare") && v.type(i + 1) == VARIABLE && v.text(i + 1).startsWith("@")
                            && (v.type(i + 2) == BAREWORD || v.type(i + 2) == KEYWORD || v.type(i + 2) == FUNCTION)
                            && SqlWords.isSqlType(v.text(i + 2))) {
                        return true; // T-SQL: DECLARE @name type, the start of a dynamic-SQL payload
                    }
                    if ((w.equals("exec") || w.equals("execute")) && (v.text(i + 1).startsWith("xp_")
                            || v.text(i + 1).startsWith("sp_") || v.text(i + 1).startsWith("master."))) {
                        return true; // MSSQL extended/system procedures: xp_cmdshell, sp_executesql
                    }
                }
                case KEYWORD -> {
                    if (w.equals("into") && (v.text(i + 1).equals("outfile") || v.text(i + 1).equals("dumpfile"))) {
                        return true;
                    }
                    if ((w.equals("order") || w.equals("group")) && i > 0 && v.type(i - 1) == RPAREN
                            && v.is(i + 1, KEYWORD, "by") && v.type(i + 2) == NUMBER) {
                        // "x) order by 3-- -": the column-count probe after a closed parenthesis, the
                        // rest of the query commented out (sqlmap appends it to headers that way)
                        int k = i + 3;
                        while (v.type(k) == COMMA && v.type(k + 1) == NUMBER) {
                            k += 2;
                        }
                        if (v.type(k) == COMMENT && v.type(k + 1) == 0) {
                            return true;
                        }
                    }
                    if (w.equals("case") && v.is(i + 1, KEYWORD, "when") && isValue(v.type(i + 2))) {
                        return true;
                    }
                    if (w.equals("case") && isValue(v.type(i + 1)) && v.is(i + 2, KEYWORD, "when")) {
                        return true;
                    }
                }
                case SEMICOLON -> {
                    if (stacked(v, i + 1)) {
                        return true;
                    }
                }
                case BAREWORD, VARIABLE -> {
                    if (hasSelectOrFrom && SqlWords.isCatalogue(w)) {
                        return true;
                    }
                    if (c == VARIABLE && w.startsWith("@@") && (i == 0 || v.type(i - 1) != BAREWORD)) {
                        return true; // @@version, @@datadir: server variables
                    }
                }
                default -> {
                }
            }
        }
        return false;
    }

    /** A call of a delay/extraction/file function: name then '(' then an argument. */
    private static boolean attackCall(View v, int i) {
        if (v.type(i + 1) != LPAREN) {
            return false;
        }
        // exp() and the geometry functions are only dangerous with a subquery or ~ inside.
        String w = v.text(i);
        if (w.equals("exp") || w.equals("polygon") || w.equals("multipoint") || w.equals("linestring")
                || w.equals("multilinestring") || w.equals("multipolygon") || w.equals("geometrycollection")) {
            char a = v.type(i + 2);
            return a == LPAREN || a == STATEMENT || (a == OPERATOR && v.text(i + 2).equals("~"));
        }
        char a = v.type(i + 2);
        if (!(a != 0 && a != BAREWORD || (a == BAREWORD && v.type(i + 3) == RPAREN && i > 0))) {
            return false;
        }
        // two bare words after the call ("sleep (5) hours a night") continue prose: no SQL grammar
        // puts them there, where an alias is one word and anything else is an operator or keyword
        int depth = 0;
        int r = i + 1;
        for (; r < v.n; r++) {
            if (v.ty[r] == LPAREN) {
                depth++;
            } else if (v.ty[r] == RPAREN && --depth == 0) {
                break;
            }
        }
        return !(v.type(r + 1) == BAREWORD && v.type(r + 2) == BAREWORD);
    }

    private static boolean unionSelect(View v, int i) {
        int j = i + 1;
        while (j < v.n && (v.ty[j] == LPAREN || v.is(j, KEYWORD, "all") || v.is(j, KEYWORD, "distinct"))) {
            j++;
        }
        if (!v.is(j, STATEMENT, "select")) {
            return false;
        }
        return selectList(v, j + 1) || v.type(j - 1) == LPAREN;
    }

    /** Whether what follows SELECT looks like a select list rather than prose ("union select committee"). */
    private static boolean selectList(View v, int j) {
        int start = j;
        while (v.is(j, KEYWORD, "distinct") || v.is(j, KEYWORD, "all") || v.is(j, KEYWORD, "top")) {
            j++;
        }
        if (j > start && v.is(j, KEYWORD, "from")) {
            // an empty select list is PostgreSQL's SELECT FROM t; after a quantifier it is prose
            // ("select all from the menu"), which no injection writes
            return false;
        }
        char a = v.type(j);
        switch (a) {
            case NUMBER, STRING, FUNCTION, VARIABLE, LPAREN, COMMA, STATEMENT -> {
                return true;
            }
            case OPERATOR -> {
                return v.text(j).equals("*") || v.text(j).equals("-");
            }
            case BAREWORD -> {
                char b = v.type(j + 1);
                return b == COMMA || b == COMMENT || b == SEMICOLON || b == RPAREN || b == OPERATOR
                        || v.is(j + 1, KEYWORD, "from")
                        || v.is(j + 1, KEYWORD, "as") || (b == OPERATOR && v.text(j + 1).equals("||"));
            }
            case KEYWORD -> {
                return v.text(j).equals("from") || v.text(j).equals("case") || v.text(j).equals("char")
                        || v.text(j).equals("cast");
            }
            default -> {
                return false;
            }
        }
    }

    /** SELECT used as a query: inside parentheses, or with a select list and a FROM. */
    private static boolean selectQuery(View v, int i) {
        if (v.type(i - 1) == LPAREN && selectList(v, i + 1)) {
            return true;
        }
        char a = v.type(i + 1);
        if (a == FUNCTION || a == VARIABLE) {
            return true;
        }
        if ((a == NUMBER || a == STRING) && (v.type(i + 2) == COMMA || v.is(i + 2, KEYWORD, "from")
                || v.type(i + 2) == COMMENT || v.type(i + 2) == SEMICOLON)) {
            return true;
        }
        if (onlyWordsBefore(v, i)) {
            // words and nothing else before SELECT ("how to select all from a table", "please select
            // one from the list"): no context a query can be injected into reads that; prose
            return false;
        }
        boolean sqlish = selectList(v, i + 1);
        for (int j = i + 1; j < v.n && j < i + 16; j++) {
            char c = v.ty[j];
            if (c == KEYWORD && v.tx[j].equals("from")) {
                return sqlish && v.type(j + 1) != 0;
            }
            if (c == COMMA || c == FUNCTION || c == LPAREN || c == OPERATOR || c == NUMBER) {
                sqlish = true;
            }
        }
        return false;
    }

    /** Whether at least one token precedes {@code i} and all of them are plain words. */
    private static boolean onlyWordsBefore(View v, int i) {
        if (i == 0) {
            return false;
        }
        for (int k = 0; k < i; k++) {
            if (v.ty[k] != BAREWORD) {
                return false;
            }
        }
        return true;
    }

    /** Oracle's predefined roles and system privileges an injected GRANT hands out. */
    private static final java.util.Set<String> ORACLE_ROLES = java.util.Set.of("dba", "connect", "resource", "sysdba",
            "sysoper", "exp_full_database", "imp_full_database", "select_catalog_role", "execute_catalog_role",
            "java_admin", "javasyspriv");

    /** A second statement after ';' that acts on the database. */
    private static boolean stacked(View v, int j) {
        if (v.type(j) == KEYWORD && (v.tx[j].equals("if") || v.tx[j].equals("while"))) {
            return isValue(v.type(j + 1)) && v.type(j + 2) == OPERATOR && isComparison(v.tx[j + 2]);
        }
        if (v.is(j, KEYWORD, "begin")) {
            return stacked(v, j + 1);
        }
        if (v.is(j, BAREWORD, "print")) {
            // T-SQL PRINT of a server variable or an information function (@@version, db_name()):
            // the answer comes back in the error or message stream
            return v.type(j + 1) == VARIABLE && v.text(j + 1).startsWith("@@")
                    || v.type(j + 1) == FUNCTION && SqlWords.INFO_FUNCTIONS.contains(v.text(j + 1));
        }
        if (v.is(j, KEYWORD, "desc") || v.is(j, BAREWORD, "describe")) {
            // DESCRIBE t: the columns of a table, as a second statement
            return v.type(j + 1) == BAREWORD && end(v.type(j + 2));
        }
        if (v.type(j) != STATEMENT) {
            return false;
        }
        String w = v.tx[j];
        char a = v.type(j + 1);
        String next = v.text(j + 1);
        switch (w) {
            case "select" -> {
                return selectList(v, j + 1) || selectQuery(v, j);
            }
            case "drop", "create", "alter", "truncate" -> {
                return a == KEYWORD && (next.equals("table") || next.equals("database") || next.equals("schema")
                        || next.equals("view") || next.equals("index") || next.equals("procedure")
                        || next.equals("function") || next.equals("trigger") || next.equals("tablespace"))
                        || next.equals("user") || next.equals("login");
            }
            case "exec", "execute" -> {
                return a == BAREWORD || a == FUNCTION || a == LPAREN || a == VARIABLE || a == STRING;
            }
            case "insert", "replace" -> {
                return v.is(j + 1, KEYWORD, "into");
            }
            case "update" -> {
                return a == BAREWORD && v.is(j + 2, KEYWORD, "set");
            }
            case "delete" -> {
                return v.is(j + 1, KEYWORD, "from") || v.is(j + 2, KEYWORD, "from") || v.is(j + 3, KEYWORD, "from");
            }
            case "shutdown" -> {
                return a == 0 || a == COMMENT || a == SEMICOLON;
            }
            case "declare" -> {
                return a == VARIABLE;
            }
            case "waitfor" -> {
                return next.equals("delay") || next.equals("time");
            }
            case "grant", "revoke" -> {
                // GRANT DBA TO scott: Oracle's predefined roles handed to an account (Oracle SQL reference, GRANT)
                return a == KEYWORD || next.equals("select") || v.is(j + 2, KEYWORD, "on")
                        || ORACLE_ROLES.contains(next) && (v.text(j + 2).equals("to") || v.text(j + 2).equals("from"));
            }
            case "call" -> {
                return a == FUNCTION;
            }
            case "show" -> {
                // SHOW TABLES / DATABASES / GRANTS ...: MySQL's catalogue as a statement
                return (a == KEYWORD || a == BAREWORD) && SHOWN.contains(next);
            }
            case "use" -> {
                return a == BAREWORD && end(v.type(j + 2));
            }
            case "backup", "restore" -> {
                return next.equals("database") || next.equals("log");
            }
            case "load" -> {
                return next.equals("data") || next.equals("xml");
            }
            case "kill" -> {
                return a == NUMBER && end(v.type(j + 2));
            }
            case "rename" -> {
                return next.equals("table") || next.equals("user");
            }
            default -> {
                return false;
            }
        }
    }

    /** What SHOW lists in MySQL (and compatible servers). */
    private static final java.util.Set<String> SHOWN = java.util.Set.of("tables", "databases", "schemas", "columns",
            "fields", "grants", "variables", "processlist", "status", "users", "privileges", "full", "create",
            "index", "indexes", "keys", "triggers", "events", "plugins", "engines", "master", "slave", "binary",
            "global", "session", "table");

    /** The end of a statement: nothing more, a semicolon or a comment. */
    private static boolean end(char t) {
        return t == 0 || t == SEMICOLON || t == COMMENT;
    }

    private static boolean breakout(View v, boolean quoted) {
        int p = 0;
        if (quoted) {
            if (v.type(0) != STRING) {
                return false;
            }
            p = 1;
        } else {
            while (p < v.n && (v.ty[p] == OPERATOR && (v.tx[p].equals("-") || v.tx[p].equals("+"))
                    || v.ty[p] == LPAREN)) {
                p++;
            }
            int lead = p;
            while (v.type(lead) == RPAREN) {
                lead++;
            }
            if (v.type(lead) == LOGIC && (lead > 0 || v.text(lead).length() > 2 || v.type(lead + 1) != 0)) {
                // the value starts with the operator: it is meant to follow whatever the field held
                return leadingCondition(v, lead + 1);
            }
            if ((v.is(lead, KEYWORD, "order") || v.is(lead, KEYWORD, "group")) && v.is(lead + 1, KEYWORD, "by")
                    && v.type(lead + 2) == NUMBER) {
                // " order by 3#": the column-count probe, appended to the value, the rest cut off
                int k = lead + 3;
                while (v.type(k) == COMMA && v.type(k + 1) == NUMBER) {
                    k += 2;
                }
                return v.type(k) == COMMENT || v.type(k) == SEMICOLON;
            }
            char first = v.type(p);
            if (first != NUMBER && first != VARIABLE) {
                return false;
            }
            p++;
        }
        while (v.type(p) == RPAREN) {
            p++;
        }
        if (p >= v.n) {
            return false;
        }
        char c = v.ty[p];
        String w = v.text(p);
        switch (c) {
            case COMMENT -> {
                // admin'-- and admin')# : the rest of the query, password check included, is cut off.
                return quoted;
            }
            case SEMICOLON -> {
                return quoted && v.type(p + 1) == COMMENT;
            }
            case STATEMENT -> {
                // MSSQL runs a second statement without ';': username'exec master..xp_cmdshell. A
                // SELECT so appended must read something (a FROM, a function, a variable, a
                // number list): a quoted "select all" in search text is prose
                if (w.equals("select")) {
                    return quoted && selectQuery(v, p);
                }
                return quoted && stacked(v, p);
            }
            case UNION -> {
                char a = v.type(p + 1);
                return a == 0 || a == STATEMENT || a == LPAREN || a == KEYWORD || (a == NUMBER && v.type(p + 2) == COMMA);
            }
            case LOGIC -> {
                if (quoted && w.equals("||") && concatenated(v, p + 1)) {
                    return true;
                }
                return condition(v, p + 1, quoted);
            }
            case KEYWORD -> {
                if ((w.equals("order") || w.equals("group")) && v.is(p + 1, KEYWORD, "by")) {
                    char a = v.type(p + 2);
                    return a == NUMBER || a == FUNCTION || a == LPAREN || (quoted && a == BAREWORD)
                            || (a == BAREWORD && v.type(p + 3) != 0 && v.type(p + 3) != BAREWORD);
                }
                if (w.equals("having") || w.equals("procedure")) {
                    return v.type(p + 1) != 0;
                }
                if (w.equals("limit")) {
                    return v.type(p + 1) == NUMBER && (v.type(p + 2) == COMMA || v.type(p + 2) == COMMENT);
                }
                if (w.equals("from")) {
                    char b = v.type(p + 2);
                    return v.type(p + 1) == BAREWORD && (b == COMMENT || b == RPAREN || v.is(p + 2, KEYWORD, "where")
                            || v.is(p + 2, KEYWORD, "limit") || v.is(p + 2, KEYWORD, "order"));
                }
                if (w.equals("into")) {
                    return v.type(p + 1) == VARIABLE || v.text(p + 1).equals("outfile");
                }
                return false;
            }
            case OPERATOR -> {
                return operatorBreakout(v, p, quoted);
            }
            default -> {
                return false;
            }
        }
    }

    /**
     * After {@code '||} (string concatenation in Oracle, PostgreSQL, SQLite, ANSI mode): a qualified
     * column ({@code t.col}) or a column glued on between two concatenations
     * ({@code '||col||'}), which reads data into the string the query returns.
     */
    private static boolean concatenated(View v, int q) {
        if (v.type(q) != BAREWORD) {
            return false;
        }
        String w = v.tx[q];
        int dot = w.indexOf('.');
        boolean qualified = dot > 0 && dot < w.length() - 1 && Character.isLetter(w.charAt(dot + 1));
        return qualified || v.is(q + 1, LOGIC, "||") && v.type(q + 2) == STRING;
    }

    private static boolean isComparison(String op) {
        return switch (op) {
            case "=", "==", "<", ">", "<=", ">=", "<>", "!=", "<=>", "like", "rlike", "regexp", "in", "is",
                 "between", "sounds", "glob", "ilike", "similar", "!<", "!>" -> true;
            default -> false;
        };
    }

    private static boolean operatorBreakout(View v, int p, boolean quoted) {
        String op = v.tx[p];
        int q = p + 1;
        while (v.type(q) == OPERATOR && prefixOperator(v.tx[q])) {
            q++;
        }
        int r = q;
        while (v.type(r) == LPAREN) {
            r++;
        }
        if (v.type(r) == FUNCTION || (r > q && v.type(r) == STATEMENT)) {
            return true;
        }
        char a = v.type(q);
        if (!quoted) {
            return false;
        }
        if (a == LPAREN && isComparison(op)) {
            return true; // aa' in (0)
        }
        // '/' , ' NOT LIKE ', 'DIV': operators between two literals, possibly several in a row
        while (a == OPERATOR && !v.tx[q].equals(".")) {
            q++;
            a = v.type(q);
        }
        if (a == STATEMENT && v.tx[q].equals("select")) {
            return true;
        }
        if (a == STRING || a == NUMBER || a == VARIABLE) {
            char b = v.type(q + 1);
            if (b == 0) {
                // x'='x and '||': the value closes the literal and re-opens one with an operator between.
                // The last literal must stay open to swallow the query's own closing quote.
                boolean open = a == STRING && !v.fl[q];
                boolean symbolic = !Character.isLetter(op.charAt(0));
                return open && symbolic && !op.equals(".") && !op.equals(":")
                        || (a == NUMBER && isComparison(op));
            }
            if (b == LOGIC || b == COMMENT || b == SEMICOLON) {
                return true;
            }
            if (b == OPERATOR && isComparison(v.tx[q + 1])) {
                return true;
            }
        }
        return false;
    }

    private static boolean isValue(char t) {
        return t == NUMBER || t == STRING || t == VARIABLE || t == FUNCTION || t == LPAREN;
    }

    /**
     * A condition after AND/OR anywhere in the stream, when nothing says the value was a literal:
     * only forms that prose does not produce (function calls, subqueries, comparisons of literals).
     */
    private static boolean strictCondition(View v, int q) {
        while (v.type(q) == LPAREN || (v.type(q) == OPERATOR && (v.tx[q].equals("not") || v.tx[q].equals("!")
                || v.tx[q].equals("-") || v.tx[q].equals("~")))) {
            q++;
        }
        char a = v.type(q);
        if (a == FUNCTION) {
            // foo(bar) in prose is not a call; only names SQL knows count here
            return v.type(q + 1) == LPAREN && SqlWords.isCallable(v.tx[q]);
        }
        if (a == STATEMENT) {
            return v.tx[q].equals("select") && v.type(q - 1) == LPAREN;
        }
        if (a == NUMBER || a == STRING || a == VARIABLE) {
            char b = v.type(q + 1);
            if (b == OPERATOR && isComparison(v.tx[q + 1])) {
                int r = q + 2;
                while (v.type(r) == OPERATOR && !v.tx[r].equals(".")) {
                    r++;
                }
                char c = v.type(r);
                return c == NUMBER || c == STRING || c == VARIABLE || c == FUNCTION || c == LPAREN;
            }
        }
        return false;
    }

    /**
     * A value that starts with AND/OR (or closes a parenthesis first): the condition after it must
     * be one prose does not write. Literals compared with each other ({@code or 1=1},
     * {@code or 'x'='x}, {@code or 2>1}), calls, subqueries, or a column compared with itself
     * ({@code or a=a}); a column compared with another word ({@code or size=large}) only when a
     * comment cuts the query after it.
     */
    private static boolean leadingCondition(View v, int q) {
        if (strictCondition(v, q)) {
            return true;
        }
        int r = q;
        while (v.type(r) == LPAREN) {
            r++;
        }
        if (v.type(r) == BAREWORD && v.type(r + 1) == OPERATOR && isComparison(v.tx[r + 1])) {
            char after = v.type(r + 3);
            return v.type(r + 2) == BAREWORD && (v.tx[r].equals(v.tx[r + 2]) || after == COMMENT || after == SEMICOLON)
                    || (v.type(r + 2) == NUMBER || v.type(r + 2) == STRING) && (after == COMMENT || after == SEMICOLON);
        }
        while (v.type(r) == OPERATOR && (v.tx[r].equals("not") || v.tx[r].equals("!") || v.tx[r].equals("-")
                || v.tx[r].equals("+") || v.tx[r].equals("~"))) {
            r++;
        }
        char a = v.type(r);
        if (a == NUMBER || a == STRING) {
            // or 1--, or true# : a constant condition, then the rest of the query cut off
            char b = v.type(r + 1);
            return b == COMMENT || b == SEMICOLON && v.type(r + 2) == COMMENT;
        }
        return a != BAREWORD && condition(v, q, false);
    }

    /** An operator written before an operand: NOT, !, unary minus and plus, ~, MySQL's BINARY cast ('x' OR BINARY 'a'='a). */
    private static boolean prefixOperator(String t) {
        return t.equals("not") || t.equals("!") || t.equals("-") || t.equals("+") || t.equals("~") || t.equals("binary");
    }

    /** After AND/OR: a condition that makes the WHERE clause true, false or time-dependent. */
    private static boolean condition(View v, int q, boolean quoted) {
        while (v.type(q) == LPAREN || (v.type(q) == OPERATOR && prefixOperator(v.tx[q]))) {
            q++;
        }
        char a = v.type(q);
        switch (a) {
            case FUNCTION, VARIABLE -> {
                return true;
            }
            case STATEMENT -> {
                return v.tx[q].equals("select") || v.type(q - 1) == LPAREN;
            }
            case KEYWORD -> {
                return v.tx[q].equals("exists") || v.tx[q].equals("case")
                        || (v.type(q + 1) == OPERATOR && isComparison(v.tx[q + 1]) && v.type(q + 2) != 0);
            }
            case NUMBER, STRING, BAREWORD -> {
                char b = v.type(q + 1);
                if (b == OPERATOR && !v.tx[q + 1].equals(".")) {
                    char c = v.type(q + 2);
                    boolean cmp = isComparison(v.tx[q + 1]);
                    if (a == BAREWORD && !cmp) {
                        return false;
                    }
                    return c != 0 ? c != LOGIC : (a != BAREWORD && quoted);
                }
                if (a == BAREWORD) {
                    return false;
                }
                if (b == KEYWORD) {
                    String k = v.tx[q + 1];
                    return k.equals("group") || k.equals("order") || k.equals("having") || k.equals("limit")
                            || k.equals("into") || k.equals("procedure");
                }
                if (b == 0) {
                    // ' or 'x : only if the literal stays open; 1 or 1 : only in a quoted context
                    return quoted && (a != STRING || !v.fl[q]);
                }
                return b == COMMENT || b == SEMICOLON || b == RPAREN || b == LOGIC || b == UNION;
            }
            default -> {
                return false;
            }
        }
    }
}
