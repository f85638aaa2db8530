package dev.vigil.detect.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.Detection;
import dev.vigil.engine.KeyedStage;
import dev.vigil.event.Origin;
import dev.vigil.event.ProcessStart;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiscoveryBurstDetectorTest {
    static final AlertCatalogue C = AlertCatalogue.builtIn();
    static final long T0 = Instant.parse("2026-11-28T10:00:00Z").toEpochMilli();
    static final String WIN = "C:\\Windows\\System32\\";

    private final List<ProcessStart> starts = new ArrayList<>();

    DiscoveryBurstDetectorTest start(long atSeconds, String host, long ppid, String exe, String cmdline) {
        starts.add(ProcessStart.builder(new Origin("p.jsonl", starts.size() + 1, 0)).timeMillis(T0 + atSeconds * 1000)
                .host(host).pid(5000 + starts.size()).ppid(ppid).exe(exe).commandLine(cmdline).build());
        return this;
    }

    List<Detection> run() {
        List<Detection> out = new ArrayList<>();
        KeyedStage stage = new KeyedStage(List.of(new DiscoveryBurstDetector(C.get("SystemDiscovery"),
                DiscoveryBurstDetector.Config.DEFAULT)));
        for (ProcessStart p : starts) {
            stage.process(p, out::add);
        }
        stage.finish(out::add);
        assertThat(stage.failures()).isEmpty();
        return out;
    }

    @Test
    void surveysFromOneParentInAWindowAreRaisedOnceOnTheCrossingStart() {
        start(0, "web01", 4242, WIN + "whoami.exe", "whoami /all");
        start(2, "web01", 4242, WIN + "cmd.exe", "cmd.exe /c \"ipconfig /all\"");
        start(3, "web01", 4242, WIN + "whoami.exe", "whoami /priv"); // the same survey again: not a new one
        start(5, "web01", 4242, WIN + "net.exe", "net localgroup administrators");
        start(7, "web01", 4242, WIN + "tasklist.exe", "tasklist /v");
        List<Detection> d = run();
        assertThat(d).singleElement().satisfies(x -> {
            assertThat(x.ruleId()).isEqualTo(DiscoveryBurstDetector.RULE_ID);
            assertThat(x.origin().line()).isEqualTo(4);
            assertThat(x.decoded()).contains("3 distinct survey commands").contains("whoami, ipconfig, net localgroup");
            assertThat(x.observation()).isTrue();
        });
    }

    @Test
    void linuxSurveysCountToo() {
        start(0, "app02", 900, "/usr/bin/id", "id");
        start(1, "app02", 900, "/bin/sh", "sh -c 'uname -a'");
        start(1, "app02", 900, "/usr/bin/cat", "cat /etc/passwd");
        assertThat(run()).hasSize(1);
    }

    @Test
    void oneSurveyOrSurveysOfUnrelatedParentsOrHostsOrSlowOnesStayQuiet() {
        start(0, "web01", 100, WIN + "whoami.exe", "whoami /groups");      // one admin command alone
        start(1, "web01", 101, WIN + "ipconfig.exe", "ipconfig /all");     // another parent
        start(2, "web02", 100, WIN + "systeminfo.exe", "systeminfo");      // another host
        start(0, "web03", 7, WIN + "whoami.exe", "whoami");                // one every two minutes
        start(120, "web03", 7, WIN + "hostname.exe", "hostname");
        start(240, "web03", 7, WIN + "tasklist.exe", "tasklist");
        start(3, "web01", 100, WIN + "notepad.exe", "notepad.exe C:\\notes\\todo.txt");
        start(4, "web01", 100, WIN + "cmd.exe", "cmd /c echo %USERNAME%"); // not a survey program
        assertThat(run()).isEmpty();
    }

    @Test
    void startsWithoutTimeOrParentAreLeftAlone() {
        DiscoveryBurstDetector d = new DiscoveryBurstDetector(C.get("SystemDiscovery"), DiscoveryBurstDetector.Config.DEFAULT);
        assertThat(d.key(ProcessStart.builder(new Origin("p", 1, 0)).ppid(5).commandLine("whoami").build())).isNull();
        assertThat(d.key(ProcessStart.builder(new Origin("p", 1, 0)).timeMillis(T0).commandLine("whoami").build())).isNull();
        assertThat(d.key(ProcessStart.builder(new Origin("p", 1, 0)).timeMillis(T0).ppid(5).commandLine("whoami").build()))
                .isNotNull();
        // only starts that can run a survey are routed at all: a survey program, or a wrapper naming one
        assertThat(d.key(ProcessStart.builder(new Origin("p", 1, 0)).timeMillis(T0).ppid(5).commandLine("sh -c 'make -j4'")
                .build())).isNull();
        assertThat(d.key(ProcessStart.builder(new Origin("p", 1, 0)).timeMillis(T0).ppid(5).commandLine("/usr/bin/git pull")
                .build())).isNull();
        assertThat(d.key(ProcessStart.builder(new Origin("p", 1, 0)).timeMillis(T0).ppid(5)
                .commandLine("\"C:\\Windows\\System32\\cmd.exe\" /c \"NET.EXE user\"").build())).isNotNull();
    }
}
