package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.event.DnsQuery;
import dev.vigil.event.Event;
import dev.vigil.event.FtpLogin;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.Origin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Golden-file checks shared by all line formats. An input {@code <format>/<name>.log} (raw bytes,
 * {@code \n} or {@code \r\n} line ends) is parsed line by line and each line's outcome is written
 * as one JSON line; the result must equal {@code <format>/<name>.expected.ndjson}:
 *
 * <pre>
 * {"line":3,"event":{"time":"2024-03-01T12:00:00Z","clientIp":"1.2.3.4",...,"extra":{...}}}
 * {"line":4,"reject":"expected '\"' after $status at column 57"}
 * {"line":5,"none":true}           (no event and no reject: blank line, directive)
 * </pre>
 *
 * Event fields that the log did not carry (null, -1, no time) are left out; {@code extra} is
 * sorted by key. Run with {@code -Dvigil.golden.update=true} to rewrite the expected files from
 * the current parsers; review the diff before committing it.
 *
 * <p>Stateful parsers are also run the way the reader runs them, in chunks of 1, 2 and 3 lines
 * with a tracking copy fed the directive lines and a snapshot per chunk, and must give the same
 * outcomes as one parser reading the whole file.
 */
public final class GoldenFiles {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path RESOURCES = Path.of("src", "test", "resources");

    private GoldenFiles() {}

    public static void check(LineFormat format, String dir, String name) {
        String input = dir + "/" + name + ".log";
        String expected = dir + "/" + name + ".expected.ndjson";
        byte[] data = resource(input);
        List<Line> lines = split(data, input);

        List<String> actual = run(format.newParser(), lines);
        LineParser probe = format.newParser();
        if (probe.stateful()) {
            for (int chunk = 1; chunk <= 3; chunk++) {
                assertThat(runChunked(format.newParser(), lines, chunk))
                        .as("%s parsed in chunks of %d with snapshots", input, chunk)
                        .containsExactlyElementsOf(actual);
            }
        }

        compare(actual, expected, input);
    }

