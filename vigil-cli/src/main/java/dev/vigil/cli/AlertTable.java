package dev.vigil.cli;

import dev.vigil.alert.Alert;
import dev.vigil.event.Event;
import dev.vigil.cli.render.Ansi;
import dev.vigil.text.TerminalText;
import dev.vigil.cli.render.TextTable;
import dev.vigil.cli.render.TextTable.Column;
import dev.vigil.store.StoredAlert;
import java.io.PrintStream;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code alerts list} table, sized to the terminal and coloured by severity, and its
 * {@code --summary}: counts by type, the busiest client addresses, resources and URLs. Times are
 * shown in the {@code --tz} zone (UTC by default, as stored).
 *
 * <p>Stateless apart from its settings; not thread-safe.
 */
final class AlertTable {
    /** How many entries each "top" list of the summary shows. */
    static final int TOP = 10;

    private final int width;
    private final boolean colour;
    private final ZoneId zone;
    private final DateTimeFormatter time;

    AlertTable(int width, boolean colour, ZoneId zone) {
        this.width = width;
        this.colour = colour;
        this.zone = zone;
        this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(zone);
    }

    /** The zone named by {@code --tz}: UTC when null, {@code local} for the system's, or any zone id or offset. */
    static ZoneId zone(String tz) {
        if (tz == null || tz.equalsIgnoreCase("utc")) {
            return ZoneOffset.UTC;
        }
        if (tz.equalsIgnoreCase("local")) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(tz);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("--tz '" + tz + "': expected UTC, local, a zone such as Europe/Paris "
                    + "or an offset such as +02:00");
        }
    }

    String time(long t) {
        return t == Event.NO_TIME ? "-" : time.format(Instant.ofEpochMilli(t));
    }

    /** The zone as a column heading shows it. */
    String zoneLabel() {
        return zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
    }

    private TextTable.Colouring severityColumn(int index) {
        return colour ? (column, cell) -> column == index ? Ansi.ofLabel(cell) : null : null;
    }

    void list(List<StoredAlert> alerts, PrintStream out) {
        TextTable t = new TextTable(List.of(
                Column.fixed("ID", 0),
                Column.fixed("STATUS", 3),
                Column.fixed("SEVERITY", 0),
                Column.flexible("TYPE", 14, 0),
                Column.flexible("CLIENT IP", 9, 1),
                Column.flexible("HOST", 8, 4),
                Column.number("COUNT", 5),
                Column.fixed("LAST SEEN (" + zoneLabel() + ")", 2)));
        for (StoredAlert a : alerts) {
            Alert al = a.alert();
            t.row(al.id().substring(0, 12), a.status().label(), al.severity().label(),
                    al.type().name() + (al.sample() ? " (sample)" : ""),
                    al.entities().getOrDefault("ip", "-"), al.entities().getOrDefault("host", "-"),
                    Long.toString(al.count()), time(al.lastSeen()));
        }
        t.render(width, severityColumn(2)).forEach(out::println);
    }

    /** Counts by type, then the top client addresses, resources and URLs, each by alerts and detections. */
    void summary(List<StoredAlert> alerts, PrintStream out) {
        long detections = alerts.stream().mapToLong(a -> a.alert().count()).sum();
        long first = alerts.stream().mapToLong(a -> a.alert().firstSeen()).filter(x -> x != Event.NO_TIME).min().orElse(Event.NO_TIME);
        long last = alerts.stream().mapToLong(a -> a.alert().lastSeen()).filter(x -> x != Event.NO_TIME).max().orElse(Event.NO_TIME);
        out.printf("%d alerts, %d detections, %s to %s (%s)%n", alerts.size(), detections, time(first), time(last), zoneLabel());

        Map<String, long[]> byType = new HashMap<>();
        Map<String, String> severity = new HashMap<>();
        for (StoredAlert s : alerts) {
            Alert a = s.alert();
            long[] c = byType.computeIfAbsent(a.type().name(), k -> new long[2]);
            c[0]++;
            c[1] += a.count();
            severity.merge(a.type().name(), a.severity().label(), (x, y) -> rank(x) >= rank(y) ? x : y);
        }
        out.println();
        TextTable types = new TextTable(List.of(Column.flexible("TYPE", 14, 0), Column.fixed("SEVERITY", 0),
                Column.number("ALERTS", 0), Column.number("DETECTIONS", 1)));
        byType.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, long[]>>comparingInt(e -> -rank(severity.get(e.getKey())))
                        .thenComparingLong(e -> -e.getValue()[0]).thenComparing(Map.Entry::getKey))
                .forEach(e -> types.row(e.getKey(), severity.get(e.getKey()), Long.toString(e.getValue()[0]),
                        Long.toString(e.getValue()[1])));
        types.render(width, severityColumn(1)).forEach(out::println);

        top(alerts, "CLIENT IP", a -> a.entities().get("ip"), out);
        top(alerts, "RESOURCE", a -> a.entities().get("host"), out);
        top(alerts, "URL", a -> a.entities().get("url"), out);
    }

    private void top(List<StoredAlert> alerts, String heading, Function<Alert, String> key, PrintStream out) {
        Map<String, long[]> counts = new HashMap<>();
        for (StoredAlert s : alerts) {
            String k = key.apply(s.alert());
            if (k != null && !k.isEmpty() && !k.equals("-")) {
                long[] c = counts.computeIfAbsent(k, x -> new long[2]);
                c[0]++;
                c[1] += s.alert().count();
            }
        }
        if (counts.isEmpty()) {
            return;
        }
        out.println();
        TextTable t = new TextTable(List.of(Column.flexible("TOP " + heading + (counts.size() > TOP ? " (of " + counts.size() + ")" : ""), 12, 0),
                Column.number("ALERTS", 0), Column.number("DETECTIONS", 1)));
        counts.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[1])
                        .thenComparingLong(e -> -e.getValue()[0]).thenComparing(Map.Entry::getKey))
                .limit(TOP)
                .forEach(e -> t.row(e.getKey(), Long.toString(e.getValue()[0]), Long.toString(e.getValue()[1])));
        t.render(width, null).forEach(out::println);
    }

    private static int rank(String severityLabel) {
        try {
            return dev.vigil.catalogue.Severity.parse(severityLabel).ordinal();
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

}
