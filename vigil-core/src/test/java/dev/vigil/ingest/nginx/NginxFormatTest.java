package dev.vigil.ingest.nginx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.event.HttpRequest;
import dev.vigil.ingest.GoldenFiles;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NginxFormatTest {

    static final String CUSTOM = "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent"
            + " \"$http_referer\" \"$http_user_agent\" $request_time $host";
    static final String JSON = "{\"time\":\"$time_iso8601\",\"ip\":\"$remote_addr\",\"method\":\"$request_method\","
            + "\"uri\":\"$request_uri\",\"status\":$status,\"bytes\":$body_bytes_sent,\"ua\":\"$http_user_agent\","
            + "\"xff\":\"$http_x_forwarded_for\",\"rt\":$request_time,\"host\":\"$http_host\"}";
    static final String PIPES = "$msec|$remote_addr|$request_method|$uri|$args|$status|$bytes_sent|${server_name}|$upstream_addr";

    @Test
    void goldenCustom() {
        GoldenFiles.check(new NginxFormat(CUSTOM), "nginx", "custom");
    }

    @Test
    void goldenEscapeJson() {
        GoldenFiles.check(new NginxFormat(JSON), "nginx", "json");
    }

    @Test
    void goldenPipesWithUriArgsAndMsec() {
        GoldenFiles.check(new NginxFormat(PIPES), "nginx", "pipes");
    }

    @Test
    void namesItselfAndSharesOneStatelessParser() {
        NginxFormat f = new NginxFormat(CUSTOM);
        assertThat(f.name()).isEqualTo("nginx");
        assertThat(f.newParser()).isSameAs(f.newParser());
        assertThat(f.newParser().stateful()).isFalse();
        assertThat(f.newParser().snapshot()).isSameAs(f.newParser());
    }

    @Test
    void rejectReasonNamesTheLiteralTheVariableAndTheColumn() {
        LineParser p = new NginxFormat(CUSTOM).newParser();
        List<String> reasons = new ArrayList<>();
        String truncated = "1.2.3.4 - - [10/Oct/2024:13:55:36 +0200] \"GET / HTTP/1.1\" 200";
        assertThat(p.parse(Line.of("t", 1, truncated), reasons::add)).isNull();
        assertThat(truncated.length()).isEqualTo(61);
        String noQuote = "1.2.3.4 - - [10/Oct/2024:13:55:36 +0200] \"GET / HTTP/1.1\" 200 612 \"-\" -\" 0.1 h";
        assertThat(p.parse(Line.of("t", 2, noQuote), reasons::add)).isNull();
        // the referer's closing quote is at column 69 but no '" "' follows it
        assertThat(noQuote.indexOf("-\" -") + 2).isEqualTo(69);
        assertThat(reasons).containsExactly(
                "expected ' ' after $status at column 62",
                "expected '\" \"' after $http_referer at column 69");
    }

    @Test
    void blankLinesAreNoEventsAndNoRejects() {
        List<String> reasons = new ArrayList<>();
        LineParser p = new NginxFormat(CUSTOM).newParser();
        assertThat(p.parse(Line.of("t", 1, ""), reasons::add)).isNull();
        assertThat(p.parse(Line.of("t", 2, " \t "), reasons::add)).isNull();
        assertThat(reasons).isEmpty();
    }

    @Test
    void binaryRemoteAddrBecomesText() {
        LineParser p = new NginxFormat("$binary_remote_addr \"$request\"").newParser();
        HttpRequest r = (HttpRequest) p.parse(Line.of("t", 1, "\\xC0\\x00\\x02\\xFF \"GET / HTTP/1.1\""),
                LineParser.Rejects.IGNORE);
        assertThat(r.clientIp()).isEqualTo("192.0.2.255");
        assertThat(r.method()).isEqualTo("GET");
    }

    @Test
    void moreSpecificVariableWinsAndTheOtherGoesToExtra() {
        LineParser p = new NginxFormat("$server_name $host $bytes_sent $body_bytes_sent $request_uri \"$request\"")
                .newParser();
        HttpRequest r = (HttpRequest) p.parse(Line.of("t", 1, "srv example.org 900 700 /b?x=1 \"GET /a HTTP/1.1\""),
                LineParser.Rejects.IGNORE);
        assertThat(r.host()).isEqualTo("example.org");
        assertThat(r.bytes()).isEqualTo(700);
        assertThat(r.target()).isEqualTo("/b?x=1");
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.extra()).containsEntry("server_name", "srv").containsEntry("bytes_sent", "900");
    }

    @Test
    void unusableFormatsAreRefusedWithAReason() {
        assertThatThrownBy(() -> new NginxFormat("just text"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no variables");
        assertThatThrownBy(() -> new NginxFormat("$remote_addr$status"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$remote_addr and $status have no literal text between them");
        assertThatThrownBy(() -> new NginxFormat("${remote_addr} ${status"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no closing '}'");
        assertThatThrownBy(() -> new NginxFormat("$remote_addr $"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid variable name '$'");
        assertThatThrownBy(() -> new NginxFormat("${a-b} x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid variable name");
        assertThatThrownBy(() -> new NginxFormat(""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void escapesAreUndoneOnlyWhereTheyAreWellFormed() {
        byte[] b = "a\\x4 \\q \\u12 \\x41\\\\".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(dev.vigil.ingest.Escapes.decode(b, 0, b.length)).isEqualTo("a\\x4 \\q \\u12 A\\");
    }
}
