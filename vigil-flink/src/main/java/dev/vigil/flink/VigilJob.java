package dev.vigil.flink;

import dev.vigil.alert.AlertAggregator;
import dev.vigil.detect.Detection;
import dev.vigil.event.Event;
import java.time.Duration;
import java.util.List;
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
        registerTypes(env);
        Routing routing = new Routing(b.topics);
        JobDetectors detectors = b.detectors();
        KafkaLines lines = new KafkaLines(routing, detectors);
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
        DataStream<AlertUpdate> alerts = detect(parsed, detectors, b.groupWindow.toMillis(), b.retention.toMillis(),
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

    /**
     * Registers the classes that cross the network between operators (events, detections and what
     * they hold) with Kryo, so each record carries a small number instead of its class names.
     */
    static void registerTypes(StreamExecutionEnvironment env) {
        if (!(env.getConfig().getSerializerConfig() instanceof org.apache.flink.api.common.serialization.SerializerConfigImpl c)) {
            return;
        }
        List<Class<?>> types = new java.util.ArrayList<>(List.of(Parsed.class, dev.vigil.event.HttpRequest.class,
                dev.vigil.event.ProcessStart.class, dev.vigil.event.DnsQuery.class, dev.vigil.event.FtpLogin.class,
                dev.vigil.event.Origin.class, Detection.class, dev.vigil.catalogue.AlertType.class,
                dev.vigil.catalogue.Severity.class, java.util.ArrayList.class, java.util.HashMap.class,
                java.util.LinkedHashMap.class, java.util.TreeMap.class, List.of().getClass(), List.of(1).getClass(),
                List.of(1, 2, 3).getClass(), java.util.Map.of().getClass(), java.util.Map.of(1, 1).getClass(),
                java.util.Map.of(1, 1, 2, 2).getClass(), java.util.Collections.emptyMap().getClass(),
                java.util.Collections.emptyList().getClass(), java.util.Collections.unmodifiableMap(new java.util.HashMap<>()).getClass(),
                java.util.Collections.unmodifiableList(new java.util.ArrayList<>()).getClass()));
        for (Class<?> t : types) {
            c.registerKryoType(t);
        }
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
        return detect(parsed, JobDetectors.BUILT_IN, groupWindowMillis, retentionMillis, stateTtlMillis);
    }

    /** As {@link #detect(DataStream, long, long, long)}, with the keyed detectors of {@code detectors} too. */
    public static DataStream<AlertUpdate> detect(DataStream<Parsed> parsed, JobDetectors detectors,
                                                 long groupWindowMillis, long retentionMillis, long stateTtlMillis) {
        new AlertAggregator(groupWindowMillis, 0); // the window is checked here, not on the cluster
        DataStream<Event> events = parsed.filter(p -> p.event() != null).name("events")
                .map(Parsed::event).returns(TypeInformation.of(Event.class)).name("event");
        DataStream<Event> ordered = events.keyBy(EventTimeOrder.BY_RESOURCE)
                .process(new EventTimeOrder()).returns(TypeInformation.of(Event.class))
                .name("event-time order").uid("event-time-order");
        DataStream<Parsed> detections = parsed.filter(p -> p.detection() != null).name("stateless detections");
        for (String slot : detectors.keyedSlots()) {
            DetectorKey key = new DetectorKey(detectors, slot);
            DataStream<Parsed> keyed = ordered.filter(key::relevant).name(slot + " events")
                    .keyBy(key)
                    .process(new DetectorFunction(detectors, slot, stateTtlMillis))
                    .returns(TypeInformation.of(Detection.class))
                    .name(slot).uid("detector-" + slot)
                    .map(x -> new Parsed(null, x, Long.MIN_VALUE)).returns(TypeInformation.of(Parsed.class));
            detections = detections.union(keyed);
        }
        return detections.keyBy(AlertFunction.byGroup(groupWindowMillis))
                .process(new AlertFunction(groupWindowMillis, retentionMillis))
                .returns(TypeInformation.of(AlertUpdate.class))
                .name("alerts").uid("alerts");
    }

    /** What {@code --help} prints. */
    static final String HELP = """
            Usage: flink run vigil-flink-job.jar --bootstrap-servers HOST:PORT[,HOST:PORT...] [options]
            Vigil's parsers and detectors as a Flink job: Kafka topics of raw log lines and process
            events in, alerts out to a Kafka topic (exactly once) and to PostgreSQL (upserts).
            Input
              --topics REGEX              input topics; group 1 the format, group 2 the resource
                                          (default vigil\\.(?:logs|process)\\.([A-Za-z0-9_-]+)(?:\\.(.+))?)
              --group-id ID               Kafka consumer group for committed offsets (default vigil)
            Detection (as vigil scan)
              --rules DIR|sigma:DIR       a folder of Vigil rules, or of Sigma rules; repeatable.
                                          Read where the job is started and shipped inside it
              --ti FILE                   a threat-intel feed file; repeatable; shipped inside the job
              --min-level LEVEL           Sigma rules: leave out rules below this level
              --sigma-deprecated          Sigma rules: also run deprecated and unsupported ones
              --preview                   preview rules as well
              --group-window 1h           alert grouping window (as scan --group-window)
            Time and state
              --out-of-orderness 30s      how late a line may come and still count in order
              --idleness 1m               a partition quiet this long stops holding the watermark
              --retention 1d              an alert's state kept this long after its window ends
              --state-ttl 7d              keyed detectors' state unused this long is let go (0: never)
              --checkpoint-interval 30s   also the alert topic's delay for read-committed consumers
            Output
              --alert-topic TOPIC         Kafka topic for alerts, keyed by alert id
              --alert-format json|ocsf    Defender-schema JSON (default) or OCSF Detection Finding
              --transactional-id-prefix P Kafka transactional ids; unique per job (default vigil-alerts)
              --postgres postgresql://... the store vigil serve reads (password from PGPASSWORD)
              --help                      this text
            Durations: 500ms, 30s, 5m, 1h, 1d or ISO-8601 (PT30S). See docs/flink.md.
            """;

    /**
     * Runs the job: {@code --bootstrap-servers HOST:PORT} and the options of {@link #HELP}.
     */
    public static void main(String[] args) throws Exception {
        Builder b = parse(args);
        if (b == null) {
            System.out.print(HELP);
            return;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(b.checkpointInterval.toMillis());
        b.build().addTo(env);
        env.execute("vigil");
    }

    /** The builder the arguments describe, or null for {@code --help}. */
    static Builder parse(String[] args) {
        Builder b = builder();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                return null;
            }
            if (a.equals("--preview")) {
                b.preview(true);
                continue;
            }
            if (a.equals("--sigma-deprecated")) {
                b.sigmaDeprecated(true);
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
                case "--rules" -> b.rules(v);
                case "--ti" -> b.threatIntel(java.nio.file.Path.of(v));
                case "--min-level" -> b.minLevel(v);
                case "--out-of-orderness" -> b.outOfOrderness(duration(a, v));
                case "--idleness" -> b.idleness(duration(a, v));
                case "--group-window" -> b.groupWindow(duration(a, v));
                case "--retention" -> b.retention(duration(a, v));
                case "--state-ttl" -> b.stateTtl(duration(a, v));
                case "--checkpoint-interval" -> b.checkpointInterval = duration(a, v);
                default -> throw new IllegalArgumentException("unknown option " + a + " (see --help)");
            }
        }
        return b;
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
        private final List<String> rules = new java.util.ArrayList<>();
        private final List<java.nio.file.Path> feeds = new java.util.ArrayList<>();
        private String minLevel;
        private boolean sigmaDeprecated;
        private Duration checkpointInterval = Duration.ofSeconds(30);

        private Builder() {}


        /** A folder of Vigil rules ({@code DIR}) or of Sigma rules ({@code sigma:DIR}), as {@code scan --rules}. */
        public Builder rules(String spec) {
            this.rules.add(spec);
            return this;
        }

        /** A threat-intel feed file, as {@code scan --ti}: read where the job is built and shipped in it. */
        public Builder threatIntel(java.nio.file.Path feed) {
            this.feeds.add(feed);
            return this;
        }

        /** Sigma rules: leave out rules below this level ({@code scan --min-level}). */
        public Builder minLevel(String level) {
            this.minLevel = level;
            return this;
        }

        /** Sigma rules: also run deprecated and unsupported ones ({@code scan --sigma-deprecated}). */
        public Builder sigmaDeprecated(boolean yes) {
            this.sigmaDeprecated = yes;
            return this;
        }

        JobDetectors detectors() {
            return rules.isEmpty() && feeds.isEmpty() && !preview ? JobDetectors.BUILT_IN
                    : JobDetectors.of(rules, feeds, preview, minLevel, sigmaDeprecated);
        }

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
