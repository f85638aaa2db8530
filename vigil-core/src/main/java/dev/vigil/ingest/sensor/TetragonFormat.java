package dev.vigil.ingest.sensor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.event.Event;
import dev.vigil.event.ProcessStart;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.LineParser;
import java.util.Iterator;

/**
 * Tetragon's JSON export ({@code export-filename}, or the {@code export-stdout} container's log),
 * one event per line, keyed by its kind:
 * <pre>
 * {"process_exec":{"process":{"exec_id":"...","pid":51583,"uid":33,"cwd":"/var/www",
 *   "binary":"/usr/bin/curl","arguments":"-s http://x/a.sh","start_time":"2026-11-01T10:00:00.1Z",
 *   "pod":{"namespace":"shop","name":"web-5c9d","container":{"id":"containerd://1fb9...","name":"php",
 *   "image":{"name":"php:8-apache"}}},"parent_exec_id":"..."},
 *   "parent":{"pid":43872,"binary":"/bin/sh","arguments":"-c ..."}},
 *  "node_name":"node-1","time":"2026-11-01T10:00:00.1Z"}
 * </pre>
 * {@code process_exec} becomes a process start; {@code process_exit} and the other kinds
 * ({@code process_kprobe}, {@code process_tracepoint}, {@code process_lsm}...) are lines of this
 * format without a process start, counted as lines and skipped, never rejected.
 *
 * <p>Tetragon gives the arguments as one string after the binary, so the command line is the
 * binary and that string; the pids are the host's, so the process tree joins all pods of a node.
 * The host is {@code node_name}; the container its name ({@code pod.container.name}) or, outside
 * Kubernetes, the {@code docker} id; the pod goes to {@code extra.pod} as {@code namespace/name}.
 *
 * <p>Stateless, immutable and thread-safe.
 */
public final class TetragonFormat implements LineFormat, LineParser {
    public static final TetragonFormat INSTANCE = new TetragonFormat();

    private TetragonFormat() {}

    @Override
    public String name() {
        return "tetragon";
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
        ObjectNode exec = SensorJson.obj(root, "process_exec");
        if (exec == null) {
            if (hasOtherKind(root)) {
                return null; // process_exit, process_kprobe...: a Tetragon event without a process start
            }
            rejects.reject("not a Tetragon event (a JSON object with 'process_exec', 'process_exit'... expected)");
            return null;
        }
        ObjectNode proc = SensorJson.obj(exec, "process");
        String binary = proc == null ? null : SensorJson.text(proc.get("binary"));
        long pid = proc == null ? -1 : SensorJson.number(proc.get("pid"));
        if (binary == null && pid < 0) {
            rejects.reject("Tetragon process_exec without process.binary or process.pid");
            return null;
        }
        ObjectNode parent = SensorJson.obj(exec, "parent");
        long time = SensorJson.isoTime(root.get("time"));
        if (time == Event.NO_TIME) {
            time = SensorJson.isoTime(proc.get("start_time"));
        }
        ProcessStart.Builder b = ProcessStart.builder(line.origin())
                .timeMillis(time)
                .host(SensorJson.text(root.get("node_name")))
                .pid(pid)
                .exe(binary)
                .commandLine(commandLine(proc))
                .user(user(proc))
                .cwd(SensorJson.text(proc.get("cwd")));
        if (parent != null) {
            b.ppid(SensorJson.number(parent.get("pid")))
                    .parentExe(SensorJson.text(parent.get("binary")))
                    .parentCommandLine(commandLine(parent));
        }
        ObjectNode pod = SensorJson.obj(proc, "pod");
        ObjectNode container = SensorJson.obj(pod, "container");
        String containerName = container == null ? null : SensorJson.text(container.get("name"));
        String containerId = container == null ? null : SensorJson.text(container.get("id"));
        String docker = SensorJson.text(proc.get("docker"));
        String name = containerName != null ? containerName : docker;
        if (name != null) {
            b.container(name);
        }
        if (containerId != null || docker != null) {
            b.extra("container.id", containerId != null ? containerId : docker);
        }
        ObjectNode image = SensorJson.obj(container, "image");
        put(b, "image", image == null ? null : image.get("name"));
        if (pod != null) {
            String podName = SensorJson.text(pod.get("name"));
            String ns = SensorJson.text(pod.get("namespace"));
            if (podName != null) {
                b.extra("pod", ns == null ? podName : ns + "/" + podName);
            }
        }
        put(b, "exec_id", proc.get("exec_id"));
        put(b, "parent_exec_id", proc.get("parent_exec_id"));
        put(b, "flags", proc.get("flags"));
        put(b, "auid", proc.get("auid"));
        put(b, "cluster", root.get("cluster_name"));
        return b.build();
    }

    /** Another kind of Tetragon event: a {@code process_*} object next to Tetragon's own fields. */
    private static boolean hasOtherKind(ObjectNode root) {
        if (!root.has("node_name") && !root.has("time")) {
            return false;
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.startsWith("process_") && root.get(k).isObject()) {
                return true;
            }
        }
        return false;
    }

    private static String commandLine(ObjectNode p) {
        String binary = SensorJson.text(p.get("binary"));
        String args = SensorJson.text(p.get("arguments"));
        if (binary == null) {
            return args;
        }
        return args == null ? binary : binary + " " + args;
    }

    /** The user name when Tetragon resolved it ({@code process.user.name}), else the numeric uid. */
    private static String user(ObjectNode p) {
        ObjectNode u = SensorJson.obj(p, "user");
        String name = u == null ? null : SensorJson.text(u.get("name"));
        if (name != null) {
            return name;
        }
        JsonNode uid = p.get("uid");
        return uid != null && uid.isIntegralNumber() ? uid.asText() : null;
    }

    private static void put(ProcessStart.Builder b, String name, JsonNode n) {
        String v = SensorJson.text(n);
        if (v != null) {
            b.extra(name, v);
        }
    }
}
