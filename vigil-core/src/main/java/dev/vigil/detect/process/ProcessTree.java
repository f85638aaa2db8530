package dev.vigil.detect.process;

import dev.vigil.event.Event;
import dev.vigil.event.ProcessStart;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rebuilds process ancestry from pid/ppid, per host, as process starts arrive, and fills in what
 * an event lacks: parent executable and command line, and the executables of its ancestors,
 * nearest first (at most {@value #MAX_DEPTH}).
 *
 * <p>Pid reuse: a process start replaces the entry of its pid unless the entry started later (an
 * event that arrives late does not overwrite the newer process). A parent is only taken from the
 * tree when it did not start after the child, so a reused parent pid never lends the child a
 * stranger's lineage. Unknown start times match anything. When the event names its parent but
 * the tree has not seen it (it started before logging began), the parent is recorded from the
 * event, so that later grandchildren still reach it. Cycles in bad data end the walk.
 *
 * <p>Memory is bounded: at most {@code maxEntries} processes over all hosts, least recently
 * used first out. Failed starts (auditd {@code success=no}) are enriched but not recorded.
 *
 * <p>Not thread-safe: one instance per stream of events, fed in time order by one thread.
 */
public final class ProcessTree {
    public static final int DEFAULT_MAX_ENTRIES = 100_000;
    public static final int MAX_DEPTH = 16;

    /** One known process. */
    public record Proc(String host, long pid, long ppid, long startMillis, String exe, String commandLine) {}

    private record Key(String host, long pid) {}

    private final int maxEntries;
    private final LinkedHashMap<Key, Proc> procs;

    public ProcessTree() {
        this(DEFAULT_MAX_ENTRIES);
    }

    public ProcessTree(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.procs = new LinkedHashMap<>(Math.min(maxEntries, 1 << 16) * 4 / 3 + 1, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Proc> eldest) {
                return size() > ProcessTree.this.maxEntries;
            }
        };
    }

    public int size() {
        return procs.size();
    }

    /**
     * Records {@code p} and returns it with its lineage: parent fields it lacked filled from the
     * tree, and {@code ancestors} set.
     */
    public ProcessStart observe(ProcessStart p) {
        Objects.requireNonNull(p, "p");
        String host = host(p.host());
        Proc parent = p.ppid() >= 0 && p.ppid() != p.pid() ? parentOf(host, p.ppid(), p.timeMillis()) : null;
        if (parent == null && p.ppid() >= 0 && p.ppid() != p.pid() && p.parentExe() != null) {
            // the parent started before the log did: learn it from the child
            parent = new Proc(host, p.ppid(), -1, Event.NO_TIME, p.parentExe(), p.parentCommandLine());
            procs.put(new Key(host, p.ppid()), parent);
        }
        List<String> ancestors = new ArrayList<>();
        if (p.parentExe() != null) {
            ancestors.add(p.parentExe());
        } else if (parent != null && parent.exe() != null) {
            ancestors.add(parent.exe());
        }
        if (parent != null) {
            walk(parent, ancestors);
        }
        if (!"no".equals(p.extra().get("success")) && p.pid() >= 0) {
            Key k = new Key(host, p.pid());
            Proc old = procs.get(k);
            if (old == null || !startedAfter(old.startMillis(), p.timeMillis())) {
                procs.put(k, new Proc(host, p.pid(), p.ppid(), p.timeMillis(), exeOf(p), p.commandLine()));
            }
        }
        return p.withLineage(parent == null ? null : parent.exe(),
                parent == null ? null : parent.commandLine(), ancestors);
    }

    /** The process the tree holds for {@code host}/{@code pid}, or null; counts as a use. */
    public Proc get(String host, long pid) {
        return procs.get(new Key(host(host), pid));
    }

    /**
     * The known ancestors of {@code p} (which {@link #observe} has seen), nearest first, with
     * their command lines; at most {@value #MAX_DEPTH}.
     */
    public List<Proc> lineage(ProcessStart p) {
        String host = host(p.host());
        if (p.ppid() < 0 || p.ppid() == p.pid()) {
            return List.of();
        }
        Proc parent = parentOf(host, p.ppid(), p.timeMillis());
        if (parent == null) {
            return List.of();
        }
        List<Proc> out = new ArrayList<>();
        out.add(parent);
        Proc cur = parent;
        while (out.size() < MAX_DEPTH) {
            Proc next = step(cur, out);
            if (next == null) {
                break;
            }
            out.add(next);
            cur = next;
        }
        return Collections.unmodifiableList(out);
    }

    private void walk(Proc parent, List<String> ancestors) {
        List<Proc> seen = new ArrayList<>();
        seen.add(parent);
        Proc cur = parent;
        while (ancestors.size() < MAX_DEPTH) {
            Proc next = step(cur, seen);
            if (next == null) {
                return;
            }
            seen.add(next);
            if (next.exe() != null) {
                ancestors.add(next.exe());
            }
            cur = next;
        }
    }

    /** The parent of {@code cur} if the tree knows it and it is not already on the path. */
    private Proc step(Proc cur, List<Proc> path) {
        if (cur.ppid() < 0 || cur.ppid() == cur.pid()) {
            return null;
        }
        Proc next = parentOf(cur.host(), cur.ppid(), cur.startMillis());
        if (next == null) {
            return null;
        }
        for (Proc q : path) {
            if (q.pid() == next.pid()) {
                return null; // a cycle in bad data
            }
        }
        return next;
    }

    private Proc parentOf(String host, long ppid, long childStart) {
        Proc p = procs.get(new Key(host, ppid));
        if (p == null || startedAfter(p.startMillis(), childStart)) {
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

    private static String host(String h) {
        return h == null ? "" : h;
    }
}
