package dev.vigil.bench;

import dev.vigil.alert.Alert;
import dev.vigil.alert.Evidence;
import dev.vigil.alert.suppress.Suppressor;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.AlertType;
import dev.vigil.catalogue.Severity;
import dev.vigil.server.ServerConfig;
import dev.vigil.server.StoreGate;
import dev.vigil.server.api.Overview;
import dev.vigil.server.VigilServer;
import dev.vigil.server.auth.Role;
import dev.vigil.server.auth.TokenRepository;
import dev.vigil.server.auth.UserRepository;
import dev.vigil.store.AlertQuery;
import dev.vigil.store.SqliteAlertStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code vigil serve} over a large store: seeds a SQLite file with synthetic alerts (once; a
 * later run reuses it), starts the server on loopback and times API requests one after another
 * through HTTP, printing p50 and p95 per request kind: a filtered alert page the store answers
 * alone, a page filtered by client IP, one alert with its evidence, and the overview (as served,
 * reused for 15 s, and as computed).
 *
 * <p>Run: {@code java -Xmx1g -cp vigil-bench/target/benchmarks.jar dev.vigil.bench.ServeBenchmark DB [alerts] [requests]}
 */
public final class ServeBenchmark {
    private ServeBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args.length > 0 ? args[0] : "/tmp/vigil-serve-bench.db");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        seed(db, n);
        TokenRepository tokens = TokenRepository.open(db);
        String token = tokens.create("bench-" + System.nanoTime(), Role.VIEWER).secret();
        try (VigilServer server = new VigilServer(ServerConfig.loopback(0), SqliteAlertStore.open(db), tokens,
                UserRepository.open(db)).start()) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port();
            String someId;
            try (SqliteAlertStore s = SqliteAlertStore.open(db)) {
                someId = s.list(new AlertQuery(null, null, null, null, null, 1)).get(0).alert().id();
            }
            Map<String, String> kinds = new LinkedHashMap<>();
            kinds.put("alert page, status+minSeverity (store-filtered)", "/api/alerts?status=Active,InProgress&minSeverity=Medium&limit=50");
            kinds.put("alert page, by client IP (scan path)", "/api/alerts?ip=203.0.113.7&limit=50");
            kinds.put("one alert with evidence", "/api/alerts/" + someId);
            kinds.put("overview (reused for 15 s)", "/api/overview");
            for (Map.Entry<String, String> k : kinds.entrySet()) {
                double[] ms = new double[requests];
                for (int i = 0; i < requests + 5; i++) {
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + k.getValue()))
                            .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                    long t = System.nanoTime() - t0;
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException(k.getValue() + " answered " + r.statusCode() + ": " + r.body());
                    }
                    if (i >= 5) { // the first five warm up
                        ms[i - 5] = t / 1e6;
                    }
                }
                Arrays.sort(ms);
                report(k.getKey(), ms);
            }
        }
        // the overview's real cost, which the server pays every 15 s at most
        int runs = Math.max(3, requests / 10);
        double[] ms = new double[runs];
        try (StoreGate gate = new StoreGate(SqliteAlertStore.open(db), new SimpleMeterRegistry())) {
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                Overview.compute(gate);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Arrays.sort(ms);
        report("overview computed (store read + counting)", ms);
    }

    private static void report(String what, double[] sortedMs) {
        int n = sortedMs.length;
        System.out.printf(Locale.ROOT, "%-50s p50 %8.1f ms  p95 %8.1f ms  (%d requests)%n", what,
                sortedMs[n / 2], sortedMs[Math.min(n - 1, (int) Math.ceil(n * 0.95) - 1)], n);
    }

    /** Synthetic alerts, spread over types, 5,000 client IPs, 50 hosts and 30 days; none from any corpus. */
    static void seed(Path db, int n) {
        try (SqliteAlertStore s = SqliteAlertStore.open(db)) {
            // a file seeded before is reused as it is (counting a million alerts would read them all)
            if (!s.list(new AlertQuery(null, null, null, null, null, 1)).isEmpty()) {
                System.out.printf(Locale.ROOT, "%s holds alerts already; reusing it%n", db);
                return;
            }
            int have = 0;
            List<AlertType> types = new ArrayList<>(AlertCatalogue.builtIn().all());
            types.removeIf(AlertType::test);
            SplittableRandom rnd = new SplittableRandom(7);
            long t0 = System.nanoTime();
            long end = 1_760_000_000_000L;
            List<Alert> batch = new ArrayList<>(10_000);
            for (int i = have; i < n; i++) {
                AlertType t = types.get(rnd.nextInt(types.size()));
                String ip = "203.0." + (113 + rnd.nextInt(20)) + "." + rnd.nextInt(250);
                String host = "web" + rnd.nextInt(50) + ".example";
                long time = end - rnd.nextLong(30L * 86_400_000);
                Map<String, String> e = new LinkedHashMap<>();
                e.put("ip", ip);
                e.put("host", host);
                e.put("url", "/p/" + rnd.nextInt(1000));
                List<Evidence> ev = List.of(new Evidence("bench.log", i, time, "bench.rule", "param_values",
                        "id=" + i + "' OR 1=1--", "id=" + i + "' OR 1=1--"));
                batch.add(new Alert(String.format(Locale.ROOT, "%032x", (long) i * 0x9E3779B97F4A7C15L), t,
                        Severity.values()[rnd.nextInt(4)], e, time, time, 1 + rnd.nextInt(20), List.of("bench.rule"), ev));
                if (batch.size() == 10_000) {
                    s.upsert(batch, Suppressor.none(), "bench");
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                s.upsert(batch, Suppressor.none(), "bench");
            }
            System.out.printf(Locale.ROOT, "stored %,d alerts in %.1f s (%,d KiB)%n", n - have, (System.nanoTime() - t0) / 1e9,
                    db.toFile().length() / 1024);
        }
    }
}
