package dev.vigil.export.cef;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertEntities;
import dev.vigil.alert.Evidence;
import dev.vigil.alert.TriagedAlert;
import dev.vigil.catalogue.Severity;
import dev.vigil.event.Event;
import dev.vigil.export.AlertExporter;
import dev.vigil.export.AlertWriter;
import dev.vigil.export.JsonOutput;
import dev.vigil.text.TerminalText;
import java.io.IOException;
import java.io.Writer;

/**
 * ArcSight Common Event Format lines, one per alert:
 * {@code CEF:0|Vigil|Vigil|version|alertType|title|severity|extension}. Escaping follows the CEF
 * specification: in the header {@code \} and {@code |} are backslash-escaped; in extension values
 * {@code \} and {@code =} are, and line breaks become {@code \n} / {@code \r}. Other characters a
 * terminal or log pipeline would act on (ESC, C0/C1 controls, bidi overrides) become the visible
 * text {@code \xHH} (its backslash escaped in turn), so one alert is always exactly one line.
 *
 * <p>Stateless and thread-safe.
 */
public final class CefExporter implements AlertExporter {
    public static final String VERSION = "0.1";

    @Override
    public String name() {
        return "cef";
    }

    @Override
    public String description() {
        return "ArcSight CEF lines (also what --syslog sends)";
    }

    @Override
    public AlertWriter open(Writer out) {
        return new AlertWriter() {
            @Override
            public void write(TriagedAlert a) throws IOException {
                out.write(line(a));
                out.write('\n');
            }

            @Override
            public void finish() throws IOException {
                out.flush();
            }
        };
    }

    /** CEF severity 0-10: Low is 0-3, Medium 4-6, High 7-8, Very-High 9-10. */
    public static int severity(Severity s) {
        return switch (s) {
            case INFORMATIONAL -> 1;
            case LOW -> 3;
            case MEDIUM -> 5;
            case HIGH -> 8;
        };
    }

    /** One CEF line without a line break. */
    public static String line(TriagedAlert t) {
        Alert a = t.alert();
        StringBuilder b = new StringBuilder(512);
        b.append("CEF:0|").append(header(JsonOutput.PRODUCT)).append('|').append(header(JsonOutput.PRODUCT))
                .append('|').append(header(VERSION)).append('|').append(header(a.type().name()))
                .append('|').append(header((a.sample() ? JsonOutput.SAMPLE_PREFIX : "") + a.type().displayName()))
                .append('|').append(severity(a.severity())).append('|');
        Ext x = new Ext(b);
        x.put("externalId", a.id());
        if (a.lastSeen() != Event.NO_TIME) {
            x.put("rt", Long.toString(a.lastSeen()));
            x.put("start", Long.toString(a.firstSeen()));
            x.put("end", Long.toString(a.lastSeen()));
        }
        x.put("cnt", Long.toString(a.count()));
        x.put("act", t.status().label());
        x.put("cat", String.join(", ", a.type().tactics()));
        String ip = a.entities().get(AlertEntities.IP);
        if (ip != null) {
            // src must hold an address; a resolved name goes to shost instead.
            x.put(isIp(ip) ? "src" : "shost", ip);
        }
        x.put("dhost", a.entities().get(AlertEntities.HOST));
        x.put("request", a.entities().get(AlertEntities.URL));
        x.put("dpid", a.entities().get(AlertEntities.PROCESS_ID));
        x.put("dproc", a.entities().get(AlertEntities.PROCESS_IMAGE_FILE));
        String file = a.entities().get(AlertEntities.FILE);
        if (file != null) {
            x.put("fname", AlertEntities.fileName(file));
            x.put("filePath", file);
        }
        x.put("cs1Label", "rules");
        x.put("cs1", String.join(",", a.rules()));
        x.put("cs2Label", "techniques");
        x.put("cs2", String.join(",", a.type().techniques()));
        String cmd = a.entities().get(AlertEntities.PROCESS_COMMAND_LINE);
        if (cmd != null) {
            x.put("cs3Label", "commandLine");
            x.put("cs3", cmd);
        }
        if (!a.evidence().isEmpty()) {
            Evidence e = a.evidence().get(0);
            x.put("cs4Label", "evidence");
            // the value as logged (case and encodings intact), as people read evidence, with its
            // decoding beside it when that differs (a Sigma match's attribution lives there); a
            // window observation (brute force, a feed listing) instead of a value
            String decodedToo = e.decoded() != null && !e.decoded().equals(e.value())
                    ? " (decoded: " + e.decoded() + ")" : "";
            x.put("cs4", e.source() + ":" + e.line() + " " + e.field()
                    + (e.observation() ? " " + e.value() + ": " + e.decoded() : "=" + e.value() + decodedToo));
        }
        if (t.suppressedBy() != null) {
            x.put("cs5Label", "suppressedBy");
            x.put("cs5", t.suppressedBy());
        }
        x.put("cs6Label", "sample");
        x.put("cs6", Boolean.toString(a.sample()));
        x.put("cn1Label", "confidence");
        x.put("cn1", Integer.toString(a.confidence()));
        x.put("msg", a.description());
        return b.toString();
    }

    private static boolean isIp(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    /** Header field: {@code \} and {@code |} escaped; controls cannot be escaped there, so shown as text. */
    public static String header(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '|') {
                b.append('\\').append(c);
            } else if (TerminalText.unsafe(c)) {
                visible(b, c);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Extension value: {@code \}, {@code =} and line breaks escaped as the CEF specification says. */
    public static String value(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '=' -> b.append("\\=");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> {
                    if (TerminalText.unsafe(c)) {
                        visible(b, c);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    // The text \xHH, with its backslash escaped so a CEF reader gives back exactly "\xHH".
    private static void visible(StringBuilder b, char c) {
        b.append(c < 0x100 ? String.format("\\\\x%02X", (int) c) : String.format("\\\\u%04X", (int) c));
    }

    private static final class Ext {
        private final StringBuilder b;
        private boolean first = true;

        Ext(StringBuilder b) {
            this.b = b;
        }

        void put(String key, String v) {
            if (v == null || v.isEmpty()) {
                return;
            }
            if (!first) {
                b.append(' ');
            }
            first = false;
            b.append(key).append('=').append(value(v));
        }
    }
}
