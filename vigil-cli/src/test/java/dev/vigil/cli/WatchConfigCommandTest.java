package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil watch --check-config}: a config that can run says so; one that cannot names file and line. */
class WatchConfigCommandTest {
    @RegisterExtension
    final StdStreams std = new StdStreams();

    @TempDir
    Path dir;

    private Path config(String yaml) throws Exception {
        Path f = dir.resolve("watch.yaml");
        Files.writeString(f, yaml.replace("DIR", dir.toString()));
        return f;
    }

    @Test
    void aGoodConfigIsAccepted() throws Exception {
        Path f = config("""
                database: DIR/v.db
                sources:
                  - path: DIR/access.log*
                    format: combined
                    resource: shop
                  - DIR/trace.jsonl
                throttle: {ScannerDetected: 7d}
                options:
                  group-window: 30m
                  min-severity: low
                """);
        assertThat(Main.run("watch", "--check-config", f.toString())).as(std.err()).isZero();
        assertThat(std.err()).contains("ok: 2 sources").contains("v.db");
        assertThat(Files.exists(dir.resolve("v.db"))).as("checking creates nothing").isFalse();
    }

    @Test
    void aWrongValueIsRefusedWithItsLine() throws Exception {
        Path f = config("sources:\n  - DIR/a.log\noptions:\n  min-severity: low\n  group-window: soon\n");
        assertThat(Main.run("watch", "--check-config", f.toString())).isEqualTo(2);
        assertThat(std.err()).contains("watch.yaml:5").contains("group-window");
    }

    @Test
    void anUnknownSourceFormatIsRefusedWithItsLine() throws Exception {
        Path f = config("database: none\nsources:\n  - path: DIR/a.log\n    format: klingon\n");
        assertThat(Main.run("watch", "--check-config", f.toString())).isEqualTo(2);
        assertThat(std.err()).contains("watch.yaml:4").containsIgnoringCase("klingon");
    }

    @Test
    void enrichmentOptionsAreTakenAndCheckedLikeTheCommandLines() throws Exception {
        Path f = config("database: none\nsources:\n  - DIR/a.log\noptions:\n  verify-crawlers: true\n"
                + "  dns-server: 127.0.0.1:5353\n");
        assertThat(Main.run("watch", "--check-config", f.toString())).isZero();
        Path bad = config("database: none\nsources:\n  - DIR/a.log\noptions:\n  geoip: DIR/missing.mmdb\n");
        assertThat(Main.run("watch", "--check-config", bad.toString())).isEqualTo(2);
        assertThat(std.err()).contains("watch.yaml:5: geoip").contains("missing.mmdb").contains("cannot read the file");
    }

    @Test
    void anUnknownKeyIsRefusedWithItsLine() throws Exception {
        Path f = config("sources:\n  - DIR/a.log\nsinkz:\n  - stdout\n");
        assertThat(Main.run("watch", "--check-config", f.toString())).isEqualTo(2);
        assertThat(std.err()).contains("watch.yaml:3").contains("unknown top-level 'sinkz'");
    }

    @Test
    void sinksAreCheckedWithTheConfig() throws Exception {
        Path f = config("database: none\nsources:\n  - DIR/a.log\nsinks:\n  - ndjson:DIR/out.ndjson\n"
                + "  - type: webhook\n    url: env:VIGIL_TEST_UNSET_HOOK_42\n");
        assertThat(Main.run("watch", "--check-config", f.toString())).isEqualTo(2);
        assertThat(std.err()).contains("watch.yaml:6").contains("VIGIL_TEST_UNSET_HOOK_42").contains("not set");
        std.reset();
        Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");
        f = config("database: none\nsources:\n  - DIR/a.log\nsinks:\n  - ndjson:DIR/out.ndjson\n"
                + "  - type: syslog\n    url: syslog+tls://127.0.0.1:6514\n    ca: ca.pem\n");
        assertThat(Main.run("watch", "--check-config", f.toString())).isEqualTo(2);
        assertThat(std.err()).contains("watch.yaml:6").contains("ca.pem");
        std.reset();
        f = config("database: none\nsources:\n  - DIR/a.log\nsinks:\n  - ndjson:DIR/out.ndjson\n  - syslog+tcp://127.0.0.1:6514\n");
        assertThat(Main.run("watch", "--check-config", f.toString())).as(std.err()).isZero();
        assertThat(std.err()).contains("sinks: ndjson:" + dir.resolve("out.ndjson")).contains("syslog+tcp://127.0.0.1:6514");
        assertThat(Files.exists(dir.resolve("out.ndjson"))).as("checking creates nothing").isFalse();
    }

    @Test
    void aConfigTakesNoOtherOptionsOrPaths() throws Exception {
        Path f = config("sources:\n  - DIR/a.log\n");
        assertThat(Main.run("watch", "--config", f.toString(), dir.resolve("b.log").toString())).isEqualTo(2);
        assertThat(std.err()).contains("give no other options or paths");
        assertThat(Main.run("watch")).isEqualTo(2);
        assertThat(std.err()).contains("name the files to watch");
    }

    @Test
    void serveRefusesAWatchConfigThatCannotRunBeforeListening() throws Exception {
        Path f = config("sources:\n  - DIR/a.log\noptions:\n  group-window: soon\n");
        assertThat(Main.run("serve", "--db", dir.resolve("s.db").toString(), "--listen", "127.0.0.1:0",
                "--watch", f.toString())).isEqualTo(2);
        assertThat(std.err()).contains("--watch").contains("watch.yaml:4");
        Path other = config("database: DIR/other.db\nsources:\n  - DIR/a.log\n");
        assertThat(Main.run("serve", "--db", dir.resolve("s.db").toString(), "--listen", "127.0.0.1:0",
                "--watch", other.toString())).isEqualTo(2);
        assertThat(std.err()).contains("watch.yaml:1").contains("server's database");
    }
}
