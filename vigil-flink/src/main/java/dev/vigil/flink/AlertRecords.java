package dev.vigil.flink;

import dev.vigil.alert.TriagedAlert;
import dev.vigil.export.JsonOutput;
import dev.vigil.export.ocsf.OcsfExporter;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Alerts as Kafka records: keyed by alert id (so every version of one alert lands in one
 * partition, in order, and a compacted topic keeps the latest), the value one JSON object in the
 * Defender schema ({@code json}, as {@code vigil scan --format json} writes each alert) or an OCSF
 * Detection Finding ({@code ocsf}). Strings from the logs are escaped by the JSON writer.
 *
 * <p>The record's time is when it was written (not the log's time), and the header
 * {@value #INGEST_HEADER} carries when the line that last changed the alert entered Kafka, so
 * the delay from line to alert can be measured from the topic alone.
 */
final class AlertRecords implements KafkaRecordSerializationSchema<AlertUpdate> {
    private static final long serialVersionUID = 1L;
    static final String INGEST_HEADER = "vigil-ingest-ms";

    private final String topic;
    private final String format;

    AlertRecords(String topic, String format) {
        if (!format.equals("json") && !format.equals("ocsf")) {
            throw new IllegalArgumentException("alert format must be json or ocsf, got '" + format + "'");
        }
        this.topic = topic;
        this.format = format;
    }

    static String value(AlertUpdate u, String format) {
        TriagedAlert a = TriagedAlert.active(u.alert());
        return JsonOutput.line(format.equals("ocsf") ? OcsfExporter.finding(a) : JsonOutput.alert(a));
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(AlertUpdate u, KafkaSinkContext context, Long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        if (u.ingestMillis() != Long.MIN_VALUE) {
            headers.add(INGEST_HEADER, Long.toString(u.ingestMillis()).getBytes(StandardCharsets.US_ASCII));
        }
        return new ProducerRecord<>(topic, null, System.currentTimeMillis(), u.id().getBytes(StandardCharsets.UTF_8),
                value(u, format).getBytes(StandardCharsets.UTF_8), headers);
    }
}
