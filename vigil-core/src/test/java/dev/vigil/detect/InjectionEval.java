package dev.vigil.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.analyze.sqli.SqlInjection;
import dev.vigil.analyze.xss.CrossSiteScripting;
import java.io.BufferedReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Throwaway measuring harness (not a test): recall and false positives of the SQLi and XSS
 * detectors on the labelled corpus. Run with the test classpath:
 * {@code java -cp ... dev.vigil.detect.InjectionEval /work/shared/eval/http.jsonl [dump-misses]}.
 */
public final class InjectionEval {

    private InjectionEval() {
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper om = new ObjectMapper();
        Map<String, int[]> stats = new TreeMap<>();
        Map<String, List<String>> samples = new TreeMap<>();
        String dump = args.length > 1 ? args[1] : "";
        List<String> values = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(Path.of(args[0]))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode n = om.readTree(line);
                String uri = n.path("uri").asText("");
                String key = n.path("source").asText() + "/" + n.path("label").asText() + "/" + n.path("category").asText()
                        + (n.path("log_visible").asBoolean(true) ? "" : " (not in log)");
                boolean sqli = false;
                boolean xss = false;
                String why = "";
                List<String> vals = queryValues(uri);
                for (String h : new String[] {"user_agent", "referer"}) {
                    if (n.hasNonNull(h)) {
                        vals.add(n.path(h).asText());
                    }
                }
                for (String v : vals) {
                    values.add(v);
                    var s = SqlInjection.detect(v);
                    var x = CrossSiteScripting.detect(v);
                    if (s.isPresent()) {
                        sqli = true;
                        why += " S:" + s.get();
                    }
                    if (x.isPresent()) {
                        xss = true;
                        why += " X:" + x.get();
                    }
                }
                int[] st = stats.computeIfAbsent(key, k -> new int[4]);
                st[0]++;
                if (sqli) {
                    st[1]++;
                }
                if (xss) {
                    st[2]++;
                }
                if (sqli || xss) {
                    st[3]++;
                }
                boolean attack = n.path("label").asText().equals("attack");
                String cat = n.path("category").asText();
                boolean hit = cat.equals("xss") ? xss : cat.equals("sqli") ? sqli : (sqli || xss);
                if (!dump.isEmpty() && key.contains(dump) && (attack != hit)) {
                    samples.computeIfAbsent(key, k -> new ArrayList<>()).add(decodeOrRaw(uri) + "   ==>" + why);
                }
            }
        }
        System.out.printf("%-60s %6s %6s %6s %6s%n", "group", "rows", "sqli", "xss", "any");
        for (var e : stats.entrySet()) {
            int[] s = e.getValue();
            System.out.printf("%-60s %6d %5.1f%% %5.1f%% %5.1f%%%n", e.getKey(), s[0], 100.0 * s[1] / s[0],
                    100.0 * s[2] / s[0], 100.0 * s[3] / s[0]);
        }
        for (var e : samples.entrySet()) {
            System.out.println("=== misclassified " + e.getKey() + " (" + e.getValue().size() + ")");
            e.getValue().forEach(s -> System.out.println("  " + s));
        }
        int rounds = 5;
        for (int warm = 0; warm < 2; warm++) {
            long t0 = System.nanoTime();
            for (int k = 0; k < rounds; k++) {
                for (String v : values) {
                    SqlInjection.detect(v);
                }
            }
            long t1 = System.nanoTime();
            for (int k = 0; k < rounds; k++) {
                for (String v : values) {
                    CrossSiteScripting.detect(v);
                }
            }
            long t2 = System.nanoTime();
            System.out.printf("throughput: sqli %.0f values/s, xss %.0f values/s (%d values)%n",
                    rounds * values.size() / ((t1 - t0) / 1e9), rounds * values.size() / ((t2 - t1) / 1e9), values.size());
        }
    }

    private static String decodeOrRaw(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            return s;
        }
    }

    /** Decoded values of the query string, or the decoded path when there is no query. */
    static List<String> queryValues(String uri) {
        List<String> out = new ArrayList<>();
        int q = uri.indexOf('?');
        if (q < 0) {
            out.add(decodeOrRaw(uri));
            return out;
        }
        out.add(decodeOrRaw(uri.substring(0, q)));
        // the whole query too: payloads with a literal '&' (HTML entities) span several "parameters"
        out.add(decodeOrRaw(uri.substring(q + 1)));
        for (String part : uri.substring(q + 1).split("&")) {
            int eq = part.indexOf('=');
            out.add(decodeOrRaw(eq < 0 ? part : part.substring(eq + 1)));
        }
        return out;
    }
}
