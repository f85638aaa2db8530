package dev.vigil.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.CompressionTest;
import dev.vigil.ingest.Source;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Rotated logs compressed with bzip2, xz or zstd are scanned as gzip ones are, whatever their names. */
class CompressedSourcesTest {
    private static final String TEST_ALERT =
            "198.51.100.7 - - [28/Nov/2026:10:00:00 +0000] \"GET /This_Will_Generate_Vigil_Alert HTTP/1.1\" 404 9 \"-\" \"curl/8.5\"\n";

    @ParameterizedTest
    @ValueSource(strings = {"bzip2", "xz", "zstd"})
    void scannedLikeGzipAndTruncationReported(String format) throws Exception {
        // a random token per line: xz decodes whole LZMA2 chunks (up to 64 KiB compressed), so the
        // cut must fall after the first chunks for the lines before it to be read
        java.util.Random random = new java.util.Random(1);
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= 20_000; i++) {
            b.append(i == 5 ? TEST_ALERT : EngineTest.normal(i).replace(" HTTP/1.1", "?t=" + Long.toHexString(random.nextLong())
                    + " HTTP/1.1"));
        }
        byte[] packed = CompressionTest.compress(format, b.toString().getBytes(StandardCharsets.UTF_8));
        EngineTest.Result whole = EngineTest.scan(EngineTest.engine(2), Source.of("access.log.1", packed));
        assertThat(whole.only().lines()).isEqualTo(20_000);
        assertThat(whole.only().status()).isEqualTo(SourceStats.Status.COMPLETE);
        assertThat(whole.detections()).singleElement().satisfies(d -> assertThat(d.origin().line()).isEqualTo(5));

        byte[] cut = Arrays.copyOf(packed, packed.length * 3 / 4);
        EngineTest.Result r = EngineTest.scan(EngineTest.engine(2), Source.of("cut.log", cut));
        assertThat(r.only().status()).isEqualTo(SourceStats.Status.PARTIAL);
        assertThat(r.only().problems()).anySatisfy(p -> assertThat(p.reason()).contains(format));
        assertThat(r.detections()).hasSize(1);
    }
}
