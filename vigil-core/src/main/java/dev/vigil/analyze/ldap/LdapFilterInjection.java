package dev.vigil.analyze.ldap;

import java.util.Optional;

/**
 * Reads a decoded value as a fragment of an LDAP search filter (RFC 4515) and decides whether it
 * changes the structure of the filter it is pasted into, as an application building
 * {@code (&(uid=VALUE)(userPassword=...))} by string concatenation would let it.
 *
 * <p>An LDAP filter is {@code (} filtercomp {@code )}, where filtercomp is {@code &} or {@code |}
 * with a list of filters, {@code !} with one, or an item {@code attr op value} (op one of
 * {@code = ~= >= <=}; {@code attr=*} tests presence). A value breaks out when it:
 * <ul>
 * <li>closes the current item and opens another: {@code )(} followed by the start of a filter
 *     ({@code &}, {@code |}, {@code !}, or an attribute description with a filter type), as in
 *     {@code *)(uid=*} or {@code x)(|(cn=*)};</li>
 * <li>holds a composed filter of its own: {@code (&(}, {@code (|(}, {@code (!(} followed by an
 *     item;</li>
 * <li>uses the absolute true and false filters of RFC 4526 after a close: {@code )(&)}, {@code )(|)};</li>
 * <li>closes the item and leaves a composition open to the value's end ({@code *)(&}, {@code *)(|(&}),
 *     so that the application's own closing parentheses complete it, when all before the close is one
 *     filter value;</li>
 * <li>closes the filter and truncates the rest with a NUL ({@code *)%00}), read from the value as
 *     logged, because decoding drops NULs.</li>
 * </ul>
 * An attribute description is a descriptor ({@code letter (letter|digit|-)*}) or a numeric OID,
 * with optional {@code ;options}. A bare {@code *}, a parenthesised remark in prose, a call like
 * {@code f(x)(y)} or an e-mail address are not filters and stay quiet.
 *
 * <p>Linear in the value's length. Stateless and thread-safe.
 */
public final class LdapFilterInjection {

    static final int MAX_LEN = 4096;

    private LdapFilterInjection() {
    }

    /** As {@link #detect(String, String)} without the value as logged. */
    public static Optional<String> detect(String decoded) {
        return detect(decoded, null);
    }

