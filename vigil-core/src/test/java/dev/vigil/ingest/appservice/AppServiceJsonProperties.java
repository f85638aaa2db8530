package dev.vigil.ingest.appservice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class AppServiceJsonProperties {

    private static final LineParser PARSER = new AppServiceJsonFormat().newParser();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Property(tries = 3000)
    void neverThrowsOnArbitraryBytes(@ForAll byte[] bytes) {
        check(bytes);
    }

    @Property(tries = 3000)
    void neverThrowsOnJsonShapedJunk(@ForAll @Size(max = 30) List<@From("fragments") String> parts) {
        check(String.join("", parts).getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 1000)
    void writtenRecordsReadBack(@ForAll @LongRange(min = 0, max = 4_102_444_800_000L) long millis,
                                @ForAll("texts") String method, @ForAll("texts") String stem,
                                @ForAll("texts") String agent, @ForAll @IntRange(min = 100, max = 599) int status,
                                @ForAll @LongRange(min = 0, max = 1L << 40) long bytes,
                                @ForAll boolean numbersAsStrings, @ForAll boolean nested, @ForAll boolean lowerCamel) {
        ObjectNode props = JSON.createObjectNode();
        props.put(key("TimeGenerated", lowerCamel), Instant.ofEpochMilli(millis).toString());
        props.put(key("CsMethod", lowerCamel), method);
        props.put(key("CsUriStem", lowerCamel), stem);
        props.put(key("UserAgent", lowerCamel), agent);
        props.put(key("CIp", lowerCamel), "192.0.2.1:" + (status * 7));
        if (numbersAsStrings) {
            props.put(key("ScStatus", lowerCamel), Integer.toString(status));
            props.put(key("ScBytes", lowerCamel), Long.toString(bytes));
        } else {
            props.put(key("ScStatus", lowerCamel), status);
            props.put(key("ScBytes", lowerCamel), bytes);
        }
        ObjectNode root = props;
        if (nested) {
            root = JSON.createObjectNode();
            root.put("time", "2020-01-01T00:00:00Z");
            root.put("resourceId", "/subscriptions/x/providers/Microsoft.Web/sites/my-site");
            root.put("category", "AppServiceHTTPLogs");
            root.set("properties", props);
        }
        List<String> reasons = new ArrayList<>();
        HttpRequest r = (HttpRequest) PARSER.parse(Line.of("prop", 1, root.toString()), reasons::add);
        assertThat(reasons).isEmpty();
        assertThat(r.timeMillis()).isEqualTo(millis);
        assertThat(r.method()).isEqualTo(method);
        assertThat(r.target()).isEqualTo(stem);
        assertThat(r.userAgent()).isEqualTo(agent);
        assertThat(r.clientIp()).isEqualTo("192.0.2.1");
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.bytes()).isEqualTo(bytes);
        assertThat(r.host()).isEqualTo(nested ? "my-site" : null);
    }

    private static String key(String name, boolean lowerCamel) {
        return lowerCamel ? name.substring(0, 1).toLowerCase(Locale.ROOT) + name.substring(1) : name;
    }

    private static void check(byte[] bytes) {
        Line line = new Line();
        line.set(bytes, 0, bytes.length, "prop", 1, 0);
        List<String> reasons = new ArrayList<>();
        Event e = PARSER.parse(line, reasons::add);
        if (e != null) {
            assertThat(reasons).isEmpty();
        } else if (reasons.isEmpty()) {
            assertThat(new String(bytes, StandardCharsets.UTF_8).replace("\uFEFF", "")).isBlank();
        } else {
            assertThat(reasons).hasSize(1);
        }
    }

    @Provide
    Arbitrary<String> fragments() {
        return Arbitraries.of("{", "}", "[", "]", ":", ",", "\"", "\\", "\\u00", "\\uD800", "null", "true", "1e999",
                "-0", "99999999999999999999", "\"properties\"", "\"ScStatus\"", "\"CIp\"", "\"TimeGenerated\"",
                "\"records\"", "\"category\"", "\"2024-03-01T00:00:00Z\"", "\"[::1]:443\"", "\"\\\"{}\\\"\"",
                " ", "\r", "\u0000", "\uFEFF", "é");
    }

    /** Non-empty text other than the "-" placeholder, without lone surrogates. */
    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings()
                .withCharRange((char) 0, (char) 0xD7FF)
                .withCharRange((char) 0xE000, (char) 0xFFFD)
                .ofMinLength(1).ofMaxLength(40)
                .filter(s -> !s.equals("-"));
    }
}
