package dev.vigil.rules.match;

import dev.vigil.rules.Field;
import java.util.List;

/**
 * The normalised field values of one event that rules read: a request ({@link RequestView}) or a
 * process start ({@link ProcessView}).
 *
 * <p>Implementations are not thread-safe: one per event, on the thread that inspects it.
 */
public interface FieldSource {

    /** The values of {@code f}; empty when the event lacks it or the field belongs to another kind of event. */
    List<FieldValue> values(Field f);

    /** The HTTP status, or -1 when there is none. */
    default int status() {
        return -1;
    }
}
