package dev.vigil.ingest.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.event.Event;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.ftp.IisFtpFormat;
import dev.vigil.ingest.ftp.VsftpdFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** The DNS and FTP parsers never throw, and give an event or at most one reject, on any line. */
class DnsFormatsProperties {

    static List<LineParser> parsers() {
        LineParser iis = new IisFtpFormat().newParser();
        iis.parse(Line.of("p", 1, "#Fields: date time c-ip c-port cs-username s-ip s-port cs-method cs-uri-stem "
                + "sc-status sc-win32-status sc-substatus x-session x-fullpath"), LineParser.Rejects.IGNORE);
        return List.of(new BindQueryFormat(DnsFormatsTest.CLOCK), new DnsmasqFormat(DnsFormatsTest.CLOCK),
                DnsJsonFormat.INSTANCE, new VsftpdFormat(DnsFormatsTest.CLOCK), iis, new IisFtpFormat().newParser());
    }

    @Property(tries = 3000)
    void neverThrowOnArbitraryBytes(@ForAll byte[] bytes) {
        for (LineParser p : parsers()) {
            check(p, bytes);
        }
    }

    @Property(tries = 3000)
    void neverThrowOnLinesMadeOfPlausibleTokens(@ForAll @Size(min = 1, max = 24) List<@From("tokens") String> parts) {
        byte[] line = String.join(" ", parts).getBytes(StandardCharsets.UTF_8);
        for (LineParser p : parsers()) {
            check(p, line);
        }
    }

    private static void check(LineParser p, byte[] bytes) {
        Line line = new Line();
        line.set(bytes, 0, bytes.length, "prop", 2, 0);
        List<String> reasons = new ArrayList<>();
        Event e = p.parse(line, reasons::add);
        if (e != null) {
            assertThat(reasons).isEmpty();
        } else {
            assertThat(reasons).hasSizeLessThanOrEqualTo(1);
        }
    }

    @Provide
    Arbitrary<String> tokens() {
        return Arbitraries.oneOf(
                Arbitraries.of("28-Nov-2026", "10:00:00.123", "Nov", "28", "Sat", "2026", " 2", "10:00:00", "queries:",
                        "info:", "client", "@0x7f", "192.0.2.1#53", "#", "(a.example):", "query:", "query[A]", "query[",
                        "from", "dnsmasq[1]:", "named[2]:", "IN", "A", "+E(0)K", "(192.0.2.53)", "[pid", "1234]", "[alice]",
                        "OK", "FAIL", "LOGIN:", "Client", "\"192.0.2.1\"", "\"", "vsftpd[3]:", "PASS", "230", "530", "-",
                        "{\"query\":\"a\"}", "{", "}", "\u0000", "\uFFFD", "é", "99-Zzz-9999", "[]", "anon", "password"),
                Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(12));
    }
}
