package dev.vigil.bench;

import dev.vigil.ti.IpAddresses;
import dev.vigil.ti.load.IndicatorLoaders;
import dev.vigil.ti.load.LoadOptions;
import dev.vigil.ti.load.LoadResult;
import dev.vigil.ti.match.ThreatIntel;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Threat-intelligence load/build time and lookup cost over a synthetic feed of {@code size} random
 * indicators written as a plain list: 45% IPv4 addresses, 20% IPv4 networks (/20../28), 5% IPv6
 * networks, 30% domains. {@code loadAndBuild} reads and parses the file and builds the snapshot
 * (single shot, seconds); the {@code match*} benchmarks cost one lookup (ns), cycling through 4096
 * prepared hit or miss queries.
 *
 * <pre>
 * java -jar vigil-bench/target/benchmarks.jar ThreatIntelBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-XX:+UseParallelGC"})
public class ThreatIntelBenchmark {
    private static final int QUERIES = 4096;
    private static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");

    @Param({"1000000", "2000000"})
    public int size;

    private Path feed;
    private ThreatIntel ti;
    private final String[] ipHits = new String[QUERIES];
    private final String[] ipMisses = new String[QUERIES];
    private final String[] domainHits = new String[QUERIES];
    private final String[] domainMisses = new String[QUERIES];
    private final String[] ipv6Hits = new String[QUERIES];
    private final String[] urlMisses = new String[QUERIES];
    private int i;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        Random rnd = new Random(42);
        feed = Files.createTempFile("vigil-ti-bench", ".txt");
        List<String> v4 = new ArrayList<>();
        List<String> v6 = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (BufferedWriter w = Files.newBufferedWriter(feed)) {
            w.write("# synthetic feed\n");
            for (int k = 0; k < size; k++) {
                int r = rnd.nextInt(100);
                String line;
                if (r < 45) {
                    line = IpAddresses.formatV4(rnd.nextLong() & 0xffff_ffffL);
                    if (v4.size() < QUERIES) {
                        v4.add(line);
                    }
                } else if (r < 65) {
                    int len = 20 + rnd.nextInt(9);
                    long a = rnd.nextLong() & 0xffff_ffffL & (0xffff_ffffL << (32 - len));
                    line = IpAddresses.formatV4(a) + "/" + len;
                } else if (r < 70) {
                    long hi = 0x2000_0000_0000_0000L | (rnd.nextLong() & 0x0fff_ffff_ffff_0000L);
                    line = IpAddresses.formatV6(hi, 0) + "/48";
                    if (v6.size() < QUERIES) {
                        v6.add(IpAddresses.formatV6(hi | 0x1234, rnd.nextLong()));
                    }
                } else {
                    line = randomLabel(rnd) + "." + randomLabel(rnd) + (rnd.nextBoolean() ? ".com" : ".net");
                    if (names.size() < QUERIES) {
                        names.add(line);
                    }
                }
                w.write(line);
                w.write('\n');
            }
        }
        ti = build();
        for (int k = 0; k < QUERIES; k++) {
            ipHits[k] = v4.get(k);
            domainHits[k] = "www." + names.get(k);
            ipv6Hits[k] = v6.get(k % v6.size());
            String miss;
            do {
                miss = IpAddresses.formatV4(rnd.nextLong() & 0xffff_ffffL);
            } while (!ti.matchIp(miss).isEmpty());
            ipMisses[k] = miss;
            domainMisses[k] = "cdn." + randomLabel(rnd) + ".example.org";
            urlMisses[k] = "http://" + domainMisses[k] + "/static/app.js?v=" + k;
        }
        check(ipHits, true);
        check(domainHits, true);
        check(ipv6Hits, true);
        check(ipMisses, false);
        check(domainMisses, false);
    }

    private void check(String[] queries, boolean hit) {
        for (String q : queries) {
            boolean found = !ti.matchHost(q).isEmpty();
            if (found != hit) {
                throw new IllegalStateException((hit ? "expected a hit: " : "expected a miss: ") + q);
            }
        }
    }

    private ThreatIntel build() {
        LoadResult r = IndicatorLoaders.standard().load(feed, LoadOptions.at(NOW));
        if (r.bad() > 0) {
            throw new IllegalStateException("bad entries in generated feed: " + r.problems());
        }
        return ThreatIntel.builder().addAll(r).build();
    }

    private static String randomLabel(Random rnd) {
        char[] c = new char[6 + rnd.nextInt(8)];
        for (int k = 0; k < c.length; k++) {
            c[k] = (char) ('a' + rnd.nextInt(26));
        }
        return new String(c);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(feed);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 5)
    public Object loadAndBuild() {
        return build();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public Object matchIpv4Hit() {
        return ti.matchIp(ipHits[i++ & (QUERIES - 1)]);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public Object matchIpv4Miss() {
        return ti.matchIp(ipMisses[i++ & (QUERIES - 1)]);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public Object matchIpv6Hit() {
        return ti.matchIp(ipv6Hits[i++ & (QUERIES - 1)]);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public Object matchDomainHit() {
        return ti.matchDomain(domainHits[i++ & (QUERIES - 1)]);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public Object matchDomainMiss() {
        return ti.matchDomain(domainMisses[i++ & (QUERIES - 1)]);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public Object matchUrlMiss() {
        return ti.matchUrl(urlMisses[i++ & (QUERIES - 1)]);
    }
}
