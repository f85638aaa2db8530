package dev.vigil.analyze.xss;

import java.util.Optional;

/**
 * Decides whether an already-decoded parameter value is a cross-site scripting attempt.
 *
 * <p>The value is lower-cased and stripped of leftover HTML character references
 * ({@link XssNormalizer}), then read once by {@link HtmlScanner}: tags that run script or carry an
 * event handler, script URLs ({@code javascript:}, {@code vbscript:}, {@code data:text/html}) also
 * when whitespace or entities are spliced into the scheme, attribute and string breakouts followed
 * by script, CSS {@code expression()}, and JS sinks such as {@code document.cookie}.
 *
 * <p>Stateless and thread-safe.
 */
public final class CrossSiteScripting {

    private static final boolean[] TRIGGER = new boolean[128];

    static {
        for (char c : "<:(`&+.\"'{\\".toCharArray()) {
            TRIGGER[c] = true;
        }
    }

    private CrossSiteScripting() {
    }

    /** @return a short reason (e.g. "tag svg with event handler onload", "javascript: URL"), or empty. Never throws. */
    public static Optional<String> detect(String decoded) {
        if (decoded == null || decoded.length() < 3) {
            return Optional.empty();
        }
        try {
            Optional<String> wrapped = dev.vigil.analyze.Wrapped.read(decoded, true, CrossSiteScripting::detect);
            if (wrapped != null) {
                return wrapped;
            }
            if (!worthScanning(decoded)) {
                return Optional.empty();
            }
            return Optional.ofNullable(new HtmlScanner(XssNormalizer.normalize(decoded)).scan());
        } catch (RuntimeException | StackOverflowError e) {
            return Optional.empty();
        }
    }

    /** Fast exit: every rule needs one of {@code < : ( ` & + . " ' {}}. */
    private static boolean worthScanning(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 128 && TRIGGER[c]) {
                return true;
            }
            if (c == 0xff1c || c == 0xfe64) {
                return true; // full-width and small '<', which some back ends fold to ASCII
            }
        }
        return false;
    }
}
