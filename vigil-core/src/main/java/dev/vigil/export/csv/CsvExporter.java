package dev.vigil.export.csv;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertEntities;
import dev.vigil.alert.Evidence;
import dev.vigil.alert.TriagedAlert;
import dev.vigil.export.AlertExporter;
import dev.vigil.export.AlertWriter;
import dev.vigil.export.JsonOutput;
import dev.vigil.text.TerminalText;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * One alert per CSV row (RFC 4180, via commons-csv) that a spreadsheet cannot execute: a cell
 * starting with {@code = + - @}, a tab or a carriage return would be read as a formula (OWASP's
 * CSV injection advice), so it gets a leading {@code '}. Characters a terminal acts on (ESC,
 * other controls, bidi overrides) are written as visible escapes such as {@code \x1B}; tabs and
 * line breaks are kept, quoted as CSV allows.
 *
 * <p>Stateless and thread-safe.
 */
public final class CsvExporter implements AlertExporter {
    static final String[] HEADER = {
        "systemAlertId", "alertType", "alertDisplayName", "severity", "status", "confidenceScore",
        "startTimeUtc", "endTimeUtc", "count", "clientIp", "host", "url", "processCommandLine",
        "intent", "techniques", "rules", "suppressedBy", "isSample", "evidenceSource", "evidenceLine",
        "evidenceField", "evidenceValue", "evidenceDecoded", "description",
    };

    @Override
    public String name() {
        return "csv";
    }

    @Override
    public String description() {
        return "one alert per row, formula-safe for spreadsheets";
    }

    @Override
    public AlertWriter open(Writer out) {
        CSVPrinter printer;
        try {
            printer = CSVFormat.RFC4180.builder().setHeader(HEADER).get().print(out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new AlertWriter() {
            @Override
            public void write(TriagedAlert t) throws IOException {
                printer.printRecord(row(t));
            }

            @Override
            public void finish() throws IOException {
                printer.flush();
            }
        };
    }

    /** The cells of one alert's row, made safe (see {@link #cell}). */
    public static List<String> row(TriagedAlert t) {
        Alert a = t.alert();
        Evidence e = a.evidence().isEmpty() ? null : a.evidence().get(0);
        List<String> r = new ArrayList<>(HEADER.length);
        r.add(a.id());
        r.add(a.type().name());
        r.add((a.sample() ? JsonOutput.SAMPLE_PREFIX : "") + a.type().displayName());
        r.add(a.severity().label());
        r.add(t.status().label());
        r.add(Integer.toString(a.confidence()));
        r.add(JsonOutput.isoTime(a.firstSeen()));
        r.add(JsonOutput.isoTime(a.lastSeen()));
        r.add(Long.toString(a.count()));
        r.add(a.entities().get(AlertEntities.IP));
        r.add(a.entities().get(AlertEntities.HOST));
        r.add(a.entities().get(AlertEntities.URL));
        r.add(a.entities().get(AlertEntities.PROCESS_COMMAND_LINE));
        r.add(String.join(", ", a.type().tactics()));
        r.add(String.join(", ", a.type().techniques()));
        r.add(String.join(",", a.rules()));
        r.add(t.suppressedBy());
        r.add(Boolean.toString(a.sample()));
        r.add(e == null ? null : e.source());
        r.add(e == null ? null : Long.toString(e.line()));
        r.add(e == null ? null : e.field());
        r.add(e == null ? null : e.value());
        r.add(e == null ? null : e.decoded());
        r.add(a.description());
        r.replaceAll(CsvExporter::cell);
        return r;
    }

    /** A cell that neither a spreadsheet nor a terminal will act on. */
    public static String cell(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 8);
        char c0 = s.charAt(0);
        if (c0 == '=' || c0 == '+' || c0 == '-' || c0 == '@' || c0 == '\t' || c0 == '\r') {
            b.append('\'');
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\t' && c != '\n' && c != '\r' && TerminalText.unsafe(c)) {
                b.append(c < 0x100 ? String.format("\\x%02X", (int) c) : String.format("\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
