package dev.vigil.ingest.sysmon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.event.ProcessStart;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.process.ProcessGolden;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SysmonFormatTest {

    @Test
    void golden() {
        ProcessGolden.check(SysmonFormat.INSTANCE, "sysmon", "events");
    }

    @Test
    void name() {
        assertThat(SysmonFormat.INSTANCE.name()).isEqualTo("sysmon");
    }

    @Test
    void decodesEntitiesAndKeepsUnknownOnes() {
        byte[] b = "a &lt;b&gt; &amp;&quot;&apos; &#65;&#x42; &nope; & &#;".getBytes();
        assertThat(Xml.decode(b, 0, b.length)).isEqualTo("a <b> &\"' AB &nope; & &#;");
    }

    @Test
    void readsOnlyTheFirstEventOfALine() {
        String one = "<Event><System><EventID>1</EventID><Computer>A</Computer></System><EventData>"
                + "<Data Name=\"Image\">/bin/a</Data></EventData></Event>";
        String two = one.replace("/bin/a", "/bin/b").replace(">A<", ">B<");
        List<String> rejects = new ArrayList<>();
        ProcessStart p = (ProcessStart) SysmonFormat.INSTANCE.parse(Line.of("s", 1, one + two), rejects::add);
        assertThat(rejects).isEmpty();
        assertThat(p.exe()).isEqualTo("/bin/a");
        assertThat(p.host()).isEqualTo("A");
    }
}
