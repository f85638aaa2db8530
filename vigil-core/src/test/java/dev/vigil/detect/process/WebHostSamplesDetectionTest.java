package dev.vigil.detect.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.Detection;
import dev.vigil.catalogue.Severity;
import dev.vigil.engine.Engine;
import dev.vigil.engine.ScanListener;
import dev.vigil.event.ProcessStart;
import dev.vigil.ingest.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The realistic web-host traces under samples/process, through the whole engine with the built-in detectors. */
class WebHostSamplesDetectionTest {
    private static final AlertCatalogue CATALOGUE = AlertCatalogue.builtIn();

    @Test
    void benignTraceRaisesNothingAboveLow() throws Exception {
        List<Detection> ds = scan("webhost-benign.jsonl");
        assertThat(ds).filteredOn(d -> d.severity().compareTo(Severity.LOW) > 0)
                .extracting(d -> d.ruleId() + " @" + d.origin().line()).isEmpty();
    }

    @Test
    void attackTraceRaisesTheExpectedAlerts() throws Exception {
        List<Detection> ds = scan("webhost-attack.jsonl");
        Set<String> types = ds.stream().map(d -> d.type().name()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(types).contains("WebShellActivity", "ReverseShell", "CryptoMining", "CryptoMinerDownload",
                "SuspiciousDownload", "EncodedCommand", "CurlToDisk", "HighPrivilegeCommand");
        // the web-shell detections come from lineage and carry the ancestor chain up to the worker
        Detection ws = ds.stream().filter(d -> d.type().name().equals("WebShellActivity")).findFirst().orElseThrow();
        assertThat(((ProcessStart) ws.event()).ancestors()).anyMatch(a -> a.contains("php-fpm"));
    }

    @Test
    void sameResultsWithOneThreadAndWithMany() throws Exception {
        assertThat(scan("webhost-attack.jsonl", 1).size()).isEqualTo(scan("webhost-attack.jsonl", 4).size());
    }

    private static List<Detection> scan(String name) throws Exception {
        return scan(name, 2);
    }

    private static List<Detection> scan(String name, int threads) throws Exception {
        Path p = samples().resolve(name);
        Engine engine = Engine.builder().defaultDetectors(CATALOGUE).threads(threads).build();
        List<Detection> out = new ArrayList<>();
        engine.scan(List.of(Source.of(name, Files.readAllBytes(p))), new ScanListener() {
            @Override
            public void onDetection(Detection d) {
                out.add(d);
            }
        });
        return out;
    }

    private static Path samples() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("samples/process"))) {
            dir = dir.getParent();
        }
        return dir.resolve("samples/process");
    }
}
