package dev.vigil.ingest.auditd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.event.Event;
import dev.vigil.event.ProcessStart;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.RecordAssembler;
import dev.vigil.ingest.process.ProcessGolden;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditdFormatTest {

    @Test
    void golden() {
        ProcessGolden.check(AuditdFormat.INSTANCE, "auditd", "events");
    }

    @Test
    void nameAndAssembler() {
        assertThat(AuditdFormat.INSTANCE.name()).isEqualTo("auditd");
        assertThat(AuditdFormat.INSTANCE.newAssembler()).isNotSameAs(AuditdFormat.INSTANCE.newAssembler());
    }

    @Test
    void recogniserAcceptsRecordsAndRejectsOtherLines() {
        LineParser p = AuditdFormat.INSTANCE.newParser();
        List<String> rejects = new ArrayList<>();
        assertThat(p.parse(Line.of("a", 1, "type=EXECVE msg=audit(1.0:1): argc=1 a0=\"id\""), rejects::add)).isNull();
        assertThat(p.parse(Line.of("a", 2, "type=USER_END msg=audit(1.0:2): pid=1"), rejects::add)).isNull();
        assertThat(rejects).isEmpty();
        assertThat(p.parse(Line.of("a", 3, "127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 1"), rejects::add)).isNull();
        assertThat(rejects).hasSize(1);
    }

    @Test
    void boundedTableEmitsOldestWithDataAndRejectsOldestWithout() {
        RecordAssembler a = new AuditdFormat(2).newAssembler();
        List<Event> out = new ArrayList<>();
        List<String> rejects = new ArrayList<>();
        String[] lines = {
            "type=EXECVE msg=audit(100.000:1): argc=1 a0=\"one\"",
            "type=CWD msg=audit(100.000:2): cwd=\"/\"",
            "type=EXECVE msg=audit(100.000:3): argc=1 a0=\"three\"",
            "type=EXECVE msg=audit(100.000:4): argc=1 a0=\"four\"",
            "type=EXECVE msg=audit(100.000:1): argc=1 a0=\"late\"",
        };
        for (int i = 0; i < lines.length; i++) {
            a.accept(Line.of("t", i + 1, lines[i]), rejects::add, out::add);
            assertThat(((AuditdAssembler) a).pendingCount()).isLessThanOrEqualTo(2);
        }
        assertThat(out).extracting(e -> ((ProcessStart) e).commandLine()).containsExactly("one");
        assertThat(rejects).containsExactly("audit event 100.000:2 has neither SYSCALL nor EXECVE records");
        a.finish(rejects::add, out::add);
        // the late record of the evicted event 1 is dropped, not turned into an event of its own
        assertThat(out).extracting(e -> ((ProcessStart) e).commandLine()).containsExactly("one", "three", "four");
        assertThat(((AuditdAssembler) a).pendingCount()).isZero();
    }

    @Test
    void sameSerialOnTwoNodesAreTwoEvents() {
        RecordAssembler a = AuditdFormat.INSTANCE.newAssembler();
        List<Event> out = new ArrayList<>();
        a.accept(Line.of("t", 1, "node=a type=EXECVE msg=audit(100.000:1): argc=1 a0=\"x\""), r -> { }, out::add);
        a.accept(Line.of("t", 2, "node=b type=EXECVE msg=audit(100.000:1): argc=1 a0=\"y\""), r -> { }, out::add);
        a.accept(Line.of("t", 3, "node=b type=EOE msg=audit(100.000:1): "), r -> { }, out::add);
        a.accept(Line.of("t", 4, "node=a type=EOE msg=audit(100.000:1): "), r -> { }, out::add);
        assertThat(out).extracting(e -> ((ProcessStart) e).host() + ":" + ((ProcessStart) e).commandLine())
                .containsExactly("b:y", "a:x");
    }
}
