package dev.vigil.export.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentExportTest {
    static final IncidentExport.Row HOSTILE = new IncidentExport.Row("inc-1", "=cmd|' /C calc'!A0 on a|b=c",
            "High", "confirmed", "then \u001b[2J\nnext line <script>", List.of("a1", "a2"),
            List.of("WebShellRequest", "WebShellActivity"), List.of("203.0.113.9"), List.of("web1"), 1L, 2L);

    static String write(String format) throws Exception {
        StringWriter w = new StringWriter();
        IncidentExport.write(List.of(HOSTILE), format, w);
        return w.toString();
    }

    @Test
    void jsonNamesAlertsAndEntitiesAndEscapesControls() throws Exception {
        String s = write("ndjson");
        assertThat(s).doesNotContain("\u001b").contains("\\u001B");
        JsonNode n = new ObjectMapper().readTree(s);
        assertThat(n.get("alerts").get(1).get("alertType").asText()).isEqualTo("WebShellActivity");
        assertThat(n.get("entities").get(0).get("address").asText()).isEqualTo("203.0.113.9");
        assertThat(new ObjectMapper().readTree(write("json")).size()).isEqualTo(1);
    }

    @Test
    void csvDefusesFormulasAndCefEscapesSeparators() throws Exception {
        String csv = write("csv");
        assertThat(csv).contains("\"'=cmd|' /C calc'!A0 on a|b=c\"").doesNotContain("\u001b");
        String cef = write("cef");
        assertThat(cef).contains("|Incident|=cmd\\|' /C calc'!A0 on a\\|b=c|8|");
        // the escape byte is shown as text (its backslash escaped as CEF wants); the line break is \n
        assertThat(cef).contains("msg=then \\\\x1B[2J\\nnext line <script>").doesNotContain("\u001b");
        assertThat(cef.strip().lines()).hasSize(1);
    }

    @Test
    void unknownFormatsAreRefused() {
        assertThatThrownBy(() -> write("xml")).hasMessageContaining("expected json, ndjson, csv, cef");
    }
}
