package dev.vigil.ingest.combined;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.event.HttpRequest;
import dev.vigil.ingest.GoldenFiles;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CombinedFormatTest {

    @Test
    void goldenNastyLines() {
        GoldenFiles.check(CombinedFormat.COMBINED, "combined", "nasty");
    }

    @Test
    void splitsTargetIntoPathAndQuery() {
        HttpRequest r = (HttpRequest) CombinedFormat.COMBINED.parse(Line.of("t", 1,
                "1.2.3.4 - - [28/Nov/2026:10:00:00 +0000] \"GET /a/b.php?x=1&y=%27 HTTP/1.1\" 200 5 \"-\" \"ua\""),
                LineParser.Rejects.IGNORE);
        assertThat(r.path()).isEqualTo("/a/b.php");
        assertThat(r.query()).isEqualTo("x=1&y=%27");
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.protocol()).isEqualTo("HTTP/1.1");
    }

    @Test
    void rejectReasonsNameWhatWasExpectedAndWhere() {
        List<String> reasons = new ArrayList<>();
        CombinedFormat.COMBINED.parse(Line.of("t", 1,
                "1.2.3.4 - - [28/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 2x0 5"), reasons::add);
        assertThat(reasons).singleElement().asString()
                .contains("expected a status code").contains("'2x0'").contains("column 59");
    }

    @Test
    void isStatelessAndShared() {
        assertThat(CombinedFormat.COMBINED.newParser()).isSameAs(CombinedFormat.COMBINED.newParser());
        assertThat(CombinedFormat.COMBINED.stateful()).isFalse();
    }
}
