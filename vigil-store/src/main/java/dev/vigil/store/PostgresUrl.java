package dev.vigil.store;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * A PostgreSQL database as {@code --db} names it: {@code postgresql://[user[:password]@]host[:port]/db[?param=value&...]}
 * ({@code postgres://} too), the libpq URI form. Parameters are the JDBC driver's ({@code user},
 * {@code password}, {@code sslmode}...). A password not given in the URL comes from the
 * {@code PGPASSWORD} environment variable, which keeps it off the command line.
 *
 * @param jdbcUrl    the driver's URL, without user and password
 * @param properties user, password and the other parameters
 * @param redacted   the URL as safe to show in messages: no password
 *
 * <p>Immutable apart from the properties object, which callers must not change; thread-safe.
 */
public record PostgresUrl(String jdbcUrl, Properties properties, String redacted) {
    /** Whether {@code --db} names PostgreSQL rather than an SQLite file. */
    public static boolean matches(String db) {
        String l = db.toLowerCase(Locale.ROOT);
        return l.startsWith("postgresql://") || l.startsWith("postgres://");
    }

    public static PostgresUrl parse(String db) {
        return parse(db, System.getenv("PGPASSWORD"));
    }

    static PostgresUrl parse(String db, String envPassword) {
        if (!matches(db)) {
            throw new IllegalArgumentException("not a postgresql:// URL");
        }
        String rest = db.substring(db.indexOf("://") + 3);
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        Properties props = new Properties();
        int at = rest.lastIndexOf('@');
        String user = null;
        if (at >= 0) {
            String info = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            if (colon >= 0) {
                props.setProperty("password", decode(info.substring(colon + 1)));
            }
            props.setProperty("user", user);
        }
        int slash = rest.indexOf('/');
        String hostPort = slash < 0 ? rest : rest.substring(0, slash);
        String database = slash < 0 ? "" : decode(rest.substring(slash + 1));
        if (hostPort.isEmpty() || database.isEmpty()) {
            throw new IllegalArgumentException("a PostgreSQL --db needs a host and a database: "
                    + "postgresql://HOST[:PORT]/DATABASE?user=NAME");
        }
        List<String> shown = new ArrayList<>();
        for (String kv : query.split("&")) {
            if (kv.isEmpty()) {
                continue;
            }
            int eq = kv.indexOf('=');
            String k = decode(eq < 0 ? kv : kv.substring(0, eq));
            String v = eq < 0 ? "" : decode(kv.substring(eq + 1));
            props.setProperty(k, v);
            if (!k.equalsIgnoreCase("password")) {
                shown.add(kv);
            }
        }
        if (!props.containsKey("password") && envPassword != null && !envPassword.isEmpty()) {
            props.setProperty("password", envPassword);
        }
        String jdbc = "jdbc:postgresql://" + hostPort + "/" + rest.substring(slash + 1);
        String redacted = "postgresql://" + (user == null ? "" : user + "@") + hostPort + "/" + database
                + (shown.isEmpty() ? "" : "?" + String.join("&", shown));
        return new PostgresUrl(jdbc, props, redacted);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return redacted;
    }
}
