package dev.vigil.ingest.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detect.process.ProcessTree;
import dev.vigil.event.Event;
import dev.vigil.event.ProcessStart;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.auditd.AuditdAssembler;
import dev.vigil.ingest.auditd.AuditdFormat;
import dev.vigil.ingest.sysmon.SysmonFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ProcessFormatProperties {

    private static final List<LineParser> PARSERS = List.of(ProcessJsonFormat.INSTANCE.newParser(),
            SysmonFormat.INSTANCE.newParser(), AuditdFormat.INSTANCE.newParser());

    @Property(tries = 400)
    void lineParsersNeverThrowOnBytes(@ForAll @Size(max = 600) byte[] data) {
        for (LineParser p : PARSERS) {
            for (Line l : dev.vigil.ingest.GoldenFiles.split(data, "fuzz")) {
                List<String> rejects = new ArrayList<>();
                Event e = p.parse(l, rejects::add);
                assertThat(e == null || rejects.isEmpty()).isTrue();
                assertThat(rejects.size()).isLessThanOrEqualTo(1);
            }
        }
    }

    @Property(tries = 400)
    void lineParsersNeverThrowOnNearMisses(@ForAll("nearMiss") String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        for (LineParser p : PARSERS) {
            for (Line l : dev.vigil.ingest.GoldenFiles.split(data, "fuzz")) {
                p.parse(l, r -> { });
            }
        }
    }

    @Property(tries = 300)
    void assemblerNeverThrowsAndStaysBounded(@ForAll("auditLines") List<String> lines,
                                             @ForAll @IntRange(min = 1, max = 8) int maxPending) {
        AuditdAssembler a = (AuditdAssembler) new AuditdFormat(maxPending).newAssembler();
        ProcessTree tree = new ProcessTree(16);
        List<Event> out = new ArrayList<>();
        long n = 1;
        for (String s : lines) {
            a.accept(Line.of("fuzz", n++, s), r -> { }, out::add);
            assertThat(a.pendingCount()).isLessThanOrEqualTo(maxPending);
        }
        a.finish(r -> { }, out::add);
        assertThat(a.pendingCount()).isZero();
        for (Event e : out) {
            ProcessStart p = tree.observe((ProcessStart) e);
            assertThat(p.ancestors().size()).isLessThanOrEqualTo(ProcessTree.MAX_DEPTH);
            assertThat(tree.size()).isLessThanOrEqualTo(16);
        }
    }

    @Property(tries = 200)
    void assemblerNeverThrowsOnBytes(@ForAll @Size(max = 2000) byte[] data) {
        AuditdAssembler a = (AuditdAssembler) new AuditdFormat(4).newAssembler();
        for (Line l : dev.vigil.ingest.GoldenFiles.split(data, "fuzz")) {
            a.accept(l, r -> { }, e -> { });
            assertThat(a.pendingCount()).isLessThanOrEqualTo(4);
        }
        a.finish(r -> { }, e -> { });
    }

    @Provide
    Arbitrary<String> nearMiss() {
        Arbitrary<String> pieces = Arbitraries.of("{", "}", "[", "]", "\"", ":", ",", "\"pid\"", "\"argv\"",
                "\"time\"", "\"cmdline\"", "1", "-1", "1e400", "null", "true", "\"x\"", "<Event>", "</Event>",
                "<EventID>1</EventID>", "<Data Name=\"Image\">", "<Data Name='", "</Data>", "&#x", "&#99999999999;",
                "&amp", ";", "<EventData>", "\"EventID\":1", "\"EventData\":", "\"Message\":\"a: b\\r\\n\"",
                "type=EXECVE", " msg=audit(", "1.5:3)", ": ", "a0=", "a1[0]=", "ZZ", "4142", "\u00e9", "\ufffd",
                " ", "\n", "\u001d", "UID=\"x\"");
        return pieces.list().ofMaxSize(40).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<List<String>> auditLines() {
        Arbitrary<String> type = Arbitraries.of("SYSCALL", "EXECVE", "CWD", "PATH", "PROCTITLE", "EOE", "USER_LOGIN", "1309");
        Arbitrary<Integer> serial = Arbitraries.integers().between(1, 12);
        Arbitrary<String> field = Arbitraries.of("syscall=59", "syscall=2", "pid=5", "ppid=4", "uid=0", "exe=\"/bin/x\"",
                "exe=2F62696E", "argc=3", "argc=99999999", "a0=\"sh\"", "a1=2D63", "a2_len=9", "a2[0]=4142",
                "a2[1]=\"cd\"", "a2[999999]=41", "a99999=41", "cwd=\"/\"", "item=0", "name=\"/bin/y\"",
                "proctitle=7368002D63", "success=no", "comm=\"x\"", "a0=", "=", "a0=\"unterminated", "\u001dUID=\"w\"");
        Arbitrary<String> line = net.jqwik.api.Combinators.combine(type, serial, field.list().ofMaxSize(6))
                .as((t, s, fs) -> "type=" + t + " msg=audit(1700000000." + s + ":" + s + "): " + String.join(" ", fs));
        return line.list().ofMaxSize(60);
    }
}
