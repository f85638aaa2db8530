package dev.vigil.bench;

import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.combined.CombinedFormat;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Single-thread cost of parsing one combined access-log line. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ParserBenchmark {
    private static final String[] LINES = {
        "42.189.55.52 - - [01/Mar/2024:00:00:00 +0000] \"POST /wp-admin/admin-ajax.php HTTP/1.1\" 200 3892 \"-\" "
                + "\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36\"",
        "221.134.31.75 - - [01/Mar/2024:00:00:00 +0000] \"GET /product/hiking-poles-685?ref=home&utm_source=x HTTP/1.1\" 200 76448 "
                + "\"https://shop.example.com/\" \"Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/123.0\"",
        "203.0.113.9 - - [01/Mar/2024:00:00:01 +0000] \"GET /search?q=%27%20OR%201%3D1--%20 HTTP/1.1\" 200 13 \"-\" "
                + "\"sqlmap/1.7.2#stable (https://sqlmap.org)\"",
    };

    private final Line[] lines = new Line[LINES.length];
    private final LineParser parser = CombinedFormat.COMBINED.newParser();
    private int i;

    @Setup
    public void setup() {
        for (int k = 0; k < LINES.length; k++) {
            byte[] b = LINES[k].getBytes(StandardCharsets.UTF_8);
            lines[k] = new Line();
            lines[k].set(b, 0, b.length, "bench", k + 1, 0);
        }
    }

    @Benchmark
    public Object parseCombined() {
        Line l = lines[i++ % lines.length];
        return parser.parse(l, LineParser.Rejects.IGNORE);
    }
}
