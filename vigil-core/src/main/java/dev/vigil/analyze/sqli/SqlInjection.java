package dev.vigil.analyze.sqli;

import java.util.Optional;

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
            if (!worthTokenizing(decoded)) {
                return Optional.empty();
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
            return Optional.ofNullable(hit);
        } catch (RuntimeException | StackOverflowError e) {
            return Optional.empty();
        }
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
