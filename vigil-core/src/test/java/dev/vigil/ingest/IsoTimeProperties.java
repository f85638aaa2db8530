package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** The hand-written ISO-8601 reading gives java.time's value whenever it takes a time on itself. */
class IsoTimeProperties {

    @Property(tries = 5000)
    void handWrittenFormAgreesWithJavaTime(@ForAll("times") String s) {
        long plain = Timestamps.isoPlain(s);
        boolean handled = plain != Long.MIN_VALUE + 1;
        Statistics.label("read by").collect(handled ? "hand" : "java.time");
        if (handled) {
            assertThat(plain).as(s).isEqualTo(Timestamps.isoJavaTime(s));
        }
        assertThat(Timestamps.iso(s)).as(s).isEqualTo(Timestamps.isoJavaTime(s));
    }

    @Example
    void commonFormsAreReadByHand() {
        for (String s : new String[] {"2026-11-01T00:00:00Z", "2024-03-01T12:00:00.1234567Z", "2024-03-01 12:00:00",
                "2024-03-01T12:00:00+05:30", "1999-12-31T23:59:59.999-08:00"}) {
            assertThat(Timestamps.isoPlain(s)).as(s).isNotEqualTo(Long.MIN_VALUE + 1)
                    .isEqualTo(Timestamps.isoJavaTime(s));
        }
    }

    @Provide
    Arbitrary<String> times() {
        Arbitrary<String> year = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.integers().between(1000, 2400).map(String::valueOf)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("0999", "9999", "12345", "20x4", "2000", "1900", "2004")));
        Arbitrary<String> two = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.integers().between(0, 23).map(i -> String.format("%02d", i))),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 61).map(i -> String.format("%02d", i))),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("1", "x1", "99", "00")));
        Arbitrary<String> sep = Arbitraries.of("T", "T", "T", " ", "t", "_");
        Arbitrary<String> frac = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(11).map(d -> "." + d));
        Arbitrary<String> zone = Arbitraries.oneOf(Arbitraries.of("Z", "Z", "","", "Z", "z", "+00:00", "-00:00", "+18:00", "+0530",
                        "+05:30:00", " Z", "Zx"),
                Combinators.combine(Arbitraries.of("+", "-"), Arbitraries.integers().between(0, 19),
                        Arbitraries.integers().between(0, 61)).as((sg, h, m) -> String.format("%s%02d:%02d", sg, h, m)));
        Arbitrary<String> month = Arbitraries.integers().between(0, 13).map(i -> String.format("%02d", i));
        Arbitrary<String> date = Combinators.combine(year, month, Arbitraries.integers().between(0, 32))
                .as((y, m, d) -> y + "-" + m + "-" + String.format("%02d", d));
        Arbitrary<String> time = Combinators.combine(two, two, two).as((h, m, x) -> h + ":" + m + ":" + x);
        return Combinators.combine(date, sep, time, frac, zone).as((d, s, t, f, z) -> d + s + t + f + z);
    }
}
