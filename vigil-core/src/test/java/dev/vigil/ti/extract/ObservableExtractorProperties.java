package dev.vigil.ti.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ObservableExtractorProperties {
    @Provide
    Arbitrary<String> commandish() {
        Arbitrary<String> pieces = Arbitraries.of("curl ", "http", "://", "stratum+tcp", "1.2.3.4", ":8080", "/x.sh",
                "evil", ".", "com", "-", "${jndi:", "ldap", "}", " ", "|", "[", "]", "::", "ff", "@", "?u=", "%",
                "\u00fc", "xn--", "'", "\"", "0", "255");
        return Arbitraries.oneOf(Arbitraries.strings(), pieces.list().ofMaxSize(40).map(l -> String.join("", l)));
    }

    @Property(tries = 1000)
    void neverThrowsAndSpansLieInsideTheText(@ForAll("commandish") String text) {
        List<Observable> found = ObservableExtractor.extract(text);
        assertThat(found.size()).isLessThanOrEqualTo(ObservableExtractor.MAX_RESULTS);
        for (Observable o : found) {
            assertThat(o.end()).isLessThanOrEqualTo(text.length());
            assertThat(o.value()).isNotBlank();
            assertThat(o.host()).isNotBlank();
        }
    }

    @Property(tries = 500)
    void anExtractedHostIsFoundAgainOnItsOwn(@ForAll("commandish") String text) {
        for (Observable o : ObservableExtractor.extract(text)) {
            if (o.kind() != Observable.Kind.URL) {
                assertThat(ObservableExtractor.extract(o.value())).extracting(Observable::value).contains(o.value());
            }
        }
    }
}
