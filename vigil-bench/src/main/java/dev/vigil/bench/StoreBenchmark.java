package dev.vigil.bench;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertAggregator;
import dev.vigil.alert.suppress.Suppressor;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.AlertType;
import dev.vigil.detect.Detection;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.Origin;
import dev.vigil.store.AlertStore;
import dev.vigil.store.SqliteAlertStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * An alert storm: 100,000 detections (by default) from 5,000 client IPs, four alert types, over
 * three hours, grouped by {@link AlertAggregator} and stored in a fresh SQLite file, then stored
 * again (a rescan, every alert merged). Prints each run and the medians.
 *
 * <p>Run: {@code java -cp vigil-bench/target/benchmarks.jar dev.vigil.bench.StoreBenchmark [detections] [runs]}
 */
public final class StoreBenchmark {
    private StoreBenchmark() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<Detection> storm = storm(n);
        double[] first = new double[runs];
        double[] again = new double[runs];
        int alerts = 0;
        for (int r = 0; r < runs; r++) {
            Path dir = Files.createTempDirectory("vigil-store-bench");
            Path db = dir.resolve("vigil.db");
            long t0 = System.nanoTime();
            AlertAggregator agg = new AlertAggregator();
            storm.forEach(agg::add);
            List<Alert> list = agg.alerts();
            try (AlertStore s = SqliteAlertStore.open(db)) {
                s.upsert(list, Suppressor.none(), "bench");
            }
            first[r] = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            AlertAggregator agg2 = new AlertAggregator();
            storm.forEach(agg2::add);
            try (AlertStore s = SqliteAlertStore.open(db)) {
                s.upsert(agg2.alerts(), Suppressor.none(), "bench");
            }
            again[r] = (System.nanoTime() - t1) / 1e9;
            alerts = list.size();
            System.out.printf(Locale.ROOT, "run %d: %,d detections -> %,d alerts: grouped and stored in %.2f s; "
                    + "rescan merged in %.2f s (db %,d KiB)%n", r + 1, n, alerts, first[r], again[r], Files.size(db) / 1024);
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
        System.out.printf(Locale.ROOT, "median: %,d detections -> %,d alerts grouped and stored in %.2f s; rescan %.2f s%n",
                n, alerts, median(first), median(again));
    }

    static List<Detection> storm(int n) {
        AlertCatalogue cat = AlertCatalogue.builtIn();
        AlertType[] types = {cat.get("SqlInjectionAttempt"), cat.get("ScannerDetected"), cat.get("PathTraversalAttempt"),
            cat.get("CrossSiteScriptingAttempt")};
        long t0 = 1_763_380_800_000L;
        List<Detection> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            AlertType t = types[i % types.length];
            String ip = "10." + (i % 5000 / 250) + "." + (i % 250) + ".7";
            long time = t0 + (long) i * 3 * 3_600_000 / n;
            String q = "q=" + i + "' or '1'='1";
            HttpRequest r = HttpRequest.builder(new Origin("storm.log", i + 1, i * 120L)).timeMillis(time).clientIp(ip)
                    .host("shop.example").method("GET").target("/search?" + q).status(404).build();
            out.add(new Detection("bench." + t.name(), t, t.severity(), r, "query", q, q));
        }
        return out;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
