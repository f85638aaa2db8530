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
}
