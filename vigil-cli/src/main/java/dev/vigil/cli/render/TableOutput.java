package dev.vigil.cli.render;

import dev.vigil.text.TerminalText;
import dev.vigil.alert.Alert;
import dev.vigil.detect.Detection;
import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Human-readable tables for a terminal. Every value that came from the input is passed through
 * {@link TerminalText#sanitize} and cut to its column. Given the terminal's width, tables shrink to
 * it ({@link TextTable}) and longer lines are cut, so nothing wraps; severities are coloured when
 * asked (only on a terminal; the caller decides).
 *
 * <p>Stateless apart from the stream it writes to; not thread-safe.
 */
public final class TableOutput {
    /** Evidence lines shown per alert in the scan table; {@code alerts show --all} shows every one kept. */
    static final int EVIDENCE_LINES = 5;

    private final PrintStream out;
    private final int width;
    private final boolean colour;
    private final ZoneId zone;
    private final DateTimeFormatter time;

    /** Output with no width limit and no colour (pipes, files, tests), times in UTC. */
    public TableOutput(PrintStream out) {
        this(out, 0, false, ZoneOffset.UTC);
    }

    /**
     * @param width  the terminal's width in columns, 0 for no limit
     * @param colour whether to colour severities with ANSI escapes
     * @param zone   the zone times are shown in ({@code --tz}); UTC as stored by default
     */
    public TableOutput(PrintStream out, int width, boolean colour, ZoneId zone) {
        this.out = out;
        this.width = width;
        this.colour = colour;
        this.zone = zone;
        this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(zone);
    }

    /** The alerts, then for each the evidence lines that raised it. */
    public void alerts(List<Alert> alerts) {
        if (alerts.isEmpty()) {
            out.println("No alerts.");
            return;
        }
        TextTable t = new TextTable(List.of(
                TextTable.Column.fixed("SEVERITY", 0),
                TextTable.Column.flexible("TYPE", 14, 0),
                TextTable.Column.flexible("CLIENT IP", 9, 1),
                TextTable.Column.flexible("HOST", 8, 3),
                TextTable.Column.number("COUNT", 4),
                TextTable.Column.fixed("FIRST SEEN (" + (zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId()) + ")", 2),
                TextTable.Column.flexible("FIRST EVIDENCE", 12, 5)));
        for (Alert a : alerts) {
            t.row(a.severity().label(),
                    a.type().name() + (a.type().test() ? " (test)" : ""),
                    a.entities().getOrDefault("ip", "-"),
                    a.entities().getOrDefault("host", "-"),
                    Long.toString(a.count()),
                    time(a.firstSeen()),
                    a.evidence().isEmpty() ? "" : a.evidence().get(0).source() + ":" + a.evidence().get(0).line());
        }
        t.render(width, colour ? (column, cell) -> column == 0 ? Ansi.ofLabel(cell) : null : null).forEach(out::println);
        out.println();
        for (Alert a : alerts) {
            out.println(colourSeverity(a.severity().label()) + fit("  " + a.type().displayName() + "  " + shortId(a.id()),
                    a.severity().label().length()));
            // one row per input line, the value as logged (see EvidenceText)
            List<EvidenceText.Line> lines = EvidenceText.byLine(a.evidence());
            int shown = Math.min(lines.size(), EVIDENCE_LINES);
            for (EvidenceText.Line l : lines.subList(0, shown)) {
                out.println(fit("    " + EvidenceText.row(l, 100), 0));
            }
            long kept = a.evidence().size();
            if (lines.size() > shown || a.count() > kept) {
                out.printf("    ... %d detections in all%s; 'vigil alerts show %s --all' shows every line kept%n",
                        a.count(), lines.size() > shown ? ", " + (lines.size() - shown) + (lines.size() - shown == 1 ? " more line" : " more lines")
                                + " kept" : "",
                        shortId(a.id()));
            }
        }
    }

    private String colourSeverity(String label) {
        String c = colour ? Ansi.ofLabel(label) : null;
        return c == null ? label : c + label + Ansi.RESET;
    }

    /** A line cut to the terminal's width ({@code used} columns already taken before it). */
    private String fit(String line, int used) {
        int room = width - used;
        if (width <= 0 || line.length() <= room) {
            return line;
        }
        return room <= 1 ? "" : line.substring(0, room - 1) + "…";
    }

    /** Incidents: related alerts told as one story, most severe first. Prints nothing for none. */
    public void incidents(List<dev.vigil.incident.Incident> incidents) {
        if (incidents.isEmpty()) {
            return;
        }
        out.println();
        out.println("INCIDENTS");
        for (dev.vigil.incident.Incident i : incidents) {
            out.printf("%s  %s  %s  (%d alerts, %s)%n", i.severity().label(), shortId(i.id()),
                    TerminalText.sanitize(i.title(), 120), i.alerts().size(), i.outcome().label());
            out.println("    " + TerminalText.sanitize(i.narrative(), 400));
        }
    }

    /** A header row for {@link #detection}. */
    public void detectionHeader() {
        out.printf("%-8s %-28s %-26s %-40s %s%n", "SEVERITY", "RULE", "WHERE", "FIELD", "VALUE");
    }

    public void detection(Detection d) {
        String where = d.origin().source() + ":" + d.origin().line();
        String line = String.format("%-8s %-28s %-26s %-40s %s",
                d.severity().label(),
                TerminalText.sanitize(d.ruleId(), 28),
                TerminalText.sanitize(where, 26),
                TerminalText.sanitize(d.field() + (d.event() instanceof HttpRequest r && r.clientIp() != null
                        ? " from " + r.clientIp() : ""), 40),
                value(d));
        line = fit(line, 0);
        String label = d.severity().label();
        out.println(line.startsWith(label) ? colourSeverity(label) + line.substring(label.length()) : line);
    }

    /** The value as logged, its decoding beside it when different; a window detection's observation. */
    private static String value(Detection d) {
        if (d.observation()) {
            return TerminalText.sanitize(d.value() + ": " + d.decoded(), 160);
        }
        String raw = TerminalText.sanitize(d.value(), 120);
        return d.decoded() == null || d.decoded().equals(d.value()) ? raw
                : raw + "  (decoded: " + TerminalText.sanitize(d.decoded(), 120) + ")";
    }

    private String time(long millis) {
        return millis == Event.NO_TIME ? "-" : time.format(Instant.ofEpochMilli(millis));
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
