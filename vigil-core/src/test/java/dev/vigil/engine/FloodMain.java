package dev.vigil.engine;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertAggregator;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.Detection;
import dev.vigil.ingest.Source;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Scans a generated flood in a JVM of its own, for {@link FloodTest}: {@code LINES} SQL-injection
 * requests, each from its own IPv6 address, each with a long payload, made on the fly (nothing of
 * it is held), through the built-in detectors and the alert aggregator with their default bounds.
 * Prints one RESULT line. Run with a small heap, it shows that what Vigil holds is set by its
 * configuration, not by the input. Arguments: LINES [STATUS [MAX_ALERTS]]; with STATUS 404 every
 * client also opens a probing-burst window: a key of keyed state each.
 */
public final class FloodMain {
    private FloodMain() {}

    public static void main(String[] args) throws Exception {
        long lines = Long.parseLong(args[0]);
        int status = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int maxAlerts = args.length > 2 ? Integer.parseInt(args[2]) : AlertAggregator.DEFAULT_MAX_ALERTS;
        String pad = "a".repeat(1500); // long values: evidence memory must be bounded too
        Source flood = new Source("flood.log", () -> new InputStream() {
            private long next;
            private byte[] line = new byte[0];
            private int at;

            @Override
            public int read() {
                if (at == line.length) {
                    if (next == lines) {
                        return -1;
                    }
                    long i = next++;
                    line = String.format("2001:db8:%x:%x::1 - - [28/Nov/2026:10:%02d:%02d +0000] "
                                    + "\"GET /item?id=1%%27+or+1%%3D1--+%s%d HTTP/1.1\" %d 9 \"-\" \"x\" \"h%d.example\"\n",
                            (i >>> 16) & 0xffff, i & 0xffff, (i / 60) % 60, i % 60, pad, i, status, i % 7)
                            .getBytes(StandardCharsets.UTF_8);
                    at = 0;
                }
                return line[at++] & 0xff;
            }
        }, -1);
        Engine engine = Engine.builder().defaultDetectors(AlertCatalogue.builtIn()).build();
        AlertAggregator agg = new AlertAggregator(AlertAggregator.DEFAULT_WINDOW_MILLIS, 5, maxAlerts);
        long[] detections = new long[1];
        ScanSummary s = engine.scan(List.of(flood), new ScanListener() {
            @Override
            public void onDetection(Detection d) {
                detections[0]++;
                agg.add(d);
            }
        });
        List<Alert> alerts = agg.alerts();
        long stateKeys = 0;
        long evicted = 0;
        for (KeyedStage stage : engine.keyedStages()) {
            for (var st : stage.stats()) {
                stateKeys += st.keys();
                evicted += st.evictedKeys();
            }
        }
        long counted = alerts.stream().mapToLong(Alert::count).sum();
        System.gc();
        Runtime rt = Runtime.getRuntime();
        System.out.println("RESULT lines=" + s.lines() + " detections=" + detections[0] + " counted=" + counted
                + " alerts=" + alerts.size() + " held=" + agg.size() + " folded=" + agg.folded()
                + " stateKeys=" + stateKeys + " evictedKeys=" + evicted
                + " usedMiB=" + (rt.totalMemory() - rt.freeMemory()) / (1 << 20));
    }
}
