package dev.vigil.ti.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ti.Indicator;
import dev.vigil.ti.IndicatorKind;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class IpMatcherTest {
    private static Indicator net(String v, String feed) {
        return Indicator.of(IndicatorKind.CIDR, v, feed);
    }

    private static List<String> hit(IpMatcher m, String ip) {
        return m.match(ip).stream().map(i -> i.value() + "@" + i.feed()).collect(Collectors.toList());
    }

    @Test
    void longestPrefixWinsAmongOverlappingNetworks() {
        IpMatcher.Builder b = IpMatcher.builder();
        b.add(net("10.0.0.0/8", "a"));
        b.add(net("10.1.0.0/16", "b"));
        b.add(net("10.1.2.0/24", "c"));
        b.add(Indicator.of(IndicatorKind.IPV4, "10.1.2.3", "d"));
        IpMatcher m = b.build();
        assertThat(hit(m, "10.1.2.3")).containsExactly("10.1.2.3@d");
        assertThat(hit(m, "10.1.2.4")).containsExactly("10.1.2.0/24@c");
        assertThat(hit(m, "10.1.3.4")).containsExactly("10.1.0.0/16@b");
        assertThat(hit(m, "10.200.0.1")).containsExactly("10.0.0.0/8@a");
        assertThat(hit(m, "11.0.0.0")).isEmpty();
        assertThat(m.matchAll("10.1.2.3")).extracting(Indicator::feed).containsExactly("a", "b", "c", "d");
    }

    @Test
    void edgePrefixesZeroAndFull() {
        IpMatcher m = IpMatcher.builder().build();
        assertThat(m.match("1.2.3.4")).isEmpty();
        IpMatcher.Builder b = IpMatcher.builder();
        b.add(net("0.0.0.0/0", "all4"));
        b.add(net("255.255.255.255/32", "bcast"));
        b.add(net("::/0", "all6"));
        b.add(net("2001:db8::1/128", "one6"));
        m = b.build();
        assertThat(hit(m, "0.0.0.0")).containsExactly("0.0.0.0/0@all4");
        assertThat(hit(m, "255.255.255.254")).containsExactly("0.0.0.0/0@all4");
        assertThat(hit(m, "255.255.255.255")).containsExactly("255.255.255.255/32@bcast");
        assertThat(hit(m, "2001:db8::1")).containsExactly("2001:db8::1/128@one6");
        assertThat(hit(m, "2001:db8::2")).containsExactly("::/0@all6");
        assertThat(hit(m, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).containsExactly("::/0@all6");
    }

    @Test
    void ipv6CompressedAndFullFormsAreTheSameAddress() {
        IpMatcher.Builder b = IpMatcher.builder();
        b.add(net("2001:0DB8:0000:0000::/64", "f"));
        b.add(Indicator.of(IndicatorKind.IPV6, "fe80:0:0:0:0:0:0:1", "g"));
        IpMatcher m = b.build();
        assertThat(hit(m, "2001:db8::abcd")).containsExactly("2001:db8::/64@f");
        assertThat(hit(m, "2001:0db8:0000:0000:ffff:ffff:ffff:ffff")).containsExactly("2001:db8::/64@f");
        assertThat(hit(m, "[2001:db8::1]")).containsExactly("2001:db8::/64@f");
        assertThat(hit(m, "2001:db8:0:1::1")).isEmpty();
        assertThat(hit(m, "fe80::1")).containsExactly("fe80::1@g");
        assertThat(hit(m, "fe80::1%eth0")).containsExactly("fe80::1@g");
        assertThat(hit(m, "::ffff:fe80:1")).isEmpty();
    }

    @Test
    void ipv4MappedIpv6AddressesAndIndicatorsMeetInTheIpv4Trie() {
        IpMatcher.Builder b = IpMatcher.builder();
        b.add(net("192.0.2.0/24", "v4"));
        b.add(net("::ffff:198.51.100.0/120", "mapped"));
        IpMatcher m = b.build();
        assertThat(hit(m, "::ffff:192.0.2.9")).containsExactly("192.0.2.0/24@v4");
        assertThat(hit(m, "::FFFF:c000:0209")).containsExactly("192.0.2.0/24@v4");
        assertThat(hit(m, "198.51.100.77")).containsExactly("198.51.100.0/24@mapped");
        assertThat(hit(m, "::192.0.2.9")).isEmpty();
    }

    @Test
    void hostNamesAndJunkNeverMatchAndNeverResolve() {
        IpMatcher.Builder b = IpMatcher.builder();
        b.add(net("0.0.0.0/0", "all"));
        IpMatcher m = b.build();
        // A name that resolves nowhere would make InetAddress block; ours answers at once.
        assertThat(m.match("localhost")).isEmpty();
        assertThat(m.match("no-such-host.invalid")).isEmpty();
        assertThat(m.match("1.2.3")).isEmpty();
        assertThat(m.match("01.2.3.4")).isEmpty();
        assertThat(m.match("1.2.3.4.5")).isEmpty();
        assertThat(m.match("")).isEmpty();
        assertThat(m.match(null)).isEmpty();
    }

    @Test
    void sameNetworkFromTwoFeedsKeepsBoth() {
        IpMatcher.Builder b = IpMatcher.builder();
        b.add(net("203.0.113.0/24", "a"));
        b.add(net("203.0.113.9/24", "b"));
        IpMatcher m = b.build();
        assertThat(m.size()).isEqualTo(1);
        assertThat(hit(m, "203.0.113.1")).containsExactly("203.0.113.0/24@a", "203.0.113.0/24@b");
    }
}
