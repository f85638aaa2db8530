package dev.vigil.flink;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A combined-format access log made up here, deterministic for a seed, for tests that need no
 * python: ordinary visitors, and attackers written from the attack classes (SQL injection in a
 * query, path traversal, a scanner's burst of 404s, password guessing on a login page).
 */
final class Traffic {
    private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final String UA = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

    private Traffic() {}

    static List<String> lines(long seed, int n) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>(n);
        long t = Instant.parse("2026-11-30T08:00:00Z").toEpochMilli();
        for (int i = 0; i < n; i++) {
            t += r.nextInt(150);
            int kind = r.nextInt(100);
            String ip;
            String req;
            int status;
            if (kind < 2) {
                ip = "203.0.113." + (1 + r.nextInt(20));
                req = "GET /products?id=" + r.nextInt(99) + "%27%20UNION%20SELECT%20username,password%20FROM%20users--"
                        + " HTTP/1.1";
                status = 500;
            } else if (kind < 3) {
                ip = "203.0.113." + (30 + r.nextInt(5));
                req = "GET /download?file=../../../../etc/passwd HTTP/1.1";
                status = 404;
            } else if (kind < 8) {
                ip = "198.51.100." + (50 + r.nextInt(3));
                req = "GET /" + Long.toHexString(r.nextLong()) + ".php HTTP/1.1";
                status = 404;
            } else if (kind < 12) {
                ip = "198.51.100." + (70 + r.nextInt(2));
                req = "POST /wp-login.php HTTP/1.1";
                status = 200;
            } else {
                ip = "192.0.2." + (1 + r.nextInt(200));
                req = "GET /p/" + r.nextInt(300) + " HTTP/1.1";
                status = 200;
            }
            out.add(ip + " - - [" + CLF.format(Instant.ofEpochMilli(t)) + "] \"" + req + "\" " + status + " "
                    + (100 + r.nextInt(5000)) + " \"-\" \"" + UA + "\"");
        }
        return out;
    }
}
