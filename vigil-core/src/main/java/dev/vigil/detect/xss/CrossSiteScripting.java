package dev.vigil.detect.xss;

import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether an already-decoded parameter value is a cross-site scripting attempt.
 *
 * <p>Stateless and thread-safe.
 */
public final class CrossSiteScripting {

    private CrossSiteScripting() {
    }

    /** @return a short reason (e.g. "tag svg with event handler onload", "javascript: URL"), or empty. Never throws. */
    public static Optional<String> detect(String decoded) {
        if (decoded == null || decoded.isEmpty()) {
            return Optional.empty();
        }
        try {
            String s = decoded.toLowerCase(Locale.ROOT);
            // First version: replaced by the HTML/JS tokenizer design.
            if (s.contains("<script")) {
                return Optional.of("tag script");
            }
            if (s.contains("javascript:")) {
                return Optional.of("javascript: URL");
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
