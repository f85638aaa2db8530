package dev.vigil.ti.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feeds an attacker or a slip of the hand could hand to {@code vigil ti load}. */
class HostileFeedsTest {
    private static final LoadOptions OPTS = LoadOptions.at(Instant.parse("2026-11-28T00:00:00Z"));

    @TempDir
    Path dir;

    private LoadResult load(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return IndicatorLoaders.standard().load(p, OPTS);
    }

    @Test
    void anAccessLogIsRefusedAsNotAFeed() throws IOException {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            log.append("66.249.66.").append(i).append(" - - [28/Nov/2026:10:00:").append(10 + i)
                    .append(" +0000] \"GET /page-").append(i).append(" HTTP/1.1\" 200 512 \"-\" \"Googlebot/2.1\"\n");
        }
        LoadResult r = load("access.log", log.toString());
        assertThat(r.isRefused()).isTrue();
        assertThat(r.indicators()).isEmpty();
        assertThat(r.refused()).contains("combined log, not a feed");
        assertThat(r.summary()).contains("refused");
        // as CSV it is refused too
        Path p = dir.resolve("access.log");
        assertThat(IndicatorLoaders.standard().load(p, "csv", OPTS).isRefused()).isTrue();
    }

    @Test
    void textThatIsMostlyNotIndicatorsIsRefused() throws IOException {
        LoadResult r = load("notes.txt", "Meeting notes\nwe discussed the attack on 203.0.113.9 at length\n"
                + "- follow up with the team!\n- rotate keys?\n198.51.100.7\n");
        assertThat(r.refused()).contains("not a feed of indicators").contains("4 of its 5 entries");
    }

    @Test
    void entriesThatMatchEverythingAreRefusedOneByOne() throws IOException {
        LoadResult r = load("broad.txt", "0.0.0.0/0\n::/0\n10.0.0.0/4\n2001::/8\ncom\n*.com\n.\n"
                + "198.51.100.0/24\n203.0.113.9\nevil.example\nbad.example.net\n2001:db8::/32\n"
                + "10.0.0.0/8\nwww.evil.example\n192.0.2.1\n");
        assertThat(r.isRefused()).isFalse();
        assertThat(r.indicators()).extracting(dev.vigil.ti.Indicator::value).containsExactlyInAnyOrder(
                "198.51.100.0/24", "203.0.113.9", "evil.example", "bad.example.net", "2001:db8::/32", "10.0.0.0/8",
                "www.evil.example", "192.0.2.1");
        assertThat(r.problems()).extracting(LoadProblem::reason).anySatisfy(x -> assertThat(x)
                .contains("network matches every address").contains("0.0.0.0/0"));
        assertThat(r.problems()).extracting(LoadProblem::reason).anySatisfy(x -> assertThat(x)
                .contains("network matches every address").contains("::/0"));
        assertThat(r.problems()).extracting(LoadProblem::reason).anySatisfy(x -> assertThat(x)
                .contains("broader than /8"));
        assertThat(r.problems()).extracting(LoadProblem::reason).anySatisfy(x -> assertThat(x)
                .contains("broader than /16"));
        assertThat(r.problems()).extracting(LoadProblem::reason).anySatisfy(x -> assertThat(x)
                .contains("single-label domain"));
        assertThat(r.bad()).isEqualTo(7);
    }

    @Test
    void overTheEntryOrByteLimitTheWholeFeedIsRefusedWithTheLimit() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            b.append("198.51.100.").append(i).append('\n');
        }
        Path p = dir.resolve("feed.txt");
        Files.writeString(p, b.toString());
        assertThat(IndicatorLoaders.standard().load(p, OPTS.withLimits(101, 1 << 20)).indicators()).hasSize(101);
        LoadResult r = IndicatorLoaders.standard().load(p, OPTS.withLimits(100, 1 << 20));
        assertThat(r.refused()).contains("more than 100 entries");
        assertThat(r.indicators()).isEmpty();
        LoadResult big = IndicatorLoaders.standard().load(p, OPTS.withLimits(1000, 200));
        assertThat(big.refused()).contains("larger than 200 bytes");
    }

    @Test
    void aGzipBombIsRefusedAtTheByteLimitWithoutReadingOn() throws IOException {
        Path bomb = dir.resolve("bomb.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(bomb), 1 << 16)) {
            byte[] block = "192.0.2.1\n".repeat(10_000).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 2000; i++) { // 200 MB decompressed, a few hundred KB on disk
                out.write(block);
            }
        }
        assertThat(Files.size(bomb)).isLessThan(2 << 20);
        LoadResult r = IndicatorLoaders.standard().load(bomb, OPTS.withLimits(10_000_000, 8 << 20));
        assertThat(r.refused()).contains("larger than 8,388,608 bytes once decompressed");
    }

    /**
     * A million distinct entries fit in a 256 MiB heap, loaded and built into the snapshot a scan
     * matches against; one entry more than the limit is refused; a gzip bomb with the default
     * limits is refused too. Run in a JVM of its own, so the heap is really 256 MiB.
     */
    @Test
    void aMillionEntriesLoadUnder256MiBAndOneMoreThanTheLimitIsRefused() throws Exception {
        Path million = dir.resolve("million.txt");
        Path more = dir.resolve("million-and-one.txt");
        try (BufferedWriter w = Files.newBufferedWriter(million); BufferedWriter w2 = Files.newBufferedWriter(more)) {
            for (int i = 0; i < 1_000_000; i++) {
                String ip = "10." + ((i >> 16) & 255) + "." + ((i >> 8) & 255) + "." + (i & 255) + "\n";
                w.write(ip);
                w2.write(ip);
            }
            w2.write("192.0.2.200\n");
        }
        Path bomb = dir.resolve("bomb.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(bomb), 1 << 16)) {
            byte[] block = "10.0.0.1\n".repeat(100_000).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 400; i++) { // 360 MB decompressed
                out.write(block);
            }
        }
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(javaBin.toString(), "-Xmx256m", "-XX:+UseParallelGC", "-cp", cp,
                FeedLoadMain.class.getName(), million.toString(), "1000000", more.toString(), "1000000",
                bomb.toString(), "0"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).as(out).contains("RESULT " + million + " indicators=1000000 match=true")
                .contains("SUMMARY " + more + " (list): refused: more than 1,000,000 entries")
                .containsPattern("SUMMARY " + java.util.regex.Pattern.quote(bomb.toString())
                        + " \\(list\\): refused: (more than [0-9,]+ entries|larger than)")
                .doesNotContain("OutOfMemoryError");
        System.out.println(out); // the memory figures, for the record
    }
}
