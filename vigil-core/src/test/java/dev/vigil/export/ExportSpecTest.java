package dev.vigil.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.TriagedAlert;
import dev.vigil.export.cef.CefExporter;
import dev.vigil.export.csv.CsvExporter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * CEF and CSV output read back by parsers written from the specifications (ArcSight CEF
 * "Implementing ArcSight CEF" rev. 25, RFC 4180), independent of the exporters' own code, over the
 * hostile alerts of {@link ExportGoldenTest}.
 */
class ExportSpecTest {

    /** A CEF line split per the specification: 7 header fields, then key=value extensions. */
    record Cef(List<String> header, Map<String, String> ext) {}

    static Cef parseCef(String line) {
        assertThat(line).startsWith("CEF:").doesNotContain("\n").doesNotContain("\r");
        List<String> header = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int i = 4;
        while (header.size() < 7) {
            char c = line.charAt(i++);
            if (c == '\\') {
                char n = line.charAt(i++);
                assertThat(n).as("only \\\\ and \\| are escapes in a CEF header: " + line).isIn('\\', '|');
                cur.append(n);
            } else if (c == '|') {
                header.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        String ext = line.substring(i);
        Map<String, String> out = new LinkedHashMap<>();
        // keys are alphanumeric; a value runs to the next unescaped " key="
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:^| )([A-Za-z0-9_]+)=").matcher(ext);
        List<int[]> keys = new ArrayList<>();
        while (m.find()) {
            if (!escaped(ext, m.start(1) - 1) && (m.start() == 0 || !escaped(ext, m.start()))) {
                keys.add(new int[] {m.start(1), m.end(1), m.end()});
            }
        }
        for (int k = 0; k < keys.size(); k++) {
            int end = k + 1 < keys.size() ? keys.get(k + 1)[0] - 1 : ext.length();
            String raw = ext.substring(keys.get(k)[2], end);
            out.put(ext.substring(keys.get(k)[0], keys.get(k)[1]), unescapeValue(raw, line));
        }
        return new Cef(header, out);
    }

    private static boolean escaped(String s, int at) {
        int n = 0;
        for (int i = at - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }

    private static String unescapeValue(String raw, String line) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\') {
                char n = raw.charAt(++i);
                switch (n) {
                    case '\\' -> b.append('\\');
                    case '=' -> b.append('=');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    default -> throw new AssertionError("unknown escape \\" + n + " in " + line);
                }
            } else {
                assertThat(c).as("a bare = inside an extension value: " + line).isNotEqualTo('=');
                b.append(c);
            }
        }
        return b.toString();
    }

    @Test
    void cefLinesParseBackToTheirValues() throws IOException {
        List<TriagedAlert> alerts = ExportGoldenTest.alerts();
        String[] lines = ExportGoldenTest.export("cef").split("\n");
        assertThat(lines).hasSameSizeAs(alerts);
        for (int i = 0; i < lines.length; i++) {
            Cef c = parseCef(lines[i]);
            TriagedAlert t = alerts.get(i);
            assertThat(c.header()).hasSize(7);
            assertThat(c.header().get(0)).isEqualTo("0");
            assertThat(c.header().get(4)).isEqualTo(t.alert().type().name());
            assertThat(Integer.parseInt(c.header().get(6))).isBetween(0, 10);
            assertThat(c.ext().get("externalId")).isEqualTo(t.alert().id());
            assertThat(c.ext().get("cnt")).isEqualTo(Long.toString(t.alert().count()));
            if (t.alert().entities().get("url") != null && !t.alert().entities().get("url").contains("\u001b")) {
                assertThat(c.ext().get("request")).isEqualTo(t.alert().entities().get("url"));
            }
            assertThat(c.ext().get("msg")).doesNotContain("\u001b");
            for (String k : c.ext().keySet()) {
                assertThat(k).matches("[A-Za-z0-9_]{1,1023}");
            }
        }
    }

    @Test
    void cefEvidenceCarriesTheValueAsLogged() throws IOException {
        String all = ExportGoldenTest.export("cef");
        Cef sqli = parseCef(all.lines().filter(l -> l.contains("|SqlInjectionAttempt|")).findFirst().orElseThrow());
        // the logged query keeps its case; the decoded form the rule read is not what is shown
        assertThat(sqli.ext().get("cs4")).contains("query=q=");
    }

    /** RFC 4180: records end in CRLF; a field is bare (no quote, comma, CR, LF) or quoted with "" inside. */
    static List<List<String>> parseCsv(String s) {
        List<List<String>> rows = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            List<String> row = new ArrayList<>();
            while (true) {
                StringBuilder f = new StringBuilder();
                if (s.charAt(i) == '"') {
                    i++;
                    while (true) {
                        char c = s.charAt(i++);
                        if (c == '"') {
                            if (i < s.length() && s.charAt(i) == '"') {
                                f.append('"');
                                i++;
                            } else {
                                break;
                            }
                        } else {
                            f.append(c);
                        }
                    }
                } else {
                    while (i < s.length() && s.charAt(i) != ',' && s.charAt(i) != '\r') {
                        char c = s.charAt(i++);
                        assertThat(c).as("bare field character").isNotIn('"', '\n');
                        f.append(c);
                    }
                }
                row.add(f.toString());
                char sep = s.charAt(i++);
                if (sep == ',') {
                    continue;
                }
                assertThat(sep).as("record separator CRLF").isEqualTo('\r');
                assertThat(s.charAt(i++)).as("record separator CRLF").isEqualTo('\n');
                break;
            }
            rows.add(row);
        }
        return rows;
    }

    @Test
    void csvIsRfc4180WithOneRecordPerAlertAndFormulaSafeCells() throws IOException {
        List<TriagedAlert> alerts = ExportGoldenTest.alerts();
        List<List<String>> rows = parseCsv(ExportGoldenTest.export("csv"));
        assertThat(rows).hasSize(alerts.size() + 1);
        int columns = rows.get(0).size();
        assertThat(rows.get(0).get(0)).isEqualTo("systemAlertId");
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            assertThat(row).hasSize(columns);
            assertThat(row.get(0)).isEqualTo(alerts.get(r - 1).alert().id());
            for (String cell : row) {
                if (!cell.isEmpty()) {
                    assertThat(cell.charAt(0)).as(cell).isNotIn('=', '+', '-', '@', '\t', '\r');
                }
                assertThat(cell).doesNotContain("\u001b").doesNotContain("\u202E");
            }
            assertThat(row).isEqualTo(CsvExporter.row(alerts.get(r - 1)));
        }
    }

    @Test
    void cefHeaderEscapesPipesAndBackslashes() {
        Cef c = parseCef("CEF:0|" + CefExporter.header("a|b\\c") + "|P|1|T|N|5|msg=" + CefExporter.value("x=y\\z\nw"));
        assertThat(c.header().get(0)).isEqualTo("0");
        assertThat(c.header().get(1)).isEqualTo("a|b\\c");
        assertThat(c.ext()).containsEntry("msg", "x=y\\z\nw");
    }
}
