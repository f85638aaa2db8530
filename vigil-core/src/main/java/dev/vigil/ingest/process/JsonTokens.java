package dev.vigil.ingest.process;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The few calls {@link ProcessJsonFormat} makes of a stream of JSON tokens, so that one reading
 * of the fields serves both Jackson's parser (any JSON, exact error messages) and
 * {@link FlatJson} (the plain lines that make up nearly all of a trace, read faster).
 */
interface JsonTokens {
    JsonToken nextToken() throws IOException;

    String currentName() throws IOException;

    /** A scalar's text: a string's value, a number as written, {@code true}, {@code false}. */
    String getText() throws IOException;

    double getDoubleValue() throws IOException;

    /** Whether the current integer does not fit in a long. */
    boolean isBigInteger() throws IOException;

    long getLongValue() throws IOException;

    /** At an object's or array's start: skips to its end. */
    void skipChildren() throws IOException;

    /** At an object's or array's start: the value as compact JSON, consumed. */
    String structText() throws IOException;

    /** Jackson's streaming parser. */
    static JsonTokens of(JsonParser p, ObjectMapper mapper) {
        return new JsonTokens() {
            @Override
            public JsonToken nextToken() throws IOException {
                return p.nextToken();
            }

            @Override
            public String currentName() throws IOException {
                return p.currentName();
            }

            @Override
            public String getText() throws IOException {
                return p.getText();
            }

            @Override
            public double getDoubleValue() throws IOException {
                return p.getDoubleValue();
            }

            @Override
            public boolean isBigInteger() throws IOException {
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER;
            }

            @Override
            public long getLongValue() throws IOException {
                return p.getLongValue();
            }

            @Override
            public void skipChildren() throws IOException {
                p.skipChildren();
            }

            @Override
            public String structText() throws IOException {
                return mapper.readTree(p).toString();
            }
        };
    }
}
