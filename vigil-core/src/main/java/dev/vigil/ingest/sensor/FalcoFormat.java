package dev.vigil.ingest.sensor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.event.Event;
import dev.vigil.event.ProcessStart;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.Timestamps;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Falco's JSON output ({@code json_output: true} in {@code falco.yaml}), one alert per line:
 * <pre>
 * {"hostname":"web1","output":"...","priority":"Notice","rule":"Terminal shell in container",
 *  "source":"syscall","tags":[...],"time":"2026-11-01T10:00:00.123456789Z",
 *  "output_fields":{"evt.type":"execve","proc.cmdline":"sh -c id","proc.exepath":"/bin/sh",
 *  "proc.pid":4242,"proc.ppid":4200,"proc.pname":"node","user.name":"www-data",
 *  "container.id":"3ad7b26ded6d","container.name":"shop","k8s.pod.name":"shop-7d4b","evt.time":...}}
 * </pre>
 * Falco only writes the fields a rule's {@code output} names, so every field may be missing. An
 * alert is a process start when {@code evt.type} is {@code execve} or {@code execveat}, or, for rules
 * whose output does not name the event type, when it carries {@code proc.cmdline} or
 * {@code proc.exepath} and no {@code fd.*} field (file and network events carry those). Other
 * alerts (file opens, connections, plugin sources such as {@code k8s_audit}) are lines of this
 * format that hold no process start: they are counted as lines and skipped, never rejected. A
 * process start without a single {@code proc.*} field is rejected, saying which fields to add to
 * the rule's output. {@code contrib/falco/vigil_rules.yaml} has a rule that reports every start.
 *
 * <p>Falco reports host pids ({@code proc.pid}, not {@code proc.vpid}), so the process tree joins
 * processes of all containers of a host without clashes. {@code container.id} is {@code host} for
 * processes outside containers, and is then left out.
 *
 * <p>Stateless, immutable and thread-safe.
 */
public final class FalcoFormat implements LineFormat, LineParser {
    public static final FalcoFormat INSTANCE = new FalcoFormat();

    /** Output fields read into the event's own fields; the rest go to {@code extra}. */
    private static final Set<String> MAPPED = Set.of("proc.exepath", "proc.exe", "proc.name", "proc.cmdline",
            "proc.pid", "proc.ppid", "proc.pname", "proc.pexepath", "proc.pexe", "proc.pcmdline", "user.name",
            "user.uid", "proc.cwd", "container.id", "container.name", "k8s.pod.name", "k8s.ns.name", "evt.time");

    /** At most this many other output fields are kept in {@code extra}; a rule names a dozen. */
    private static final int MAX_EXTRA = 32;

    private FalcoFormat() {}

    @Override
    public String name() {
        return "falco";
    }

    @Override
    public LineParser newParser() {
        return this;
    }

    @Override
    public boolean recognisesSkipped() {
        return true;
    }

    @Override
    public Event parse(Line line, Rejects rejects) {
        ObjectNode root = SensorJson.object(line, rejects);
        if (root == null) {
            return null;
        }
        ObjectNode f = SensorJson.obj(root, "output_fields");
        if (f == null || (!root.has("rule") && !root.has("output"))) {
            rejects.reject("not a Falco event (a JSON object with 'rule' and 'output_fields' expected)");
            return null;
        }
        if (!isProcessStart(root, f)) {
            return null; // a Falco alert of another kind: a line of this format without a process start
        }
        String exe = first(f, "proc.exepath", "proc.exe", "proc.name");
        String cmd = SensorJson.text(f.get("proc.cmdline"));
        long pid = SensorJson.number(f.get("proc.pid"));
        if (exe == null && cmd == null && pid < 0) {
            rejects.reject("Falco " + SensorJson.text(f.get("evt.type")) + " event without proc.* fields "
                    + "(add %proc.exepath, %proc.cmdline and %proc.pid to the rule's output)");
            return null;
        }
        ProcessStart.Builder b = ProcessStart.builder(line.origin())
                .timeMillis(time(root, f))
                .host(SensorJson.text(root.get("hostname")))
                .pid(pid)
                .ppid(SensorJson.number(f.get("proc.ppid")))
                .exe(exe)
                .commandLine(cmd)
                .parentExe(first(f, "proc.pexepath", "proc.pexe", "proc.pname"))
                .parentCommandLine(SensorJson.text(f.get("proc.pcmdline")))
                .user(first(f, "user.name", "user.uid"))
                .cwd(SensorJson.text(f.get("proc.cwd")));
        String containerId = SensorJson.text(f.get("container.id"));
        String containerName = SensorJson.text(f.get("container.name"));
        if (containerId != null && !containerId.equals("host")) {
            b.container(containerName != null ? containerName : containerId);
            b.extra("container.id", containerId);
        }
        String pod = SensorJson.text(f.get("k8s.pod.name"));
        if (pod != null) {
            String ns = SensorJson.text(f.get("k8s.ns.name"));
            b.extra("pod", ns == null ? pod : ns + "/" + pod);
        }
        putText(b, "rule", root.get("rule"));
        putText(b, "priority", root.get("priority"));
        int kept = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = f.fields(); it.hasNext() && kept < MAX_EXTRA; ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!MAPPED.contains(e.getKey()) && SensorJson.text(e.getValue()) != null) {
                b.extra(e.getKey(), SensorJson.text(e.getValue()));
                kept++;
            }
        }
        return b.build();
    }

    private static boolean isProcessStart(ObjectNode root, ObjectNode f) {
        String source = SensorJson.text(root.get("source"));
        if (source != null && !source.equals("syscall")) {
            return false; // plugin sources (k8s_audit, cloudtrail...) carry no process starts
        }
        String type = SensorJson.text(f.get("evt.type"));
        if (type != null) {
            return type.equals("execve") || type.equals("execveat");
        }
        if (!f.has("proc.cmdline") && !f.has("proc.exepath")) {
            return false;
        }
        for (Iterator<String> it = f.fieldNames(); it.hasNext(); ) {
            if (it.next().startsWith("fd.")) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code evt.time} when the output names it as a number (nanoseconds since the epoch, as
     * Falco writes it in {@code output_fields}), else the alert's own ISO-8601 {@code time}.
     */
    private static long time(ObjectNode root, ObjectNode f) {
        JsonNode t = f.get("evt.time");
        if (t != null && t.isIntegralNumber() && t.canConvertToLong() && t.asLong() > 0) {
            return Timestamps.inRange(t.asLong() / 1_000_000L);
        }
        return SensorJson.isoTime(root.get("time"));
    }

    private static String first(ObjectNode f, String... names) {
        for (String n : names) {
            String v = SensorJson.text(f.get(n));
            if (v != null && !v.equals("<NA>")) {
                return v;
            }
        }
        return null;
    }

    private static void putText(ProcessStart.Builder b, String name, JsonNode n) {
        String v = SensorJson.text(n);
        if (v != null) {
            b.extra(name, v);
        }
    }
}
