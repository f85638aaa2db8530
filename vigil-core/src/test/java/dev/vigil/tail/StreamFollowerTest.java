package dev.vigil.tail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stream read until it closes: whole lines with their numbers and offsets, the last without its \n. */
class StreamFollowerTest {
    private static List<Batch> drain(StreamFollower f) throws InterruptedException {
        List<Batch> out = new ArrayList<>();
        long end = System.nanoTime() + 10_000_000_000L;
        while (!f.finished() && System.nanoTime() < end) {
            out.addAll(f.poll());
            Thread.sleep(1);
        }
        assertThat(f.finished()).isTrue();
        return out;
    }

    @Test
    void handsOutWholeLinesThenTheLastOneAtTheEnd() throws Exception {
        PipedOutputStream w = new PipedOutputStream();
        StreamFollower f = new StreamFollower(new PipedInputStream(w, 1 << 16), Path.of("-"), 100, p -> {});
        w.write("one\ntw".getBytes(StandardCharsets.UTF_8));
        w.flush();
        Thread.sleep(100);
        List<Batch> first = f.poll();
        assertThat(first).singleElement().satisfies(b -> {
            assertThat(new String(b.data(), StandardCharsets.UTF_8)).isEqualTo("one\n");
            assertThat(b.startLine()).isEqualTo(1);
        });
        assertThat(f.finished()).isFalse();
        w.write("o\nthree".getBytes(StandardCharsets.UTF_8));
        w.close();
        List<Batch> rest = drain(f);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        rest.forEach(b -> all.writeBytes(b.data()));
        assertThat(all.toString(StandardCharsets.UTF_8)).isEqualTo("two\nthree");
        assertThat(rest.get(0).startLine()).isEqualTo(2);
        assertThat(rest.get(0).startOffset()).isEqualTo(4);
        assertThat(rest.get(rest.size() - 1).startLine()).isEqualTo(3);
        assertThat(f.checkpoint().positions()).isEmpty();
    }

    @Test
    void anOverLongLineIsCutAndTheNextLinesKeepTheirNumbers() throws Exception {
        String text = "a\n" + "x".repeat(50) + "\nb\n" + "y".repeat(30);
        List<TailProblem> problems = new ArrayList<>();
        StreamFollower f = new StreamFollower(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                Path.of("-"), 10, problems::add);
        List<Batch> out = drain(f);
        List<String> lines = new ArrayList<>();
        for (Batch b : out) {
            assertThat(b.endOffset() - b.startOffset()).isEqualTo(b.data().length);
            lines.add(b.startLine() + (b.cut() ? " cut " : " ") + new String(b.data(), StandardCharsets.UTF_8).strip());
        }
        assertThat(lines).containsExactly("1 a", "2 cut xxxxxxxxxx", "3 b", "4 cut yyyyyyyyyy");
        assertThat(out.get(2).startOffset()).isEqualTo(2 + 51);
        assertThat(problems).hasSize(2).allSatisfy(p -> assertThat(p.kind()).isEqualTo(TailProblem.Kind.LINE_TOO_LONG));
    }
}
