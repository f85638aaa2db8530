package dev.vigil.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.event.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The Kafka deserializer: one record, one line, its event and stateless detections; bad lines counted. */
class KafkaLinesTest {
    private static ConsumerRecord<byte[], byte[]> record(String topic, long offset, String value) {
        return new ConsumerRecord<>(topic, 0, offset, null, value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aLineGivesItsEventAndTheStatelessDetections() throws Exception {
        KafkaLines k = new KafkaLines(new Routing(Routing.DEFAULT_TOPICS), false);
        List<Parsed> out = new ArrayList<>();
        k.deserialize(record("vigil.logs.combined.shop.example", 9, "203.0.113.9 - - [30/Nov/2026:08:00:00 +0000] "
                + "\"GET /item?id=1%27%20UNION%20SELECT%20password%20FROM%20users-- HTTP/1.1\" 500 12 \"-\" \"curl/8.5\""),
                new ListCollector<>(out));
        assertThat(out).filteredOn(p -> p.event() != null).singleElement().satisfies(p -> {
            HttpRequest r = (HttpRequest) p.event();
            assertThat(r.host()).isEqualTo("shop.example"); // the resource from the topic name
            assertThat(r.origin().source()).isEqualTo("kafka:vigil.logs.combined.shop.example/0");
            assertThat(r.origin().line()).isEqualTo(10);
        });
        assertThat(out).filteredOn(p -> p.detection() != null).extracting(p -> p.detection().type().name())
                .contains("SqlInjectionAttempt");
    }

    @Test
    void badLinesAreCountedNotThrownAndTheirControlCharactersNeverReachTheLog() throws Exception {
        KafkaLines k = new KafkaLines(new Routing(Routing.DEFAULT_TOPICS), false);
        List<Parsed> out = new ArrayList<>();
        k.deserialize(record("vigil.logs.combined", 0, "not an access log line\u001b[2J\r\nforged"), new ListCollector<>(out));
        k.deserialize(record("vigil.logs.nosuchformat", 0, "\u0000\u0001"), new ListCollector<>(out));
        assertThat(out).isEmpty();
        assertThat(KafkaLines.escape("a\u001b[2J\nb")).isEqualTo("a\\u001b[2J\\u000ab");
    }
}
