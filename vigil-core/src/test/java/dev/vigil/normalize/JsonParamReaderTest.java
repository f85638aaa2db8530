package dev.vigil.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonParamReaderTest {

    private static List<List<String>> read(String value) {
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        JsonParamReader.read(value, names, values);
        return List.of(names, values);
    }

    @Test
    void readsNamesAndStringValuesAtAnyDepth() {
        assertThat(read(" {\"where\":{\"name\":{\"like\":\"x%\"}},\"ids\":[\"a\",2,\"b\"],\"ok\":true}"))
                .containsExactly(List.of("where", "name", "like", "ids", "ok"), List.of("x%", "a", "b"));
        assertThat(read("[\"\\u0027 or 1=1--\"]")).containsExactly(List.of(), List.of("' or 1=1--"));
    }

    @Test
    void somethingElseIsNotRead() {
        assertThat(read("1 OR 1=1")).containsExactly(List.of(), List.of());
        assertThat(read("")).containsExactly(List.of(), List.of());
        assertThat(read(null)).containsExactly(List.of(), List.of());
    }

    @Test
    void hostileDocumentsAreCutShortWithoutThrowing() {
        // nested past the limit: what came before the limit stands
        assertThat(read("{\"a\":\"x\",\"b\":" + "[".repeat(1_000))).containsExactly(List.of("a", "b"), List.of("x"));
        // too long: not read at all
        assertThat(read("{\"a\":\"" + "x".repeat(JsonParamReader.MAX_LENGTH) + "\"}")).containsExactly(List.of(), List.of());
        // many members: at most MAX_MEMBERS
        List<List<String>> many = read("[" + "\"v\",".repeat(1000) + "\"w\"]");
        assertThat(many.get(1)).hasSize(JsonParamReader.MAX_MEMBERS);
        // unterminated string, bad escape
        assertThat(read("{\"a\":\"b")).containsExactly(List.of("a"), List.of());
        assertThat(read("{\"a\":\"\\q\"}")).containsExactly(List.of("a"), List.of());
    }
}
