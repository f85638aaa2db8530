package dev.vigil.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.ingest.Source;
import dev.vigil.ingest.combined.CombinedFormat;
import dev.vigil.ingest.process.ProcessJsonFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Hostile input that parses: well-formed access-log lines whose request targets are built from what the HTTP readers look for
 * (array and JSON-valued parameters, every encoding, path parameters, quotes, tags, template and
 * expression openers) all reach and go through every built-in HTTP rule and detector without one of them failing:
 * a detector that throws loses its verdict on that line, which the engine counts as a failure. The
 * same for process events whose command lines are built from what the command-line readers look for,
 * on both platforms, through every process rule, behaviour and stateful detector.
 */
class HostileInputProperties {
    private static final Engine ENGINE = Engine.builder().format(CombinedFormat.COMBINED).threads(1)
            .defaultDetectors(AlertCatalogue.builtIn()).build();
    private static final Engine PROCESS = Engine.builder().format(ProcessJsonFormat.INSTANCE).threads(1)
            .defaultDetectors(AlertCatalogue.builtIn()).build();

    @Property(tries = 150)
    void noDetectorFailsOnAHostileTarget(@ForAll("targets") List<String> targets) throws Exception {
        StringBuilder log = new StringBuilder();
        int i = 0;
        for (String t : targets) {
            log.append("198.51.100.").append(1 + i % 200).append(" - - [07/Dec/2026:10:00:")
                    .append(String.format("%02d", i % 60)).append(" +0000] \"GET ").append(t.replace("\"", "\\x22"))
                    .append(" HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\"\n");
            i++;
        }
        ScanSummary s = ENGINE.scan(List.of(Source.of("hostile", log.toString().getBytes(StandardCharsets.UTF_8))),
                new ScanListener() {});
        assertThat(s.detectorFailures()).as(log.toString()).isEmpty();
        // every line is read as a request (a quote in the target is written \x22, as nginx logs it),
        // so every one reaches the detectors
        assertThat(s.sources().get(0).lines()).isEqualTo(targets.size());
        assertThat(s.sources().get(0).events()).isEqualTo(targets.size());
    }

    @Provide
    Arbitrary<List<String>> targets() {
        Arbitrary<String> words = Arbitraries.of(
                "?", "&", "=", "[]", "[0]", "[$ne]", "%5B", "%5D", "{", "}", "%7B", "%7D", "[", "]", "\\\"", "%22",
                "\\x22", "'", "%27", "%2527", "%%", "%", "%u0027", "%uff0e", "%c0%ae", "%00", "%0d%0a", "+", "%2B",
                ";", ";jsessionid=", "/..;/", "../", "..%2f", "%2e%2e/", "//", "\\\\", ":", "\"a\":", "\"b\":[\"",
                "{\"$gt\":\"\"}", "[\"x\",", "\\u0024", "\\u0022", "<script>", "<svg/onload=", "javascript:",
                "${", "#{", "{{", "}}", "<%=", "%>", "$(", "`", "|", "||", "&&", "' or 1=1--", "union select ",
                "/*", "*/", "@@", "0x", "php://", "file://", "http://127.0.0.1", "http://[::1]", "0177.0.0.1",
                "__proto__", "constructor[prototype]", "a", "id", "cmd", "q", "filter", "next", "/etc/passwd",
                "~", ".php", ".bak", "*", "(", ")", "!", "\\", "%5C", "%EF%BC%9C", "%E2%80%AE", "x".repeat(300));
        Arbitrary<String> target = words.list().ofMaxSize(40).map(p -> "/" + String.join("", p));
        return target.list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 150)
    void noDetectorFailsOnAHostileCommandLine(@ForAll("commandLines") List<String> lines) throws Exception {
        StringBuilder log = new StringBuilder();
        int i = 0;
        for (String c : lines) {
            boolean windows = i % 2 == 0;
            log.append("{\"time\":\"2026-12-07T10:00:").append(String.format("%02d", i % 60))
                    .append("Z\",\"host\":\"h\",\"pid\":").append(100 + i).append(",\"ppid\":").append(99 + i)
                    .append(",\"exe\":").append(json(windows ? "C:\\Windows\\System32\\cmd.exe" : "/bin/sh"))
                    .append(",\"cmdline\":").append(json(c)).append(",\"user\":\"www-data\"}\n");
            i++;
        }
        ScanSummary s = PROCESS.scan(List.of(Source.of("hostile", log.toString().getBytes(StandardCharsets.UTF_8))),
                new ScanListener() {});
        assertThat(s.detectorFailures()).as(log.toString()).isEmpty();
        assertThat(s.sources().get(0).events()).isEqualTo(lines.size());
    }

    @Provide
    Arbitrary<List<String>> commandLines() {
        Arbitrary<String> words = Arbitraries.of(
                "wmic process call create ", "schtasks /create /tr ", "sc create x binpath= ", "start-process ",
                "-argumentlist ", "iex ", "& ", "$v = ", "& $v ", "powershell -c ", "powershell -enc aQBkAA== ",
                "cmd /c ", "set x=", "call %x%", "%x:~2,3%", "!x!", "for /f %i in (", ") do ", "forfiles /c ",
                "busybox ", "sh -c ", "bash -c ", "xargs -i ", "find . -exec ", " {} ;", "$(", "`", "${IFS}",
                "$'\\x41'", "<<<", "| sh", "echo ", "base64 -d", "curl ", "wget -O- ", "http://203.0.113.5/x",
                "/dev/tcp/203.0.113.5/4444", "nc -e ", "python3 -c ", "import os;os.system(", "perl -e ", "x=/etc/pas;",
                "cat $x$y", "docker exec web ", "kubectl exec -- ", "ssh h ", "sudo ", "\\\"", "\"", "'", "''", "^",
                "`n", "\\", " ", "\t", "\n", ";", "&&", "|", "=", ",", "(", ")", "{", "}", "c:\\windows\\x.exe",
                "/tmp/x", "-", "\u2013", "%comspec%", "$env:temp", " \\\"", "=\\\"", "/etc/shadow", "~/.ssh/id_rsa", "*", "?", "[", "]");
        // how a line starts matters to the readers (a quoted program, an escape at the first character)
        Arbitrary<String> opener = Arbitraries.of("", "\"", "'", "\\\"", "\"c:\\x\\p.exe\" ", " ", "\\");
        Arbitrary<String> line = Combinators.combine(opener, words.list().ofMaxSize(30))
                .as((o, p) -> o + String.join("", p));
        return line.list().ofMinSize(1).ofMaxSize(8);
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
