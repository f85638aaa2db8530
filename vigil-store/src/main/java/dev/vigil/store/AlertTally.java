package dev.vigil.store;

import dev.vigil.alert.AlertStatus;
import dev.vigil.catalogue.Severity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The overview's counts in {@code alert_tally} ({@link Schema} version 9): how many alerts there
 * are per dimension value (alert type, client IP, host, day of last activity), status and
 * severity. Every write that adds an alert, merges into one or changes its status uncounts the
 * alert as it was and counts it as it is now, in the same transaction and under the same write
 * lock, so the counts always equal a count of the alerts (a test compares the two on both
 * databases) and reading them costs a few hundred rows instead of every alert.
 *
 * <p>One instance gathers the changes of one transaction; not thread-safe. The static readers are.
 */
final class AlertTally {
    static final String TYPE = "type";
    static final String IP = "ip";
    static final String HOST = "host";
    static final String DAY = "day";
    private static final long DAY_MILLIS = 86_400_000L;

    private record Key(String dim, String val, String status, int rank) {}

    /**
     * The status of the rows that count a type, IP or host's open alerts whatever their severity
     * ({@link Schema} version 11): a partial index orders them by count, so the top ten are the
     * first ten entries of that index however many distinct addresses there are.
     */
    static final String OPEN_ROW = "open";
    static final int OPEN_RANK = -1;

    private final Map<Key, Long> delta = new HashMap<>();

    /** The day bucket of a last-seen time, as the migration computes it in SQL (integer division). */
    static String day(long lastSeenMillis) {
        return Long.toString(lastSeenMillis / DAY_MILLIS);
    }

    /**
     * Counts one alert as stored ({@code sign} 1) or uncounts it ({@code sign} -1).
     *
     * @param lastSeen its last-seen time, or null when it has none
     */
    void count(String type, String ip, String host, Long lastSeen, int rank, AlertStatus status, int sign) {
        String st = status.label();
        boolean open = open(status);
        add(new Key(TYPE, type, st, rank), sign);
        if (open) {
            add(new Key(TYPE, type, OPEN_ROW, OPEN_RANK), sign);
        }
        if (ip != null) {
            add(new Key(IP, ip, st, rank), sign);
            if (open) {
                add(new Key(IP, ip, OPEN_ROW, OPEN_RANK), sign);
            }
        }
        if (host != null) {
            add(new Key(HOST, host, st, rank), sign);
            if (open) {
                add(new Key(HOST, host, OPEN_ROW, OPEN_RANK), sign);
            }
        }
        if (lastSeen != null) {
            add(new Key(DAY, day(lastSeen), st, rank), sign);
        }
    }

    private void add(Key k, long n) {
        delta.merge(k, n, Long::sum);
    }

    /** Writes the gathered changes; the caller's transaction commits them with the alerts. */
    void apply(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO alert_tally (dim, val, status, severity_rank, n) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (dim, val, status, severity_rank) DO UPDATE SET "
                + "n = alert_tally.n + excluded.n")) {
            int batched = 0;
            for (Map.Entry<Key, Long> e : delta.entrySet()) {
                if (e.getValue() == 0) {
                    continue; // a merge that changed nothing counted: no write
                }
                Key k = e.getKey();
                p.setString(1, k.dim());
                p.setString(2, k.val());
                p.setString(3, k.status());
                p.setInt(4, k.rank());
                p.setLong(5, e.getValue());
                p.addBatch();
                if (++batched % 1000 == 0) {
                    p.executeBatch();
                }
            }
            if (batched % 1000 != 0) {
                p.executeBatch();
            }
        }
        delta.clear();
    }

    /** See {@link AlertStore#summary}. */
    static AlertSummary read(Connection c, int top, int days) throws SQLException {
        Map<AlertStatus, Long> byStatus = new EnumMap<>(AlertStatus.class);
        for (AlertStatus s : AlertStatus.values()) {
            byStatus.put(s, 0L);
        }
        Map<Severity, Long> openBySeverity = zeroes();
        long total = 0;
        try (PreparedStatement p = c.prepareStatement("SELECT status, severity_rank, SUM(n) FROM alert_tally "
                + "WHERE dim = ? AND severity_rank >= 0 GROUP BY status, severity_rank")) {
            p.setString(1, TYPE);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    AlertStatus st = AlertStatus.parse(rs.getString(1));
                    long n = rs.getLong(3);
                    total += n;
                    byStatus.merge(st, n, Long::sum);
                    if (open(st)) {
                        openBySeverity.merge(severity(rs.getInt(2)), n, Long::sum);
                    }
                }
            }
        }
        // days: a few rows per day the store has alerts for
        long latest = Long.MIN_VALUE;
        Map<Long, Map<Severity, Long>> perDay = new HashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT val, status, severity_rank, n FROM alert_tally "
                + "WHERE dim = ? AND n > 0")) {
            p.setString(1, DAY);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    long d = Long.parseLong(rs.getString(1));
                    latest = Math.max(latest, d);
                    if (open(AlertStatus.parse(rs.getString(2)))) {
                        perDay.computeIfAbsent(d, k -> zeroes()).merge(severity(rs.getInt(3)), rs.getLong(4), Long::sum);
                    }
                }
            }
        }
        LocalDate latestDay = latest == Long.MIN_VALUE ? null : LocalDate.ofEpochDay(latest);
        SortedMap<LocalDate, Map<Severity, Long>> openByDay = new TreeMap<>();
        if (latestDay != null) {
            for (long d = latest - Math.max(0, days - 1); d <= latest && days > 0; d++) {
                openByDay.put(LocalDate.ofEpochDay(d), Collections.unmodifiableMap(perDay.getOrDefault(d, zeroes())));
            }
        }
        return new AlertSummary(total, Collections.unmodifiableMap(byStatus), Collections.unmodifiableMap(openBySeverity),
                latestDay, Collections.unmodifiableSortedMap(openByDay), top(c, TYPE, top), top(c, IP, top),
                top(c, HOST, top));
    }

    /**
     * The values of a dimension with the most open alerts: the first entries of the partial index
     * {@code alert_tally_open} (the status is written as a literal so both databases see that the
     * index covers the query).
     */
    private static List<AlertSummary.Count> top(Connection c, String dim, int top) throws SQLException {
        List<AlertSummary.Count> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT val, n FROM alert_tally WHERE dim = ? AND status = '"
                + OPEN_ROW + "' AND n > 0 ORDER BY n DESC, val LIMIT ?")) {
            p.setString(1, dim);
            p.setInt(2, Math.max(0, top));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new AlertSummary.Count(rs.getString(1), rs.getLong(2)));
                }
            }
        }
        return List.copyOf(out);
    }

    private static boolean open(AlertStatus s) {
        return s == AlertStatus.ACTIVE || s == AlertStatus.IN_PROGRESS;
    }

    private static Severity severity(int rank) {
        Severity[] all = Severity.values();
        return all[Math.max(0, Math.min(all.length - 1, rank))];
    }

    private static Map<Severity, Long> zeroes() {
        Map<Severity, Long> m = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            m.put(s, 0L);
        }
        return m;
    }

}
