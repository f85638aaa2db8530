package dev.vigil.rules.match;

import java.util.Arrays;
import java.util.List;

/**
 * What a {@link FieldSource#verdictKey verdict key} is made of: the event's parts a rule set reads
 * (strings, lists of strings, flags), side by side. Two keys are equal exactly when their parts
 * are equal position by position, so no encoding of the parts into one text is needed: building
 * a key costs one small array, and the parts are the event's own objects.
 */
public final class VerdictKey {
    private final Object[] parts;
    private final int hash;
    private final int chars;

    private VerdictKey(Object[] parts, int chars) {
        this.parts = parts;
        this.hash = Arrays.hashCode(parts);
        this.chars = chars;
    }

    /** A key of {@code parts}: strings (or null), lists of strings, boxed flags and numbers. */
    public static VerdictKey of(Object... parts) {
        int chars = 0;
        for (Object p : parts) {
            if (p instanceof String s) {
                chars += s.length();
            } else if (p instanceof List<?> l) {
                for (Object e : l) {
                    chars += e instanceof String s ? s.length() : 1;
                }
            } else {
                chars++;
            }
        }
        return new VerdictKey(parts, chars);
    }

    /** The characters of the key's strings, about what remembering it holds. */
    public int chars() {
        return chars;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof VerdictKey k && k.hash == hash && Arrays.equals(k.parts, parts);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return Arrays.toString(parts);
    }
}
