package dev.vigil.ti.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ti.Indicator;
import dev.vigil.ti.IndicatorKind;
import dev.vigil.ti.IpAddresses;
import dev.vigil.ti.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class IpMatcherProperties {
    /** Brute force: the longest stored prefix that covers the address, as canonical text. */
    private static String linearLongest(List<IpPrefix> prefixes, boolean v6, long hi, long lo) {
        IpPrefix best = null;
        for (IpPrefix p : prefixes) {
            if (p.v6() != v6) {
                continue;
            }
            IpPrefix masked = new IpPrefix(v6, hi, lo, p.length());
            if (masked.equals(p) && (best == null || p.length() > best.length())) {
                best = p;
            }
        }
        return best == null ? null : best.cidrText();
    }

    @Property(tries = 200)
    void trieAgreesWithLinearScanOnIpv4(@ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int count) {
        Random rnd = new Random(seed);
        // Few base addresses so prefixes nest and overlap, which is where tries go wrong.
        long[] bases = new long[1 + rnd.nextInt(8)];
        for (int k = 0; k < bases.length; k++) {
            bases[k] = rnd.nextLong() & 0xffff_ffffL;
        }
        List<IpPrefix> prefixes = new ArrayList<>();
        IpMatcher.Builder b = IpMatcher.builder();
        for (int k = 0; k < count; k++) {
            long a = bases[rnd.nextInt(bases.length)] ^ (rnd.nextInt(4) == 0 ? rnd.nextLong() & 0xffffL : 0);
            int len = rnd.nextInt(33);
            IpPrefix p = new IpPrefix(false, 0, a, len);
            prefixes.add(p);
            b.add(Indicator.of(IndicatorKind.CIDR, p.cidrText(), "f"));
        }
        IpMatcher m = b.build();
        for (int q = 0; q < 200; q++) {
            long a = bases[rnd.nextInt(bases.length)] ^ (rnd.nextLong() & ((1L << rnd.nextInt(33)) - 1));
            String expected = linearLongest(prefixes, false, 0, a);
            List<Indicator> got = m.match(IpAddresses.formatV4(a));
            if (expected == null) {
                assertThat(got).isEmpty();
            } else {
                assertThat(got).isNotEmpty();
                assertThat(IpPrefix.parse(got.get(0).value()).cidrText()).isEqualTo(expected);
            }
        }
    }

    @Property(tries = 200)
    void levelCompressedTrieAgreesWithLinearScan(@ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int count) {
        Random rnd = new Random(seed);
        long[] bases = new long[1 + rnd.nextInt(4)];
        for (int k = 0; k < bases.length; k++) {
            bases[k] = rnd.nextLong() & 0xffff_ffffL;
        }
        List<IpPrefix> prefixes = new ArrayList<>();
        PrefixTrie<String> plain = new PrefixTrie<>(32);
        PrefixTrie<String> compressed = new PrefixTrie<>(32);
        for (int k = 0; k < count; k++) {
            long a = bases[rnd.nextInt(bases.length)] ^ (rnd.nextInt(3) == 0 ? rnd.nextLong() & 0xffff_ffffL : 0);
            IpPrefix p = new IpPrefix(false, 0, a, rnd.nextInt(33));
            prefixes.add(p);
            plain.insert(p.lo() << 32, 0, p.length(), p.cidrText());
            compressed.insert(p.lo() << 32, 0, p.length(), p.cidrText());
        }
        compressed.compressTopLevel();
        for (int q = 0; q < 300; q++) {
            long a = bases[rnd.nextInt(bases.length)] ^ (rnd.nextLong() & ((1L << rnd.nextInt(33)) - 1));
            String expected = linearLongest(prefixes, false, 0, a);
            assertThat(compressed.longest(a << 32, 0)).isEqualTo(expected);
            assertThat(plain.longest(a << 32, 0)).isEqualTo(expected);
        }
    }

    @Property(tries = 200)
    void trieAgreesWithLinearScanOnIpv6(@ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int count) {
        Random rnd = new Random(seed);
        long[][] bases = new long[1 + rnd.nextInt(8)][];
        for (int k = 0; k < bases.length; k++) {
            long hi = rnd.nextLong();
            bases[k] = new long[] {hi == 0 ? 1 : hi, rnd.nextLong()};
        }
        List<IpPrefix> prefixes = new ArrayList<>();
        IpMatcher.Builder b = IpMatcher.builder();
        for (int k = 0; k < count; k++) {
            long[] base = bases[rnd.nextInt(bases.length)];
            int len = rnd.nextInt(129);
            long flipHi = rnd.nextInt(3) == 0 ? rnd.nextLong() >>> rnd.nextInt(64) : 0;
            long flipLo = rnd.nextInt(3) == 0 ? rnd.nextLong() : 0;
            IpPrefix p = new IpPrefix(true, base[0] ^ flipHi, base[1] ^ flipLo, len);
            prefixes.add(p);
            b.add(Indicator.of(IndicatorKind.CIDR, p.cidrText(), "f"));
        }
        IpMatcher m = b.build();
        for (int q = 0; q < 200; q++) {
            long[] base = bases[rnd.nextInt(bases.length)];
            long hi = base[0] ^ (rnd.nextInt(4) == 0 ? rnd.nextLong() >>> rnd.nextInt(64) : 0);
            long lo = base[1] ^ rnd.nextLong() >>> rnd.nextInt(64);
            String expected = linearLongest(prefixes, true, hi, lo);
            List<Indicator> got = m.match(IpAddresses.formatV6(hi, lo));
            if (IpAddresses.isV4Mapped(hi, lo)) {
                continue;
            }
            if (expected == null) {
                assertThat(got).isEmpty();
            } else {
                assertThat(got).isNotEmpty();
                assertThat(IpPrefix.parse(got.get(0).value()).cidrText()).isEqualTo(expected);
            }
        }
    }

    @Property
    void ipv6ParsingAgreesWithTheJdkOnLiterals(@ForAll long hi, @ForAll long lo) throws Exception {
        String text = IpAddresses.formatV6(hi, lo);
        long[] out = new long[2];
        assertThat(IpAddresses.parseV6(text, out)).isTrue();
        assertThat(out).containsExactly(hi, lo);
        // A numeric literal never reaches DNS, so the JDK is a safe oracle here.
        byte[] jdk = java.net.InetAddress.getByName(text).getAddress();
        if (jdk.length == 16) {
            long jh = 0;
            long jl = 0;
            for (int k = 0; k < 8; k++) {
                jh = (jh << 8) | (jdk[k] & 0xff);
                jl = (jl << 8) | (jdk[k + 8] & 0xff);
            }
            assertThat(new long[] {jh, jl}).containsExactly(hi, lo);
        }
    }

    @Property
    void ipv4RoundTrips(@ForAll @IntRange(min = 0) int a, @ForAll boolean high) {
        long v = (a & 0xffff_ffffL) | (high ? 0x8000_0000L : 0);
        assertThat(IpAddresses.parseV4(IpAddresses.formatV4(v))).isEqualTo(v);
    }

    @Property
    void parsersNeverThrowOnArbitraryText(@ForAll String s) {
        IpAddresses.parseV4(s);
        IpAddresses.parseV6(s, new long[2]);
        IpPrefix.parse(s);
        IpMatcher.builder().build().match(s);
    }
}
