package dev.vigil.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Something to scan: a name for messages and evidence, a way to open it, and its size in bytes
 * when known (for progress). Compression (gzip, bzip2, xz, zstd) is recognised by its magic bytes
 * when the source is read, not by the name (see {@link Compression}).
 *
 * <p>Immutable and thread-safe; each {@link #open()} returns a new stream.
 */
public final class Source {
    /** Opens the raw bytes of a source. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    private final String name;
    private final Opener opener;
    private final long size;

    public Source(String name, Opener opener, long size) {
        this.name = Objects.requireNonNull(name, "name");
        this.opener = Objects.requireNonNull(opener, "opener");
        this.size = size;
    }

    public static Source file(Path path) {
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            size = -1;
        }
        return new Source(path.toString(), () -> Files.newInputStream(path), size);
    }

    /** Standard input, named {@code -}; it can be opened once. */
    public static Source stdin() {
        return new Source("-", () -> new UncloseableInputStream(System.in), -1);
    }

    /** An in-memory source, for tests and tools. */
    public static Source of(String name, byte[] bytes) {
        byte[] copy = bytes.clone();
        return new Source(name, () -> new ByteArrayInputStream(copy), copy.length);
    }

    public String name() {
        return name;
    }

    /** Size in bytes as stored (compressed when the source is), or -1 when unknown. */
    public long size() {
        return size;
    }

    public InputStream open() throws IOException {
        try {
            return opener.open();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public String toString() {
        return name;
    }

    /** Standard input must stay open for whoever reads it next. */
    private static final class UncloseableInputStream extends java.io.FilterInputStream {
        UncloseableInputStream(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // keep System.in open
        }
    }
}
