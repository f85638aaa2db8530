package dev.vigil.output;

import dev.vigil.alert.Alert;
import dev.vigil.detect.Detection;
import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Human-readable tables for a terminal. Every value that came from the input is passed through
 * {@link TerminalText#sanitize} and cut to its column.
 *
 * <p>Stateless apart from the stream it writes to; not thread-safe.
 */
public final class TableOutput {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    /** Evidence lines shown per alert in the scan table; {@code alerts show --all} shows every one kept. */
    static final int EVIDENCE_LINES = 5;

    private final PrintStream out;

    public TableOutput(PrintStream out) {
        this.out = out;
    }

    /** The alerts, then for each the evidence lines that raised it. */
    public void alerts(List<Alert> alerts) {
        if (alerts.isEmpty()) {
            out.println("No alerts.");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        for (Alert a : alerts) {
            rows.add(new String[] {
                a.severity().label(),
                a.type().name() + (a.type().test() ? " (test)" : ""),
                TerminalText.sanitize(a.entities().getOrDefault("ip", "-"), 39),
                TerminalText.sanitize(a.entities().getOrDefault("host", "-"), 30),
                Long.toString(a.count()),
                time(a.firstSeen()),
                a.evidence().isEmpty() ? "" : TerminalText.sanitize(a.evidence().get(0).source() + ":"
                        + a.evidence().get(0).line(), 60),
            });
        }
        table(new String[] {"SEVERITY", "TYPE", "CLIENT IP", "HOST", "COUNT", "FIRST SEEN (UTC)", "FIRST EVIDENCE"}, rows);
        out.println();
        for (Alert a : alerts) {
            out.printf("%s  %s  %s%n", a.severity().label(), a.type().displayName(), shortId(a.id()));
            // one row per input line, the value as logged (see EvidenceText)
            List<EvidenceText.Line> lines = EvidenceText.byLine(a.evidence());
            int shown = Math.min(lines.size(), EVIDENCE_LINES);
            for (EvidenceText.Line l : lines.subList(0, shown)) {
                out.println("    " + EvidenceText.row(l, 100));
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
        out.printf("%-8s %-28s %-26s %-40s %s%n",
                d.severity().label(),
                TerminalText.sanitize(d.ruleId(), 28),
                TerminalText.sanitize(where, 26),
                TerminalText.sanitize(d.field() + (d.event() instanceof HttpRequest r && r.clientIp() != null
                        ? " from " + r.clientIp() : ""), 40),
                value(d));
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

    private static String time(long millis) {
        return millis == Event.NO_TIME ? "-" : TIME.format(Instant.ofEpochMilli(millis));
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    private void table(String[] header, List<String[]> rows) {
        int[] w = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            w[i] = header[i].length();
        }
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        printRow(header, w);
        for (String[] r : rows) {
            printRow(r, w);
        }
    }

    private void printRow(String[] cells, int[] w) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            b.append(cells[i]);
            if (i < cells.length - 1) {
                b.append(" ".repeat(w[i] - cells[i].length() + 2));
            }
        }
        out.println(b.toString().stripTrailing());
    }
}
