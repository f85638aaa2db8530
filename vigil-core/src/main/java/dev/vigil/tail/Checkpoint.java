package dev.vigil.tail;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a {@link FileFollower} stands in every file it knows: what it would resume from after a
 * restart. Taken with {@link FileFollower#checkpoint()} after the batches of a poll were processed,
 * committed together with what they produced, and given back with {@link FileFollower#restore}.
 *
 * @param positions one per file followed, finished or remembered
 *
 * <p>Immutable and thread-safe.
 */
public record Checkpoint(List<Position> positions) {
    /** Format version written first; {@link #read} refuses others. */
    static final int VERSION = 1;

    /** What a position is about. */
    public enum State {
        /** A file being followed. */
        FOLLOWING,
        /** A compressed file read to its end: it does not grow, it is never read again. */
        FINISHED,
        /** A file not followed (binary). */
        IGNORED,
        /**
         * A file no longer there (deleted, rotated away, or truncated so that its content changed). It is
         * kept so a copy of it, or the same content compressed ({@code access.log.1.gz}), is recognised by
         * its fingerprint and read on from where it stopped instead of again from the start.
         */
        RETIRED
    }

    /**
     * One file's position.
     *
     * @param identity {@code dev:ino} (or the platform's file key, or the path where there is none)
     * @param fpLength how many first bytes the fingerprint covers (at most 1 KiB)
     * @param fpHash   the fingerprint: a hash of those bytes
     * @param path     where the file was last seen
     * @param offset   byte offset of the next unread byte: everything before it was handed out
     * @param line     1-based number of the line starting at {@code offset}
     * @param skipping whether {@code offset} is inside an over-long line whose rest is being skipped
     * @param state    what the position is about
     */
    public record Position(String identity, int fpLength, long fpHash, String path, long offset, long line,
                           boolean skipping, State state) {
        public Position {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(state, "state");
            if (fpLength < 0 || offset < 0 || line < 1) {
                throw new IllegalArgumentException("negative length or offset, or line below 1");
            }
        }
    }

    public Checkpoint {
        positions = List.copyOf(positions);
    }

    /** Writes this checkpoint; {@link #read} reads it back. */
    public void write(DataOutput out) throws IOException {
        out.writeInt(VERSION);
        out.writeInt(positions.size());
        for (Position p : positions) {
            out.writeUTF(p.identity());
            out.writeInt(p.fpLength());
            out.writeLong(p.fpHash());
            out.writeUTF(p.path());
            out.writeLong(p.offset());
            out.writeLong(p.line());
            out.writeBoolean(p.skipping());
            out.writeByte(p.state().ordinal());
        }
    }

    /**
     * Reads a checkpoint written by {@link #write}.
     *
     * @throws IOException when the data is cut short, of another version, or invalid
     */
    public static Checkpoint read(DataInput in) throws IOException {
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("checkpoint version " + version + ", expected " + VERSION);
        }
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative position count");
        }
        List<Position> list = new ArrayList<>(Math.min(n, 1 << 16));
        State[] states = State.values();
        for (int i = 0; i < n; i++) {
            String identity = in.readUTF();
            int fpLength = in.readInt();
            long fpHash = in.readLong();
            String path = in.readUTF();
            long offset = in.readLong();
            long line = in.readLong();
            boolean skipping = in.readBoolean();
            int state = in.readUnsignedByte();
            if (state >= states.length) {
                throw new IOException("unknown position state " + state);
            }
            try {
                list.add(new Position(identity, fpLength, fpHash, path, offset, line, skipping, states[state]));
            } catch (IllegalArgumentException e) {
                throw new IOException("invalid position: " + e.getMessage(), e);
            }
        }
        return new Checkpoint(list);
    }
}
