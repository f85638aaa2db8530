package dev.vigil.ingest.container;

import dev.vigil.event.Event;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.RecordAssembler;
import dev.vigil.ingest.Timestamps;
import java.nio.charset.StandardCharsets;

/**
 * The Kubernetes CRI log format that containerd and CRI-O write under {@code /var/log/pods/}
 * (linked from {@code /var/log/containers/}), one line per line the container wrote:
 * <pre>
 * 2026-11-01T10:00:00.123456789Z stdout F 203.0.113.9 - - [01/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 612
 * 2026-11-01T10:00:00.200000000Z stderr P the first piece of a long line
 * 2026-11-01T10:00:00.200000001Z stderr F and its end
 * </pre>
 * The time is RFC 3339 with nanoseconds, the stream {@code stdout} or {@code stderr}, the tag
 * {@code F} for a full line or the last piece of one, {@code P} for a piece that goes on (further
 * tags may follow after {@code :}); the rest of the line is the content, as raw bytes (no
 * escaping). Pieces are joined per stream ({@link ContainerLogAssembler}), the content read as any
 * format Vigil reads ({@link InnerLines}), and the pod named by the path becomes the resource
 * ({@link ContainerRef}).
 *
 * <p>Immutable and thread-safe; each {@link #newAssembler} is a fresh assembler for one source.
 */
public final class CriFormat implements LineFormat {
    private final LineFormat inner;
    private final InnerSniffer sniffer;

    /**
     * @param inner   the format of the container's lines, or null to sniff it per file
     * @param sniffer guesses the format of the container's lines when {@code inner} is null
     */
    public CriFormat(LineFormat inner, InnerSniffer sniffer) {
        this.inner = inner;
        this.sniffer = java.util.Objects.requireNonNull(sniffer, "sniffer");
    }

    @Override
    public String name() {
        return inner == null ? "cri" : "cri:" + inner.name();
    }

    /** Checks the wrapper only (for sniffing); events come from {@link #newAssembler}. */
    @Override
    public LineParser newParser() {
        return (line, rejects) -> {
            unwrap(line, rejects, new ContainerLogAssembler.Piece());
            return null;
        };
    }

    @Override
    public RecordAssembler newAssembler() {
        return newAssembler(DockerJsonFormat.DEFAULT_MAX_LINE);
    }

    @Override
    public RecordAssembler newAssembler(int maxLineLength) {
        return new ContainerLogAssembler(CriFormat::unwrap, inner, sniffer, maxLineLength);
    }

    static boolean unwrap(Line line, LineParser.Rejects rejects, ContainerLogAssembler.Piece into) {
        byte[] b = line.buf();
        int from = line.off();
        int to = line.end();
        if (to > from && b[to - 1] == '\r') {
            to--;
        }
        if (from == to) {
            return false;
        }
        int s1 = indexOf(b, from, to, (byte) ' ');
        int s2 = s1 < 0 ? -1 : indexOf(b, s1 + 1, to, (byte) ' ');
        if (s2 < 0 || s1 - from > 40) {
            rejects.reject("not a CRI log line (expected '<time> <stream> <tag> <content>')");
            return false;
        }
        long time = Timestamps.iso(new String(b, from, s1 - from, StandardCharsets.ISO_8859_1));
        if (time == Event.NO_TIME || !Character.isDigit(b[from])) {
            rejects.reject("not a CRI log line (no RFC 3339 time at the start)");
            return false;
        }
        boolean stderr;
        if (is(b, s1 + 1, s2, "stdout")) {
            stderr = false;
        } else if (is(b, s1 + 1, s2, "stderr")) {
            stderr = true;
        } else {
            rejects.reject("not a CRI log line (stream is neither stdout nor stderr)");
            return false;
        }
        int tagEnd = indexOf(b, s2 + 1, to, (byte) ' ');
        if (tagEnd < 0) {
            tagEnd = to; // an empty line: "<time> stdout F"
        }
        int tag1 = indexOf(b, s2 + 1, tagEnd, (byte) ':');
        if (tag1 < 0) {
            tag1 = tagEnd;
        }
        boolean partial;
        if (is(b, s2 + 1, tag1, "F")) {
            partial = false;
        } else if (is(b, s2 + 1, tag1, "P")) {
            partial = true;
        } else {
            rejects.reject("not a CRI log line (tag is neither F nor P)");
            return false;
        }
        int content = Math.min(tagEnd + 1, to);
        into.set(b, content, to - content, partial, stderr, time);
        return true;
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static boolean is(byte[] b, int from, int to, String ascii) {
        if (to - from != ascii.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (b[from + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
