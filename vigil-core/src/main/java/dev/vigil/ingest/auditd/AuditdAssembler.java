package dev.vigil.ingest.auditd;

import dev.vigil.event.Event;
import dev.vigil.event.Origin;
import dev.vigil.event.ProcessStart;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.RecordAssembler;
import dev.vigil.ingest.process.CommandLines;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Joins the audit records of one {@code execve}/{@code execveat} into a {@link ProcessStart}:
 * SYSCALL ({@code pid}, {@code ppid}, {@code uid}, {@code auid}, {@code exe}, {@code comm},
 * {@code success}), EXECVE ({@code argc}, {@code a0..aN}, hex-encoded or quoted, long arguments
 * split as {@code aN_len} with {@code aN[0]}, {@code aN[1]}... possibly over several records),
 * CWD, PATH (item 0 stands in for a missing executable) and PROCTITLE (hex, NUL-separated; the
 * command line when there is no EXECVE record). Records are keyed by node and
 * {@code audit(time:serial)}, so they may come in any order and interleaved with other events.
 *
 * <p>An event is emitted at its {@code EOE} record; events that never see one are emitted, oldest
 * first, when more than {@code maxPending} events (or {@value #MAX_PENDING_BYTES} bytes of
 * arguments) are pending, and at {@link #finish}. Events of other system calls are dropped
 * silently; an event with neither SYSCALL nor EXECVE data is rejected. A failed {@code execve}
 * ({@code success=no}) is still emitted, with {@code extra.success=no}. The time is the audit
 * key's, the host the {@code node=} name when present, the user the enriched {@code UID} name
 * when the log has one, else the numeric {@code uid}.
 *
 * <p>Not thread-safe: one instance per source, fed in order by one thread.
 */
public final class AuditdAssembler implements RecordAssembler {
    public static final int DEFAULT_MAX_PENDING = 4096;
    /** Bytes of arguments all pending events may hold together. */
    static final int MAX_PENDING_BYTES = 32 << 20;
    /** Bytes of arguments one event may hold; the rest is dropped and the event marked truncated. */
    static final int MAX_EVENT_BYTES = 1 << 20;
    /** Highest argument index and chunk index kept, against absurd numbers in bad input. */
    static final int MAX_ARGS = 8192;
    static final int MAX_CHUNKS = 4096;
    /** Keys of recently finished events, so that a record arriving after its EOE is not an orphan. */
    private static final int RECENT = 256;

    private final int maxPending;
    private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
    private final ArrayDeque<String> recentOrder = new ArrayDeque<>();
    private final HashSet<String> recent = new HashSet<>();
    private final AuditRecord rec = new AuditRecord();
    private long pendingBytes;

    public AuditdAssembler(int maxPending) {
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be at least 1, got " + maxPending);
        }
        this.maxPending = maxPending;
    }

    /** How many events are waiting for more records; for tests and metrics. */
    public int pendingCount() {
        return pending.size();
    }

    @Override
    public void accept(Line line, LineParser.Rejects rejects, Consumer<Event> out) {
        byte[] b = line.buf();
        String bad = rec.parse(b, line.off(), line.end());
        if (bad == AuditRecord.BLANK || (bad == null && rec.type == AuditRecord.OTHER)) {
            return;
        }
        if (bad != null) {
            rejects.reject(bad);
            return;
        }
        String key = rec.node == null ? rec.id : rec.node + ' ' + rec.id;
        if (rec.type == AuditRecord.EOE) {
            Pending p = pending.remove(key);
            remember(key);
            if (p != null) {
                pendingBytes -= p.bytes;
                complete(p, rejects, out);
            }
            return;
        }
        if (recent.contains(key)) {
            return;
        }
        Pending p = pending.get(key);
        if (p == null) {
            p = new Pending(line.origin(), rec.node, rec.timeMillis, rec.id);
            pending.put(key, p);
        }
        long before = p.bytes;
        switch (rec.type) {
            case AuditRecord.SYSCALL: syscall(b, p); break;
            case AuditRecord.EXECVE: execve(b, p); break;
            case AuditRecord.CWD: cwd(b, p); break;
            case AuditRecord.PATH: path(b, p); break;
            case AuditRecord.PROCTITLE: proctitle(b, p); break;
            default: break;
        }
        pendingBytes += p.bytes - before;
        while (pending.size() > maxPending || (pendingBytes > MAX_PENDING_BYTES && !pending.isEmpty())) {
            Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator();
            Map.Entry<String, Pending> eldest = it.next();
            it.remove();
            pendingBytes -= eldest.getValue().bytes;
            remember(eldest.getKey());
            complete(eldest.getValue(), rejects, out);
        }
    }

    /**
     * No event waits for more records. (The keys of recently finished events, which keep a record
     * that comes after its EOE from starting a new event, are not counted: such records are rare.)
     */
    @Override
    public boolean idle() {
        return pending.isEmpty();
    }

    @Override
    public void finish(LineParser.Rejects rejects, Consumer<Event> out) {
        for (Pending p : pending.values()) {
            complete(p, rejects, out);
        }
        pending.clear();
        pendingBytes = 0;
        recent.clear();
        recentOrder.clear();
    }

    private void remember(String key) {
        if (recent.add(key)) {
            recentOrder.addLast(key);
            if (recentOrder.size() > RECENT) {
                recent.remove(recentOrder.removeFirst());
            }
        }
    }

    private static void complete(Pending p, LineParser.Rejects rejects, Consumer<Event> out) {
        if (!p.hasExecve && !p.hasSyscall) {
            if (p.hasOther) {
                rejects.reject("audit event " + p.id + " has neither SYSCALL nor EXECVE records");
            }
            return;
        }
        if (!p.hasExecve && !p.exec) {
            return; // another system call: not a process start
        }
        out.accept(p.build());
    }

    // --- records ---------------------------------------------------------------------------

    private void syscall(byte[] b, Pending p) {
        p.hasSyscall = true;
        String arch = null;
        long nr = -1;
        Fields f = new Fields(b, rec.fieldsFrom, rec.fieldsTo);
        while (f.next()) {
            switch (f.name()) {
                case "arch": arch = f.text(); break;
                case "syscall": nr = f.number(); break;
                case "success": p.success = f.text(); break;
                case "pid": p.pid = f.number(); break;
                case "ppid": p.ppid = f.number(); break;
                case "uid": p.uid = f.text(); break;
                case "auid": p.auid = f.text(); break;
                case "euid": p.euid = f.text(); break;
                case "tty": p.tty = f.text(); break;
                case "ses": p.ses = f.text(); break;
                case "comm": p.comm = f.decoded(); break;
                case "exe": p.exe = f.decoded(); break;
                case "key": p.key = f.decoded(); break;
                default: break;
            }
        }
        String enrichedSyscall = null;
        Fields e = new Fields(b, rec.enrichedFrom, rec.enrichedTo);
        while (e.next()) {
            switch (e.name()) {
                case "UID": p.uidName = e.text(); break;
                case "AUID": p.auidName = e.text(); break;
                case "SYSCALL": enrichedSyscall = e.text(); break;
                default: break;
            }
        }
        p.exec = enrichedSyscall != null
                ? enrichedSyscall.equals("execve") || enrichedSyscall.equals("execveat")
                : isExec(arch, nr);
    }

    /** execve and execveat numbers per audit architecture; x86_64's when the arch is unknown. */
    private static boolean isExec(String arch, long nr) {
        if (arch == null) {
            return nr == 59 || nr == 322;
        }
        switch (arch.toLowerCase(java.util.Locale.ROOT)) {
            case "c000003e": return nr == 59 || nr == 322;   // x86_64
            case "40000003": return nr == 11 || nr == 358;   // i386
            case "c00000b7": return nr == 221 || nr == 281;  // aarch64
            case "40000028": return nr == 11 || nr == 387;   // arm
            case "80000015": case "c0000015": return nr == 11 || nr == 362; // ppc, ppc64le
            default: return nr == 59 || nr == 322;
        }
    }

    private void execve(byte[] b, Pending p) {
        p.hasExecve = true;
        Fields f = new Fields(b, rec.fieldsFrom, rec.fieldsTo);
        while (f.next()) {
            int ns = f.nameFrom;
            int ne = f.nameTo;
            if (ne - ns == 4 && b[ns] == 'a' && b[ns + 1] == 'r' && b[ns + 2] == 'g' && b[ns + 3] == 'c') {
                long n = f.number();
                p.argc = n < 0 ? -1 : (int) Math.min(n, MAX_ARGS);
                continue;
            }
            if (ne - ns < 2 || b[ns] != 'a') {
                continue;
            }
            int i = ns + 1;
            int idx = 0;
            int digits = 0;
            while (i < ne && b[i] >= '0' && b[i] <= '9' && digits < 6) {
                idx = idx * 10 + (b[i] - '0');
                i++;
                digits++;
            }
            if (digits == 0 || idx >= MAX_ARGS) {
                continue;
            }
            if (i == ne) {
                p.putArg(idx, -1, f.bytes());
            } else if (b[i] == '[') {
                int j = i + 1;
                int chunk = 0;
                int cd = 0;
                while (j < ne && b[j] >= '0' && b[j] <= '9' && cd < 6) {
                    chunk = chunk * 10 + (b[j] - '0');
                    j++;
                    cd++;
                }
                if (cd > 0 && j < ne && b[j] == ']' && chunk < MAX_CHUNKS) {
                    p.putArg(idx, chunk, f.bytes());
                }
            }
            // aN_len only announces the split; the chunks carry the data
        }
    }

    private void cwd(byte[] b, Pending p) {
        p.hasOther = true;
        Fields f = new Fields(b, rec.fieldsFrom, rec.fieldsTo);
        while (f.next()) {
            if (f.name().equals("cwd")) {
                p.cwd = f.decoded();
            }
        }
    }

    private void path(byte[] b, Pending p) {
        p.hasOther = true;
        Fields f = new Fields(b, rec.fieldsFrom, rec.fieldsTo);
        long item = -1;
        String name = null;
        while (f.next()) {
            switch (f.name()) {
                case "item": item = f.number(); break;
                case "name": name = f.decoded(); break;
                default: break;
            }
        }
        if (item == 0 && name != null && !name.equals("(null)")) {
            p.path0 = name;
        }
    }

    private void proctitle(byte[] b, Pending p) {
        p.hasOther = true;
        Fields f = new Fields(b, rec.fieldsFrom, rec.fieldsTo);
        while (f.next()) {
            if (f.name().equals("proctitle")) {
                byte[] raw = f.bytes();
                List<String> args = new ArrayList<>();
                int s = 0;
                for (int i = 0; i <= raw.length; i++) {
                    if (i == raw.length || raw[i] == 0) {
                        if (i > s || i < raw.length) {
                            args.add(new String(raw, s, i - s, StandardCharsets.UTF_8));
                        }
                        s = i + 1;
                    }
                }
                p.proctitle = args;
                p.bytes += raw.length;
            }
        }
    }

    // --- one pending event -------------------------------------------------------------------

    private static final class Pending {
        final Origin origin;
        final String node;
        final long timeMillis;
        final String id;
        boolean hasSyscall;
        boolean hasExecve;
        boolean hasOther;
        boolean exec;
        boolean truncated;
        long pid = -1;
        long ppid = -1;
        String uid;
        String uidName;
        String auid;
        String auidName;
        String euid;
        String tty;
        String ses;
        String comm;
        String exe;
        String key;
        String success;
        String cwd;
        String path0;
        List<String> proctitle;
        int argc = -1;
        HashMap<Integer, byte[]> args;
        HashMap<Integer, TreeMap<Integer, byte[]>> chunks;
        int bytes;

        Pending(Origin origin, String node, long timeMillis, String id) {
            this.origin = origin;
            this.node = node;
            this.timeMillis = timeMillis;
            this.id = id;
        }

        void putArg(int idx, int chunk, byte[] value) {
            if (bytes + value.length > MAX_EVENT_BYTES) {
                truncated = true;
                return;
            }
            bytes += value.length;
            if (chunk < 0) {
                if (args == null) {
                    args = new HashMap<>();
                }
                byte[] old = args.put(idx, value);
                if (old != null) {
                    bytes -= old.length;
                }
            } else {
                if (chunks == null) {
                    chunks = new HashMap<>();
                }
                byte[] old = chunks.computeIfAbsent(idx, k -> new TreeMap<>()).put(chunk, value);
                if (old != null) {
                    bytes -= old.length;
                }
            }
        }

        private String arg(int i) {
            byte[] whole = args == null ? null : args.get(i);
            if (whole != null) {
                return new String(whole, StandardCharsets.UTF_8);
            }
            TreeMap<Integer, byte[]> parts = chunks == null ? null : chunks.get(i);
            if (parts == null) {
                return null;
            }
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (byte[] part : parts.values()) {
                all.write(part, 0, part.length);
            }
            return all.toString(StandardCharsets.UTF_8);
        }

        private int highestArg() {
            int max = -1;
            if (args != null) {
                for (int k : args.keySet()) {
                    max = Math.max(max, k);
                }
            }
            if (chunks != null) {
                for (int k : chunks.keySet()) {
                    max = Math.max(max, k);
                }
            }
            return max;
        }

        ProcessStart build() {
            List<String> argv = new ArrayList<>();
            if (hasExecve) {
                int n = argc >= 0 ? argc : highestArg() + 1;
                for (int i = 0; i < n; i++) {
                    String a = arg(i);
                    argv.add(a == null ? "" : a);
                }
            } else if (proctitle != null) {
                argv.addAll(proctitle);
            }
            String exePath = exe != null && !exe.equals("(null)") ? exe : path0;
            if (exePath == null && !argv.isEmpty()) {
                exePath = argv.get(0);
            }
            boolean named = uidName != null && !uidName.isEmpty();
            ProcessStart.Builder b = ProcessStart.builder(origin)
                    .timeMillis(timeMillis)
                    .host(node)
                    .pid(pid)
                    .ppid(ppid)
                    .exe(exePath)
                    .argv(argv)
                    .commandLine(CommandLines.join(argv))
                    .user(named ? uidName : uid)
                    .cwd(cwd);
            b.extra("audit_id", id);
            if (named && uid != null) {
                b.extra("uid", uid);
            }
            if (auid != null) {
                // (uint32)-1: no login uid, as for daemons and web workers
                b.extra("auid", auidName != null ? auidName : auid.equals("4294967295") ? "unset" : auid);
            }
            if (euid != null && !euid.equals(uid)) {
                b.extra("euid", euid);
            }
            putIf(b, "comm", comm);
            if (tty != null && !tty.equals("(none)")) {
                b.extra("tty", tty);
            }
            if (ses != null && !ses.equals("4294967295")) {
                b.extra("ses", ses);
            }
            if (key != null && !key.equals("(null)")) {
                b.extra("key", key);
            }
            putIf(b, "success", success);
            if (truncated) {
                b.extra("truncated", "true");
            }
            return b.build();
        }

        private static void putIf(ProcessStart.Builder b, String k, String v) {
            if (v != null) {
                b.extra(k, v);
            }
        }
    }

    // --- fields of one record ----------------------------------------------------------------

    /**
     * Cursor over {@code name=value} pairs separated by spaces. A value in double quotes is taken
     * as written (auditd never escapes inside quotes: a value with a quote, space or control byte
     * is written unquoted in hex instead); an unquoted value of the fields auditd may encode is
     * decoded from hex when it is valid hex.
     */
    private static final class Fields {
        final byte[] b;
        final int to;
        int p;
        int nameFrom;
        int nameTo;
        int valueFrom;
        int valueTo;
        boolean quoted;

        Fields(byte[] b, int from, int to) {
            this.b = b;
            this.p = from;
            this.to = to;
        }

        boolean next() {
            while (p < to) {
                while (p < to && (b[p] == ' ' || b[p] == '\t')) {
                    p++;
                }
                int s = p;
                while (p < to && b[p] != '=' && b[p] != ' ') {
                    p++;
                }
                if (p >= to || b[p] == ' ' || p == s) {
                    if (p < to && b[p] == '=') {
                        p++;
                    }
                    continue; // a bare word (or "=x"): skip it
                }
                nameFrom = s;
                nameTo = p;
                p++;
                if (p < to && b[p] == '"') {
                    quoted = true;
                    valueFrom = p + 1;
                    int q = valueFrom;
                    while (q < to && b[q] != '"') {
                        q++;
                    }
                    valueTo = q;
                    p = Math.min(to, q + 1);
                } else if (p < to && b[p] == '\'') {
                    // SELinux and USER records quote with ' ; kept literal
                    quoted = true;
                    valueFrom = p + 1;
                    int q = valueFrom;
                    while (q < to && b[q] != '\'') {
                        q++;
                    }
                    valueTo = q;
                    p = Math.min(to, q + 1);
                } else {
                    quoted = false;
                    valueFrom = p;
                    while (p < to && b[p] != ' ' && b[p] != '\t') {
                        p++;
                    }
                    valueTo = p;
                }
                return true;
            }
            return false;
        }

        String name() {
            return new String(b, nameFrom, nameTo - nameFrom, StandardCharsets.ISO_8859_1);
        }

        String text() {
            return new String(b, valueFrom, valueTo - valueFrom, StandardCharsets.UTF_8);
        }

        long number() {
            long n = 0;
            if (valueTo == valueFrom || valueTo - valueFrom > 18) {
                return -1;
            }
            for (int i = valueFrom; i < valueTo; i++) {
                if (b[i] < '0' || b[i] > '9') {
                    return -1;
                }
                n = n * 10 + (b[i] - '0');
            }
            return n;
        }

        byte[] bytes() {
            if (!quoted) {
                byte[] h = unhex(b, valueFrom, valueTo);
                if (h != null) {
                    return h;
                }
            }
            return java.util.Arrays.copyOfRange(b, valueFrom, valueTo);
        }

        String decoded() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }
    }

    static byte[] unhex(byte[] b, int from, int to) {
        int n = to - from;
        if (n == 0 || (n & 1) != 0) {
            return null;
        }
        byte[] out = new byte[n / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = hex(b[from + 2 * i]);
            int lo = hex(b[from + 2 * i + 1]);
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    }
}
