package dev.vigil.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonParamReaderTest {

    private static List<String> read(String value) {
        List<String> values = new ArrayList<>();
        JsonParamReader.read(value, values);
        return values;
    }

    @Test
    void readsStringValuesAtAnyDepth() {
        assertThat(read(" {\"where\":{\"name\":{\"like\":\"x%\"}},\"ids\":[\"a\",2,\"b\"],\"ok\":true}"))
                .containsExactly("x%", "a", "b");
        assertThat(read("[\"\\u0027 or 1=1--\"]")).containsExactly("' or 1=1--");
    }

    @Test
    void somethingElseIsNotRead() {
        assertThat(read("1 OR 1=1")).isEmpty();
        assertThat(read("")).isEmpty();
        assertThat(read(null)).isEmpty();
    }

    @Test
    void hostileDocumentsAreCutShortWithoutThrowing() {
        // nested past the limit: what came before the limit stands
        assertThat(read("{\"a\":\"x\",\"b\":" + "[".repeat(1_000))).containsExactly("x");
        // too long: not read at all
        assertThat(read("{\"a\":\"" + "x".repeat(JsonParamReader.MAX_LENGTH) + "\"}")).isEmpty();
        // many members: at most MAX_MEMBERS, names counted
        assertThat(read("[" + "\"v\",".repeat(1000) + "\"w\"]")).hasSize(JsonParamReader.MAX_MEMBERS);
        assertThat(read("{" + "\"k\":\"v\",".repeat(1000) + "\"w\":1}")).hasSize(JsonParamReader.MAX_MEMBERS / 2);
        // unterminated string, bad escape
        assertThat(read("{\"a\":\"b")).isEmpty();
        assertThat(read("{\"a\":\"\\q\"}")).isEmpty();
    }
}
