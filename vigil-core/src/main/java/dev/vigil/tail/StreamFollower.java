package dev.vigil.tail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A stream read until it closes ({@code vigil watch -}: standard input), handed out as whole lines
 * like {@link FileFollower}'s. A stream cannot be read again, so there is no position to keep: its
 * {@link #checkpoint} is empty and a watch of it does not resume after a restart (what it read
 * before a crash and had not committed is lost with the process that read it).
 *
 * <p>A reader thread of its own blocks on the stream, so {@link #poll} never blocks; at most a few
 * blocks are buffered between them (the reader waits when the watch is behind: back-pressure to the
 * writer). The last line is handed out without its {@code \n} when the stream ends without one; a
 * line longer than the limit is handed out as a {@linkplain Batch#cut() cut} batch of its head and
 * the rest skipped, with a report.
 *
 * <p>Not thread-safe: one thread polls.
 */
public final class StreamFollower implements LineSource {
    private static final byte[] END = new byte[0];
    private static final int BLOCK = 64 * 1024;
    private static final String IDENTITY = "stream:-";

    private final Path name;
    private final int maxLineLength;
    private final FileFollower.Problems problems;
    private final BlockingQueue<byte[]> blocks = new ArrayBlockingQueue<>(16);
    private byte[] pending = new byte[0];
    private long offset;
    private long line = 1;
    private boolean skipping;
    private volatile boolean ended;
    private boolean finished;

    /**
     * @param name what to call the stream in alerts and reports ({@code -} for standard input)
     */
    public StreamFollower(InputStream in, Path name, int maxLineLength, FileFollower.Problems problems) {
        Objects.requireNonNull(in, "in");
        this.name = Objects.requireNonNull(name, "name");
        this.maxLineLength = maxLineLength;
        this.problems = Objects.requireNonNull(problems, "problems");
        Thread t = new Thread(() -> read(in), "vigil-stdin");
        t.setDaemon(true);
        t.start();
    }

    private void read(InputStream in) {
        try {
            byte[] buf = new byte[BLOCK];
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (n > 0) {
                    blocks.put(Arrays.copyOf(buf, n));
                }
            }
        } catch (IOException e) {
            problems.report(new TailProblem(TailProblem.Kind.UNREADABLE, name, line, "cannot read on: " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ended = true;
            blocks.offer(END);
        }
    }

    /** Whether the stream has closed and every line of it was handed out. */
    public boolean finished() {
        return finished;
    }

    @Override
    public List<Batch> poll() {
        List<Batch> out = new ArrayList<>();
        byte[] b;
        boolean end = false;
        while ((b = blocks.poll()) != null) {
            if (b == END) {
                end = true;
                break;
            }
            append(b);
            lines(out, false);
        }
        if (end || (ended && blocks.isEmpty())) {
            lines(out, true);
            finished = true;
        }
        return out;
    }

    private void append(byte[] b) {
        byte[] all = Arrays.copyOf(pending, pending.length + b.length);
        System.arraycopy(b, 0, all, pending.length, b.length);
        pending = all;
    }

    /** Hands out the whole lines of {@code pending} (and at the end the rest), cutting over-long ones. */
    private void lines(List<Batch> out, boolean atEnd) {
        int start = 0; // the first byte not handed out yet
        int lineStart = 0;
        for (int i = 0; i < pending.length; i++) {
            if (pending[i] != '\n') {
                continue;
            }
            if (skipping) { // the end of an over-long line whose head was handed out
                skipping = false;
                offset += i + 1 - start;
                line++;
                start = i + 1;
            } else if (i + 1 - lineStart > maxLineLength + 1) {
                whole(out, start, lineStart);
                cut(out, lineStart, i + 1);
                offset += i + 1 - lineStart;
                line++;
                start = i + 1;
            }
            lineStart = i + 1;
        }
        whole(out, start, lineStart);
        int rest = pending.length - lineStart;
        if (skipping) {
            offset += rest;
            lineStart = pending.length;
        } else if (rest > maxLineLength) {
            cut(out, lineStart, pending.length);
            skipping = true;
            offset += rest;
            lineStart = pending.length;
        } else if (atEnd && rest > 0) {
            whole(out, lineStart, pending.length); // the last line, without its \n
            lineStart = pending.length;
        }
        pending = lineStart == 0 ? pending : Arrays.copyOfRange(pending, lineStart, pending.length);
    }

    /** Hands out the lines in {@code [from, to)} as one batch. */
    private void whole(List<Batch> out, int from, int to) {
        if (to <= from) {
            return;
        }
        byte[] data = Arrays.copyOfRange(pending, from, to);
        long n = 0;
        for (byte x : data) {
            n += x == '\n' ? 1 : 0;
        }
        out.add(new Batch(name, IDENTITY, line, offset, data, offset + data.length, false));
        offset += data.length;
        line += n;
    }

    private void cut(List<Batch> out, int from, int to) {
        byte[] head = Arrays.copyOfRange(pending, from, from + Math.min(maxLineLength, to - from));
        problems.report(new TailProblem(TailProblem.Kind.LINE_TOO_LONG, name, line, "line longer than "
                + maxLineLength + " bytes: only its first " + maxLineLength + " read"));
        out.add(new Batch(name, IDENTITY, line, offset, head, offset + head.length, true));
    }

    /** Nothing to keep: a stream is not read again. */
    @Override
    public Checkpoint checkpoint() {
        return new Checkpoint(List.of());
    }

    @Override
    public void restore(Checkpoint checkpoint) {
        // a stream cannot be resumed
    }
}
