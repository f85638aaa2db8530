package dev.vigil.ingest.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.event.Event;
import dev.vigil.ingest.Line;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The fast reader of plain lines must read every line exactly as Jackson does: the same event, or
 * the same reason to reject it. Lines are built from JSON fragments, valid and not, so that both
 * readers meet escapes, numbers of every shape, nesting, trailing content and broken syntax.
 */
class FlatJsonProperties {

    @Property(tries = 3000)
    void readsLikeJackson(@ForAll("lines") String text) {
        assertSameReading(text);
        Statistics.label("read by").collect(readsFast(text) ? "FlatJson" : "Jackson");
    }

    @Example
    void plainLinesAreReadFastAndTheRestFallBack() {
        assertThat(readsFast("{\"time\":1795000000188,\"host\":\"web1\",\"pid\":1,\"ppid\":0,"
                + "\"exe\":\"/usr/lib/systemd/systemd\",\"cmdline\":\"/sbin/init \\\"x\\\"\",\"argv\":[\"a\",null]}")).isTrue();
        assertThat(readsFast("{\"pid\":1,\"k\":{\"a\":1}}")).isFalse();
        assertThat(readsFast("{\"pid\":1,\"exe\":\"caf\u00e9\"}")).isFalse();
        assertThat(readsFast("{\"pid\":1,}")).isFalse();
        assertThat(readsFast("{\"pid\":12345678901234567890}")).isFalse();
    }

    /** Whether FlatJson reads every token of the line without handing it to Jackson. */
    private static boolean readsFast(String text) {
        byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        FlatJson json = new FlatJson(b, 0, b.length);
        try {
            for (int i = 0; i < 1000 && json.nextToken() != null; i++) {
                // read on
            }
            return true;
        } catch (RuntimeException e) {
            assertThat(e).isSameAs(FlatJson.FALLBACK);
            return false;
        }
    }

    @Example
    void knownEdges() {
        for (String s : List.of(
                "{\"pid\":1}", "{\"pid\":-0}", "{\"pid\":01}", "{\"pid\":1.0}", "{\"pid\":1e3}",
                "{\"pid\":123456789012345678901234}", "{\"pid\":\"42\"}", "{\"pid\":1,}", "{\"pid\":1}x",
                "{\"pid\":1} ", "{\"exe\":\"a\\u00e9\\ud83d\\ude00\\\"\\\\\\/\\b\\f\\n\\r\\t\"}", "{\"exe\":\"a\tb\"}",
                "{\"exe\":\"\\x\"}", "{\"pid\":1,\"argv\":[\"a\",null,\"b\"]}", "{\"pid\":1,\"argv\":[[\"a\"]]}",
                "{\"pid\":1,\"argv\":[1]}", "{\"pid\":1,\"argv\":[]}", "{\"pid\":1,\"k\":{\"a\":[1,2]}}",
                "{\"pid\":1,\"k\":[1, 2.5e-3, true]}", "{\"pid\":1,\"k\":true,\"j\":false,\"n\":null}",
                "{\"time\":1795000000.5,\"pid\":1}", "{\"time\":\"1795000000\",\"pid\":1}", "{\"time\":[1],\"pid\":1}",
                "{\"pid\":1 \"exe\":\"x\"}", "{\"pid\" : 1 , \"exe\" : \"x\" }", "{\"pid\":1,\"pid\":2}",
                "{\"pid\":truex}", "{\"pid\":nul}", "{\"pid\":-}", "{\"pid\":1.}", "{\"pid\":1e}", "{}", "{\"x\":1}",
                "{\"pid\":1,\"cmdline\":[\"a\"]}", "{xpid\":1}", "{\"pid\"x:1}", "{\"pidx\":1,\"pid\":2}", "{\"exe\":\"unterminated}", "{\"pid\":9223372036854775807}")) {
            assertSameReading(s);
        }
    }

    private static void assertSameReading(String text) {
        Line line = Line.of("t", 1, text);
        List<String> fastRejects = new ArrayList<>();
        List<String> jacksonRejects = new ArrayList<>();
        Event fast = ProcessJsonFormat.INSTANCE.parse(line, fastRejects::add, true);
        Event jackson = ProcessJsonFormat.INSTANCE.parse(line, jacksonRejects::add, false);
        assertThat(fast).as(text).isEqualTo(jackson);
        assertThat(fastRejects).as(text).isEqualTo(jacksonRejects);
    }

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> key = Arbitraries.of("pid", "ppid", "time", "host", "exe", "cmdline", "argv", "user", "cwd",
                "parent_exe", "container", "x", "", "p\\u0069d");
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of("1", "-1", "0", "-0", "01", "1.5", "1e3", "1E-2", "-", "1.", "12345678901234567890",
                        "1795000000123", "true", "false", "null", "nul", "tru", "[]", "[\"a\",\"b\"]", "[null]", "[1,2]",
                        "[[1]]", "{}", "{\"a\":1}", "[\"a\" \"b\"]", "\"\"", "\"2026-11-01T00:00:00Z\"", "\"42\""),
                Arbitraries.strings().withCharRange(' ', '~').withChars('\t', 'é', '\u2028').ofMaxLength(12)
                        .map(s -> "\"" + s + "\""),
                Arbitraries.of("\\\"", "\\\\", "\\/", "\\n", "\\t", "\\u0041", "\\ud83d\\ude00", "\\x", "\\u12")
                        .list().ofMaxSize(3).map(l -> "\"a" + String.join("", l) + "\""));
        Arbitrary<String> member = Combinators.combine(key, value, Arbitraries.of(":", " : ", "", ":"))
                .as((k, v, colon) -> "\"" + k + "\"" + colon + v);
        Arbitrary<String> sep = Arbitraries.of(",", ",", ",", " , ", "", ",,");
        return Combinators.combine(member.list().ofMaxSize(6), sep, Arbitraries.of("}", "}", " }", "} x", "", "}}"))
                .as((ms, s, close) -> "{" + String.join(s, ms) + close);
    }
}
