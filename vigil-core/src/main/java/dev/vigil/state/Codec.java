package dev.vigil.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes and reads one kind of state value, for snapshots. Every piece of keyed state names its
 * codec, so that any backend can persist it the same way: the in-memory backend in its snapshot
 * file, a Flink backend through a serializer that wraps the codec.
 *
 * <p>Implementations must be stateless and thread-safe.
 *
 * @param <T> the value type; {@code null} is never passed to {@link #write}
 */
public interface Codec<T> {
    void write(DataOutput out, T value) throws IOException;

    T read(DataInput in) throws IOException;

    Codec<Long> LONG = new Codec<>() {
        @Override
        public void write(DataOutput out, Long value) throws IOException {
            out.writeLong(value);
        }

        @Override
        public Long read(DataInput in) throws IOException {
            return in.readLong();
        }
    };

    Codec<Boolean> BOOLEAN = new Codec<>() {
        @Override
        public void write(DataOutput out, Boolean value) throws IOException {
            out.writeBoolean(value);
        }

        @Override
        public Boolean read(DataInput in) throws IOException {
            return in.readBoolean();
        }
    };

    /** Strings of any length (writeUTF stops at 64 KB), null allowed. */
    Codec<String> STRING = new Codec<>() {
        @Override
        public void write(DataOutput out, String value) throws IOException {
            writeString(out, value);
        }

        @Override
        public String read(DataInput in) throws IOException {
            return readString(in);
        }
    };

    /** Lists of strings, null elements allowed. */
    Codec<List<String>> STRINGS = new Codec<>() {
        @Override
        public void write(DataOutput out, List<String> value) throws IOException {
            out.writeInt(value.size());
            for (String s : value) {
                writeString(out, s);
            }
        }

        @Override
        public List<String> read(DataInput in) throws IOException {
            int n = in.readInt();
            if (n < 0 || n > (1 << 24)) {
                throw new IOException("corrupt snapshot: list of " + n + " strings");
            }
            List<String> out = new ArrayList<>(Math.min(n, 1024));
            for (int i = 0; i < n; i++) {
                out.add(readString(in));
            }
            return java.util.Collections.unmodifiableList(out);
        }
    };

    static void writeString(DataOutput out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(DataInput in) throws IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > (256 << 20)) {
            throw new IOException("corrupt snapshot: string of " + n + " bytes");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }
}
