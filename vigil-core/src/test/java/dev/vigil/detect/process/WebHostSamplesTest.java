package dev.vigil.detect.process;

import dev.vigil.analyze.process.WebWorkers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.event.ProcessStart;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.process.ProcessGolden;
import dev.vigil.ingest.process.ProcessJsonFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sample traces in {@code samples/process/} parse cleanly and give the lineage their stories tell. */
class WebHostSamplesTest {
    private static final Path SAMPLES = Path.of("..", "samples", "process");

    private static List<String> underWebWorkers(String name) throws IOException {
        byte[] data = Files.readAllBytes(SAMPLES.resolve(name));
        ProcessTree tree = new ProcessTree();
        WebWorkers w = WebWorkers.defaults();
        List<String> out = new ArrayList<>();
        for (Line l : dev.vigil.ingest.GoldenFiles.split(data, name)) {
            ProcessTree.Lineage lineage = tree.record((ProcessStart) ProcessJsonFormat.INSTANCE.parse(l, r -> { }));
            ProcessStart p = lineage.event();
            if (!w.matches(p.exe(), p.commandLine()) && lineage.webWorker() != null) {
                out.add(p.commandLine());
            }
        }
        return out;
    }

    private static List<ProcessStart> trace(String name) throws IOException {
        byte[] data = Files.readAllBytes(SAMPLES.resolve(name));
        ProcessTree tree = new ProcessTree();
        List<ProcessStart> out = new ArrayList<>();
        List<String> rejects = new ArrayList<>();
        for (Line l : dev.vigil.ingest.GoldenFiles.split(data, name)) {
            ProcessStart p = (ProcessStart) ProcessJsonFormat.INSTANCE.parse(l, rejects::add);
            assertThat(p).as("%s", l).isNotNull();
            out.add(tree.observe(p));
        }
        assertThat(rejects).isEmpty();
        return out;
    }

    @Test
    void benignTraceSpawnsOnlyMailImagesAndPdfsFromWebWorkers() throws IOException {
        List<ProcessStart> events = trace("webhost-benign.jsonl");
        assertThat(events).hasSizeBetween(120, 200);
        assertThat(underWebWorkers("webhost-benign.jsonl")).isNotEmpty().allSatisfy(cmd -> assertThat(cmd)
                .containsAnyOf("sendmail", "convert ", "wkhtmltopdf", "/srv/shop-api/dist/workers/resize.js"));
    }

    @Test
    void attackTraceTiesTheMinerAndTheReverseShellToPhpFpm() throws IOException {
        List<ProcessStart> events = trace("webhost-attack.jsonl");
        ProcessStart miner = events.stream().filter(p -> "/tmp/.cache/xmrig".equals(p.exe())).findFirst().orElseThrow();
        assertThat(miner.ancestors()).containsExactly("/tmp/.x", "/usr/bin/dash", "/usr/sbin/php-fpm8.1",
                "/usr/sbin/php-fpm8.1", "/usr/lib/systemd/systemd");
        ProcessStart find = events.stream().filter(p -> p.commandLine().startsWith("find / -perm")).findFirst().orElseThrow();
        assertThat(find.ancestors()).startsWith("/usr/bin/bash", "/usr/bin/python3.10", "/usr/bin/bash", "/usr/bin/bash", "/usr/bin/dash", "/usr/sbin/php-fpm8.1");
        assertThat(underWebWorkers("webhost-attack.jsonl")).contains("id", "whoami", "uname -a", "base64 -d", "bash -i")
                .noneMatch(cmd -> cmd.contains("127.0.0.1:3000/health"));
    }
}
