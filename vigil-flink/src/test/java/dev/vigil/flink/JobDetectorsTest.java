package dev.vigil.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detectors shipped inside the job: a Sigma folder and a feed read where the job is built,
 * serialised as Flink ships functions, and loaded again from the bytes alone (the files gone)
 * raise their detections on a line; a broken Vigil rule fails where the job is built.
 */
class JobDetectorsTest {
    private static final String SIGMA = """
            title: Test rule curl to a raw IP
            id: t-curl-ip
            status: test
            level: high
            logsource:
              category: process_creation
              product: linux
            detection:
              selection:
                Image|endswith: '/curl'
                CommandLine|contains: 'http://203.0.113.'
              condition: selection
            """;

    private static List<String> ruleIds(JobDetectors d, String topic, String line) {
        List<String> out = new ArrayList<>();
        new LineParsing(d).parse("p-0", new Routing(Routing.DEFAULT_TOPICS).route(topic, 0, 0, 0,
                line.getBytes(java.nio.charset.StandardCharsets.UTF_8), null, null), p -> {
                    if (p.detection() != null) {
                        out.add(p.detection().ruleId());
                    }
                });
        return out;
    }

    @Test
    void sigmaRulesAndFeedsTravelInsideTheJobAndRaiseTheirDetections(@TempDir Path dir) throws Exception {
        Path sigma = Files.createDirectories(dir.resolve("sigma"));
        Files.writeString(sigma.resolve("curl.yml"), SIGMA);
        Path feed = dir.resolve("feed.txt");
        Files.writeString(feed, "198.51.100.23\n");
        JobDetectors built = JobDetectors.of(List.of("sigma:" + sigma), List.of(feed), false, null, false);
        // as Flink ships it: serialised, the files gone where it runs
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buf)) {
            out.writeObject(built);
        }
        Files.delete(sigma.resolve("curl.yml"));
        Files.delete(feed);
        JobDetectors shipped;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(buf.toByteArray()))) {
            shipped = (JobDetectors) in.readObject();
        }
        assertThat(shipped).isEqualTo(built);
        String proc = "{\"time\":1795165351000,\"host\":\"web1\",\"pid\":7,\"ppid\":1,\"exe\":\"/usr/bin/curl\","
                + "\"cmdline\":\"curl -s http://203.0.113.9/x\"}";
        assertThat(ruleIds(shipped, "vigil.process.process-json", proc)).contains("sigma:t-curl-ip");
        assertThat(ruleIds(JobDetectors.BUILT_IN, "vigil.process.process-json", proc)).doesNotContain("sigma:t-curl-ip");
        String web = "198.51.100.23 - - [30/Nov/2026:08:00:00 +0000] \"GET / HTTP/1.1\" 200 12 \"-\" \"curl/8.5\"";
        assertThat(ruleIds(shipped, "vigil.logs.combined", web)).anyMatch(id -> id.startsWith("ti."));
        assertThat(ruleIds(JobDetectors.BUILT_IN, "vigil.logs.combined", web)).noneMatch(id -> id.startsWith("ti."));
    }

    @Test
    void aBrokenVigilRuleFailsWhereTheJobIsBuilt(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("http"));
        Files.writeString(dir.resolve("http").resolve("bad.yaml"), "id: x\ntitle: no type and no condition\n");
        assertThatThrownBy(() -> JobDetectors.of(List.of(dir.toString()), List.of(), false, null, false))
                .hasMessageContaining("bad.yaml");
        assertThatThrownBy(() -> JobDetectors.of(List.of("sigma:" + dir.resolve("none")), List.of(), false, null, false))
                .hasMessageContaining("no such folder");
    }
}
