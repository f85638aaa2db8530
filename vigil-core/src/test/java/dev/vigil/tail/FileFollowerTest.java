package dev.vigil.tail;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each rotation case and fault with real files; every batch is checked for contiguous offsets and lines. */
class FileFollowerTest {
    @TempDir
    Path dir;

    final AtomicLong clock = new AtomicLong(1_000_000);
    final List<TailProblem> problems = new ArrayList<>();
    final List<FileFollower> opened = new ArrayList<>();
    /** Per identity: the next offset and line a batch must start at (checked across polls). */
    final Map<String, long[]> next = new HashMap<>();

    @AfterEach
    void closeAll() {
        opened.forEach(FileFollower::close);
    }

    FileFollower follower(Path... watched) {
        return follower(new FileFollower.Options(1000, 4096, null, Duration.ofSeconds(10), 100), watched);
    }

    FileFollower follower(FileFollower.Options options, Path... watched) {
        FileFollower f = new FileFollower(List.of(watched), options, problems::add, clock::get);
        opened.add(f);
        return f;
    }

    /** Polls once; the lines handed out, concatenated. */
    String poll(FileFollower f) {
        StringBuilder sb = new StringBuilder();
        for (Batch b : f.poll()) {
            long[] n = next.get(b.identity());
            if (n != null && b.startOffset() != 0) {
                assertThat(b.startOffset()).as("offset continues in %s", b.path()).isGreaterThanOrEqualTo(n[0]);
                if (b.startOffset() == n[0]) {
                    assertThat(b.startLine()).as("line continues in %s", b.path()).isEqualTo(n[1]);
                }
            }
            long lines = new String(b.data(), UTF_8).chars().filter(c -> c == '\n').count();
            boolean noNl = b.cut() || b.data().length == 0 || b.data()[b.data().length - 1] != '\n';
            next.put(b.identity(), new long[] {b.endOffset(), b.startLine() + lines + (noNl ? 1 : 0)});
            sb.append(new String(b.data(), UTF_8));
        }
        return sb.toString();
    }

