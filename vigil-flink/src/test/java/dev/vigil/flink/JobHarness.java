package dev.vigil.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertAggregator;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.Detection;
import dev.vigil.engine.Engine;
import dev.vigil.engine.ScanListener;
import dev.vigil.ingest.Source;
import dev.vigil.store.AlertStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * What the job's tests share: an in-process Kafka broker in KRaft mode (Kafka's own test kit, no
 * Docker), a Flink MiniCluster, writing lines to topics, reading the alert topic as a
 * read-committed consumer, and the reference: {@code vigil scan}'s alerts for the same lines
 * (the engine and aggregator the CLI builds, with its defaults).
 */
final class JobHarness implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    final KafkaClusterTestKit kafka;
    final MiniCluster flink;
    /** Checkpoints go to files: the default (the job manager's memory) takes at most 5 MiB of state. */
    final Path checkpoints;

    private JobHarness(KafkaClusterTestKit kafka, MiniCluster flink) throws java.io.IOException {
        this.kafka = kafka;
        this.flink = flink;
        this.checkpoints = Files.createTempDirectory("vigil-flink-checkpoints");
    }

    static JobHarness start(int slots) throws Exception {
        KafkaClusterTestKit k = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "2")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "2")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("num.partitions", "1")
                .build();
        k.format();
        k.startup();
        k.waitForReadyBrokers();
        Configuration c = new Configuration();
        c.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(64));
        c.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.ofMebiBytes(32));
        c.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.ofMebiBytes(32));
        MiniCluster mc = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(c)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(slots).build());
        mc.start();
        return new JobHarness(k, mc);
    }

    /** An environment on the MiniCluster with the job configuration {@code conf}. */
    TestStreamEnvironment env(int parallelism, Configuration conf) {
        conf.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                checkpoints.toUri().toString());
        return new TestStreamEnvironment(flink, conf, parallelism, List.of(), List.of());
    }

    String servers() {
        return kafka.bootstrapServers();
    }

    void createTopic(String name, int partitions) throws Exception {
        try (Admin a = Admin.create(Map.of("bootstrap.servers", servers()))) {
            a.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        }
    }

    /** One line of a source as a JSON envelope, keyed by the source so its lines stay in one partition. */
    static ProducerRecord<byte[], byte[]> envelope(String topic, String source, long n, String format, String line) {
        ObjectNode o = JSON.createObjectNode();
        o.put("source", source);
        o.put("n", n);
        if (format != null) {
            o.put("format", format);
        }
        o.put("line", line);
        return new ProducerRecord<>(topic, source.getBytes(StandardCharsets.UTF_8),
                o.toString().getBytes(StandardCharsets.UTF_8));
    }

    void produce(List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> r : records) {
                producer.send(r);
            }
            producer.flush();
        }
    }

    /** Every committed record of {@code topic}, read as a read-committed consumer sees them, in partition order. */
    List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts); // for read_committed: the last stable offset
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** An alert's figures that {@code vigil scan} and the job must agree on. */
    record Figures(String type, long count, long firstSeen, long lastSeen) {
        static Figures of(Alert a) {
            return new Figures(a.type().name(), a.count(), a.firstSeen(), a.lastSeen());
        }
    }

    /** The final version of each alert in the alert topic (its last record: one alert's versions share a partition). */
    static Map<String, Figures> latest(List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        Map<String, Figures> out = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode a = JSON.readTree(r.value());
            out.put(a.get("systemAlertId").asText(), figuresOfJson(a));
        }
        return out;
    }

    static Figures figuresOfJson(JsonNode a) {
        return new Figures(a.get("alertType").asText(), a.path("extendedProperties").path("count").asLong(),
                time(a.get("startTimeUtc")), time(a.get("endTimeUtc")));
    }

    private static long time(JsonNode t) {
        return t == null || t.isNull() ? dev.vigil.event.Event.NO_TIME : java.time.Instant.parse(t.asText()).toEpochMilli();
    }

    /** {@code vigil scan}'s alerts for these files, in this order, with the CLI's defaults. */
    static Map<String, Figures> scan(List<Path> files) throws Exception {
        return scan(files, null, null);
    }

    /**
     * {@code vigil scan --rules rules --ti feed}'s alerts: the rule folder and the feed loaded as the
     * CLI loads them (dev.vigil.cli.ScanRules, ThreatIntelFeeds), with the core's loaders.
     */
    static Map<String, Figures> scan(List<Path> files, Path rules, Path feed) throws Exception {
        AlertCatalogue c = AlertCatalogue.builtIn();
        Engine.Builder b = Engine.builder().defaultDetectors(c).threads(1);
        if (rules != null) {
            List<dev.vigil.rules.load.RuleSet> sets = dev.vigil.rules.load.RuleLoader.loadFolder(rules, c, true);
            if (!sets.get(0).rules().isEmpty()) {
                b.detector(dev.vigil.detect.http.HttpRules.detector(sets.get(0), false));
            }
            if (!sets.get(1).rules().isEmpty()) {
                b.detectors(dev.vigil.detect.process.ProcessRules.detectors(sets.get(1), c, false,
                        dev.vigil.analyze.process.WebWorkers.defaults()));
            }
        }
        if (feed != null) {
            dev.vigil.ti.match.ThreatIntel.Builder ti = dev.vigil.ti.match.ThreatIntel.builder();
            var r = dev.vigil.ti.load.IndicatorLoaders.standard().load(feed,
                    dev.vigil.ti.load.LoadOptions.at(java.time.Instant.now()).withSink(ti::add));
            ti.addAll(r);
            b.detector(new dev.vigil.detect.intel.ThreatIntelDetector(ti.build(), c));
        }
        Engine engine = b.build();
        AlertAggregator agg = new AlertAggregator(AlertAggregator.DEFAULT_WINDOW_MILLIS, AlertStore.EVIDENCE_KEPT,
                AlertAggregator.DEFAULT_MAX_ALERTS);
        List<Source> sources = new ArrayList<>();
        for (Path f : files) {
            sources.add(Source.of(f.toString(), Files.readAllBytes(f)));
        }
        engine.scan(sources, new ScanListener() {
            @Override
            public void onDetection(Detection d) {
                agg.add(d);
            }
        });
        Map<String, Figures> out = new TreeMap<>();
        for (Alert a : agg.alerts()) {
            out.put(a.id(), Figures.of(a));
        }
        return out;
    }

    /**
     * Each file's lines as envelopes naming the file, its line numbers and the format a scan sniffs;
     * file i in partition i. (Files of different times in one partition would make the later-read
     * file's lines late for the partition's watermark as soon as one watermark passes between them:
     * a scan reads each file on its own, so the test gives each its own partition.)
     */
    static List<ProducerRecord<byte[], byte[]>> envelopes(String topic, List<Path> files) throws Exception {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (int fi = 0; fi < files.size(); fi++) {
            Path f = files.get(fi);
            byte[] all = Files.readAllBytes(f);
            String format = dev.vigil.ingest.formats.Formats.sniff(all, Math.min(all.length, 1 << 20))
                    .map(dev.vigil.ingest.LineFormat::name).orElse(null);
            String[] lines = new String(all, StandardCharsets.UTF_8).split("\n", -1);
            int n = lines.length;
            if (n > 0 && lines[n - 1].isEmpty()) {
                n--;
            }
            for (int i = 0; i < n; i++) {
                ProducerRecord<byte[], byte[]> e = envelope(topic, f.toString(), i + 1, format, lines[i]);
                out.add(new ProducerRecord<>(topic, fi, e.key(), e.value()));
            }
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        try {
            flink.close();
        } finally {
            try {
                kafka.close();
            } finally {
                try (var files = Files.walk(checkpoints)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    static Map<String, Long> countById(List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        Map<String, Long> n = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            n.merge(new String(r.key(), StandardCharsets.UTF_8), 1L, Long::sum);
        }
        return n;
    }
}
