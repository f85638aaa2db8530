package dev.vigil.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.ingest.Source;
import dev.vigil.ingest.combined.CombinedFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class EngineProperties {
    private static final Engine ENGINE = Engine.builder().format(CombinedFormat.COMBINED).threads(2)
            .maxLineLength(256).defaultDetectors(AlertCatalogue.builtIn()).build();

    @Property(tries = 300)
    void neverThrowsAndAccountsForEveryLine(@ForAll @Size(max = 4000) byte[] data) throws Exception {
        ScanSummary s = ENGINE.scan(List.of(Source.of("fuzz", data)), new ScanListener() {});
        SourceStats st = s.sources().get(0);
        long newlines = 0;
        for (byte b : data) {
            if (b == '\n') {
                newlines++;
            }
        }
        long expected = newlines + (data.length > 0 && data[data.length - 1] != '\n' ? 1 : 0);
        assertThat(st.lines()).isEqualTo(expected);
        assertThat(st.events() + st.rejected()).isLessThanOrEqualTo(st.lines());
        assertThat(st.bytes()).isEqualTo(data.length);
    }
}