    static void append(Path p, String s) throws IOException {
        Files.writeString(p, s, UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static String lines(String prefix, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append(prefix).append(' ').append(i).append(" GET /index.html?q=").append(i * 7919).append('\n');
        }
        return sb.toString();
    }

    static void gzip(Path from, Path to) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(to))) {
            out.write(Files.readAllBytes(from));
        }
    }

    static Checkpoint roundTrip(Checkpoint c) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        c.write(new DataOutputStream(bytes));
        return Checkpoint.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }

    // ------------------------------------------------------------------------------------ lines

    @Test
    void handsOutWholeLinesAndHoldsAPartialLineUntilItsNewlineComes() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, "one\ntw");
        FileFollower f = follower(log);
        List<Batch> first = f.poll();
        assertThat(first).hasSize(1);
        assertThat(first.get(0).startLine()).isEqualTo(1);
        assertThat(new String(first.get(0).data(), UTF_8)).isEqualTo("one\n");
        assertThat(f.poll()).isEmpty();
        append(log, "o\nthree\n");
        List<Batch> second = f.poll();
        assertThat(second).hasSize(1);
        assertThat(second.get(0).startLine()).isEqualTo(2);
        assertThat(second.get(0).startOffset()).isEqualTo(4);
        assertThat(new String(second.get(0).data(), UTF_8)).isEqualTo("two\nthree\n");
        assertThat(f.checkpoint().positions()).singleElement()
                .satisfies(p -> assertThat(p.offset()).isEqualTo(14))
                .satisfies(p -> assertThat(p.line()).isEqualTo(4));
        assertThat(problems).isEmpty();
    }

    @Test
    void aPartialLineIsHandedOutAfterTheIdleTimeoutWhenTheFileStaysQuiet() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, "a\nlast");
        FileFollower f = follower(new FileFollower.Options(1000, 4096, Duration.ofSeconds(2), Duration.ofSeconds(10), 10), log);
        assertThat(poll(f)).isEqualTo("a\n");
        clock.addAndGet(1000);
        assertThat(poll(f)).isEmpty();
        clock.addAndGet(1500);
        assertThat(poll(f)).isEqualTo("last");
        append(log, "b\n");
        assertThat(poll(f)).isEqualTo("b\n");
        assertThat(f.checkpoint().positions().get(0).line()).isEqualTo(4);
    }

    @Test
    void anOverLongLineIsCutAndReportedAndTheNextLinesGoOn() throws IOException {
        Path log = dir.resolve("app.log");
        FileFollower f = follower(new FileFollower.Options(16, 64, null, Duration.ofSeconds(10), 10), log);
        append(log, "short\n" + "x".repeat(40));
        List<Batch> batches = f.poll();
        assertThat(batches).extracting(b -> new String(b.data(), UTF_8)).containsExactly("short\n", "x".repeat(16));
        assertThat(batches.get(1).cut()).isTrue();
        assertThat(batches.get(1).startLine()).isEqualTo(2);
        append(log, "y".repeat(100) + "\nafter\n");   // the rest of the long line, over several reads
        assertThat(poll(f)).isEmpty();   // one poll reads at most maxBatchBytes of a file
        assertThat(poll(f)).isEqualTo("after\n");
        assertThat(f.checkpoint().positions().get(0).line()).isEqualTo(4);
        assertThat(problems).extracting(TailProblem::kind, TailProblem::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(TailProblem.Kind.LINE_TOO_LONG, 2L));
        // a long line that arrives whole in one read is cut the same way
        append(log, "z".repeat(30) + "\nend\n");
        assertThat(poll(f)).isEqualTo("z".repeat(16) + "end\n");
        assertThat(problems).hasSize(2);
        assertThat(problems.get(1).line()).isEqualTo(4);
    }

    // ------------------------------------------------------------------------------------ rotation

    @Test
    void renameAndCreateFinishesTheRenamedFileThenStartsTheNewOneAtZero() throws IOException {
        Path log = dir.resolve("access.log");
        append(log, lines("a", 0, 10));
        FileFollower f = follower(log);   // only access.log is watched: access.log.1 is read through the open channel
        assertThat(poll(f)).isEqualTo(lines("a", 0, 10));
        append(log, lines("a", 10, 15));
        Files.move(log, dir.resolve("access.log.1"));
        append(dir.resolve("access.log.1"), lines("a", 15, 17));   // the server writes on until it reopens
        append(log, lines("b", 0, 5));
        assertThat(poll(f)).isEqualTo(lines("a", 10, 17) + lines("b", 0, 5));
        append(log, lines("b", 5, 6));
        assertThat(poll(f)).isEqualTo(lines("b", 5, 6));
        clock.addAndGet(11_000);
        assertThat(poll(f)).isEmpty();
        assertThat(f.checkpoint().positions()).filteredOn(p -> p.state() == Checkpoint.State.FOLLOWING).hasSize(1);
    }

    @Test
    void renameAndCreateWithAGlobFollowsTheFileUnderItsNewName() throws IOException {
        Path log = dir.resolve("access.log");
        append(log, lines("a", 0, 3));
        FileFollower f = follower(dir.resolve("access.log*"));
        assertThat(poll(f)).isEqualTo(lines("a", 0, 3));
        append(log, lines("a", 3, 6));
        Files.move(log, dir.resolve("access.log.1"));
        append(log, lines("b", 0, 2));
        List<Batch> batches = f.poll();
        assertThat(batches).extracting(b -> b.path().getFileName().toString())
                .containsExactly("access.log.1", "access.log");
        assertThat(batches.get(0).startLine()).isEqualTo(4);
        assertThat(batches.get(1).startLine()).isEqualTo(1);
        assertThat(poll(f)).isEmpty();
    }

    @Test
    void copytruncateReadsTheCopyOnFromWhereTheOriginalStoppedThenTheOriginalAgainFromZero() throws IOException {
        Path log = dir.resolve("access.log");
        append(log, lines("a", 0, 40));
        FileFollower f = follower(dir.resolve("access.log*"));
        assertThat(poll(f)).isEqualTo(lines("a", 0, 40));
        append(log, lines("a", 40, 45));   // not read yet when the copy is made
        Files.copy(log, dir.resolve("access.log.1"));
        Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
        append(log, lines("b", 0, 3));
        assertThat(poll(f)).isEqualTo(lines("a", 40, 45) + lines("b", 0, 3));
        assertThat(problems).extracting(TailProblem::kind).containsExactly(TailProblem.Kind.TRUNCATED);
        assertThat(poll(f)).isEmpty();
    }

    @Test
    void copytruncateSeenBetweenCopyAndTruncateReadsNothingTwice() throws IOException {
        Path log = dir.resolve("access.log");
        append(log, lines("a", 0, 40));
        FileFollower f = follower(dir.resolve("access.log*"));
        assertThat(poll(f)).isEqualTo(lines("a", 0, 40));
        append(log, lines("a", 40, 45));
        Files.copy(log, dir.resolve("access.log.1"));
        assertThat(poll(f)).isEqualTo(lines("a", 40, 45));   // from the original; the copy holds nothing new
        Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
        append(log, lines("b", 0, 3));
        assertThat(poll(f)).isEqualTo(lines("b", 0, 3));
    }

    @Test
    void aRotatedFileCompressedAfterwardsIsNotReadAgain() throws IOException {
        Path log = dir.resolve("access.log");
        Path rotated = dir.resolve("access.log.1");
        append(log, lines("a", 0, 50));
        FileFollower f = follower(dir.resolve("access.log*"));
        assertThat(poll(f)).isEqualTo(lines("a", 0, 50));
        Files.move(log, rotated);
        append(log, lines("b", 0, 2));
        assertThat(poll(f)).isEqualTo(lines("b", 0, 2));
        gzip(rotated, dir.resolve("access.log.1.gz"));
        Files.delete(rotated);
        assertThat(poll(f)).isEmpty();
        clock.addAndGet(20_000);
        assertThat(poll(f)).isEmpty();
        assertThat(problems).isEmpty();
    }

    @Test
    void aRotatedFileCompressedWhileNoOneFollowedIsReadOnFromTheCheckpointInTheGz() throws IOException {
        Path log = dir.resolve("access.log");
        Path rotated = dir.resolve("access.log.1");
        append(log, lines("a", 0, 50));
        FileFollower f = follower(dir.resolve("access.log*"));
        assertThat(poll(f)).isEqualTo(lines("a", 0, 50));
        Checkpoint committed = roundTrip(f.checkpoint());
        f.close();
        // while it is down: more lines, rotation, compression
        append(log, lines("a", 50, 60));
        Files.move(log, rotated);
        append(log, lines("b", 0, 2));
        gzip(rotated, dir.resolve("access.log.1.gz"));
        Files.delete(rotated);
        FileFollower g = follower(dir.resolve("access.log*"));
        g.restore(committed);
        assertThat(poll(g)).isEqualTo(lines("b", 0, 2) + lines("a", 50, 60));
        assertThat(poll(g)).isEmpty();
        assertThat(problems).isEmpty();
    }

    @Test
    void aCompressedFileNeverSeenIsReadOnceWhole() throws IOException {
        Path plain = dir.resolve("old.log");
        append(plain, lines("x", 0, 3) + "no newline at the end");
        gzip(plain, dir.resolve("old.log.gz"));
        Files.delete(plain);
        FileFollower f = follower(dir);
        assertThat(poll(f)).isEqualTo(lines("x", 0, 3) + "no newline at the end");
        assertThat(poll(f)).isEmpty();
        assertThat(f.checkpoint().positions()).singleElement()
                .satisfies(p -> assertThat(p.state()).isEqualTo(Checkpoint.State.FINISHED));
    }

    @Test
    void aFileDeletedWhileOpenIsDrainedThroughTheOpenChannel() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, lines("a", 0, 5));
        FileFollower f = follower(log);
        assertThat(poll(f)).isEqualTo(lines("a", 0, 5));
        append(log, lines("a", 5, 9) + "partial");
        Files.delete(log);
        assertThat(poll(f)).isEqualTo(lines("a", 5, 9));
        clock.addAndGet(11_000);
        assertThat(poll(f)).isEqualTo("partial");   // finished: its last line needs no newline
        assertThat(problems).extracting(TailProblem::kind).containsExactly(TailProblem.Kind.MISSING);
        append(log, lines("c", 0, 1));
        assertThat(poll(f)).isEqualTo(lines("c", 0, 1));
    }

    @Test
    void aFileTruncatedInPlaceIsReadAgainFromZero() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, lines("a", 0, 5));
        FileFollower f = follower(log);
        assertThat(poll(f)).isEqualTo(lines("a", 0, 5));
        Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
        assertThat(poll(f)).isEmpty();
        append(log, lines("b", 0, 2));
        List<Batch> batches = f.poll();
        assertThat(batches).singleElement().satisfies(b -> {
            assertThat(b.startOffset()).isZero();
            assertThat(b.startLine()).isEqualTo(1);
            assertThat(new String(b.data(), UTF_8)).isEqualTo(lines("b", 0, 2));
        });
        assertThat(problems).extracting(TailProblem::kind).containsExactly(TailProblem.Kind.TRUNCATED);
    }

    @Test
    void contentReplacedInPlaceWithMoreBytesIsToldApartByTheFingerprint() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, lines("a", 0, 2));
        FileFollower f = follower(log);
        assertThat(poll(f)).isEqualTo(lines("a", 0, 2));
        Checkpoint committed = f.checkpoint();
        f.close();
        // same inode, longer new content: the offset alone would resume in the middle of it
        Files.writeString(log, lines("new", 0, 6), UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        FileFollower g = follower(log);
        g.restore(committed);
        assertThat(poll(g)).isEqualTo(lines("new", 0, 6));
    }

    // ------------------------------------------------------------------------------- restarts

    @Test
    void restoreAfterACrashMidFileLosesNothingAndRepeatsNothingCommitted() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, lines("a", 0, 20) + "half of a li");
        FileFollower f = follower(log);
        String committed = poll(f);
        Checkpoint cp = roundTrip(f.checkpoint());
        append(log, "ne\n" + lines("a", 21, 30));
        poll(f);   // read but never committed: the crash comes before
        f.close();
        FileFollower g = follower(log);
        g.restore(cp);
        next.clear();
        String after = poll(g);
        assertThat(committed + after).isEqualTo(Files.readString(log));
        assertThat(g.checkpoint().positions().get(0).line()).isEqualTo(31);
    }

    @Test
    void aFileRenamedWhileNoOneFollowedIsReadOnUnderItsNewNameAndTheNewFileFromZero() throws IOException {
        Path log = dir.resolve("access.log");
        append(log, lines("a", 0, 30));
        FileFollower f = follower(dir.resolve("access.log*"));
        assertThat(poll(f)).isEqualTo(lines("a", 0, 30));
        Checkpoint cp = roundTrip(f.checkpoint());
        f.close();
        append(log, lines("a", 30, 33));
        Files.move(log, dir.resolve("access.log.1"));
        append(log, lines("b", 0, 2));
        FileFollower g = follower(dir.resolve("access.log*"));
        g.restore(cp);
        List<Batch> batches = g.poll();
        assertThat(batches).extracting(b -> b.path().getFileName().toString(), Batch::startLine)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("access.log.1", 31L),
                        org.assertj.core.groups.Tuple.tuple("access.log", 1L));
        assertThat(batches).extracting(b -> new String(b.data(), UTF_8))
                .containsExactly(lines("a", 30, 33), lines("b", 0, 2));
    }

    @Test
    void aDamagedCheckpointIsRefusedWithAReasonNotACrash() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new Checkpoint(List.of(new Checkpoint.Position("1:2", 3, 4, "/x", 5, 6, false, Checkpoint.State.FOLLOWING)))
                .write(new DataOutputStream(bytes));
        byte[] whole = bytes.toByteArray();
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 3);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> Checkpoint.read(new DataInputStream(new ByteArrayInputStream(cut))))
                .isInstanceOf(IOException.class);
        byte[] badState = whole.clone();
        badState[badState.length - 1] = 9;
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> Checkpoint.read(new DataInputStream(new ByteArrayInputStream(badState))))
                .isInstanceOf(IOException.class).hasMessageContaining("state");
        byte[] badVersion = whole.clone();
        badVersion[3] = 7;
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> Checkpoint.read(new DataInputStream(new ByteArrayInputStream(badVersion))))
                .isInstanceOf(IOException.class).hasMessageContaining("version");
    }

    @Test
    void checkpointsSurviveWriteAndRead() throws IOException {
        Checkpoint c = new Checkpoint(List.of(
                new Checkpoint.Position("2049:123", 1024, -5L, "/var/log/a.log", 77, 3, true, Checkpoint.State.FOLLOWING),
                new Checkpoint.Position("2049:9", 10, 42L, "/var/log/a.log.1", 10, 2, false, Checkpoint.State.RETIRED)));
        assertThat(roundTrip(c)).isEqualTo(c);
    }

    // ------------------------------------------------------------------------------ folders, faults

    @Test
    void aFileCreatedLaterInAWatchedFolderIsPickedUp() throws IOException {
        append(dir.resolve("a.log"), "a\n");
        FileFollower f = follower(dir);
        assertThat(poll(f)).isEqualTo("a\n");
        append(dir.resolve("b.log"), "b\n");
        assertThat(poll(f)).isEqualTo("b\n");
        Files.createDirectory(dir.resolve("sub"));   // not recursive, and no problem
        assertThat(poll(f)).isEmpty();
        assertThat(problems).isEmpty();
    }

    @Test
    void aMissingFileIsReportedOnceAndFollowedWhenItAppears() throws IOException {
        Path log = dir.resolve("later.log");
        FileFollower f = follower(log);
        assertThat(poll(f)).isEmpty();
        assertThat(poll(f)).isEmpty();
        assertThat(problems).extracting(TailProblem::kind).containsExactly(TailProblem.Kind.MISSING);
        append(log, "here\n");
        assertThat(poll(f)).isEqualTo("here\n");
    }

    @Test
    void permissionDeniedIsReportedAndTheOtherFilesGoOn() throws IOException {
        Path secret = dir.resolve("secret.log");
        Path open = dir.resolve("open.log");
        append(secret, "s\n");
        append(open, "o\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        assumeTrue(!Files.isReadable(secret), "running as a user who reads everything (root)");
        FileFollower f = follower(dir);
        assertThat(poll(f)).isEqualTo("o\n");
        append(open, "o2\n");
        assertThat(poll(f)).isEqualTo("o2\n");
        assertThat(problems).extracting(TailProblem::kind, TailProblem::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(TailProblem.Kind.PERMISSION_DENIED, secret));
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        assertThat(poll(f)).isEqualTo("s\n");
    }

    @Test
    void aBinaryFileIsReportedAndNotFollowed() throws IOException {
        Files.write(dir.resolve("core.dump"), new byte[] {'E', 'L', 'F', 0, 0, 1, '\n'});
        append(dir.resolve("app.log"), "fine\n");
        FileFollower f = follower(dir);
        assertThat(poll(f)).isEqualTo("fine\n");
        assertThat(poll(f)).isEmpty();
        assertThat(problems).extracting(TailProblem::kind).containsExactly(TailProblem.Kind.BINARY);
    }

    @Test
    void aClockThatGoesBackIsReportedAndDoesNotStopAnything() throws IOException {
        Path log = dir.resolve("app.log");
        FileFollower f = follower(log);
        append(log, "a\n");
        assertThat(poll(f)).isEqualTo("a\n");
        clock.addAndGet(-3_600_000);
        append(log, "b\n");
        assertThat(poll(f)).isEqualTo("b\n");
        assertThat(problems).extracting(TailProblem::kind).containsExactly(TailProblem.Kind.CLOCK_JUMP);
    }

    @Test
    void aProblemsCallbackThatThrowsDoesNotStopPolling() throws IOException {
        Path log = dir.resolve("app.log");
        FileFollower f = new FileFollower(List.of(dir.resolve("missing.log"), log),
                FileFollower.Options.defaults(), p -> {
                    throw new IllegalStateException("broken sink");
                }, clock::get);
        opened.add(f);
        append(log, "a\n");
        assertThat(poll(f)).isEqualTo("a\n");
    }
}
