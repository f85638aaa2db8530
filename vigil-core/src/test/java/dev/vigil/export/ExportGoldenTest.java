package dev.vigil.export;

import dev.vigil.export.formats.Exporters;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertAggregator;
import dev.vigil.alert.AlertStatus;
import dev.vigil.alert.TriagedAlert;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.AlertType;
import dev.vigil.detect.Detection;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.Origin;
import dev.vigil.event.ProcessStart;
import dev.vigil.export.cef.CefExporter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Every export format against a golden file, with hostile payloads in the evidence: quotes,
 * line breaks, {@code |}, {@code =}, {@code <script>}, a spreadsheet formula, the replacement
 * character left by invalid UTF-8, and terminal escape sequences. Regenerate the golden files
 * with {@code -Dvigil.golden.update=true} and review the diff.
 */
class ExportGoldenTest {
    static final Path DIR = Path.of("src/test/resources/export");
    static final String HOSTILE = "=cmd|' /C calc'!A0 \"quoted\" a=b|c\\d\r\nsecond line <script>alert(1)</script> "
            + "bad\uFFFDutf8 \u001b[2J\u001b]0;pwned\u0007 \u202Egnp.exe";
    static final long T0 = 1_763_380_800_000L; // 2025-11-17T12:00:00Z

    static List<TriagedAlert> alerts() {
        AlertCatalogue cat = AlertCatalogue.builtIn();
        AlertType sqli = cat.get("SqlInjectionAttempt");
        AlertType shell = cat.get("WebShellActivity");
        AlertAggregator agg = new AlertAggregator();
        HttpRequest r = HttpRequest.builder(new Origin("logs/access|=.log", 7, 700)).timeMillis(T0 + 5_000)
                .clientIp("203.0.113.9").host("shop.example").method("GET")
                .target("/search?q=" + HOSTILE).status(200).userAgent("-@SUM(1+1)").build();
        agg.add(new Detection("http.sqli.tautology", sqli, sqli.severity(), r, "query", "q=" + HOSTILE, HOSTILE));
        agg.add(new Detection("http.sqli.tautology", sqli, sqli.severity(),
                HttpRequest.builder(new Origin("logs/access|=.log", 9, 900)).timeMillis(T0 + 9_000)
                        .clientIp("203.0.113.9").host("shop.example").target("/search?q=1'+or+'1'='1").build(),
                "query", "q=1'+or+'1'='1", "q=1' or '1'='1"));
        ProcessStart p = ProcessStart.builder(new Origin("proc.json", 3, 0)).timeMillis(T0 + 60_000).host("web-1")
                .pid(4242).ppid(100).exe("/bin/sh").commandLine("sh -c 'id; " + HOSTILE + "'")
                .parentExe("/usr/sbin/php-fpm8.2").user("www-data").build();
        agg.add(new Detection("proc.webshell.shell-from-worker", shell, shell.severity(), p, "cmdline",
                p.commandLine(), p.commandLine()));
        List<TriagedAlert> out = new ArrayList<>();
        for (Alert a : agg.alerts()) {
            out.add(a.type() == shell ? TriagedAlert.active(a)
                    : new TriagedAlert(a, AlertStatus.DISMISSED, "sup-1234|=x"));
        }
        return out;
    }

