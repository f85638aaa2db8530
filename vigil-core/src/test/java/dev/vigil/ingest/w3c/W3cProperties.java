package dev.vigil.ingest.w3c;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class W3cProperties {

    private static final String HEADER = "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port"
            + " cs-username c-ip cs(User-Agent) cs(Referer) cs-host sc-status sc-bytes time-taken s-sitename";

    @Property(tries = 3000)
    void neverThrowsOnArbitraryBytes(@ForAll byte[] bytes) {
        check(new W3cFormat().newParser(), bytes);
        LineParser withHeader = new W3cFormat().newParser();
        withHeader.parse(Line.of("prop", 1, HEADER), LineParser.Rejects.IGNORE);
        check(withHeader, bytes);
    }

    @Property(tries = 2000)
    void neverThrowsOnLinesMadeOfPlausibleTokens(@ForAll @Size(min = 1, max = 20) List<@From("tokens") String> parts,
                                                 @ForAll @IntRange(min = 0, max = 2) int header) {
        LineParser p = new W3cFormat().newParser();
        if (header == 1) {
            p.parse(Line.of("prop", 1, HEADER), LineParser.Rejects.IGNORE);
        } else if (header == 2) {
            p.parse(Line.of("prop", 1, "#Fields: " + String.join(" ", parts)), LineParser.Rejects.IGNORE);
        }
        check(p, String.join(" ", parts).getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 1000)
    void valuesWithoutSpacesComeBackFromTheirColumns(@ForAll("tokens") String ip, @ForAll("tokens") String stem,
                                                     @ForAll("tokens") String agent) {
        Assume.that(!ip.startsWith("#")); // that would be a directive line
        LineParser p = new W3cFormat().newParser();
        p.parse(Line.of("prop", 1, "#Fields: c-ip cs-uri-stem cs(User-Agent)"), LineParser.Rejects.IGNORE);
        HttpRequest r = (HttpRequest) p.parse(Line.of("prop", 2, ip + " " + stem + " " + agent),
                LineParser.Rejects.IGNORE);
        assertThat(r.clientIp()).isEqualTo(ip.equals("-") ? null : ip);
        assertThat(r.target()).isEqualTo(stem.equals("-") ? null : stem);
        assertThat(r.userAgent()).isEqualTo(agent.equals("-") ? null : agent.replace('+', ' '));
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
            if (reasons.isEmpty()) {
                String s = new String(bytes, StandardCharsets.ISO_8859_1);
                assertThat(s.isBlank() || s.startsWith("#")).as("only blank and directive lines carry nothing").isTrue();
            }
        }
    }

    @Provide
    Arbitrary<String> tokens() {
        return Arbitraries.oneOf(
                Arbitraries.of("-", "2024-03-01", "00:00:01", "25:99:99", "GET", "/a", "200", "abc", "+", "#",
                        "99999999999999999999", "#Fields:", "\u0000", "\uFFFD", "é"),
                Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(12));
    }
}
