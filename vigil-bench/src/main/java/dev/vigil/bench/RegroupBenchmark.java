package dev.vigil.bench;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertAggregator;
import dev.vigil.alert.suppress.Suppressor;
import dev.vigil.detect.Detection;
import dev.vigil.incident.IncidentCorrelator;
import dev.vigil.store.AlertStore;
import dev.vigil.store.AlertStores;
import dev.vigil.store.StoredIncident;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a scan's incident regrouping costs once the store holds many alerts: the alert storm of
 * {@link StoreBenchmark} stored, then a small scan (its first {@code small} detections seen again,
 * by default 200) stored again and regrouped, incrementally
 * ({@link AlertStore#regroupIncidents}) and, for comparison, in full (every stored alert read and
 * correlated, then {@link AlertStore#replaceIncidents}), as every scan did before. Prints each
 * run and the medians.
 *
 * <p>Run: {@code java -cp vigil-bench/target/benchmarks.jar dev.vigil.bench.RegroupBenchmark
 * [detections] [runs] [--db URL [small]]}: an SQLite file in a temporary folder by default, or an empty
 * PostgreSQL database (later runs find the storm stored already and merge into it).
 */
public final class RegroupBenchmark {
    private RegroupBenchmark() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String url = args.length > 3 && args[2].equals("--db") ? args[3] : null;
        List<Alert> storm = group(StoreBenchmark.storm(n));
        int seen = args.length > 4 ? Integer.parseInt(args[4]) : 200;
        List<Alert> small = group(StoreBenchmark.storm(n).subList(0, seen));
        IncidentCorrelator correlator = new IncidentCorrelator();
        double[] incremental = new double[runs];
        double[] full = new double[runs];
        for (int r = 0; r < runs; r++) {
            Path dir = Files.createTempDirectory("vigil-regroup-bench");
            String db = url != null ? url : dir.resolve("vigil.db").toString();
            try (AlertStore s = AlertStores.open(db)) {
                s.upsert(storm, Suppressor.none(), "bench");
                s.regroupIncidents(correlator, Integer.MAX_VALUE); // the store's incidents as a scan leaves them
                s.upsert(small, Suppressor.none(), "bench");
                long t0 = System.nanoTime();
                int touched = s.regroupIncidents(correlator, Integer.MAX_VALUE).size();
                incremental[r] = (System.nanoTime() - t0) / 1e6;
                long t1 = System.nanoTime();
                List<StoredIncident> all = correlator.correlate(s.alertsForIncidents(Integer.MAX_VALUE)).stream()
                        .map(i -> StoredIncident.of(i, System.currentTimeMillis())).toList();
                int stored = s.replaceIncidents(all).size();
                full[r] = (System.nanoTime() - t1) / 1e6;
                System.out.printf(Locale.ROOT, "run %d: %,d alerts stored, %,d in the new scan: incremental regrouping "
                        + "%.0f ms (%,d incidents recomputed), full %.0f ms (%,d incidents)%n", r + 1, storm.size(),
                        small.size(), incremental[r], touched, full[r], stored);
            }
            if (url == null) {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(dir);
            }
        }
        System.out.printf(Locale.ROOT, "median: incremental %.0f ms, full %.0f ms%n", median(incremental), median(full));
    }

    private static List<Alert> group(List<Detection> ds) {
        AlertAggregator agg = new AlertAggregator();
        ds.forEach(agg::add);
        return agg.alerts();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
