package dev.vigil.rules.match;

import dev.vigil.rules.Condition;
import dev.vigil.rules.Field;
import java.util.List;
import java.util.Map;

/**
 * The normalised field values of one event that rules read: a request ({@link RequestView}) or a
 * process start ({@link ProcessView}).
 *
 * <p>Implementations are not thread-safe: one per event, on the thread that inspects it.
 */
public interface FieldSource {

    /** The values of {@code f}; empty when the event lacks it or the field belongs to another kind of event. */
    List<FieldValue> values(Field f);

    /**
     * This event's verdicts of leaves that name a field of their own ({@code field: param_values}
     * inside a rule that also reads other fields): such a verdict does not depend on the value
     * under test, so {@link Evaluator} keeps it here, once per event. Null when the source keeps
     * none (then each is computed again, which costs the number of values under test times the
     * number of values read).
     */
    default Map<Condition, Boolean> fieldVerdicts() {
        return null;
    }

    /**
     * A key that is equal for two events of this source's kind exactly when every field in
     * {@code fields} (bits by ordinal) has the same values in both, raw and decoded, and the same
     * {@link #status}: then every rule that reads only those fields gives both the same verdict on
     * the same values, and a matcher may answer the second from what it found for the first.
     * Null (the default) when the source offers none: then nothing is remembered.
     */
    default VerdictKey verdictKey(long fields) {
        return null;
    }

    /** Whether {@code fields} holds {@code f}. */
    static boolean has(long fields, Field f) {
        return (fields & (1L << f.ordinal())) != 0;
    }

    /** The HTTP status, or -1 when there is none. */
    default int status() {
        return -1;
    }
}
