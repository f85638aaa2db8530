package dev.vigil.ingest.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.event.ProcessStart;
import dev.vigil.ingest.Line;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessJsonFormatTest {

    @Test
    void golden() {
        ProcessGolden.check(ProcessJsonFormat.INSTANCE, "process-json", "basic");
    }

    @Test
    void nameIsWhatInputTakes() {
        assertThat(ProcessJsonFormat.INSTANCE.name()).isEqualTo("process-json");
        assertThat(ProcessJsonFormat.INSTANCE.newParser()).isSameAs(ProcessJsonFormat.INSTANCE);
    }

    @Test
    void readsWhatTheEvaluationScriptWrites() {
        // json.dumps escapes non-ASCII and keeps key order of write_proc
        String row = "{\"time\": \"2026-11-01T00:00:05Z\", \"host\": \"eval-linux\", \"pid\": 10005, "
                + "\"ppid\": 1005, \"exe\": \"/bin/bash\", \"cmdline\": \"echo \\u00e9t\\u00e9 | base64 -d\", "
                + "\"user\": \"www-data\"}";
        List<String> rejects = new ArrayList<>();
        ProcessStart p = (ProcessStart) ProcessJsonFormat.INSTANCE.parse(Line.of("eval", 6, row), rejects::add);
        assertThat(rejects).isEmpty();
        assertThat(p.commandLine()).isEqualTo("echo été | base64 -d");
        assertThat(p.pid()).isEqualTo(10005);
        assertThat(p.ppid()).isEqualTo(1005);
        assertThat(p.time().toString()).isEqualTo("2026-11-01T00:00:05Z");
        assertThat(p.origin().line()).isEqualTo(6);
        assertThat(p.extra()).isEmpty();
    }

    @Test
    void aTimeBeyondWhatMillisecondsHoldIsKeptInExtraNotARejectedLine() {
        for (String time : List.of("\"+999999999-12-31T23:59:59Z\"", "\"-999999999-01-01T00:00:00Z\"",
                "1e300", "\"99999999999999999999\"", "9.9e15")) {
            String row = "{\"time\": " + time + ", \"pid\": 7, \"exe\": \"/bin/sh\"}";
            List<String> rejects = new ArrayList<>();
            ProcessStart p = (ProcessStart) ProcessJsonFormat.INSTANCE.parse(Line.of("t", 1, row), rejects::add);
            assertThat(rejects).as(time).isEmpty();
            assertThat(p).as(time).isNotNull();
            assertThat(p.time()).as(time).isNull();
            assertThat(p.extra()).as(time).containsEntry("time", time.replace("\"", ""));
        }
    }

    @Test
    void argvBecomesAQuotedCommandLine() {
        assertThat(CommandLines.join(List.of("sh", "-c", "id; uname -a", "", "a\"b c")))
                .isEqualTo("sh -c \"id; uname -a\" \"\" \"a\\\"b c\"");
        assertThat(CommandLines.join(List.of("C:\\Program Files\\x.exe", "/q")))
                .isEqualTo("\"C:\\Program Files\\x.exe\" /q");
        assertThat(CommandLines.join(List.of())).isNull();
    }

    @Test
    void hostileNestingIsRejectedWithItsReason() {
        String deep = "{\"pid\":1,\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        List<String> rejects = new ArrayList<>();
        assertThat(ProcessJsonFormat.INSTANCE.parse(Line.of("t", 1, deep), rejects::add)).isNull();
        assertThat(rejects).containsExactly("JSON nested too deeply or with a value too long to read");
        // a long value is fine
        rejects.clear();
        String longValue = "{\"pid\":2,\"cmdline\":\"" + "a".repeat(500_000) + "\"}";
        ProcessStart p = (ProcessStart) ProcessJsonFormat.INSTANCE.parse(Line.of("t", 2, longValue), rejects::add);
        assertThat(rejects).isEmpty();
        assertThat(p.commandLine()).hasSize(500_000);
    }
}