    /**
     * Checks {@code actual} outcomes (JSON lines) against the expected file, or rewrites it when
     * {@code -Dvigil.golden.update=true}.
     */
    public static void compare(List<String> actual, String expected, String input) {
        if (Boolean.getBoolean("vigil.golden.update")) {
            try {
                Files.writeString(RESOURCES.resolve(expected), String.join("\n", actual) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        String want = new String(resource(expected), StandardCharsets.UTF_8);
        List<String> wantLines = want.lines().filter(l -> !l.isBlank()).toList();
        assertThat(actual).as("outcomes of %s (one per input line)", input).hasSameSizeAs(wantLines);
        for (int i = 0; i < actual.size(); i++) {
            assertThat(tree(actual.get(i)))
                    .as("%s outcome %d:%n  actual:   %s%n  expected: %s", input, i + 1, actual.get(i), wantLines.get(i))
                    .isEqualTo(tree(wantLines.get(i)));
        }
    }

    /** Splits raw bytes into lines the way the reader frames them ({@code \r\n} or {@code \n}). */
    public static List<Line> split(byte[] data, String source) {
        List<Line> lines = new ArrayList<>();
        int start = 0;
        long number = 1;
        for (int i = 0; i <= data.length; i++) {
            if (i == data.length || data[i] == '\n') {
                if (i == data.length && start == data.length) {
                    break;
                }
                int end = i > start && data[i - 1] == '\r' && i < data.length ? i - 1 : i;
                Line l = new Line();
                l.set(data, start, end - start, source, number++, start);
                lines.add(l);
                start = i + 1;
            }
        }
        return lines;
    }

    private static List<String> run(LineParser parser, List<Line> lines) {
        List<String> out = new ArrayList<>();
        for (Line l : lines) {
            out.add(outcome(parser, l));
        }
        return out;
    }

    private static List<String> runChunked(LineParser tracking, List<Line> lines, int chunk) {
        List<String> out = new ArrayList<>();
        for (int c = 0; c < lines.size(); c += chunk) {
            LineParser worker = tracking.snapshot();
            List<Line> part = lines.subList(c, Math.min(lines.size(), c + chunk));
            for (Line l : part) {
                out.add(outcome(worker, l));
            }
            for (Line l : part) {
                if (tracking.isDirective(l)) {
                    tracking.parse(l, LineParser.Rejects.IGNORE);
                }
            }
        }
        return out;
    }

    private static String outcome(LineParser parser, Line line) {
        List<String> reasons = new ArrayList<>();
        Event e = parser.parse(line, reasons::add);
        ObjectNode o = JSON.createObjectNode();
        o.put("line", line.number());
        if (e != null) {
            assertThat(reasons).as("%s: an event and a reject for one line", line).isEmpty();
            assertThat(e.origin()).isEqualTo(new Origin(line.source(), line.number(), line.offset()));
            o.set("event", anyEventJson(e));
        } else if (!reasons.isEmpty()) {
            assertThat(reasons).as("%s: one reject per line", line).hasSize(1);
            o.put("reject", reasons.get(0));
        } else {
            o.put("none", true);
        }
        return o.toString();
    }

    /** The golden JSON form of the line formats' events: HTTP requests, DNS queries, FTP logins. */
    public static ObjectNode anyEventJson(Event e) {
        if (e instanceof HttpRequest r) {
            return eventJson(r);
        }
        ObjectNode o = JSON.createObjectNode();
        if (e.timeMillis() != Event.NO_TIME) {
            o.put("time", java.time.Instant.ofEpochMilli(e.timeMillis()).toString());
        }
        Map<String, String> extra;
        if (e instanceof DnsQuery q) {
            putText(o, "clientIp", q.clientIp());
            putText(o, "query", q.queryName());
            putText(o, "type", q.queryType());
            putText(o, "rcode", q.responseCode());
            putText(o, "host", q.host());
            extra = q.extra();
        } else if (e instanceof FtpLogin f) {
            putText(o, "clientIp", f.clientIp());
            putText(o, "user", f.user());
            o.put("success", f.success());
            putText(o, "host", f.host());
            extra = f.extra();
        } else {
            throw new IllegalArgumentException("no golden form for " + e.getClass().getSimpleName());
        }
        if (!extra.isEmpty()) {
            ObjectNode x = o.putObject("extra");
            for (Map.Entry<String, String> en : new TreeMap<>(extra).entrySet()) {
                x.put(en.getKey(), en.getValue());
            }
        }
        return o;
    }

    /** The golden JSON form of an event: fields the log did not carry are left out. */
    public static ObjectNode eventJson(HttpRequest r) {
        ObjectNode o = JSON.createObjectNode();
        if (r.timeMillis() != Event.NO_TIME) {
            o.put("time", r.time().toString());
        }
        putText(o, "clientIp", r.clientIp());
        putText(o, "user", r.user());
        putText(o, "method", r.method());
        putText(o, "target", r.target());
        putText(o, "protocol", r.protocol());
        if (r.status() != -1) {
            o.put("status", r.status());
        }
        if (r.bytes() != -1) {
            o.put("bytes", r.bytes());
        }
        putText(o, "referer", r.referer());
        putText(o, "userAgent", r.userAgent());
        putText(o, "host", r.host());
        if (r.durationMs() != -1) {
            o.put("durationMs", r.durationMs());
        }
        if (!r.extra().isEmpty()) {
            ObjectNode x = o.putObject("extra");
            for (Map.Entry<String, String> en : new TreeMap<>(r.extra()).entrySet()) {
                x.put(en.getKey(), en.getValue());
            }
        }
        return o;
    }

    private static void putText(ObjectNode o, String k, String v) {
        if (v != null) {
            o.put(k, v);
        }
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    public static byte[] resource(String path) {
        try (InputStream in = GoldenFiles.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
