package dev.vigil.analyze;

import java.util.Optional;
import java.util.function.Function;

/**
 * A value that wraps a payload in an encoding the application undoes before use: one base64 token
 * of printable text ({@link Base64Text}) or JavaScript/JSON string escapes ({@link JsEscapes}). The
 * readers that take such values (SQL, command, code; HTML for base64 only) read the wrapped text
 * first, through this one step.
 *
 * <p>Stateless and thread-safe.
 */
public final class Wrapped {
    private Wrapped() {
    }

    /**
     * What {@code detect} says of the text {@code value} wraps, marked with the wrapping
     * ({@code " (base64)"}, {@code " (js escapes)"}); null when the value wraps nothing that settles
     * it, and must be read as it is. A base64 token is read only as what it decodes to (as sent it
     * is letters and digits); escaped text is read as it is too when its unescaped form says nothing.
     *
     * @param escapes whether JavaScript string escapes are undone as well
     */
    public static Optional<String> read(String value, boolean escapes, Function<String, Optional<String>> detect) {
        String inner = Base64Text.decode(value);
        if (inner != null) {
            return detect.apply(inner).map(r -> r + " (base64)");
        }
        if (escapes) {
            String unescaped = JsEscapes.decode(value);
            if (unescaped != null) {
                Optional<String> r = detect.apply(unescaped);
                if (r.isPresent()) {
                    return r.map(x -> x + " (js escapes)");
                }
            }
        }
        return null;
    }
}
