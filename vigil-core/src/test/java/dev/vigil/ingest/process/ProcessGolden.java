package dev.vigil.ingest.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.event.Event;
import dev.vigil.event.Origin;
import dev.vigil.event.ProcessStart;
import dev.vigil.ingest.GoldenFiles;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.RecordAssembler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Golden-file checks for the process-start formats, in the JSON-lines style of the HTTP formats'
 * golden files. An input {@code <format>/<name>.log} (raw bytes) is run and each outcome becomes
 * one JSON line, compared with {@code <format>/<name>.expected.ndjson}.
 *
 * <p>Line formats give one outcome per input line:
 * <pre>
 * {"line":3,"event":{"time":"2026-11-01T00:00:00Z","host":"web1","pid":42,...}}
 * {"line":4,"reject":"not a JSON object (expected '{' at column 1)"}
 * {"line":5,"none":true}
 * </pre>
 * Assemblers give one outcome per emitted event or reject, in emission order, each saying after
 * which input line it came out ({@code "at":"finish"} for {@link RecordAssembler#finish}); events
 * carry the line their origin points to:
 * <pre>
 * {"at":6,"line":1,"event":{...}}
 * {"at":"finish","reject":"..."}
 * </pre>
 * Fields the source did not carry are left out; {@code extra} is sorted by key. Run with
 * {@code -Dvigil.golden.update=true} to rewrite the expected files, and review the diff.
 */
public final class ProcessGolden {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProcessGolden() {}

    public static void check(LineFormat format, String dir, String name) {
        String input = dir + "/" + name + ".log";
        List<Line> lines = GoldenFiles.split(GoldenFiles.resource(input), input);
        RecordAssembler asm = format.newAssembler();
        List<String> actual = asm != null ? runAssembler(asm, lines) : runParser(format.newParser(), lines);
        GoldenFiles.compare(actual, dir + "/" + name + ".expected.ndjson", input);
    }

    private static List<String> runParser(LineParser parser, List<Line> lines) {
        List<String> out = new ArrayList<>();
        for (Line line : lines) {
            List<String> reasons = new ArrayList<>();
            Event e = parser.parse(line, reasons::add);
            ObjectNode o = JSON.createObjectNode();
            o.put("line", line.number());
            if (e != null) {
                assertThat(reasons).as("%s: an event and a reject for one line", line).isEmpty();
                assertThat(e.origin()).isEqualTo(new Origin(line.source(), line.number(), line.offset()));
                o.set("event", eventJson((ProcessStart) e));
            } else if (!reasons.isEmpty()) {
                assertThat(reasons).as("%s: one reject per line", line).hasSize(1);
                o.put("reject", reasons.get(0));
            } else {
                o.put("none", true);
            }
            out.add(o.toString());
        }
        return out;
    }

    private static List<String> runAssembler(RecordAssembler asm, List<Line> lines) {
        List<String> out = new ArrayList<>();
        for (Line line : lines) {
            long at = line.number();
            asm.accept(line, reason -> out.add(reject(at, reason)), e -> out.add(emitted(at, e)));
        }
        asm.finish(reason -> out.add(reject(-1, reason)), e -> out.add(emitted(-1, e)));
        return out;
    }

    private static String reject(long at, String reason) {
        ObjectNode o = JSON.createObjectNode();
        at(o, at);
        o.put("reject", reason);
        return o.toString();
    }

    private static String emitted(long at, Event e) {
        ObjectNode o = JSON.createObjectNode();
        at(o, at);
        o.put("line", e.origin().line());
        o.set("event", eventJson((ProcessStart) e));
        return o.toString();
    }

    private static void at(ObjectNode o, long at) {
        if (at < 0) {
            o.put("at", "finish");
        } else {
            o.put("at", at);
        }
    }

    /** The golden JSON form of a process start: fields the source did not carry are left out. */
    public static ObjectNode eventJson(ProcessStart p) {
        ObjectNode o = JSON.createObjectNode();
        if (p.timeMillis() != Event.NO_TIME) {
            o.put("time", p.time().toString());
        }
        putText(o, "host", p.host());
        if (p.pid() != -1) {
            o.put("pid", p.pid());
        }
        if (p.ppid() != -1) {
            o.put("ppid", p.ppid());
        }
        putText(o, "exe", p.exe());
        putText(o, "commandLine", p.commandLine());
        if (!p.argv().isEmpty()) {
            ArrayNode a = o.putArray("argv");
            p.argv().forEach(a::add);
        }
        putText(o, "parentExe", p.parentExe());
        putText(o, "parentCommandLine", p.parentCommandLine());
        putText(o, "user", p.user());
        putText(o, "cwd", p.cwd());
        putText(o, "container", p.container());
        if (!p.ancestors().isEmpty()) {
            ArrayNode a = o.putArray("ancestors");
            p.ancestors().forEach(a::add);
        }
        if (!p.extra().isEmpty()) {
            ObjectNode x = o.putObject("extra");
            for (Map.Entry<String, String> en : new TreeMap<>(p.extra()).entrySet()) {
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

}
