package dev.vigil.flink;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads Kafka records of raw log lines into parsed events and stateless detections, inside the
 * Kafka source: so the source assigns event time and watermarks per partition (an idle partition
 * then does not hold the watermark back) from the logs' own time stamps, which only parsing tells.
 *
 * <p>Bad lines are normal input: they are counted (metrics {@code vigilLines},
 * {@code vigilRejected}), never thrown on. One instance per source reader, called from one thread.
 */
final class KafkaLines implements KafkaRecordDeserializationSchema<Parsed> {
    private static final long serialVersionUID = 1L;

    private final Routing routing;
    private final JobDetectors detectors;
    private transient LineParsing parsing;
    private transient Counter lines;
    private transient Counter rejected;
    private transient long rejectedSeen;
    private transient long lastLog;
    private static final long LOG_EVERY_MILLIS = 60_000;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KafkaLines.class);

    /** Control characters from the input shown as escapes: a log line must not forge another. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 500));
        for (int i = 0; i < s.length() && b.length() < 500; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    KafkaLines(Routing routing, boolean preview) {
        this(routing, preview ? JobDetectors.of(List.of(), List.of(), true, null, false) : JobDetectors.BUILT_IN);
    }

    /** Lines parsed, and stateless detectors run, as {@code detectors} says (rules and feeds as scan's). */
    KafkaLines(Routing routing, JobDetectors detectors) {
        this.routing = routing;
        this.detectors = detectors;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        parsing();
        lines = context.getMetricGroup().counter("vigilLines");
        rejected = context.getMetricGroup().counter("vigilRejected");
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Parsed> out) {
        parsing(); // made here for a caller that skipped open (a test)
        RawLine l = routing.route(record.topic(), record.partition(), record.offset(), record.timestamp(),
                record.value(), header(record, Routing.FORMAT_HEADER), header(record, Routing.RESOURCE_HEADER));
        parsing.parse(partition(record.topic(), record.partition()), l, out::collect);
        long r = parsing.rejected();
        if (lines != null) {
            lines.inc();
            rejected.inc(r - rejectedSeen);
        }
        if (r > rejectedSeen) {
            long now = System.currentTimeMillis();
            if (now - lastLog >= LOG_EVERY_MILLIS) {
                lastLog = now;
                // the problem names source and line; control characters from the input are escaped
                LOG.warn("vigil: {} lines rejected by this reader so far; last: {}", r,
                        escape(String.valueOf(parsing.lastProblem())));
            }
        }
        rejectedSeen = r;
    }

    /** The key of a partition's parser state: its split id. */
    static String partition(String topic, int partition) {
        return topic + "-" + partition;
    }

    /** This reader's parsing (made on first use). */
    LineParsing parsing() {
        if (parsing == null) {
            parsing = new LineParsing(detectors);
        }
        return parsing;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public TypeInformation<Parsed> getProducedType() {
        return TypeInformation.of(Parsed.class);
    }
}
