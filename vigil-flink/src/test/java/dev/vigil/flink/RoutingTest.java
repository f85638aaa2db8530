package dev.vigil.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Format and resource from the topic name, a header or a JSON envelope, in that rising precedence. */
class RoutingTest {
    private final Routing routing = new Routing(Routing.DEFAULT_TOPICS);

    private RawLine route(String topic, String value, String hFormat, String hResource) {
        return routing.route(topic, 3, 41, 1000, value.getBytes(StandardCharsets.UTF_8), hFormat, hResource);
    }

    @Test
    void theTopicNamesFormatAndResourceDotsAndAll() {
        RawLine l = route("vigil.logs.combined.shop.example.com", "192.0.2.1 - - [x] \"GET / HTTP/1.1\" 200 1\n", null, null);
        assertThat(l.format()).isEqualTo("combined");
        assertThat(l.resource()).isEqualTo("shop.example.com");
        assertThat(l.source()).isEqualTo("kafka:vigil.logs.combined.shop.example.com/3");
        assertThat(l.line()).isEqualTo(42);
        assertThat(l.text()).endsWith("200 1"); // the shipper's line end is not part of the line
        assertThat(route("vigil.process.process-json", "{}", null, null).resource()).isNull();
        assertThat(route("other-topic", "x", null, null).format()).isNull();
    }

    @Test
    void headersOverrideTheTopicAndAnEnvelopeOverridesBoth() {
        RawLine h = route("vigil.logs.combined", "line", "w3c", "iis1");
        assertThat(h.format()).isEqualTo("w3c");
        assertThat(h.resource()).isEqualTo("iis1");
        RawLine e = route("vigil.logs.combined", "{\"format\":\"vsftpd\",\"resource\":\"ftp1\",\"source\":\"/var/log/vsftpd.log\","
                + "\"n\":7,\"line\":\"Sat Nov 22 10:00:00 2026 [pid 1] CONNECT: Client \\\"192.0.2.9\\\"\"}", "w3c", "iis1");
        assertThat(e.format()).isEqualTo("vsftpd");
        assertThat(e.resource()).isEqualTo("ftp1");
        assertThat(e.source()).isEqualTo("/var/log/vsftpd.log");
        assertThat(e.line()).isEqualTo(7);
        assertThat(e.text()).startsWith("Sat Nov 22").contains("\"192.0.2.9\"");
    }

    @Test
    void aJsonLogLineIsNotAnEnvelopeAndBrokenJsonIsReadAsItIs() {
        String processEvent = "{\"time\":\"2026-11-21T03:14:00Z\",\"host\":\"web1\",\"pid\":1,\"cmdline\":\"echo line\"}";
        assertThat(route("vigil.process.process-json", processEvent, null, null).text()).isEqualTo(processEvent);
        String broken = "{\"line\": \"unterminated";
        assertThat(route("vigil.logs.auto", broken, null, null).text()).isEqualTo(broken);
        assertThat(route("vigil.logs.auto", broken, null, null).format()).isNull();
    }
}