    static String export(String format) throws IOException {
        StringWriter w = new StringWriter();
        AlertWriter aw = Exporters.get(format).open(w);
        for (TriagedAlert a : alerts()) {
            aw.write(a);
        }
        aw.finish();
        return w.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "ndjson", "csv", "cef", "ocsf"})
    void matchesGoldenFile(String format) throws IOException {
        String got = export(format);
        Path golden = DIR.resolve(format).resolve("hostile.expected." + format);
        if (Boolean.getBoolean("vigil.golden.update")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, got, StandardCharsets.UTF_8);
        }
        assertThat(got).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
        // Whatever the format: nothing a terminal would act on gets through raw.
        assertThat(got).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u202E");
    }

    @Test
    void registryNamesEveryFormat() {
        assertThat(Exporters.names()).containsExactly("json", "ndjson", "csv", "cef", "ocsf");
        assertThat(Exporters.find("CEF")).isPresent();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Exporters.get("xml"))
                .hasMessageContaining("xml").hasMessageContaining("ocsf");
    }

    @Test
    void jsonIsOneArrayAndNdjsonOneAlertPerLineWithDefenderFields() throws IOException {
        ObjectMapper m = new ObjectMapper();
        JsonNode arr = m.readTree(export("json"));
        assertThat(arr.isArray()).isTrue();
        assertThat(arr).hasSize(2);
        String[] lines = export("ndjson").split("\n");
        assertThat(lines).hasSize(2);
        for (String line : lines) {
            JsonNode a = m.readTree(line);
            for (String f : List.of("alertType", "systemAlertId", "alertDisplayName", "description", "severity", "intent",
                    "startTimeUtc", "endTimeUtc", "remediationSteps", "status", "entities", "extendedProperties",
                    "compromisedEntity", "techniques", "subTechniques", "productName")) {
                assertThat(a.has(f)).as(f).isTrue();
            }
        }
        JsonNode sqli = m.readTree(lines[0]).get("alertType").asText().equals("SqlInjectionAttempt")
                ? m.readTree(lines[0]) : m.readTree(lines[1]);
        assertThat(sqli.at("/extendedProperties/evidence/0/decoded").asText()).isEqualTo(HOSTILE);
        assertThat(sqli.get("status").asText()).isEqualTo("Dismissed");
        assertThat(sqli.at("/extendedProperties/suppressedBy").asText()).isEqualTo("sup-1234|=x");
        JsonNode shell = sqli == m.readTree(lines[0]) ? m.readTree(lines[1]) : m.readTree(lines[0]);
        JsonNode proc = null;
        for (JsonNode e : m.readTree(lines[0]).get("entities")) {
            if (e.get("type").asText().equals("process")) {
                proc = e;
            }
        }
        for (JsonNode e : m.readTree(lines[1]).get("entities")) {
            if (e.get("type").asText().equals("process")) {
                proc = e;
            }
        }
        assertThat(proc).isNotNull();
        assertThat(proc.get("processId").asText()).isEqualTo("4242");
        assertThat(proc.at("/imageFile/name").asText()).isEqualTo("sh");
        assertThat(proc.at("/imageFile/directory").asText()).isEqualTo("/bin");
        assertThat(proc.get("commandLine").asText()).contains(HOSTILE);
        assertThat(shell).isNotNull();
    }

    @Test
    void csvCellsCannotRunAsFormulasAndReadBackIntact() throws IOException {
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(export("csv"))).getRecords();
        assertThat(rows).hasSize(2);
        for (CSVRecord r : rows) {
            for (String cell : r.values()) {
                if (!cell.isEmpty()) {
                    assertThat("=+-@\t\r".indexOf(cell.charAt(0))).as(cell).isEqualTo(-1);
                }
            }
        }
        CSVRecord sqli = rows.stream().filter(r -> r.get("alertType").equals("SqlInjectionAttempt")).findFirst().orElseThrow();
        assertThat(sqli.get("evidenceDecoded")).startsWith("'=cmd|' /C calc'!A0").contains("\r\nsecond line")
                .contains("\\x1B[2J").contains("\\u202E");
    }

    @Test
    void cefIsOneLinePerAlertAndUnescapesToTheOriginal() throws IOException {
        String[] lines = export("cef").split("\n", -1);
        assertThat(lines).hasSize(3); // two alerts and the final empty string
        for (int i = 0; i < 2; i++) {
            String l = lines[i];
            assertThat(l).startsWith("CEF:0|Vigil|Vigil|").doesNotContain("\r");
            // Seven unescaped pipes end the header; the extension may hold raw pipes.
            int pipes = 0;
            for (int j = 0; j < l.length() && pipes < 7; j++) {
                if (l.charAt(j) == '\\') {
                    j++;
                } else if (l.charAt(j) == '|') {
                    pipes++;
                }
            }
            assertThat(pipes).isEqualTo(7);
        }
        String escaped = CefExporter.class.getName(); // keep the import honest
        assertThat(escaped).isNotEmpty();
        String v = "a=b\\c\r\nd|e";
        assertThat(unescape(cefValue(v))).isEqualTo(v);
    }

    private static String cefValue(String s) throws IOException {
        // The extension escaping as exported: route a value through a known key.
        String line = CefExporter.line(alerts().get(0));
        assertThat(line).contains("cs1Label=rules");
        java.lang.reflect.Method m;
        try {
            m = CefExporter.class.getDeclaredMethod("value", String.class);
            m.setAccessible(true);
            return (String) m.invoke(null, s);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    @Test
    void ocsfCarriesTheRequiredDetectionFindingFields() throws IOException {
        ObjectMapper m = new ObjectMapper();
        for (String line : export("ocsf").split("\n")) {
            JsonNode f = m.readTree(line);
            assertThat(f.get("class_uid").asInt()).isEqualTo(2004);
            assertThat(f.get("category_uid").asInt()).isEqualTo(2);
            assertThat(f.get("type_uid").asLong()).isEqualTo(200400L + f.get("activity_id").asInt());
            assertThat(f.get("time").asLong()).isPositive();
            assertThat(f.get("severity_id").asInt()).isBetween(1, 6);
            assertThat(f.at("/metadata/version").asText()).isEqualTo("1.1.0");
            assertThat(f.at("/metadata/product/name").asText()).isEqualTo("Vigil");
            assertThat(f.at("/finding_info/uid").asText()).isNotEmpty();
            assertThat(f.at("/finding_info/title").asText()).isNotEmpty();
        }
    }
}
