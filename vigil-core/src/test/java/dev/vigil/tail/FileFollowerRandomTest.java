package dev.vigil.tail;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property-style, seeded: thousands of appends (some lines written in two pieces) interleaved with
 * rename-and-create and copytruncate rotations, rotated files compressed to .gz and deleted, polls, and
 * crashes that restart from the last committed checkpoint. At the end, the lines handed out and
 * committed are exactly the lines written: none lost, none twice.
 */
class FileFollowerRandomTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42})
    void everyLineWrittenIsHandedOutExactlyOnce(long seed) throws IOException {
        Random rnd = new Random(seed);
        AtomicLong clock = new AtomicLong(0);
        List<TailProblem> problems = new ArrayList<>();
        FileFollower.Options options = new FileFollower.Options(200, 2048, null, Duration.ofSeconds(5), 1000);
        Path log = dir.resolve("app.log");
        Path glob = dir.resolve("app.log*");

        List<String> written = new ArrayList<>();
        List<String> committed = new ArrayList<>();
        List<String> uncommitted = new ArrayList<>();
        List<Path> rotatedPlain = new ArrayList<>();
        String pending = null;   // the second half of a line written in two pieces
        int seq = 0;
        int rotation = 0;
        int crashes = 0;

        FileFollower f = new FileFollower(List.of(glob), options, problems::add, clock::get);
        Checkpoint checkpoint = f.checkpoint();
        try {
            for (int step = 0; step < 4000; step++) {
                clock.addAndGet(rnd.nextInt(50));
                int r = rnd.nextInt(1000);
                if (pending != null) {
                    append(log, pending);
                    pending = null;
                } else if (r < 600) {
                    String line = "line " + (seq++) + " " + "x".repeat(rnd.nextInt(120)) + "\n";
                    written.add(line);
                    if (rnd.nextInt(10) == 0) {
                        int cut = 1 + rnd.nextInt(line.length() - 1);
                        append(log, line.substring(0, cut));
                        pending = line.substring(cut);
                    } else {
                        append(log, line);
                    }
                } else if (r < 610 && Files.exists(log)) {
                    Path to = dir.resolve("app.log." + (++rotation));
                    Files.move(log, to);   // rename and create (the next append creates app.log)
                    rotatedPlain.add(to);
                } else if (r < 620 && Files.exists(log)) {
                    Path to = dir.resolve("app.log." + (++rotation));
                    Files.copy(log, to);   // copytruncate, with no write between copy and truncate
                    Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
                    rotatedPlain.add(to);
                } else if (r < 630 && !rotatedPlain.isEmpty()) {
                    Path p = rotatedPlain.remove(rnd.nextInt(rotatedPlain.size()));
                    gzip(p, dir.resolve(p.getFileName() + ".gz"));
                    Files.delete(p);
                } else if (r < 640) {
                    // crash: what was handed out since the last commit is lost with the process
                    f.close();
                    uncommitted.clear();
                    f = new FileFollower(List.of(glob), options, problems::add, clock::get);
                    f.restore(roundTrip(checkpoint));
                    crashes++;
                } else {
                    for (Batch b : f.poll()) {
                        uncommitted.addAll(lines(b));
                    }
                    if (rnd.nextBoolean()) {
                        committed.addAll(uncommitted);
                        uncommitted.clear();
                        checkpoint = f.checkpoint();
                    }
                }
            }
            if (pending != null) {
                append(log, pending);
            }
            for (int i = 0; i < 20; i++) {
                clock.addAndGet(1000);
                for (Batch b : f.poll()) {
                    committed.addAll(lines(b));
                }
            }
            committed.addAll(uncommitted);
        } finally {
            f.close();
        }
        assertThat(crashes).isPositive();
        assertThat(rotation).isPositive();
        List<String> got = new ArrayList<>(committed);
        List<String> want = new ArrayList<>(written);
        Collections.sort(got);
        Collections.sort(want);
        assertThat(got).hasSameSizeAs(want);
        assertThat(got).isEqualTo(want);
        assertThat(problems).extracting(TailProblem::kind)
                .allMatch(k -> k == TailProblem.Kind.TRUNCATED || k == TailProblem.Kind.MISSING);
    }

    private static List<String> lines(Batch b) {
        List<String> out = new ArrayList<>();
        String s = new String(b.data(), UTF_8);
        int from = 0;
        for (int nl = s.indexOf('\n'); nl >= 0; nl = s.indexOf('\n', from)) {
            out.add(s.substring(from, nl + 1));
            from = nl + 1;
        }
        if (from < s.length()) {
            out.add(s.substring(from));
        }
        return out;
    }

    private static void append(Path p, String s) throws IOException {
        Files.writeString(p, s, UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static void gzip(Path from, Path to) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(to))) {
            out.write(Files.readAllBytes(from));
        }
    }

    private static Checkpoint roundTrip(Checkpoint c) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        c.write(new DataOutputStream(bytes));
        return Checkpoint.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }
}
