package dev.vigil.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.flink.JobHarness.Figures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job on a Flink MiniCluster over an in-process Kafka broker: the alerts it writes to Kafka
 * (read committed) are {@code vigil scan}'s for the same lines: same ids, types, counts, first and
 * last times.
 */
class VigilJobTest {
    static final Path SAMPLES = Path.of("..", "samples");
    static JobHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = JobHarness.start(2);
    }

    @AfterAll
    static void stop() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    static List<Path> sampleLogs() {
        return List.of("nginx/access.log", "iis/u_ex261115.log", "appservice/AppServiceHTTPLogs.json", "bad/mixed.log",
                "dns/query.log", "ftp/vsftpd.log", "process/webhost-benign.jsonl", "process/webhost-attack.jsonl",
                "scenario/access.log", "scenario/processes.jsonl").stream().map(SAMPLES::resolve).toList();
    }

    /** Runs the job, bounded, over what the topics hold now; returns the alert topic's records. */
    static List<ConsumerRecord<byte[], byte[]>> run(String name, int parallelism, Duration outOfOrderness)
            throws Exception {
        Configuration conf = new Configuration();
        StreamExecutionEnvironment env = h.env(parallelism, conf);
        env.enableCheckpointing(500);
        VigilJob.builder().bootstrapServers(h.servers()).topics("vigil\\.logs\\." + name + "()")
                .groupId(name).bounded(true).outOfOrderness(outOfOrderness)
                .alertTopic("alerts-" + name).transactionalIdPrefix("tx-" + name)
                .build().addTo(env);
        env.execute(name);
        return h.readCommitted("alerts-" + name);
    }

    @Test
    void samplesGiveTheAlertsOfAScan() throws Exception {
        List<Path> files = sampleLogs();
        h.createTopic("vigil.logs.samples", files.size());
        h.createTopic("alerts-samples", 2);
        h.produce(JobHarness.envelopes("vigil.logs.samples", files));
        List<ConsumerRecord<byte[], byte[]>> out = run("samples", 2, Duration.ofSeconds(5));
        Map<String, Figures> scan = JobHarness.scan(files);
        assertThat(scan).hasSizeGreaterThan(20);
        // keyed detectors (windows, process lineage) as well as stateless rules
        assertThat(scan.values()).extracting(Figures::type).contains("BruteForce", "SystemDiscovery", "SqlInjectionAttempt");
        assertThat(JobHarness.latest(out)).isEqualTo(scan);
    }

    /** A rule folder of one HTTP rule, as a user writes one for {@code vigil scan --rules DIR}. */
    static Path customRules(Path dir) throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules").resolve("http"));
        Files.writeString(rules.resolve("watched-login.yaml"), """
                id: custom.http.watched-login
                title: Someone reached the watched login page
                type: SensitiveFileProbe
                description: A request for the login page this site watches.
                status: stable
                fields:
                - path
                condition:
                  contains: login
                examples:
                  match:
                  - target: /wp-login.php
                  no_match:
                  - target: /
                """);
        return dir.resolve("rules");
    }

    /**
     * {@code --rules DIR} and {@code --ti FEED}: the job loads them with the core loaders {@code vigil
     * scan} uses, ships them inside itself, and raises what the scan with them raises.
     */
    @Test
    void rulesAndThreatIntelFeedsGiveTheAlertsOfAScanWithThem(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        List<Path> files = sampleLogs();
        Path rules = customRules(dir);
        Path feed = SAMPLES.resolve("ti").resolve("feed.txt");
        h.createTopic("vigil.logs.rules", files.size());
        h.createTopic("alerts-rules", 2);
        h.produce(JobHarness.envelopes("vigil.logs.rules", files));
        StreamExecutionEnvironment env = h.env(2, new Configuration());
        env.enableCheckpointing(500);
        VigilJob.builder().bootstrapServers(h.servers()).topics("vigil\\.logs\\.rules()").groupId("rules")
                .bounded(true).outOfOrderness(Duration.ofSeconds(5)).rules(rules.toString()).threatIntel(feed)
                .alertTopic("alerts-rules").transactionalIdPrefix("tx-rules").build().addTo(env);
        env.execute("rules");
        Map<String, Figures> scan = JobHarness.scan(files, rules, feed);
        // the feed and the custom rule each raise what the built-in detectors alone do not
        assertThat(scan.values()).extracting(Figures::type).anyMatch(t -> t.startsWith("ThreatIntel"));
        assertThat(scan).isNotEqualTo(JobHarness.scan(files, null, feed));
        assertThat(JobHarness.latest(h.readCommitted("alerts-rules"))).isEqualTo(scan);
    }
}
