package dev.vigil.ingest.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class NginxProperties {

    private static final LineParser CUSTOM = new NginxFormat(NginxFormatTest.CUSTOM).newParser();
    private static final List<LineParser> ALL = List.of(CUSTOM,
            new NginxFormat(NginxFormatTest.JSON).newParser(),
            new NginxFormat(NginxFormatTest.PIPES).newParser());
    private static final DateTimeFormatter CLF =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

    @Property(tries = 3000)
    void neverThrowsOnArbitraryBytes(@ForAll byte[] bytes) {
        for (LineParser p : ALL) {
            checkOutcome(p, bytes);
        }
    }

    @Property(tries = 3000)
    void neverThrowsOnDamagedLines(@ForAll("lines") String line,
                                   @ForAll @IntRange(min = 0, max = 10_000) int at,
                                   @ForAll("damage") byte junk,
                                   @ForAll @IntRange(min = 0, max = 3) int how) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        int i = at % (b.length + 1);
        byte[] damaged;
        switch (how) {
            case 0: damaged = java.util.Arrays.copyOf(b, i); break;            // truncated
            case 1: damaged = insert(b, i, junk); break;                       // stray byte
            case 2: damaged = i < b.length ? replace(b, i, junk) : b; break;    // overwritten byte
            default: damaged = i < b.length ? delete(b, i) : b;                 // lost byte
        }
        for (LineParser p : ALL) {
            checkOutcome(p, damaged);
        }
    }

    @Property(tries = 2000)
    void renderedLinesParseBackToTheirValues(
            @ForAll("ips") String ip,
            @ForAll("tokens") String user,
            @ForAll @LongRange(min = 0, max = 4_102_444_800L) long epochSecond,
            @ForAll @IntRange(min = -47, max = 56) int offsetQuarters,
            @ForAll("methods") String method,
            @ForAll("texts") String target,
            @ForAll("protocols") String protocol,
            @ForAll @IntRange(min = 100, max = 599) int status,
            @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long bytes,
            @ForAll("texts") String referer,
            @ForAll("texts") String userAgent,
            @ForAll @LongRange(min = 0, max = 10_000_000) long durationMs,
            @ForAll("tokens") String host) {
        String time = Instant.ofEpochSecond(epochSecond)
                .atOffset(ZoneOffset.ofTotalSeconds(offsetQuarters * 15 * 60)).format(CLF);
        String line = render(ip) + " - " + render(user) + " [" + time + "] \""
                + render(method + " " + target + " " + protocol) + "\" " + status + " " + bytes
                + " \"" + render(referer) + "\" \"" + render(userAgent) + "\" "
                + String.format(Locale.ROOT, "%d.%03d", durationMs / 1000, durationMs % 1000) + " " + render(host);
        List<String> reasons = new ArrayList<>();
        Event e = CUSTOM.parse(Line.of("prop", 1, line), reasons::add);

        assertThat(reasons).as(line).isEmpty();
        HttpRequest r = (HttpRequest) e;
        assertThat(r.clientIp()).isEqualTo(ip);
        assertThat(r.user()).isEqualTo(user);
        assertThat(r.timeMillis()).isEqualTo(epochSecond * 1000);
        assertThat(r.method()).isEqualTo(method);
        assertThat(r.target()).isEqualTo(target);
        assertThat(r.protocol()).isEqualTo(protocol);
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.bytes()).isEqualTo(bytes);
        assertThat(r.referer()).isEqualTo(referer);
        assertThat(r.userAgent()).isEqualTo(userAgent);
        assertThat(r.durationMs()).isEqualTo(durationMs);
        assertThat(r.host()).isEqualTo(host);
        assertThat(r.extra()).isEmpty();
    }

    /** nginx's default escaping: '"', '\' and bytes outside printable ASCII as \xHH; null as "-". */
    static String render(String value) {
        if (value == null) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c == '"' || c == '\\' || c < 0x20 || c >= 0x7F) {
                sb.append(String.format(Locale.ROOT, "\\x%02X", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    private static void checkOutcome(LineParser p, byte[] bytes) {
        Line line = new Line();
        line.set(bytes, 0, bytes.length, "prop", 1, 0);
        List<String> reasons = new ArrayList<>();
        Event e = p.parse(line, reasons::add);
        if (e != null) {
            assertThat(reasons).isEmpty();
        } else if (reasons.isEmpty()) {
            assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).as("only blank lines carry nothing").isBlank();
        } else {
            assertThat(reasons).hasSize(1);
            assertThat(reasons.get(0)).isNotBlank();
        }
    }

    private static byte[] insert(byte[] b, int i, byte x) {
        byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 0, i);
        out[i] = x;
        System.arraycopy(b, i, out, i + 1, b.length - i);
        return out;
    }

    private static byte[] replace(byte[] b, int i, byte x) {
        byte[] out = b.clone();
        out[i] = x;
        return out;
    }

    private static byte[] delete(byte[] b, int i) {
        byte[] out = new byte[b.length - 1];
        System.arraycopy(b, 0, out, 0, i);
        System.arraycopy(b, i + 1, out, i, b.length - i - 1);
        return out;
    }

    @Provide
    Arbitrary<String> lines() {
        return Arbitraries.of(
                "203.0.113.7 - - [10/Oct/2024:13:55:36 +0200] \"GET /a\\x22b HTTP/1.1\" 200 612 \"-\" \"M \\\"q\\\"\" 0.004 h",
                "{\"time\":\"2024-03-01T12:00:00+00:00\",\"ip\":\"1.2.3.4\",\"method\":\"GET\",\"uri\":\"/\\u00e9\","
                        + "\"status\":200,\"bytes\":1,\"ua\":\"a\\\"b\",\"xff\":\"\",\"rt\":0.1,\"host\":\"h\"}",
                "1709294400.123|203.0.113.7|GET|/index.php|id=1|200|1200|shop|10.0.0.5:8080");
    }

    @Provide
    Arbitrary<Byte> damage() {
        return Arbitraries.of((byte) '"', (byte) '\\', (byte) ' ', (byte) '-', (byte) '[', (byte) ']',
                (byte) '|', (byte) 'x', (byte) 0, (byte) 0xFF, (byte) '\r');
    }

    @Provide
    Arbitrary<String> ips() {
        Arbitrary<Integer> octet = Arbitraries.integers().between(0, 255);
        return octet.list().ofSize(4).map(o -> o.get(0) + "." + o.get(1) + "." + o.get(2) + "." + o.get(3));
    }

    /** Unquoted values: nginx writes them raw, so they cannot hold the space that ends them. */
    @Provide
    Arbitrary<String> tokens() {
        return Arbitraries.strings().alpha().numeric().withChars(".-_:").ofMinLength(1).ofMaxLength(30)
                .filter(s -> !s.equals("-")).injectNull(0.2);
    }

    /** Any text without lone surrogates, which UTF-8 cannot carry. */
    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings()
                .withCharRange((char) 0, (char) 0xD7FF)
                .withCharRange((char) 0xE000, (char) 0xFFFD)
                .withChars("\"\\ -")
                .ofMinLength(1).ofMaxLength(60)
                .filter(s -> !s.equals("-"));
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of("GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PROPFIND", "M-SEARCH");
    }

    @Provide
    Arbitrary<String> protocols() {
        return Arbitraries.of("HTTP/1.0", "HTTP/1.1", "HTTP/2.0", "HTTP/3.0");
    }
}
