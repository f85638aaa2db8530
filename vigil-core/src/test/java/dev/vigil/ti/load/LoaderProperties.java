package dev.vigil.ti.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ti.Indicator;
import java.io.StringReader;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class LoaderProperties {
    private static final LoadOptions OPTS = LoadOptions.at(Instant.parse("2025-06-01T00:00:00Z"));

    @Provide
    Arbitrary<String> feedish() {
        Arbitrary<String> pieces = Arbitraries.of("1.2.3.4", "10.0.0.0/8", "::1", "evil.com", "http://x.y/z", "#", ";",
                ",", "\n", "\"", "{", "}", "[", "]", ":", "\"Event\"", "\"Attribute\"", "\"type\"", "\"indicator\"",
                "\"pattern\"", "'", "ipv4-addr:value", "=", " OR ", "indicator,type", "\"value\"", "null", "true", "1",
                "\u00fc", "\uFEFF", "d41d8cd98f00b204e9800998ecf8427e", "|");
        return Arbitraries.oneOf(Arbitraries.strings(), pieces.list().ofMaxSize(60).map(l -> String.join("", l)));
    }

    @Property(tries = 500)
    void loadersNeverThrowAndKeepCountsConsistent(@ForAll("feedish") String text) {
        for (IndicatorLoader l : IndicatorLoaders.standard().all()) {
            LoadResult r = l.load(new StringReader(text), "prop.txt", OPTS);
            assertThat(r.bad()).isGreaterThanOrEqualTo(r.problems().size());
            assertThat(r.indicators()).allSatisfy(i -> assertThat(i.isActiveAt(OPTS.now())).isTrue());
        }
        IndicatorLoaders.standard().sniff("x", text);
    }

    @Property(tries = 500)
    void stixPatternParserNeverThrows(@ForAll("feedish") String text) {
        StixPattern.parse(text);
        StixPattern.parse("[" + text + "]");
    }

    @Property(tries = 300)
    void indicatorValuesAreIdempotentlyNormalised(@ForAll("feedish") String text) {
        var kind = Indicator.guessKind(text);
        if (kind == null) {
            return;
        }
        Indicator i;
        try {
            i = Indicator.of(kind, text, "f");
        } catch (IllegalArgumentException e) {
            return;
        }
        assertThat(Indicator.of(i.kind(), i.value(), "f").value()).isEqualTo(i.value());
    }
}
