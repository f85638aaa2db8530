package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Folders, links, pipes and exit codes: what a hostile or unlucky file system must not do to a scan. */
class HostileFilesTest {
    private static final String TEST_ALERT =
            "198.51.100.7 - - [28/Nov/2026:10:00:00 +0000] \"GET /This_Will_Generate_ASC_Alert HTTP/1.1\" 404 9 \"-\" \"curl/8.5\"\n";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    @TempDir
    Path dir;

    @RegisterExtension
    final StdStreams std = new StdStreams();

    private int scan(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "scan";
        all[1] = "--no-db";
        all[2] = "--format";
        all[3] = "ndjson";
        System.arraycopy(args, 0, all, 4, args.length);
        return Main.run(all);
    }

    @Test
    void aLinkLoopALinkToProcAndAnUnreadableFolderAreEachReportedAndTheRestIsScanned() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(logs.resolve("a.log"), TEST_ALERT);
        Files.createSymbolicLink(logs.resolve("loop"), logs);
        Files.createSymbolicLink(logs.resolve("self"), Path.of("/proc/self"));
        Files.createSymbolicLink(logs.resolve("l1"), logs.resolve("l2"));
        Files.createSymbolicLink(logs.resolve("l2"), logs.resolve("l1"));
        Path locked = Files.createDirectories(logs.resolve("locked"));
        Files.writeString(locked.resolve("b.log"), TEST_ALERT);
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            for (boolean follow : new boolean[] {false, true}) {
                std.reset();
                int code = follow ? scan("--follow-links", logs.toString()) : scan(logs.toString());
                assertThat(std.out()).contains("TestAlert");
                // root reads the locked folder anyway
                assertThat(std.err()).contains(isRoot() ? "scanned 2 files" : "scanned 1 file")
                        .contains("self: symbolic link into /proc");
                if (!isRoot()) {
                    assertThat(std.err()).contains("locked: cannot list folder: permission denied");
                    assertThat(code).as("an unreadable folder is an input failure").isEqualTo(Main.EXIT_FAILED);
                }
                assertThat(std.err()).contains("l1: symbolic link that cannot be resolved");
            }
            assertThat(std.err()).contains("loop: symbolic link to a folder already scanned");
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void linksOutOfTheFolderAreFollowedOnlyWhenAskedAndFileContentIsNeverEchoed() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home/.aws"));
        Files.writeString(home.resolve("credentials"), "[default]\naws_secret_access_key = " + SECRET + "\n");
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(logs.resolve("a.log"), TEST_ALERT);
        Files.createSymbolicLink(logs.resolve("creds"), home.resolve("credentials"));

        assertThat(scan(logs.toString())).isZero();
        assertThat(std.err()).contains("creds: symbolic link out of the scanned folder, not followed (--follow-links")
                .doesNotContain(SECRET);

