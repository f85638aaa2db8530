package dev.vigil.bench;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.testalert.TestAlertDetector;
import dev.vigil.engine.Engine;
import dev.vigil.engine.ScanListener;
import dev.vigil.engine.ScanSummary;
import dev.vigil.ingest.Source;
import dev.vigil.pipeline.BatchScan;
import dev.vigil.detect.Detection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The end-to-end throughput benchmark: scans one log (an access log, a process trace: any format
 * {@code vigil scan} sniffs) with the default detectors on all cores, the way {@code vigil scan}
 * does (reader, parallel parse and detect, keyed detectors, alert grouping),
 * several times in one JVM, and prints lines/s per run, the median, and the process's peak
 * resident memory (VmHWM).
 *
 * <pre>
 * python3 tools/gen-access-log.py -n 1000000 --seed 1 -o /tmp/access.log
 * java -cp vigil-bench/target/benchmarks.jar dev.vigil.bench.EndToEnd /tmp/access.log [runs] [threads] [all|parse]
 * python3 tools/gen-process-trace.py 1000000 > /tmp/proc1m.jsonl
 * java -cp vigil-bench/target/benchmarks.jar dev.vigil.bench.EndToEnd /tmp/proc1m.jsonl
 * </pre>
 * {@code parse} runs the parser and the test-alert rule only (the foundation's target);
 * {@code all} (the default) the full built-in detector set.
 * Run it with the launcher's JVM options ({@code -XX:+UseParallelGC -XX:MaxNewSize=128m -XX:InitialTenuringThreshold=1 -XX:MaxTenuringThreshold=2 -XX:FreqInlineSize=60 -Xmx1g})
 * to match the CLI.
 */
public final class EndToEnd {
    private EndToEnd() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: EndToEnd LOG [runs=5] [threads=cores] [all|parse]");
            System.exit(2);
        }
        Path log = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        boolean parseOnly = args.length > 3 && args[3].equals("parse");
        System.out.printf(Locale.ROOT, "vigil end-to-end: %s (%,d bytes), %d threads, %s detectors, %d runs%n",
                log, Files.size(log), threads, parseOnly ? "test-alert" : "default", runs);
        List<Double> rates = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            // a fresh engine per run: keyed detectors (process trees, baselines, time windows)
            // keep state between scans, and every run should do the same work as the first
            Engine engine = engine(parseOnly, threads);
            long[] detections = {0};
            BatchScan.Result result = BatchScan.builder(engine).build().run(List.of(Source.file(log)), new ScanListener() {
                @Override
                public void onDetection(Detection d) {
                    detections[0]++;
                }
            });
            ScanSummary s = result.summary();
            double rate = s.linesPerSecond();
            rates.add(rate);
            System.out.printf(Locale.ROOT, "run %d: %,d lines, %,d events, %,d rejected, %,d detections, %,d alerts"
                            + " in %.3f s = %,.0f lines/s%n",
                    i, s.lines(), s.events(), s.rejected(), detections[0], result.alerts().size(),
                    s.elapsedNanos() / 1e9, rate);
        }
        List<Double> sorted = new ArrayList<>(rates);
        Collections.sort(sorted);
        double median = sorted.get(sorted.size() / 2);
        System.out.printf(Locale.ROOT, "median %,.0f lines/s (first run %,.0f); peak RSS %s%n",
                median, rates.get(0), peakRss());
    }

    /** The engine as {@code vigil scan} builds it, format sniffed per file. */
    private static Engine engine(boolean parseOnly, int threads) {
        Engine.Builder b = Engine.builder().threads(threads);
        if (parseOnly) {
            b.detector(new TestAlertDetector(AlertCatalogue.builtIn()));
        } else {
            b.defaultDetectors(AlertCatalogue.builtIn());
        }
        return b.build();
    }

    /** VmHWM from /proc/self/status: the process's peak resident set. */
    static String peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.0f MiB", kb / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: say so rather than guess
        }
        return "unknown (no /proc/self/status)";
    }
}
