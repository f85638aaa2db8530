package dev.vigil.detect.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.Detection;
import dev.vigil.detect.KeyedDetector;
import dev.vigil.engine.KeyedStage;
import dev.vigil.catalogue.Severity;
import dev.vigil.event.Origin;
import dev.vigil.event.ProcessStart;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-application first-seen command lines of web-worker children. */
class ChildBaselineTest {
    static final long T0 = Instant.parse("2026-11-20T00:00:00Z").toEpochMilli();
    static final long HOUR = 3_600_000L;

    private final KeyedStage lineage = new KeyedStage(ProcessRules.defaults(AlertCatalogue.builtIn(), false).stream()
            .filter(d -> d instanceof KeyedDetector).map(d -> (KeyedDetector) d).toList());
    private int line;

    private List<Detection> start(long at, long pid, long ppid, String exe, String cmd) {
        List<Detection> out = new ArrayList<>();
        lineage.process(ProcessStart.builder(new Origin("t", ++line, 0)).timeMillis(T0 + at).host("web1")
                .pid(pid).ppid(ppid).exe(exe).commandLine(cmd).user("www-data").build(), out::add);
        return out;
    }

    @Test
    void knownDeployScriptsStayQuietAndNewChildrenAreNews() {
        start(0, 100, 1, "/usr/sbin/php-fpm8.2", "php-fpm: pool www");
        // learning: the app's own deploy hook runs under php-fpm (whatever the rules think of it)
        start(HOUR, 201, 100, "/bin/sh", "sh -c /opt/app/bin/deploy.sh 1201");
        // after the day of learning
        List<Detection> deploy = start(30 * HOUR, 202, 100, "/bin/sh", "sh -c /opt/app/bin/deploy.sh 1377");
        assertThat(deploy).noneMatch(d -> d.type().name().equals("WebShellActivity"));

        // a shell the app never ran before: the lineage rules raise it as they would without a baseline
        assertThat(start(31 * HOUR, 203, 100, "/bin/sh", "sh -c /opt/app/bin/reindex.sh"))
                .anyMatch(d -> d.type().name().equals("WebShellActivity"));
        // a helper no rule minds, but new for this app: raised once, at Low, with the learning period
        List<Detection> fresh = start(31 * HOUR, 206, 100, "/usr/bin/convert", "convert /tmp/1.jpg -resize 64x64 /tmp/2.png");
        assertThat(fresh).filteredOn(d -> d.type().name().equals("WebShellActivity")).singleElement()
                .satisfies(d -> {
                    assertThat(d.severity()).isEqualTo(Severity.LOW);
                    assertThat(d.decoded()).contains("learning period of 24 h");
                });

        List<Detection> recon = start(32 * HOUR, 204, 100, "/bin/sh", "sh -c id");
        assertThat(recon).filteredOn(d -> d.type().name().equals("WebShellActivity")).singleElement()
                .satisfies(d -> assertThat(d.severity()).isEqualTo(Severity.HIGH));

        // once raised, a new shape is known: the second reindex is routine
        assertThat(start(33 * HOUR, 205, 100, "/bin/sh", "sh -c /opt/app/bin/reindex.sh"))
                .noneMatch(d -> d.type().name().equals("WebShellActivity"));
    }

    @Test
    void shapesFoldDigitsAndSpaces() {
        assertThat(ChildBaseline.shape("convert  /tmp/123.jpg -resize 640x480 /tmp/456.jpg"))
                .isEqualTo(ChildBaseline.shape("convert /tmp/9.jpg -resize 1x2 /tmp/77.jpg"));
        assertThat(ChildBaseline.shape("sh -c id")).isNotEqualTo(ChildBaseline.shape("sh -c whoami"));
        assertThat(ChildBaseline.shape("  Convert  /tmp/123.JPG\t-resize 640x480  "))
                .isEqualTo("convert /tmp/#.jpg -resize #x#");
        assertThat(ChildBaseline.shape("x ".repeat(300))).hasSize(255).doesNotEndWith(" ");
        assertThat(ChildBaseline.shape(null)).isEmpty();
    }
}
