package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.engine.Engine;
import dev.vigil.ingest.formats.Formats;
import dev.vigil.server.StoreGate;
import dev.vigil.store.AlertQuery;
import dev.vigil.store.SqliteAlertStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources pushed side by side keep their own event time: a host's process events sent behind a
 * web server's access log still form their burst, and a source that stops sending stops holding
 * the others' time back after {@link Ingestor#IDLE_MILLIS}.
 */
class IngestorTest {
    private static final String[] SURVEY = {
        "{\"time\":\"2026-11-21T03:00:00Z\",\"host\":\"h1\",\"pid\":500,\"ppid\":400,\"exe\":\"/usr/bin/id\",\"cmdline\":\"id\"}",
        "{\"time\":\"2026-11-21T03:00:10Z\",\"host\":\"h1\",\"pid\":501,\"ppid\":400,\"exe\":\"/usr/bin/uname\",\"cmdline\":\"uname -a\"}",
        "{\"time\":\"2026-11-21T03:00:20Z\",\"host\":\"h1\",\"pid\":502,\"ppid\":400,\"exe\":\"/usr/bin/whoami\",\"cmdline\":\"whoami\"}",
    };

    private static byte[] access(int second) {
        return String.format(java.util.Locale.ROOT, "192.0.2.9 - - [30/Nov/2026:08:00:%02d +0000] \"GET /p/%d HTTP/1.1\" 200 512"
                + " \"-\" \"Mozilla/5.0\"\n", second, second).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void sourcesSentSideBySideKeepTheirOwnTime(@TempDir Path dir) throws Exception {
        long[] clock = {1_000_000};
        try (StoreGate gate = new StoreGate(SqliteAlertStore.open(dir.resolve("v.db")), new SimpleMeterRegistry())) {
            Engine engine = Engine.builder().threads(1).defaultDetectors(AlertCatalogue.builtIn()).build();
            Ingestor in = new Ingestor(gate, engine, () -> clock[0]);
            var combined = Formats.forName("combined").orElseThrow();
            for (int i = 0; i < SURVEY.length; i++) {
                in.ingest(null, "h1", (SURVEY[i] + "\n").getBytes(StandardCharsets.UTF_8), "test");
                in.ingest(combined, "shop", access(i), "test");
                clock[0] += 1_000;
            }
            java.util.List<dev.vigil.store.StoredAlert> stored = gate.call("list", s -> s.list(AlertQuery.all()));
            assertThat(stored)
                    .as("the survey burst is found although the access log is nine days ahead")
                    .anyMatch(a -> a.alert().type().name().equals("SystemDiscovery"));
            long behind = in.watermark();
            assertThat(behind).isEqualTo(java.time.Instant.parse("2026-11-21T03:00:20Z").toEpochMilli());
            clock[0] += Ingestor.IDLE_MILLIS;
            in.ingest(combined, "shop", access(30), "test");
            assertThat(in.watermark()).as("the quiet host no longer holds the shop's time back")
                    .isEqualTo(java.time.Instant.parse("2026-11-30T08:00:30Z").toEpochMilli());
        }
    }
}
