package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.AlertAggregator;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.Severity;
import dev.vigil.engine.Engine;
import dev.vigil.pipeline.Watcher;
import dev.vigil.store.SqliteAlertStore;
import dev.vigil.tail.FileFollower;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil status} reads what a watch committed: each file's position and how far behind it is. */
class StatusCommandTest {
    @RegisterExtension
    final StdStreams std = new StdStreams();

    private static final String LINE = "192.0.2.7 - - [30/Nov/2026:08:00:00 +0000] \"GET /item?id=1%27%20union%20select"
            + "%20password%20from%20users-- HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\"\n";

    @Test
    void showsPositionsLagAndTheLastAlert(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("access.log");
        Files.writeString(log, LINE.repeat(3));
        Path db = dir.resolve("v.db");
        try (SqliteAlertStore store = SqliteAlertStore.open(db)) {
            PrintStream sink = new PrintStream(new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            WatchCommand.Printer printer = new WatchCommand.Printer(sink, true, Severity.INFORMATIONAL, false);
            Watcher w = new Watcher(Engine.builder().threads(1).defaultDetectors(AlertCatalogue.builtIn()).build(),
                    new AlertAggregator(), new FileFollower(List.of(log), FileFollower.Options.defaults(), p -> { },
                    System::currentTimeMillis), new WatchCommand.Sink(store, "web01", printer, sink, true), m -> { },
                    AlertCatalogue.builtIn()::find, System::currentTimeMillis, Watcher.Options.defaults());
            w.step();
            assertThat(w.commit()).isTrue();
        }
        assertThat(Main.run("status", "--db", db.toString())).isZero();
        assertThat(std.out()).contains("watch web01").contains(log.toString()).contains("line 4")
                .contains("up to date").contains("last alert: Medium SqlInjectionAttempt");

        Files.writeString(log, LINE, StandardOpenOption.APPEND);
        assertThat(Main.run("status", "--db", db.toString(), "--format", "json")).isZero();
        assertThat(std.out()).contains("\"lagBytes\":" + LINE.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void aDatabaseWithoutWatchesSaysSo(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("v.db");
        SqliteAlertStore.open(db).close();
        assertThat(Main.run("status", "--db", db.toString())).isZero();
        assertThat(std.out()).contains("No watch has committed");
    }
}
