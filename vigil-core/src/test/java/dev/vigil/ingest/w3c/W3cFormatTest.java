package dev.vigil.ingest.w3c;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.event.HttpRequest;
import dev.vigil.ingest.GoldenFiles;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class W3cFormatTest {

    @Test
    void goldenIisWithHeaderChangesInTheMiddle() {
        GoldenFiles.check(new W3cFormat(), "w3c", "iis");
    }

    @Test
    void goldenLinesBeforeAnyHeaderUseTheIisDefault() {
        GoldenFiles.check(new W3cFormat(), "w3c", "noheader");
    }

    @Test
    void isStatefulAndFlagsOnlyHeaderDirectives() {
        LineParser p = new W3cFormat().newParser();
        assertThat(new W3cFormat().name()).isEqualTo("w3c");
        assertThat(p.stateful()).isTrue();
        assertThat(p.isDirective(Line.of("t", 1, "#Fields: date time c-ip"))).isTrue();
        assertThat(p.isDirective(Line.of("t", 1, "#Date: 2024-03-01 00:00:00"))).isTrue();
        assertThat(p.isDirective(Line.of("t", 1, "#Software: IIS"))).isFalse();
        assertThat(p.isDirective(Line.of("t", 1, "2024-03-01 00:00:00 1.2.3.4"))).isFalse();
        assertThat(new W3cFormat().newParser()).isNotSameAs(new W3cFormat().newParser());
    }

    @Test
    void snapshotIsIndependentOfLaterHeaders() {
        LineParser p = new W3cFormat().newParser();
        p.parse(Line.of("t", 1, "#Fields: c-ip cs-uri-stem"), LineParser.Rejects.IGNORE);
        LineParser copy = p.snapshot();
        p.parse(Line.of("t", 2, "#Fields: cs-uri-stem c-ip"), LineParser.Rejects.IGNORE);

        HttpRequest fromCopy = (HttpRequest) copy.parse(Line.of("t", 3, "1.2.3.4 /a"), LineParser.Rejects.IGNORE);
        HttpRequest fromOriginal = (HttpRequest) p.parse(Line.of("t", 3, "1.2.3.4 /a"), LineParser.Rejects.IGNORE);
        assertThat(fromCopy.clientIp()).isEqualTo("1.2.3.4");
        assertThat(fromCopy.target()).isEqualTo("/a");
        assertThat(fromOriginal.clientIp()).isEqualTo("/a");
        assertThat(fromOriginal.target()).isEqualTo("1.2.3.4");
    }

    @Test
    void fieldCountMismatchNamesBothCounts() {
        LineParser p = new W3cFormat().newParser();
        List<String> reasons = new ArrayList<>();
        p.parse(Line.of("t", 1, "#Fields: date time c-ip"), reasons::add);
        assertThat(p.parse(Line.of("t", 2, "2024-03-01 00:00:00"), reasons::add)).isNull();
        assertThat(reasons).containsExactly("expected 3 fields as the #Fields: directive lists, found 2");
    }

    @Test
    void aFieldNamedTwiceIsReportedAndTheFirstColumnKeepsItsMeaning() {
        List<String> warnings = new ArrayList<>();
        List<String> rejects = new ArrayList<>();
        LineParser.Rejects r = new LineParser.Rejects() {
            @Override
            public void reject(String reason) {
                rejects.add(reason);
            }

            @Override
            public void warn(String reason) {
                warnings.add(reason);
            }
        };
        for (String header : List.of("#Fields: c-ip cs-uri-stem C-IP", "#Fields: c-ip cs-uri-stem c-ip")) {
            warnings.clear();
            LineParser p = new W3cFormat().newParser();
            assertThat(p.parse(Line.of("t", 1, header), r)).isNull();
            assertThat(warnings).singleElement().asString().contains("names " + header.substring(26) + " more than once");
            HttpRequest req = (HttpRequest) p.parse(Line.of("t", 2, "192.0.2.1 /a 198.51.100.9"), r);
            assertThat(req.clientIp()).isEqualTo("192.0.2.1");
            assertThat(req.target()).isEqualTo("/a");
            assertThat(req.extra()).containsEntry(header.substring(26) + "#2", "198.51.100.9");
            // the decision does not depend on which copy of the parser reads the line
            HttpRequest again = (HttpRequest) p.snapshot().parse(Line.of("t", 2, "192.0.2.1 /a 198.51.100.9"), r);
            assertThat(again.clientIp()).isEqualTo("192.0.2.1");
        }
        assertThat(rejects).isEmpty();
    }
}
