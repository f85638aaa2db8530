package dev.vigil.detect.sqli;

import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether an already-decoded parameter value is a SQL injection attempt.
 *
 * <p>Stateless and thread-safe.
 */
public final class SqlInjection {

    private SqlInjection() {
    }

    /** @return the token fingerprint that made it SQL injection (e.g. "s&sos"), or empty. Never throws. */
    public static Optional<String> detect(String decoded) {
        if (decoded == null || decoded.isEmpty()) {
            return Optional.empty();
        }
        try {
            String s = decoded.toLowerCase(Locale.ROOT);
            // First version: structural markers only; replaced by the tokenizer/fingerprint design.
            if (s.contains("union") && s.contains("select")) {
                return Optional.of("UE");
            }
            if (s.contains("sleep(") || s.contains("benchmark(") || s.contains("waitfor delay")) {
                return Optional.of("f(");
            }
            if (s.contains("' or '") || s.contains("'--")) {
                return Optional.of("s&s");
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
