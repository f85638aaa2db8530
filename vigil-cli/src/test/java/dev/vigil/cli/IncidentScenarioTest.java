package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's own intrusion (samples/scenario): a scan, a PHP shell uploaded and used, a miner
 * downloaded and started, seen once in the access log and once in the process trace, scanned
 * separately into one database, must end as one confirmed incident in kill-chain order.
 */
class IncidentScenarioTest {
    @RegisterExtension
    final StdStreams std = new StdStreams();

    @TempDir
    Path dir;

    @Test
    void accessLogAndProcessTraceBecomeOneConfirmedIncident() throws Exception {
        Path samples = Path.of("..", "samples", "scenario");
        String db = dir.resolve("scenario.db").toString();
        assertThat(Main.run("scan", "-q", "--format", "ndjson", "--db", db, "--resource", "shop-web1",
                samples.resolve("access.log").toString())).isZero();
        assertThat(Main.run("scan", "-q", "--format", "ndjson", "--db", db,
                samples.resolve("processes.jsonl").toString())).isZero();
        std.reset();
        assertThat(Main.run("incidents", "export", "--format", "ndjson", "--db", db)).isZero();
        List<JsonNode> incidents = new ArrayList<>();
        for (String line : std.out().lines().toList()) {
            JsonNode n = new ObjectMapper().readTree(line);
            if (n.get("alerts").size() > 1) {
                incidents.add(n);
            }
        }
        assertThat(incidents).hasSize(1);
        JsonNode inc = incidents.get(0);
        assertThat(inc.get("outcome").asText()).isEqualTo("confirmed");
        assertThat(inc.get("severity").asText()).isEqualTo("High");
        List<String> types = new ArrayList<>();
        inc.get("alerts").forEach(a -> types.add(a.get("alertType").asText()));
        assertThat(types).contains("ScannerDetected", "WebShellRequest", "WebShellActivity", "CryptoMining");
        // kill-chain order: reconnaissance first, impact (the miner) last
        assertThat(types.get(0)).isIn("ScannerDetected", "SensitiveFileProbe");
        assertThat(types.get(types.size() - 1)).isEqualTo("CryptoMining");
        assertThat(inc.get("entities").toString()).contains("203.0.113.66").contains("shop-web1");
    }
}
