package dev.vigil.detect.process;

import dev.vigil.analyze.process.WebWorkers;
import dev.vigil.event.Event;
import dev.vigil.event.ProcessStart;
import dev.vigil.state.Codec;
import dev.vigil.state.InMemoryStateBackend;
import dev.vigil.state.MapState;
import dev.vigil.state.StateSpec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rebuilds process ancestry from pid/ppid, per host, as process starts arrive, and fills in what
 * an event lacks: parent executable and command line, the executables of its ancestors, nearest
 * first (at most {@value #MAX_DEPTH}), and the nearest web worker above it ({@link WebWorkers},
 * judged on each ancestor's executable and command line).
 *
 * <p>Each recorded process keeps its own lineage, worked out when it was recorded, so a new
 * event costs one look-up of its parent however deep the tree is. A process recorded before its
 * parent appeared (events slightly out of order) is linked to that parent when its own first
 * child arrives.
 *
 * <p>Pid reuse: a process start replaces the entry of its pid unless the entry started later (an
 * event that arrives late does not overwrite the newer process). A parent is only taken from the
 * tree when it did not start after the child, so a reused parent pid never lends the child a
 * stranger's lineage; and since lineage is kept from the time a process was recorded, reusing an
 * ancestor's pid later does not rewrite it. Unknown start times match anything. When the event
 * names its parent but the tree has not seen it (it started before logging began), the parent is
 * recorded from the event, so that later grandchildren still reach it. Cycles in bad data cannot
 * loop: a lineage is copied from the parent's, at most {@value #MAX_DEPTH} names long.
 *
 * <p>State: the processes of a host live in one {@link MapState} (pid to {@link Node}), the
 * host's keyed state in {@link ProcessLineage}; nodes are immutable and written back when they
 * change. Memory is bounded by the spec: at most {@code maxEntries} processes over all hosts,
 * least recently used first out, each holding at most {@value #MAX_DEPTH} ancestor names. Failed starts (auditd {@code success=no})
 * are enriched but not recorded.
 *
 * <p>An instance holds configuration and a bounded cache and is thread-safe as far as
 * {@link #record(MapState, ProcessStart)} goes; the stand-alone form ({@link #ProcessTree(int)},
 * {@link #record(ProcessStart)}), which keeps its own state for tests and tools, is not.
 */
public final class ProcessTree {
    public static final int DEFAULT_MAX_ENTRIES = 100_000;
    public static final int MAX_DEPTH = 16;
    private static final int MAX_CACHED = 1 << 14;

    /** One known process. */
    public record Proc(String host, long pid, long ppid, long startMillis, String exe, String commandLine) {}

    /** An event with its lineage filled in, and the nearest web worker above it (not itself), or null. */
    public record Lineage(ProcessStart event, String webWorker) {}

    /**
     * A recorded process with what was worked out when it was recorded: the executables of it
     * (when known) and its ancestors, nearest first (at most MAX_DEPTH); the nearest web worker
     * among them, or null, and how far up it is; whether its parent was unknown then (so a later
     * look may reach further).
     */
    record Node(Proc proc, List<String> lineage, String worker, int workerDepth, boolean orphan) {}

    static final Codec<Node> NODE = new Codec<>() {
        @Override
        public void write(DataOutput out, Node n) throws IOException {
            Proc p = n.proc();
            Codec.writeString(out, p.host());
            out.writeLong(p.pid());
            out.writeLong(p.ppid());
            out.writeLong(p.startMillis());
            Codec.writeString(out, p.exe());
            Codec.writeString(out, p.commandLine());
            Codec.STRINGS.write(out, n.lineage());
            Codec.writeString(out, n.worker());
            out.writeInt(n.workerDepth());
            out.writeBoolean(n.orphan());
        }

        @Override
        public Node read(DataInput in) throws IOException {
            Proc p = new Proc(Codec.readString(in), in.readLong(), in.readLong(), in.readLong(), Codec.readString(in),
                    Codec.readString(in));
            return new Node(p, Codec.STRINGS.read(in), Codec.readString(in), in.readInt(), in.readBoolean());
        }
    };

    /** The processes of one host, by pid, bounded by {@code maxEntries} over all hosts. */
    static StateSpec.Map<Long, Node> spec(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
        }
        return new StateSpec.Map<>("processes", Codec.LONG, NODE, maxEntries);
    }

    private final WebWorkers workers;
    /** Whether an executable's name is one of the web workers' (their command-line words aside). */
    private final ConcurrentHashMap<String, Boolean> workerNames = new ConcurrentHashMap<>();

    // the stand-alone form's own state
    private final InMemoryStateBackend own;
    private final StateSpec.Map<Long, Node> ownSpec;

    public ProcessTree() {
        this(DEFAULT_MAX_ENTRIES);
    }

    public ProcessTree(int maxEntries) {
        this(maxEntries, WebWorkers.defaults());
    }

    /** A stand-alone tree that keeps its own state: at most {@code maxEntries} processes. */
    public ProcessTree(int maxEntries, WebWorkers workers) {
        this.workers = Objects.requireNonNull(workers, "workers");
        this.ownSpec = spec(maxEntries);
        this.own = new InMemoryStateBackend(List.of(
                new InMemoryStateBackend.Declaration("process-tree", maxEntries, List.of(ownSpec))));
    }

    /** A tree over state kept elsewhere (a keyed detector's), judging web workers by {@code workers}. */
    ProcessTree(WebWorkers workers) {
        this.workers = Objects.requireNonNull(workers, "workers");
        this.own = null;
        this.ownSpec = null;
    }

    /** Processes held by the stand-alone form, over all hosts. */
    public int size() {
        return (int) own.stats(0).mapEntries();
    }

    /** Hosts held by the stand-alone form, and executable names cached (for tests of their bounds). */
    int sideTables() {
        return own.stats(0).keys() + workerNames.size();
    }

    /**
     * Records {@code p} and returns it with its lineage: parent fields it lacked filled from the
     * tree, and {@code ancestors} set.
     */
    public ProcessStart observe(ProcessStart p) {
        return record(p).event();
    }

    /** As {@link #observe}, and names the nearest web worker above {@code p}. */
    public Lineage record(ProcessStart p) {
        return record(own.context(0, hostKey(p.host())).map(ownSpec), p);
    }

    /** The process the stand-alone tree holds for {@code host}/{@code pid}, or null; counts as a use. */
    public Proc get(String host, long pid) {
        Node n = own.context(0, hostKey(host)).map(ownSpec).get(pid);
        return n == null ? null : n.proc();
    }

    static String hostKey(String host) {
        return host == null ? "" : host;
    }

    /**
     * Records {@code p} in {@code procs}, the processes of its host, and returns it with its
     * lineage.
     */
    Lineage record(MapState<Long, Node> procs, ProcessStart p) {
        Objects.requireNonNull(p, "p");
        String host = hostKey(p.host());
        boolean hasParent = p.ppid() >= 0 && p.ppid() != p.pid();
        Node parent = hasParent ? parentOf(procs, p.ppid(), p.timeMillis()) : null;
        if (parent == null && hasParent && p.parentExe() != null) {
            // the parent started before the log did: learn it from the child
            parent = link(new Proc(host, p.ppid(), -1, Event.NO_TIME, p.parentExe(), p.parentCommandLine()), null);
            procs.put(p.ppid(), parent);
        } else if (parent != null && parent.orphan()) {
            Proc pp = parent.proc();
            Node grand = pp.ppid() >= 0 && pp.ppid() != pp.pid() ? parentOf(procs, pp.ppid(), pp.startMillis()) : null;
            if (grand != null && grand != parent) {
                parent = link(pp, grand);
                procs.put(pp.pid(), parent); // written back: nodes never change in place
            }
        }
        List<String> ancestors = ancestors(p.parentExe(), parent);
        String worker = null;
        if (p.parentExe() != null && isWorker(p.parentExe(), p.parentCommandLine())) {
            worker = p.parentExe();
        } else if (parent != null && parent.worker() != null && parent.workerDepth() < MAX_DEPTH) {
            worker = parent.worker();
        }
        if (!"no".equals(p.extra().get("success")) && p.pid() >= 0) {
            Node old = procs.get(p.pid());
            if (old == null || !startedAfter(old.proc().startMillis(), p.timeMillis())) {
                Node self = link(new Proc(host, p.pid(), p.ppid(), p.timeMillis(), exeOf(p), p.commandLine()), parent);
                if (hasParent && parent == null) {
                    self = new Node(self.proc(), self.lineage(), self.worker(), self.workerDepth(), true);
                }
                procs.put(p.pid(), self);
            } // else a late event of an older process: the newer one stays
        }
        ProcessStart e = p.withLineage(parent == null ? null : parent.proc().exe(),
                parent == null ? null : parent.proc().commandLine(), ancestors);
        return new Lineage(e, worker);
    }

    /** A node for {@code p} with its lineage and worker worked out from its parent (null when unknown). */
    private Node link(Proc p, Node parent) {
        List<String> above = parent == null ? List.of() : parent.lineage();
        List<String> lineage = p.exe() == null ? above : prepend(p.exe(), above);
        if (isWorker(p.exe(), p.commandLine())) {
            return new Node(p, lineage, p.exe(), 0, false);
        }
        if (parent != null && parent.worker() != null && parent.workerDepth() + 1 < MAX_DEPTH) {
            return new Node(p, lineage, parent.worker(), parent.workerDepth() + 1, false);
        }
        return new Node(p, lineage, null, 0, false);
    }

    /**
     * An event's ancestors: the parent it names (or the tree's), then the parent's ancestors.
     * When the event names no other parent, this is the parent's own lineage list, shared.
     */
    private static List<String> ancestors(String eventParentExe, Node parent) {
        if (parent == null) {
            return eventParentExe == null ? List.of() : List.of(eventParentExe);
        }
        String parentExe = parent.proc().exe();
        if (eventParentExe == null || eventParentExe.equals(parentExe)) {
            return parent.lineage();
        }
        List<String> above = parentExe == null ? parent.lineage() : parent.lineage().subList(1, parent.lineage().size());
        return prepend(eventParentExe, above);
    }

    private static List<String> prepend(String first, List<String> rest) {
        int n = Math.min(MAX_DEPTH, rest.size() + 1);
        String[] a = new String[n];
        a[0] = first;
        for (int i = 1; i < n; i++) {
            a[i] = rest.get(i - 1);
        }
        return List.of(a);
    }

    private boolean isWorker(String exe, String commandLine) {
        if (exe == null || exe.isEmpty()) {
            return false;
        }
        Boolean named = workerNames.get(exe);
        if (named == null) {
            if (workerNames.size() >= MAX_CACHED) {
                workerNames.clear(); // a cache: bounded whatever the number of executables
            }
            named = workers.nameMatches(exe);
            workerNames.put(exe, named);
        }
        return named && workers.matches(exe, commandLine);
    }

    private static Node parentOf(MapState<Long, Node> procs, long ppid, long childStart) {
        Node p = procs.get(ppid);
        if (p == null || startedAfter(p.proc().startMillis(), childStart)) {
            return null;
        }
        return p;
    }

    private static boolean startedAfter(long a, long b) {
        return a != Event.NO_TIME && b != Event.NO_TIME && a > b;
    }

    private static String exeOf(ProcessStart p) {
        if (p.exe() != null) {
            return p.exe();
        }
        return p.argv().isEmpty() ? null : p.argv().get(0);
    }
}
