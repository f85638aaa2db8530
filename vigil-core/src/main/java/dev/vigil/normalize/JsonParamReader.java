package dev.vigil.normalize;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.List;

/**
 * Reads a query parameter whose value is a JSON document ({@code filter={"id":"1 OR TRUE"}},
 * {@code q=["a","b"]}), as APIs that take a filter or a query object in one parameter receive it:
 * its string values are what the application reads, each on its own, so rules and detectors written
 * for a parameter's value read them as values too. (Its member names are the query object's grammar,
 * {@code {"$or": [...]}}, not parameter names.)
 *
 * <p>A value is read when, decoded, it starts with {@code {} or {@code [} (after blanks). Reading stops
 * at the first error, keeping what came before it (an attack that breaks the document out of its
 * string still gives the members before the break); at most {@value #MAX_MEMBERS} names and values,
 * {@value #MAX_LENGTH} characters, {@value #MAX_DEPTH} levels. Never throws. Stateless and thread-safe.
 */
public final class JsonParamReader {
    static final int MAX_LENGTH = 8_192;
    static final int MAX_MEMBERS = 32;
    static final int MAX_DEPTH = 16;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_LENGTH).build())
            .build();

    private JsonParamReader() {
    }

    /** Whether {@code value} (decoded, case kept) looks like a JSON document worth reading. */
    public static boolean looksLikeJson(String value) {
        if (value == null || value.length() < 2 || value.length() > MAX_LENGTH) {
            return false;
        }
        int i = 0;
        while (i < value.length() && Character.isWhitespace(value.charAt(i))) {
            i++;
        }
        return i < value.length() && (value.charAt(i) == '{' || value.charAt(i) == '[');
    }

    /**
     * Adds the string values of {@code value} (in objects and arrays, at any depth) to {@code values},
     * in document order; nothing when it is not JSON. Member names are not added but count towards
     * the {@value #MAX_MEMBERS} members read. {@code value} is the parameter decoded with its case kept.
     */
    public static void read(String value, List<String> values) {
        if (!looksLikeJson(value)) {
            return;
        }
        int members = 0;
        try (JsonParser p = JSON.createParser(value)) {
            JsonToken t;
            while (members < MAX_MEMBERS && (t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME) {
                    members++;
                } else if (t == JsonToken.VALUE_STRING) {
                    values.add(p.getText());
                    members++;
                }
            }
        } catch (IOException | RuntimeException e) {
            // a broken or hostile document: what was read before the break stands
        }
    }
}