        std.reset();
        assertThat(scan("--follow-links", logs.toString())).isZero();
        assertThat(std.err()).contains("creds").contains("not a log format Vigil recognises")
                .doesNotContain(SECRET).doesNotContain("aws_secret_access_key").doesNotContain("[default]");
        assertThat(std.out()).doesNotContain(SECRET);
    }

    @Test
    void aNamedPipeIsReportedAndSkippedNeverWaitedOn() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(logs.resolve("a.log"), TEST_ALERT);
        Path fifo = logs.resolve("pipe");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeThat(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0).as("mkfifo works here").isTrue();

        // on the command line and inside a folder; a scan that blocks fails the timeout
        CompletableFuture<Integer> named = CompletableFuture.supplyAsync(() -> scan(fifo.toString(),
                logs.resolve("a.log").toString()));
        assertThat(named.get(60, TimeUnit.SECONDS)).isEqualTo(Main.EXIT_FAILED);
        assertThat(std.err()).contains("pipe: a named pipe (FIFO), skipped");
        assertThat(std.out()).contains("TestAlert");

        std.reset();
        CompletableFuture<Integer> folder = CompletableFuture.supplyAsync(() -> scan(logs.toString()));
        assertThat(folder.get(60, TimeUnit.SECONDS)).isEqualTo(Main.EXIT_FAILED);
        assertThat(std.err()).contains("pipe: a named pipe (FIFO), skipped");
        assertThat(std.out()).contains("TestAlert");
    }

    @Test
    void aScanThatReadsNothingExitsWithThreeAndSaysWhy() throws Exception {
        Path nginx = dir.resolve("access.log");
        Files.writeString(nginx, TEST_ALERT.repeat(5));
        assertThat(scan("--input", "w3c", nginx.toString())).isEqualTo(Main.EXIT_FAILED);
        assertThat(std.err()).contains("none of its 5 lines could be read as w3c").contains("nothing could be read: no file could be read");

        std.reset();
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "Dear diary,\nnothing happened today.\n");
        assertThat(scan(notes.toString())).isEqualTo(Main.EXIT_FAILED);
        assertThat(std.err()).contains("nothing could be read: no file was in a format Vigil recognises")
                .doesNotContain("diary");

        std.reset();
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThat(scan(empty.toString())).isEqualTo(Main.EXIT_FAILED);
        assertThat(std.err()).contains("nothing could be read: no file to scan");

        // a folder with a log and a note is a normal folder: the note is skipped, the scan succeeds
        std.reset();
        Files.copy(nginx, empty.resolve("access.log"));
        Files.copy(notes, empty.resolve("notes.txt"));
        assertThat(scan(empty.toString())).isZero();
        // a missing path stays a usage error
        assertThat(scan(dir.resolve("missing.log").toString())).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void aVeryHighLineLimitIsCappedToTheHeapAndSaid() throws Exception {
        Path huge = dir.resolve("huge.log");
        // as if the heap were 64 MiB, so that a line over the cap is a few MiB, not hundreds
        java.util.function.LongSupplier heap = DetectionOptions.heapBytes;
        DetectionOptions.heapBytes = () -> 64L << 20;
        int cap = dev.vigil.engine.Engine.maxLineLengthFor(64L << 20, 2);
        try (var out = Files.newOutputStream(huge)) {
            out.write(TEST_ALERT.getBytes(StandardCharsets.UTF_8));
            byte[] block = new byte[1 << 20];
            java.util.Arrays.fill(block, (byte) 'A');
            for (long written = 0; written <= cap; written += block.length) {
                out.write(block);
            }
            out.write('\n');
            out.write(TEST_ALERT.getBytes(StandardCharsets.UTF_8));
        }
        Path other = dir.resolve("other.log");
        Files.writeString(other, TEST_ALERT);
        int code;
        try {
            code = scan("--threads", "2", "--max-line-length", Integer.toString(256 << 20), huge.toString(),
                    other.toString());
        } finally {
            DetectionOptions.heapBytes = heap;
        }
        assertThat(std.err()).contains("--max-line-length 268,435,456 is more than a 64 MiB heap holds with 2")
                .contains("scanned 2 files").contains("1 rejected");
        assertThat(code).isZero();
    }

    @Test
    void runningOutOfMemoryIsAnInputFailureNeverTheFailOnCode() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(buf, true, StandardCharsets.UTF_8);
        int code = Main.guarded(() -> {
            throw new OutOfMemoryError("Java heap space");
        }, err);
        assertThat(code).isEqualTo(Main.EXIT_FAILED).isNotEqualTo(Main.EXIT_FOUND);
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("out of memory").contains("JAVA_OPTS=-Xmx");
        assertThat(Main.guarded(() -> Main.EXIT_FOUND, err)).isEqualTo(Main.EXIT_FOUND);
    }

    @Test
    void anAccessLogIsRefusedAsAFeedAndNotRegistered() throws Exception {
        Path log = dir.resolve("access.log");
        Files.writeString(log, TEST_ALERT.repeat(3) + TEST_ALERT.replace("198.51.100.7", "66.249.66.1").repeat(3));
        String db = dir.resolve("t.db").toString();
        assertThat(Main.run("ti", "load", "--db", db, log.toString())).isEqualTo(Main.EXIT_FAILED);
        assertThat(std.err()).contains("refused: this is a combined log, not a feed of indicators");
        std.reset();
        assertThat(Main.run("ti", "list", "--db", db)).isZero();
        assertThat(std.out()).contains("No feeds registered");

        // given to a scan with --ti it is refused too, the scan runs, and the exit code says so
        std.reset();
        Path other = dir.resolve("other.log");
        Files.writeString(other, TEST_ALERT);
        assertThat(scan("--ti", log.toString(), other.toString())).isEqualTo(Main.EXIT_FAILED);
        assertThat(std.err()).contains("refused: this is a combined log");
        assertThat(std.out()).contains("TestAlert").doesNotContain("ThreatIntel");
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