    /**
     * @param decoded the rules' decoded, case-folded value
     * @param raw     the value as logged, or null: read for a NUL after a filter close
     * @return a short reason (e.g. "filter closed and another opened"), or empty. Never throws.
     */
    public static Optional<String> detect(String decoded, String raw) {
        if (decoded == null || decoded.length() < 3) {
            return Optional.empty();
        }
        try {
            String s = decoded.length() > MAX_LEN ? decoded.substring(0, MAX_LEN) : decoded;
            String hit = s.indexOf('(') >= 0 ? structure(s) : null;
            if (hit == null && raw != null && s.indexOf(')') >= 0) {
                hit = nulAfterClose(raw.length() > MAX_LEN * 3 ? raw.substring(0, MAX_LEN * 3) : raw);
            }
            return Optional.ofNullable(hit);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Every {@code (} in turn: what follows it, and whether a {@code )} came just before. */
    private static String structure(String s) {
        int n = s.length();
        for (int i = s.indexOf('('); i >= 0; i = s.indexOf('(', i + 1)) {
            int before = i - 1;
            while (before >= 0 && s.charAt(before) == ' ') {
                before--;
            }
            boolean afterClose = before >= 0 && s.charAt(before) == ')';
            int j = skip(s, i + 1, n);
            // after a close, lenient parsers take "((" and an operator without its "(" too
            while (afterClose && j < n && s.charAt(j) == '(') {
                j = skip(s, j + 1, n);
            }
            if (j >= n) {
                continue;
            }
            char c = s.charAt(j);
            if (c == '&' || c == '|' || c == '!') {
                int k = skip(s, j + 1, n);
                if (k < n && s.charAt(k) == ')' && afterClose && c != '!') {
                    return "absolute true or false filter after a close";
                }
                if (k < n && s.charAt(k) == '(' && item(s, skip(s, k + 1, n), n)) {
                    return afterClose ? "filter closed and a composed filter opened" : "composed filter";
                }
                if (afterClose && item(s, k, n)) {
                    return "filter closed and a composed filter opened";
                }
                if (afterClose && c != '!' && operatorsToEnd(s, k, n) && valueTail(s, before)) {
                    // *)(& or *)(|(& : the application's own closing parentheses complete the filter
                    return "filter closed and a composition left open";
                }
                continue;
            }
            if (afterClose && item(s, j, n) && closedItem(s, before)) {
                return "filter closed and another opened";
            }
        }
        return null;
    }

    /**
     * Whether an item starts at {@code i}: an attribute description followed by a filter type
     * ({@code =}, {@code ~=}, {@code >=}, {@code <=}; {@code :=} and {@code :dn:} of extensible
     * matches too).
     */
    static boolean item(String s, int i, int n) {
        int j = attribute(s, i, n);
        if (j == i) {
            return false;
        }
        j = skip(s, j, n);
        if (j >= n) {
            return false;
        }
        char c = s.charAt(j);
        if (c == '=') {
            return true;
        }
        if ((c == '~' || c == '>' || c == '<') && j + 1 < n && s.charAt(j + 1) == '=') {
            return true;
        }
        return c == ':' && (s.startsWith(":=", j) || s.startsWith(":dn:", j) || s.startsWith(":1.", j));
    }

    /**
     * For {@code )(attr=...}: the text before the close reads as the tail of a filter value, which
     * has no {@code (} of its own. {@code f(x)(y=2)} in code, or a remark in parentheses in prose,
     * has the close's own opening parenthesis just before it, with no {@code =} between.
     */
    private static boolean closedItem(String s, int closeAt) {
        int k = closeAt - 1;
        while (k >= 0 && s.charAt(k) != ' ' && s.charAt(k) != '(' && s.charAt(k) != ')') {
            k--;
        }
        return k < 0 || s.charAt(k) != '(' || s.lastIndexOf('=', closeAt) > k;
    }

    /** Whether everything before the close at {@code closeAt} is one filter value (closes aside): no blank, no opening. */
    private static boolean valueTail(String s, int closeAt) {
        for (int k = 0; k < closeAt; k++) {
            char c = s.charAt(k);
            if (c == ' ' || c == '(') {
                return false;
            }
        }
        return true;
    }

    /** Whether only composition operators, opening parentheses and blanks remain from {@code i}. */
    private static boolean operatorsToEnd(String s, int i, int n) {
        for (int k = i; k < n; k++) {
            char c = s.charAt(k);
            if (c != '(' && c != '&' && c != '|' && c != ' ') {
                return false;
            }
        }
        return true;
    }

    /** The end of an attribute description at {@code i}: a descriptor or numeric OID with options. */
    private static int attribute(String s, int i, int n) {
        int j = i;
        if (j < n && s.charAt(j) >= 'a' && s.charAt(j) <= 'z') {
            j++;
            while (j < n && (letter(s.charAt(j)) || digit(s.charAt(j)) || s.charAt(j) == '-')) {
                j++;
            }
        } else if (j < n && digit(s.charAt(j))) {
            while (j < n && (digit(s.charAt(j)) || s.charAt(j) == '.')) {
                j++;
            }
            if (s.charAt(j - 1) == '.' || s.indexOf('.', i) < 0 || s.indexOf('.', i) >= j) {
                return i; // a number, not an OID
            }
        } else {
            return i;
        }
        while (j < n && s.charAt(j) == ';') {
            int o = j + 1;
            while (o < n && (letter(s.charAt(o)) || digit(s.charAt(o)) || s.charAt(o) == '-')) {
                o++;
            }
            if (o == j + 1) {
                return i;
            }
            j = o;
        }
        return j;
    }

    /** A {@code )} then a NUL in the value as logged (the NUL encoded up to four times, as many rounds as the decoded form takes), after filter text. */
    private static String nulAfterClose(String raw) {
        if (raw.indexOf('%') < 0 && raw.indexOf('\0') < 0) {
            return null;
        }
        String s = dev.vigil.analyze.RawValues.percentDecode(raw, 4);
        for (int i = s.indexOf(')'); i > 0; i = s.indexOf(')', i + 1)) {
            if (i + 1 < s.length() && s.charAt(i + 1) == 0) {
                char p = Character.toLowerCase(s.charAt(i - 1));
                if (p == '*' || p == ')' || letter(p) || digit(p)) {
                    return "filter closed and truncated with a NUL";
                }
            }
        }
        return null;
    }

    private static int skip(String s, int i, int n) {
        while (i < n && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static boolean letter(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }
}
