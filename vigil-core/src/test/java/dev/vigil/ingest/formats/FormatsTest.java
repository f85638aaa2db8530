package dev.vigil.ingest.formats;

import dev.vigil.ingest.LineFormat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FormatsTest {

    private static Optional<String> sniff(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return Formats.sniff(b, b.length).map(LineFormat::name);
    }

    private static Optional<String> sniffFile(String path) throws IOException {
        byte[] b = Files.readAllBytes(Path.of("..", path));
        return Formats.sniff(b, Math.min(b.length, 1 << 20)).map(LineFormat::name);
    }

    @Test
    void recognisesTheBundledSamples() throws IOException {
        assertThat(sniffFile("samples/nginx/access.log")).contains("combined");
        assertThat(sniffFile("samples/iis/u_ex261115.log")).contains("w3c");
        assertThat(sniffFile("samples/appservice/AppServiceHTTPLogs.json")).contains("appservice-json");
        assertThat(sniffFile("samples/process/webhost-attack.jsonl")).contains("process-json");
        assertThat(sniffFile("samples/README.md")).isEmpty();
    }

    @Test
    void recognisesCommonAndHeaderlessIis() {
        assertThat(sniff("1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 2326\n")).contains("combined");
        assertThat(sniff("2024-03-01 12:00:00 10.0.0.5 GET /default.aspx - 443 - 203.0.113.9 "
                + "Mozilla/5.0+(Windows) - 200 0 0 15\n")).contains("w3c");
    }

    @Test
    void recognisesAuditdAndSysmon() {
        assertThat(sniff("type=SYSCALL msg=audit(1700000000.123:42): arch=c000003e syscall=59 success=yes exit=0 "
                + "ppid=1 pid=2 auid=0 uid=0 comm=\"id\" exe=\"/usr/bin/id\"\n"
                + "type=EXECVE msg=audit(1700000000.123:42): argc=1 a0=\"id\"\n")).contains("auditd");
        assertThat(sniff("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
                + "<Provider Name='Microsoft-Windows-Sysmon'/><EventID>1</EventID><Computer>web1</Computer></System>"
                + "<EventData><Data Name='UtcTime'>2026-11-28 10:00:00.000</Data><Data Name='ProcessId'>42</Data>"
                + "<Data Name='Image'>C:\\Windows\\System32\\cmd.exe</Data><Data Name='CommandLine'>cmd /c whoami</Data>"
                + "</EventData></Event>\n")).contains("sysmon");
    }

    @Test
    void rejectsProseJsonOfAnotherKindAndBinary() {
        assertThat(sniff("Hello,\nthis is a letter.\n")).isEmpty();
        assertThat(sniff("{\"level\":\"info\",\"msg\":\"started\"}\n")).isEmpty();
        assertThat(sniff("\u0000\u0001\u0002\n")).isEmpty();
        assertThat(sniff("")).isEmpty();
    }

    @Test
    void resolvesNamesAndNginxFormats() {
        assertThat(Formats.forName("auto")).isEmpty();
        assertThat(Formats.forName("combined").orElseThrow().name()).isEqualTo("combined");
        assertThat(Formats.forName("w3c").orElseThrow().name()).isEqualTo("w3c");
        assertThat(Formats.forName("appservice-json").orElseThrow().name()).isEqualTo("appservice-json");
        assertThat(Formats.forName("nginx:'$remote_addr [$time_local] \"$request\" $status'").orElseThrow().name())
                .isEqualTo("nginx");
        assertThatThrownBy(() -> Formats.forName("syslog"))
                .hasMessageContaining("unknown input format 'syslog'").hasMessageContaining("w3c");
        assertThatThrownBy(() -> Formats.forName("nginx:no variables here"))
                .hasMessageStartingWith("--input nginx: ");
    }
}
