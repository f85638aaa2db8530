package dev.vigil.detect.process;

import dev.vigil.event.Event;
import dev.vigil.event.ProcessStart;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
 * <p>Memory is bounded: at most {@code maxEntries} processes over all hosts, least recently
 * used first out, each holding at most {@value #MAX_DEPTH} ancestor names. Failed starts (auditd
 * {@code success=no}) are enriched but not recorded.
 *
 * <p>Not thread-safe: one instance per stream of events, fed in time order by one thread.
 */
public final class ProcessTree {
    public static final int DEFAULT_MAX_ENTRIES = 100_000;
    public static final int MAX_DEPTH = 16;
    private static final int MAX_INTERNED = 1 << 14;

    /** One known process. */
    public record Proc(String host, long pid, long ppid, long startMillis, String exe, String commandLine) {}

    /** An event with its lineage filled in, and the nearest web worker above it (not itself), or null. */
    public record Lineage(ProcessStart event, String webWorker) {}

    /** Host strings are interned so that keys of one host compare by identity. */
    private record Key(String host, long pid) {}

    /** A recorded process with what was worked out when it was recorded. */
    private static final class Node {
        final Proc proc;
        /** Executables of this process (when known) and its ancestors, nearest first; at most MAX_DEPTH. */
        List<String> lineage;
        /** The nearest web worker among this process and its ancestors, or null; and how far up it is. */
        String worker;
        int workerDepth;
        /** Whether the parent was not known when this was recorded (the walk may go further now). */
        boolean orphan;

        Node(Proc proc) {
            this.proc = proc;
        }
    }

    private final int maxEntries;
    private final WebWorkers workers;
    private final LinkedHashMap<Key, Node> procs;
    private final HashMap<String, String> hosts = new HashMap<>();
    /** Whether an executable's name is one of the web workers' (their command-line words aside). */
    private final HashMap<String, Boolean> workerNames = new HashMap<>();

    public ProcessTree() {
        this(DEFAULT_MAX_ENTRIES);
    }

    public ProcessTree(int maxEntries) {
        this(maxEntries, WebWorkers.defaults());
    }

    public ProcessTree(int maxEntries, WebWorkers workers) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.workers = Objects.requireNonNull(workers, "workers");
        this.procs = new LinkedHashMap<>(Math.min(maxEntries, 1 << 16) * 4 / 3 + 1, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Node> eldest) {
                return size() > ProcessTree.this.maxEntries;
            }
        };
    }

    public int size() {
        return procs.size();
    }

    /** How many host names and executable names the tree holds aside (for tests of its bounds). */
    int sideTables() {
        return hosts.size() + workerNames.size();
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
        Objects.requireNonNull(p, "p");
        String host = intern(p.host());
        boolean hasParent = p.ppid() >= 0 && p.ppid() != p.pid();
        Node parent = hasParent ? parentOf(host, p.ppid(), p.timeMillis()) : null;
        if (parent == null && hasParent && p.parentExe() != null) {
            // the parent started before the log did: learn it from the child
            parent = link(new Node(new Proc(host, p.ppid(), -1, Event.NO_TIME, p.parentExe(), p.parentCommandLine())),
                    null);
            procs.put(new Key(host, p.ppid()), parent);
        } else if (parent != null && parent.orphan) {
            Proc pp = parent.proc;
            Node grand = pp.ppid() >= 0 && pp.ppid() != pp.pid() ? parentOf(host, pp.ppid(), pp.startMillis()) : null;
            if (grand != null && grand != parent) {
                link(parent, grand);
            }
        }
        List<String> ancestors = ancestors(p.parentExe(), parent);
        String worker = null;
        if (p.parentExe() != null && isWorker(p.parentExe(), p.parentCommandLine())) {
            worker = p.parentExe();
        } else if (parent != null && parent.worker != null && parent.workerDepth < MAX_DEPTH) {
            worker = parent.worker;
        }
        if (!"no".equals(p.extra().get("success")) && p.pid() >= 0) {
            Key k = new Key(host, p.pid());
            Node self = new Node(new Proc(host, p.pid(), p.ppid(), p.timeMillis(), exeOf(p), p.commandLine()));
            link(self, parent);
            if (hasParent && parent == null) {
                self.orphan = true;
            }
            Node old = procs.put(k, self);
            if (old != null && startedAfter(old.proc.startMillis(), p.timeMillis())) {
                procs.put(k, old); // a late event of an older process: the newer one stays
            }
        }
        ProcessStart e = p.withLineage(parent == null ? null : parent.proc.exe(),
                parent == null ? null : parent.proc.commandLine(), ancestors);
        return new Lineage(e, worker);
    }

    /** The process the tree holds for {@code host}/{@code pid}, or null; counts as a use. */
    public Proc get(String host, long pid) {
        Node n = procs.get(new Key(intern(host), pid));
        return n == null ? null : n.proc;
    }

    /** Works out {@code n}'s lineage and worker from its parent (null when unknown). */
    private Node link(Node n, Node parent) {
        Proc p = n.proc;
        List<String> above = parent == null ? List.of() : parent.lineage;
        n.lineage = p.exe() == null ? above : prepend(p.exe(), above);
        if (isWorker(p.exe(), p.commandLine())) {
            n.worker = p.exe();
            n.workerDepth = 0;
        } else if (parent != null && parent.worker != null && parent.workerDepth + 1 < MAX_DEPTH) {
            n.worker = parent.worker;
            n.workerDepth = parent.workerDepth + 1;
        } else {
            n.worker = null;
        }
        n.orphan = false;
        return n;
    }

    /**
     * An event's ancestors: the parent it names (or the tree's), then the parent's ancestors.
     * When the event names no other parent, this is the parent's own lineage list, shared.
     */
    private static List<String> ancestors(String eventParentExe, Node parent) {
        if (parent == null) {
            return eventParentExe == null ? List.of() : List.of(eventParentExe);
        }
        String parentExe = parent.proc.exe();
        if (eventParentExe == null || eventParentExe.equals(parentExe)) {
            return parent.lineage;
        }
        List<String> above = parentExe == null ? parent.lineage : parent.lineage.subList(1, parent.lineage.size());
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
            if (workerNames.size() >= MAX_INTERNED) {
                workerNames.clear();
            }
            named = workers.nameMatches(exe);
            workerNames.put(exe, named);
        }
        return named && workers.matches(exe, commandLine);
    }

    private Node parentOf(String host, long ppid, long childStart) {
        Node p = procs.get(new Key(host, ppid));
        if (p == null || startedAfter(p.proc.startMillis(), childStart)) {
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

    /** One instance per host name, so that keys compare hosts by identity; bounded. */
    private String intern(String h) {
        if (h == null) {
            return "";
        }
        String known = hosts.get(h);
        if (known == null) {
            if (hosts.size() >= MAX_INTERNED) {
                hosts.clear(); // keys made before still compare equal, only more slowly
            }
            hosts.put(h, h);
            known = h;
        }
        return known;
    }
}
