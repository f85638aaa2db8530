package dev.vigil.alert;

import dev.vigil.catalogue.Severity;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The binary encoding of {@link AlertAggregator#snapshot}: strings as length-prefixed UTF-8 (not
 * {@code writeUTF}, which refuses values over 64 KiB), null as length -1, and every count checked
 * on reading, so a damaged snapshot fails with an {@link IOException} rather than a huge array.
 * Stateless.
 */
final class Snapshots {
    /** More entries than any bounded structure of the aggregator holds: a damaged snapshot. */
    private static final int MAX_COUNT = 50_000_000;
    private static final int MAX_STRING_BYTES = 64 << 20;

    private Snapshots() {}

    static void writeString(DataOutput out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(DataInput in) throws IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > MAX_STRING_BYTES) {
            throw new IOException("damaged alert snapshot: a string of " + n + " bytes");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    static int count(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_COUNT) {
            throw new IOException("damaged alert snapshot: a count of " + n);
        }
        return n;
    }

    static Severity severity(int ordinal) throws IOException {
        Severity[] all = Severity.values();
        if (ordinal < 0 || ordinal >= all.length) {
            throw new IOException("damaged alert snapshot: severity " + ordinal);
        }
        return all[ordinal];
    }

    static void writeStrings(DataOutput out, Collection<String> values) throws IOException {
        out.writeInt(values.size());
        for (String v : values) {
            writeString(out, v);
        }
    }

    static void readStrings(DataInput in, Collection<String> into) throws IOException {
        int n = count(in);
        for (int i = 0; i < n; i++) {
            into.add(readString(in));
        }
    }

    /** A map of strings to strings or to longs. */
    static void writeCounts(DataOutput out, Map<String, ?> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, ?> e : map.entrySet()) {
            writeString(out, e.getKey());
            if (e.getValue() instanceof Long l) {
                out.writeByte('L');
                out.writeLong(l);
            } else {
                out.writeByte('S');
                writeString(out, (String) e.getValue());
            }
        }
    }

    @SuppressWarnings("unchecked")
    static void readCounts(DataInput in, Map<String, ?> into) throws IOException {
        int n = count(in);
        for (int i = 0; i < n; i++) {
            String k = readString(in);
            byte kind = in.readByte();
            switch (kind) {
                case 'L' -> ((Map<String, Long>) into).put(k, in.readLong());
                case 'S' -> ((Map<String, String>) into).put(k, readString(in));
                default -> throw new IOException("damaged alert snapshot: map value kind " + kind);
            }
        }
    }

    static void writeEvidence(DataOutput out, List<Evidence> evidence) throws IOException {
        out.writeInt(evidence.size());
        for (Evidence e : evidence) {
            writeString(out, e.source());
            out.writeLong(e.line());
            out.writeLong(e.timeMillis());
            writeString(out, e.ruleId());
            writeString(out, e.field());
            writeString(out, e.value());
            writeString(out, e.decoded());
            writeString(out, e.method());
            out.writeInt(e.status());
            writeString(out, e.param());
            out.writeBoolean(e.observation());
        }
    }

    static void readEvidence(DataInput in, List<Evidence> into) throws IOException {
        int n = count(in);
        for (int i = 0; i < n; i++) {
            String source = readString(in);
            long line = in.readLong();
            long time = in.readLong();
            String rule = readString(in);
            String field = readString(in);
            String value = readString(in);
            String decoded = readString(in);
            String method = readString(in);
            int status = in.readInt();
            String param = readString(in);
            boolean observation = in.readBoolean();
            if (source == null || rule == null) {
                throw new IOException("damaged alert snapshot: evidence without source or rule");
            }
            into.add(new Evidence(source, line, time, rule, field, value, decoded, method, status, param, observation));
        }
    }
}
