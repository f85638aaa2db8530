package dev.vigil.flink;

import dev.vigil.alert.AlertAggregator;
import dev.vigil.detect.Detection;
import dev.vigil.detect.KeyedDetector;
import dev.vigil.event.Event;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Vigil as an Apache Flink job: Kafka topics of raw log lines in, Vigil's parsers and detectors in
 * the middle, alerts out to a Kafka topic (exactly once, with Kafka transactions) and to the
 * PostgreSQL store {@code vigil serve} reads (idempotent upserts).
 *
 * <pre>
 * Kafka lines ─ parse + stateless rules (in the source: event time and watermarks per partition)
 *   ├─ events ─ keyBy resource ─ EventTimeOrder ─┬─ keyBy detector key ─ DetectorFunction (one per keyed detector)
 *   └─ stateless detections ───────────────────────┴─ keyBy alert group key ─ AlertFunction ─ Kafka / PostgreSQL
 * </pre>
 *
 * <p>Build one with {@link #builder()} (tests and embedding) or run {@link #main} on a cluster.
 * A builder is not thread-safe; the job it adds is Flink's.
 */
public final class VigilJob {
    private final Builder b;

    private VigilJob(Builder b) {
        this.b = b;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Adds the job to {@code env}: the Kafka source, the detection, and the sinks configured.
     *
     * @return the alert updates, for a caller that wants them too (tests)
     */
    public DataStream<AlertUpdate> addTo(StreamExecutionEnvironment env) {
        Objects.requireNonNull(b.bootstrapServers, "bootstrap servers");
        // records are immutable: chained operators may hand them on without a copy
        env.getConfig().enableObjectReuse();
        Routing routing = new Routing(b.topics);
        KafkaLines lines = new KafkaLines(routing, b.preview);
        var source = KafkaSource.<Parsed>builder()
                .setBootstrapServers(b.bootstrapServers)
                .setTopicPattern(routing.pattern())
                .setGroupId(b.groupId)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(lines)
                .setProperty("isolation.level", "read_committed")
                .setProperty("partition.discovery.interval.ms", Long.toString(b.discovery.toMillis()));
        if (b.bounded) {
            source.setBounded(OffsetsInitializer.latest());
        }
        // the parser state of each partition (W3C #Fields:, half-read records) rides in its split state
        DataStream<Parsed> parsed = env.fromSource(new ParserStateSource(source.build(), lines), watermarks(b.outOfOrderness, b.idleness),
                "kafka lines").uid("kafka-lines");
        DataStream<AlertUpdate> alerts = detect(parsed, b.groupWindow.toMillis(), b.retention.toMillis(),
                b.stateTtl.toMillis());
        if (b.alertTopic != null) {
            alerts.sinkTo(KafkaSink.<AlertUpdate>builder()
                    .setBootstrapServers(b.bootstrapServers)
                    .setRecordSerializer(new AlertRecords(b.alertTopic, b.alertFormat))
                    .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                    .setTransactionalIdPrefix(b.transactionalIdPrefix)
                    .setProperty("transaction.timeout.ms", Long.toString(b.transactionTimeout.toMillis()))
                    .build()).name("kafka alerts").uid("kafka-alerts");
        }
        if (b.postgres != null) {
            alerts.sinkTo(new PostgresAlertSink(b.postgres)).name("postgresql alerts").uid("postgresql-alerts");
        }
        return alerts;
    }

    /** Event time from the logs' own time stamps, bounded out-of-orderness, idle partitions skipped. */
    static WatermarkStrategy<Parsed> watermarks(Duration outOfOrderness, Duration idleness) {
        WatermarkStrategy<Parsed> s = WatermarkStrategy.<Parsed>forBoundedOutOfOrderness(outOfOrderness)
                .withTimestampAssigner((p, kafkaTime) -> p.timeMillis());
        return idleness.isZero() ? s : s.withIdleness(idleness);
    }

    /**
     * The detection over parsed lines with event time assigned: the keyed detectors on Flink keyed
     * state, in event-time order per resource, and the grouping of all detections into alerts.
     */
    public static DataStream<AlertUpdate> detect(DataStream<Parsed> parsed, long groupWindowMillis, long retentionMillis,
                                                 long stateTtlMillis) {
        new AlertAggregator(groupWindowMillis, 0); // the window is checked here, not on the cluster
        DataStream<Event> events = parsed.filter(p -> p.event() != null).name("events")
                .map(Parsed::event).returns(TypeInformation.of(Event.class)).name("event");
        DataStream<Event> ordered = events.keyBy(EventTimeOrder.BY_RESOURCE)
                .process(new EventTimeOrder()).returns(TypeInformation.of(Event.class))
                .name("event-time order").uid("event-time-order");
        DataStream<Parsed> detections = parsed.filter(p -> p.detection() != null).name("stateless detections");
        for (KeyedDetector d : BuiltInDetectors.all()) {
            DetectorKey key = new DetectorKey(d.id());
            DataStream<Parsed> keyed = ordered.filter(key::relevant).name(d.id() + " events")
                    .keyBy(key)
                    .process(new DetectorFunction(d.id(), stateTtlMillis)).returns(TypeInformation.of(Detection.class))
                    .name(d.id()).uid("detector-" + d.id())
                    .map(x -> new Parsed(null, x, Long.MIN_VALUE)).returns(TypeInformation.of(Parsed.class));
            detections = detections.union(keyed);
        }
        return detections.keyBy(AlertFunction.byGroup(groupWindowMillis))
                .process(new AlertFunction(groupWindowMillis, retentionMillis))
                .returns(TypeInformation.of(AlertUpdate.class))
                .name("alerts").uid("alerts");
    }

    /**
     * Runs the job: {@code --bootstrap-servers HOST:PORT} and, optionally, {@code --topics REGEX}
     * {@code --group-id ID} {@code --alert-topic T} {@code --alert-format json|ocsf}
     * {@code --transactional-id-prefix P} {@code --postgres postgresql://...}
     * {@code --out-of-orderness 30s} {@code --idleness 1m} {@code --group-window 1h}
     * {@code --retention 1d} {@code --state-ttl 7d} {@code --checkpoint-interval 30s} {@code --preview}.
     */
    public static void main(String[] args) throws Exception {
        Builder b = builder();
        Duration checkpoints = Duration.ofSeconds(30);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--preview")) {
                b.preview(true);
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--bootstrap-servers" -> b.bootstrapServers(v);
                case "--topics" -> b.topics(v);
                case "--group-id" -> b.groupId(v);
                case "--alert-topic" -> b.alertTopic(v);
                case "--alert-format" -> b.alertFormat(v);
                case "--transactional-id-prefix" -> b.transactionalIdPrefix(v);
                case "--postgres" -> b.postgres(v);
                case "--out-of-orderness" -> b.outOfOrderness(duration(a, v));
                case "--idleness" -> b.idleness(duration(a, v));
                case "--group-window" -> b.groupWindow(duration(a, v));
                case "--retention" -> b.retention(duration(a, v));
                case "--state-ttl" -> b.stateTtl(duration(a, v));
                case "--checkpoint-interval" -> checkpoints = duration(a, v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(checkpoints.toMillis());
        b.build().addTo(env);
        env.execute("vigil");
    }

    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}, or an ISO-8601 duration. */
    static Duration duration(String option, String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("p")) {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            }
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            long n = Long.parseLong(s.substring(0, s.length() - 1));
            return switch (s.charAt(s.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + ": expected a duration such as 500ms, 30s, 5m, 1h or 1d, got '"
                    + v + "'", e);
        }
    }

    /** Configures a {@link VigilJob}. Not thread-safe. */
    public static final class Builder {
        private String bootstrapServers;
        private String topics = Routing.DEFAULT_TOPICS;
        private String groupId = "vigil";
        private boolean bounded;
        private Duration outOfOrderness = Duration.ofSeconds(30);
        private Duration idleness = Duration.ofMinutes(1);
        private Duration discovery = Duration.ofMinutes(1);
        private Duration groupWindow = Duration.ofMillis(AlertAggregator.DEFAULT_WINDOW_MILLIS);
        private Duration retention = Duration.ofDays(1);
        private Duration stateTtl = Duration.ofDays(7);
        private String alertTopic;
        private String alertFormat = "json";
        private String transactionalIdPrefix = "vigil-alerts";
        private Duration transactionTimeout = Duration.ofMinutes(15);
        private String postgres;
        private boolean preview;

        private Builder() {}

        public Builder bootstrapServers(String servers) {
            this.bootstrapServers = servers;
            return this;
        }

        /** The input topics' pattern: group 1 names the format, group 2 (if any) the resource ({@link Routing}). */
        public Builder topics(String regex) {
            this.topics = regex;
            return this;
        }

        public Builder groupId(String id) {
            this.groupId = id;
            return this;
        }

        /** Reads up to the offsets that are latest when the job starts, then ends (tests, backfills). */
        public Builder bounded(boolean bounded) {
            this.bounded = bounded;
            return this;
        }

        /** How far behind the latest time stamp seen a line may arrive and still count in order. */
        public Builder outOfOrderness(Duration d) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("out-of-orderness must not be negative");
            }
            this.outOfOrderness = d;
            return this;
        }

        /** After how long without lines a partition stops holding the watermark back; zero for never. */
        public Builder idleness(Duration d) {
            this.idleness = d;
            return this;
        }

        /** How often new topics and partitions are looked for. */
        public Builder discovery(Duration d) {
            this.discovery = d;
            return this;
        }

        /** The alert grouping window ({@code vigil scan --group-window}). */
        public Builder groupWindow(Duration d) {
            this.groupWindow = d;
            return this;
        }

        /** How long after its window ends an alert's state is kept for late detections. */
        public Builder retention(Duration d) {
            this.retention = d;
            return this;
        }

        /**
         * How long the keyed detectors' state lives unused, neither read nor written (processing time; zero for
         * ever): bounds what a host that stopped sending leaves behind. Longer than any detector's
         * learning period, so a baseline is not forgotten while it is in use.
         */
        public Builder stateTtl(Duration d) {
            this.stateTtl = d;
            return this;
        }

        public Builder alertTopic(String topic) {
            this.alertTopic = topic;
            return this;
        }

        /** {@code json} (Defender schema, the default) or {@code ocsf}. */
        public Builder alertFormat(String format) {
            new AlertRecords("check", format);
            this.alertFormat = format;
            return this;
        }

        /** The prefix of the Kafka transactional ids; unique per job on one Kafka cluster. */
        public Builder transactionalIdPrefix(String prefix) {
            this.transactionalIdPrefix = prefix;
            return this;
        }

        public Builder transactionTimeout(Duration d) {
            this.transactionTimeout = d;
            return this;
        }

        /** The PostgreSQL alert store ({@code postgresql://...}), or null for none. */
        public Builder postgres(String url) {
            this.postgres = url;
            return this;
        }

        /** Preview rules as well ({@code vigil scan --preview}). */
        public Builder preview(boolean preview) {
            this.preview = preview;
            return this;
        }

        public VigilJob build() {
            return new VigilJob(this);
        }
    }
}
