package dev.vigil.tail;

import dev.vigil.ingest.Compression;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Follows log files as they grow, like {@code tail -F}, and hands out complete new lines with their
 * position, never a partial line. Watched paths are files, folders (their regular files, not
 * recursive) and globs in the last name part ({@code /var/log/nginx/access.log*}); folders and globs
 * are listed again on each {@link #poll()}, so files created later are picked up.
 *
 * <p><b>Identity.</b> A file is known by its device and inode ({@code unix:dev,ino}; the platform's
 * {@link BasicFileAttributes#fileKey()} where there is none), so a rename does not make it a new file,
 * plus a fingerprint, a hash of its first bytes (up to 1 KiB), so a new file that reuses a freed inode,
 * or a file whose content was replaced in place, is not taken for the old one. A new file whose first
 * bytes equal those of a file already read (a copy made by copytruncate, the rotated file compressed to
 * {@code .gz}) is read on from where that file stopped, not again from the start. See docs/tail.md.
 *
 * <p><b>Positions.</b> A file's offset only moves past lines that were handed out; a trailing partial
 * line is read again on the next poll until its {@code \n} arrives, or, once the file has not grown for
 * the caller's partial-line timeout, handed out as it is. So {@link #checkpoint()} taken after the
 * batches of a poll were processed, given to {@link #restore} after a crash, resumes with no line lost
 * and none read twice.
 *
 * <p><b>Faults.</b> {@code poll()} never throws: missing files, permission denied, binary files,
 * over-long lines, I/O errors and a clock that goes back are reported to the {@link Problems} callback
 * with the path and line, and the other files go on.
 *
 * <p>Not thread-safe: one thread polls. It holds one open channel per followed file (so a file deleted
 * or renamed away while open is drained through it); {@link #close()} releases them.
 */
public final class FileFollower implements Closeable, LineSource {
    /** How many first bytes of a file the fingerprint covers. */
    public static final int FINGERPRINT_BYTES = 1024;

    /** Receives problems; called on the polling thread. An exception it throws is ignored. */
    @FunctionalInterface
    public interface Problems {
        void report(TailProblem problem);
    }

    /**
     * Tuning.
     *
     * @param maxLineLength      longer lines are cut to this many bytes and reported
     * @param maxBatchBytes      at most this many bytes are read from one file in one poll (bounds memory;
     *                           the rest comes on the next poll); at least {@code maxLineLength + 1}
     * @param partialLineTimeout a trailing line without {@code \n} is handed out as complete once the file
     *                           has not grown for this long; null: never (held until its {@code \n} arrives)
     * @param closeInactive      a file no longer at a watched path (renamed away, deleted) is still read
     *                           through its open channel until it has not grown for this long
     * @param maxRetired         how many retired files' fingerprints are remembered for recognising copies
     */
    public record Options(int maxLineLength, int maxBatchBytes, Duration partialLineTimeout, Duration closeInactive,
                          int maxRetired) {
        public Options {
            if (maxLineLength < 1 || maxBatchBytes <= maxLineLength || maxRetired < 0) {
                throw new IllegalArgumentException("need 1 <= maxLineLength < maxBatchBytes and maxRetired >= 0");
            }
            Objects.requireNonNull(closeInactive, "closeInactive");
        }

        /** 64 KiB lines, 4 MiB per file and poll, partial lines held, rotated files drained for 5 minutes. */
        public static Options defaults() {
            return new Options(64 * 1024, 4 << 20, null, Duration.ofMinutes(5), 4096);
        }
    }

    private final List<Path> watched;
    private final Options options;
    private final Problems problems;
    private final LongSupplier clock;
    /** Files known by identity, in the order they were first seen (the order they are read in). */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
    /** Positions of files no longer there, oldest first, for recognising copies by fingerprint. */
    private final ArrayDeque<Checkpoint.Position> retired = new ArrayDeque<>();
    private final Set<Path> missingReported = new HashSet<>();
    private final Set<Path> deniedReported = new HashSet<>();
    private final Set<String> unreadableReported = new HashSet<>();
    /** Compressed files that did not decompress to their end, with their size then. */
    private final Map<Path, Long> incompleteSizes = new HashMap<>();
    private final Set<String> reportedCorrupt = new HashSet<>();
    private long lastNow = Long.MIN_VALUE;

    /**
     * @param watched  files, folders or globs to follow
     * @param options  limits and timeouts
     * @param problems receives what goes wrong
     * @param clock    wall-clock milliseconds, for the timeouts ({@code System::currentTimeMillis})
     */
    public FileFollower(List<Path> watched, Options options, Problems problems, LongSupplier clock) {
        this.watched = List.copyOf(watched);
        this.options = Objects.requireNonNull(options, "options");
        this.problems = Objects.requireNonNull(problems, "problems");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** One known file and where it stands. */
    private static final class Entry {
        final String key;
        Path path;
        /** Null before the first read after a restore, and after closing. */
        FileChannel channel;
        /** For a compressed file, the decompressing stream, positioned at {@code offset + carry.length}. */
        InputStream stream;
        /** For a compressed file, bytes read past {@code offset} (a partial line) to hand out next. */
        byte[] carry;
        boolean compressed;
        int fpLength;
        long fpHash;
        long offset;
        long line = 1;
        boolean skipping;
        Checkpoint.State state = Checkpoint.State.FOLLOWING;
        /** Size and modification time at the last read, to see changes. */
        long lastSize = -1;
        long lastModified;
        /** When the file last grew (or the tail last changed), for the idle timeouts. */
        long lastChange;
        /** Offset and file size when the current trailing partial line was first seen. */
        long partialAt = -1;
        long partialSize = -1;
        /** Whether the restored fingerprint still has to be checked against the file. */
        boolean verify;

        Entry(String key, Path path) {
            this.key = key;
            this.path = path;
        }

        Checkpoint.Position position() {
            // line is -1 only for a moment (a copy whose line number is still to be counted)
            return new Checkpoint.Position(key, fpLength, fpHash, path.toString(), offset, Math.max(1, line), skipping,
                    state);
        }
    }

    /** A regular file found at a watched path. */
    private record Seen(Path path, String key, long size, long modified) {}

    // ------------------------------------------------------------------------------------------- poll

    /**
     * Reads what was appended to the watched files since the last poll. Existing files are read before
     * new ones, a rotated file before the file that replaced it, each file in offset order.
     *
     * @return the new lines, in batches; empty when nothing new is complete
     */
    @Override
    public List<Batch> poll() {
        List<Batch> out = new ArrayList<>();
        long now = now();
        Map<String, Seen> seen = scan();
        List<Entry> restarted = new ArrayList<>();
        for (Entry e : new ArrayList<>(entries.values())) {
            Seen s = seen.remove(e.key);
            try {
                if (followKnown(e, s, now, out)) {
                    restarted.add(e);
                }
            } catch (IOException | RuntimeException ex) {
                unreadable(e.path, ex);
                closeQuietly(e);
            }
        }
        for (Seen s : seen.values()) {
            try {
                followNew(s, now, out);
            } catch (IOException | RuntimeException ex) {
                unreadable(s.path(), ex);
            }
        }
        // files read again from the start come last: a copy made before the truncation (copytruncate)
        // holds the older lines
        for (Entry e : restarted) {
            try {
                readPlain(e, e.channel.size(), now, out);
            } catch (IOException | RuntimeException ex) {
                unreadable(e.path, ex);
                closeQuietly(e);
            }
        }
        return out;
    }

    /** The position of every known file, as of the batches handed out so far. */
    @Override
    public Checkpoint checkpoint() {
        List<Checkpoint.Position> list = new ArrayList<>(entries.size() + retired.size());
        for (Entry e : entries.values()) {
            list.add(e.position());
        }
        list.addAll(retired);
        return new Checkpoint(list);
    }

    /**
     * Resumes from a checkpoint: forgets what this follower knew and continues each file from its
     * position. Files are matched on the next poll by identity and fingerprint, so a file rotated,
     * compressed or replaced while no one followed it is read on from the right place or from 0.
     */
    @Override
    public void restore(Checkpoint checkpoint) {
        close();
        entries.clear();
        retired.clear();
        for (Checkpoint.Position p : checkpoint.positions()) {
            if (p.state() == Checkpoint.State.RETIRED) {
                retire(p);
                continue;
            }
            Entry e = new Entry(p.identity(), Path.of(p.path()));
            e.fpLength = p.fpLength();
            e.fpHash = p.fpHash();
            e.offset = p.offset();
            e.line = p.line();
            e.skipping = p.skipping();
            e.state = p.state();
            e.verify = true;
            entries.put(e.key, e);
        }
    }

    /** Closes every open file; the follower can still be polled (files are opened again). */
    @Override
    public void close() {
        for (Entry e : entries.values()) {
            closeQuietly(e);
        }
    }

    // ------------------------------------------------------------------------------------------- scan

    private Map<String, Seen> scan() {
        Map<String, Seen> seen = new LinkedHashMap<>();
        for (Path w : watched) {
            String name = w.getFileName() == null ? "" : w.getFileName().toString();
            if (name.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{')) {
                Path dir = w.getParent() == null ? Path.of(".") : w.getParent();
                PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + name);
                listFolder(w, dir, p -> m.matches(p.getFileName()), seen);
            } else if (Files.isDirectory(w)) {
                listFolder(w, w, p -> true, seen);
            } else {
                Seen s = stat(w);
                if (s == null) {
                    if (missingReported.add(w)) {
                        report(TailProblem.Kind.MISSING, w, 0, "not there (yet); watched for it");
                    }
                } else {
                    missingReported.remove(w);
                    seen.putIfAbsent(s.key(), s);
                }
            }
        }
        return seen;
    }

    private void listFolder(Path watchedPath, Path dir, java.util.function.Predicate<Path> accept, Map<String, Seen> seen) {
        TreeMap<String, Path> names = new TreeMap<>();   // name order: stable, and access.log before access.log.1
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (accept.test(p)) {
                    names.put(p.getFileName().toString(), p);
                }
            }
            missingReported.remove(watchedPath);
            deniedReported.remove(dir);
        } catch (NoSuchFileException e) {
            if (missingReported.add(watchedPath)) {
                report(TailProblem.Kind.MISSING, watchedPath, 0, "folder not there (yet); watched for it");
            }
        } catch (AccessDeniedException e) {
            if (deniedReported.add(dir)) {
                report(TailProblem.Kind.PERMISSION_DENIED, dir, 0, "permission denied listing the folder");
            }
        } catch (IOException | RuntimeException e) {
            unreadable(dir, e);
        }
        for (Path p : names.values()) {
            Seen s = stat(p);
            if (s != null) {
                seen.putIfAbsent(s.key(), s);
            }
        }
    }

    /** The file's identity and size, or null when it is not a regular file (or gone). */
    private static Seen stat(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                return null;
            }
            return new Seen(p, identity(p, a), a.size(), a.lastModifiedTime().toMillis());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** {@code dev:ino} where the platform has them, else its file key, else the path. */
    static String identity(Path p, BasicFileAttributes a) {
        try {
            Map<String, Object> unix = Files.readAttributes(p, "unix:dev,ino");
            Object dev = unix.get("dev");
            Object ino = unix.get("ino");
            if (dev != null && ino != null) {
                return dev + ":" + ino;
            }
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            // no unix view on this platform: fall back to the file key
        }
        Object k = a.fileKey();
        return k != null ? k.toString() : "path:" + p.toAbsolutePath().normalize();
    }

    // --------------------------------------------------------------------------------- known files

    /** Reads on in a known file; returns true when it starts again (truncated) and is to be read after new files. */
    private boolean followKnown(Entry e, Seen s, long now, List<Batch> out) throws IOException {
        if (s != null) {
            e.path = s.path();
        }
        if (e.state == Checkpoint.State.IGNORED || e.state == Checkpoint.State.FINISHED) {
            if (s == null) {
                entries.remove(e.key);
                if (e.state == Checkpoint.State.FINISHED) {
                    retire(retiredPosition(e));
                }
            }
            return false;
        }
        if (e.compressed) {
            if (s == null && e.stream == null) {
                entries.remove(e.key);
                retire(retiredPosition(e));
            } else {
                readCompressed(e, out);
            }
            return false;
        }
        if (e.channel == null) {
            if (s == null) {
                // restored, and not at any watched path any more: remember its content, it may come back
                // as a copy or compressed
                entries.remove(e.key);
                retire(retiredPosition(e));
                return false;
            }
            if (!open(e)) {
                return false;
            }
            if (e.compressed) {
                // restored: check the fingerprint of the decompressed content, the inode may have been reused
                byte[] dhead = completeHead(s);
                if (dhead == null) {
                    return false;
                }
                if (dhead.length < e.fpLength || hash(dhead, e.fpLength) != e.fpHash) {
                    retire(retiredPosition(e));
                    Start st = startFor(e.key, dhead, dhead.length < FINGERPRINT_BYTES ? dhead.length : Long.MAX_VALUE);
                    e.fpLength = dhead.length;
                    e.fpHash = hash(dhead, dhead.length);
                    e.offset = st.offset();
                    e.line = st.line();
                    e.skipping = false;
                }
                e.verify = false;
                readCompressed(e, out);
                return false;
            }
        }
        long size = e.channel.size();
        boolean restarted = false;
        boolean changed = size != e.lastSize || (s != null && s.modified() != e.lastModified) || e.verify;
        if (changed && !sameContent(e, size)) {
            // truncated (copytruncate, or in place), or inode reused while no one followed it: the old
            // content is retired (a copy of it is recognised), the file read as a new one
            retire(retiredPosition(e));
            if (!e.verify || size > 0) {
                report(TailProblem.Kind.TRUNCATED, e.path, 0, size < e.offset
                        ? "shrank from " + e.offset + " to " + size + " bytes; read again from the start"
                        : "its first bytes changed; read again from the start");
            }
            e.offset = 0;
            e.line = 1;
            e.skipping = false;
            e.partialAt = -1;
            e.fpLength = 0;
            e.fpHash = 0;
            Start st = startFor(e.key, readHead(e.channel, FINGERPRINT_BYTES), size);
            e.offset = st.offset();
            e.line = st.line();
            restarted = true;
        }
        e.verify = false;
        if (changed) {
            e.lastChange = now;
            e.lastSize = size;
            if (s != null) {
                e.lastModified = s.modified();
            }
            extendFingerprint(e, size);
        }
        if (restarted) {
            return true;
        }
        readPlain(e, size, now, out);
        if (s == null && now - e.lastChange >= options.closeInactive().toMillis()
                && size - e.offset <= options.maxLineLength()) {
            // renamed away or deleted, drained, and quiet: it is finished, a last line without \n included
            if (e.offset < size && !e.skipping) {
                byte[] rest = new byte[(int) (size - e.offset)];
                int n = readAt(e.channel, rest, e.offset);
                emit(e, e.offset, rest, 0, n, out);
                e.line++;
            }
            closeQuietly(e);
            entries.remove(e.key);
            retire(retiredPosition(e));
        }
        return false;
    }

    private Checkpoint.Position retiredPosition(Entry e) {
        return new Checkpoint.Position(e.key, e.fpLength, e.fpHash, e.path.toString(), e.offset, Math.max(1, e.line),
                false, Checkpoint.State.RETIRED);
    }

    /** Opens a known file's channel (after a restore, or after an error); false when it cannot be opened. */
    private boolean open(Entry e) {
        try {
            FileChannel ch = FileChannel.open(e.path, StandardOpenOption.READ);
            deniedReported.remove(e.path);
            byte[] head = readHead(ch, 6);
            if (isCompressed(head)) {
                // a restored compressed file: read on by readCompressed, skipping to the offset
                ch.close();
                e.compressed = true;
                return true;
            }
            e.channel = ch;
            return true;
        } catch (AccessDeniedException ex) {
            if (deniedReported.add(e.path)) {
                report(TailProblem.Kind.PERMISSION_DENIED, e.path, 0, "permission denied; tried again each poll");
            }
        } catch (IOException | RuntimeException ex) {
            unreadable(e.path, ex);
        }
        return false;
    }

    /** Whether the file still starts with the bytes its fingerprint was taken of, and is not shorter than read. */
    private static boolean sameContent(Entry e, long size) throws IOException {
        if (size < e.offset || size < e.fpLength) {
            return false;
        }
        if (e.fpLength == 0) {
            return true;
        }
        byte[] head = readHead(e.channel, e.fpLength);
        return head.length == e.fpLength && hash(head, e.fpLength) == e.fpHash;
    }

    /** While the fingerprint covers less than 1 KiB and the file has grown, take it over more bytes. */
    private static void extendFingerprint(Entry e, long size) throws IOException {
        if (e.fpLength < FINGERPRINT_BYTES && size > e.fpLength) {
            byte[] head = readHead(e.channel, FINGERPRINT_BYTES);
            e.fpLength = head.length;
            e.fpHash = hash(head, head.length);
        }
    }

    // ----------------------------------------------------------------------------------- new files

    /** Where a new file starts: 0, or where a file with the same first bytes stopped. */
    private record Start(long offset, long line) {}

    private void followNew(Seen s, long now, List<Batch> out) throws IOException {
        Entry e = new Entry(s.key(), s.path());
        FileChannel ch;
        try {
            ch = FileChannel.open(s.path(), StandardOpenOption.READ);
            deniedReported.remove(s.path());
        } catch (AccessDeniedException ex) {
            if (deniedReported.add(s.path())) {
                report(TailProblem.Kind.PERMISSION_DENIED, s.path(), 0, "permission denied; tried again each poll");
            }
            return;
        } catch (NoSuchFileException ex) {
            return;   // gone between listing and opening: nothing to follow
        }
        byte[] head = readHead(ch, FINGERPRINT_BYTES);
        if (isCompressed(head)) {
            ch.close();
            e.compressed = true;
            byte[] dhead = completeHead(s);
            if (dhead == null) {
                return;   // being written or corrupt: tried again next poll, not yet known
            }
            Start st = startFor(e.key, dhead, dhead.length < FINGERPRINT_BYTES ? dhead.length : Long.MAX_VALUE);
            e.fpLength = dhead.length;
            e.fpHash = hash(dhead, dhead.length);
            e.offset = st.offset();
            e.line = st.line();
            entries.put(e.key, e);
            readCompressed(e, out);
            return;
        }
        if (indexOf(head, 0, head.length, (byte) 0) >= 0) {
            ch.close();
            e.state = Checkpoint.State.IGNORED;
            entries.put(e.key, e);
            report(TailProblem.Kind.BINARY, s.path(), 0, "NUL bytes in its first kilobyte: not a log, not followed");
            return;
        }
        long size = ch.size();
        e.channel = ch;
        Start st = startFor(e.key, head, size);
        e.fpLength = head.length;
        e.fpHash = hash(head, head.length);
        e.offset = st.offset();
        e.line = st.line();
        e.lastSize = size;
        e.lastModified = s.modified();
        e.lastChange = now;
        entries.put(e.key, e);
        readPlain(e, size, now, out);
    }

    /**
     * Where a file that starts with {@code head} starts: where the known file (followed or retired) with
     * the same first bytes stopped, the one read furthest when several match; else at 0. A known file
     * matches when the new file starts with all the bytes its fingerprint covers.
     */
    private Start startFor(String key, byte[] head, long size) {
        Checkpoint.Position best = null;
        for (Entry k : entries.values()) {
            if (!k.key.equals(key) && k.state != Checkpoint.State.IGNORED && matches(k.fpLength, k.fpHash, head)
                    && (best == null || k.offset > best.offset())) {
                best = k.position();
            }
        }
        for (Checkpoint.Position p : retired) {
            if (matches(p.fpLength(), p.fpHash(), head) && (best == null || p.offset() > best.offset())) {
                best = p;
            }
        }
        if (best == null) {
            return new Start(0, 1);
        }
        if (best.offset() <= size) {
            return new Start(best.offset(), best.line());
        }
        // a copy shorter than what was read of the original: it holds nothing new
        return new Start(size, -1);
    }

    private static boolean matches(int fpLength, long fpHash, byte[] head) {
        return fpLength > 0 && fpLength <= head.length && hash(head, fpLength) == fpHash;
    }

    // ------------------------------------------------------------------------------------- reading

    private void readPlain(Entry e, long size, long now, List<Batch> out) throws IOException {
        if (e.line < 0) {
            e.line = 1 + countLines(e.channel, e.offset);
        }
        int budget = options.maxBatchBytes();
        while (e.offset < size && budget > 0) {
            int want = (int) Math.min(Math.min(size - e.offset, budget), options.maxBatchBytes());
            byte[] buf = new byte[want];
            int n = readAt(e.channel, buf, e.offset);
            if (n <= 0) {
                break;
            }
            budget -= n;
            boolean atEnd = e.offset + n >= size;
            if (!consume(e, buf, n, atEnd, now, out)) {
                break;
            }
        }
    }

    /**
     * Hands out the whole lines in {@code buf[0, n)}, read at {@code e.offset}, and moves the offset and
     * line number past them. An over-long line is cut (its head handed out as a cut batch) and the rest
     * of it skipped; a trailing partial line is held back, or handed out when {@code atEnd} and the file
     * has been quiet for the partial-line timeout. Returns whether the offset moved.
     */
    private boolean consume(Entry e, byte[] buf, int n, boolean atEnd, long now, List<Batch> out) {
        final long base = e.offset;
        int pos = 0;
        if (e.skipping) {
            int nl = indexOf(buf, 0, n, (byte) '\n');
            if (nl < 0) {
                e.offset = base + n;
                return n > 0;
            }
            pos = nl + 1;
            e.offset = base + pos;
            e.line++;
            e.skipping = false;
        }
        int start = pos;   // first byte not handed out yet
        int max = options.maxLineLength();
        while (true) {
            int nl = indexOf(buf, pos, n, (byte) '\n');
            int lineEnd = nl < 0 ? n : nl;
            if (lineEnd - pos > max) {
                emit(e, base, buf, start, pos, out);
                out.add(new Batch(e.path, e.key, e.line, base + pos, Arrays.copyOfRange(buf, pos, pos + max),
                        base + pos + max, true));
                report(TailProblem.Kind.LINE_TOO_LONG, e.path, e.line, (nl < 0 ? "line is over " : "line is "
                        + (nl - pos) + " bytes long, over ") + "the limit of " + max + " bytes: cut");
                e.partialAt = -1;
                if (nl < 0) {
                    e.offset = base + n;
                    e.skipping = true;
                    return true;
                }
                pos = nl + 1;
                e.offset = base + pos;
                e.line++;
                start = pos;
                continue;
            }
            if (nl < 0) {
                break;
            }
            pos = nl + 1;
        }
        if (pos > start) {
            emit(e, base, buf, start, pos, out);
            e.partialAt = -1;
        }
        if (pos < n && atEnd) {
            // a trailing partial line: held back until its \n comes, or the file is quiet long enough
            long end = base + n;
            if (e.partialAt != e.offset || e.partialSize != end) {
                e.partialAt = e.offset;
                e.partialSize = end;
                e.lastChange = now;
            } else if (options.partialLineTimeout() != null
                    && now - e.lastChange >= options.partialLineTimeout().toMillis()) {
                emit(e, base, buf, pos, n, out);
                e.line++;   // the line had no \n to count
                e.partialAt = -1;
            }
        }
        return e.offset > base;
    }

    /** Hands out {@code buf[from, to)} (whole lines, read at {@code base}) and moves past them. */
    private static void emit(Entry e, long base, byte[] buf, int from, int to, List<Batch> out) {
        if (to <= from) {
            return;
        }
        out.add(new Batch(e.path, e.key, e.line, base + from, Arrays.copyOfRange(buf, from, to), base + to, false));
        e.line += countNewlines(buf, from, to);
        e.offset = base + to;
    }

    // -------------------------------------------------------------------------------- compressed

    /** Opens a compressed file decompressing, or throws. */
    private static InputStream decompressing(Path p) throws IOException {
        InputStream raw = Files.newInputStream(p);
        try {
            return Compression.open(new BufferedInputStream(raw, 1 << 16)).stream();
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * Whether a compressed file decompresses to its end: one still being written (gzip writes
     * {@code access.log.1.gz} while {@code access.log.1} still exists) is left for a later poll.
     * Returns its first kilobyte, or null when it is not complete.
     */
    private byte[] completeHead(Seen s) {
        try (InputStream in = decompressing(s.path())) {
            byte[] head = in.readNBytes(FINGERPRINT_BYTES);
            byte[] skip = new byte[1 << 16];
            while (in.read(skip) >= 0) {
                // read to the end to see that it is whole
            }
            incompleteSizes.remove(s.path());
            return head;
        } catch (AccessDeniedException ex) {
            if (deniedReported.add(s.path())) {
                report(TailProblem.Kind.PERMISSION_DENIED, s.path(), 0, "permission denied; tried again each poll");
            }
        } catch (IOException | RuntimeException ex) {
            // incomplete or corrupt; reported once it stopped changing (a second poll with the same size)
            Long before = incompleteSizes.put(s.path(), s.size());
            if (before != null && before == s.size() && reportedCorrupt.add(s.path() + "\0" + s.size())) {
                report(TailProblem.Kind.CORRUPT_COMPRESSED, s.path(), 0, "cannot be decompressed to its end ("
                        + ex.getMessage() + "); not read, tried again when it changes");
            }
        }
        return null;
    }

    /** Reads on in a compressed file: one batch budget per poll; finished at its end. */
    private void readCompressed(Entry e, List<Batch> out) {
        if (e.state != Checkpoint.State.FOLLOWING) {
            return;
        }
        try {
            if (e.stream == null) {
                e.stream = decompressing(e.path);
                long skipped = skipFully(e.stream, e.offset);
                if (skipped < e.offset) {
                    finish(e);   // a compressed copy shorter than what was read of the original
                    return;
                }
                e.carry = new byte[0];
            }
            if (e.line < 0) {
                e.line = 1;   // unknown line number of a short copy: it has nothing left anyway
            }
            byte[] buf = Arrays.copyOf(e.carry, options.maxBatchBytes());
            int n = e.carry.length + e.stream.readNBytes(buf, e.carry.length, buf.length - e.carry.length);
            boolean atEnd = n < buf.length;
            long base = e.offset;
            consume(e, buf, n, false, 0, out);
            int used = (int) (e.offset - base);
            if (atEnd && used < n && !e.skipping) {
                // the last line of a finished file needs no \n
                emit(e, e.offset, buf, used, n, out);
                e.line++;
                used = n;
            }
            e.carry = Arrays.copyOfRange(buf, Math.min(used, n), n);
            if (atEnd) {
                finish(e);
            }
        } catch (IOException | RuntimeException ex) {
            report(TailProblem.Kind.CORRUPT_COMPRESSED, e.path, e.line, "cannot be decompressed after line "
                    + (e.line - 1) + " (" + ex.getMessage() + "); the lines before were read");
            finish(e);
        }
    }

    private static void finish(Entry e) {
        closeQuietly(e);
        e.state = Checkpoint.State.FINISHED;
        e.skipping = false;
        e.carry = null;
    }

    private static long skipFully(InputStream in, long n) throws IOException {
        byte[] b = new byte[1 << 16];
        long done = 0;
        while (done < n) {
            int r = in.read(b, 0, (int) Math.min(b.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    // ------------------------------------------------------------------------------------- helpers

    private void retire(Checkpoint.Position p) {
        if (p.fpLength() == 0 || options.maxRetired() == 0) {
            return;   // nothing to recognise a copy by
        }
        retired.removeIf(r -> r.identity().equals(p.identity()) && r.fpHash() == p.fpHash()
                && r.fpLength() == p.fpLength());
        retired.addLast(p);
        while (retired.size() > options.maxRetired()) {
            retired.removeFirst();
        }
    }

    private long now() {
        long now = clock.getAsLong();
        if (lastNow != Long.MIN_VALUE && now < lastNow) {
            report(TailProblem.Kind.CLOCK_JUMP, null, 0, "the clock went back " + (lastNow - now)
                    + " ms; idle timers restarted");
            for (Entry e : entries.values()) {
                e.lastChange = now;
            }
        }
        lastNow = now;
        return now;
    }

    private void report(TailProblem.Kind kind, Path path, long line, String reason) {
        try {
            problems.report(new TailProblem(kind, path, line, reason));
        } catch (RuntimeException e) {
            // the callback's failure is not the follower's: keep following
        }
    }

    private void unreadable(Path path, Exception e) {
        if (unreadableReported.add(path + "\0" + e.getClass().getName())) {
            report(TailProblem.Kind.UNREADABLE, path, 0, "cannot read: " + e);
        }
    }

    private static void closeQuietly(Entry e) {
        try {
            if (e.channel != null) {
                e.channel.close();
            }
            if (e.stream != null) {
                e.stream.close();
            }
        } catch (IOException ignored) {
            // closing a read-only file: nothing is lost
        }
        e.channel = null;
        e.stream = null;
    }

    private static boolean isCompressed(byte[] head) {
        int n = head.length;
        return n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b
                || n >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h'
                || n >= 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z' && head[3] == 'X'
                && head[4] == 'Z' && head[5] == 0
                || n >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd;
    }

    private static byte[] readHead(FileChannel ch, int max) throws IOException {
        byte[] b = new byte[(int) Math.min(max, Math.max(0, ch.size()))];
        int n = readAt(ch, b, 0);
        return n == b.length ? b : Arrays.copyOf(b, Math.max(n, 0));
    }

    private static int readAt(FileChannel ch, byte[] b, long at) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(b);
        while (bb.hasRemaining()) {
            int r = ch.read(bb, at + bb.position());
            if (r < 0) {
                break;
            }
        }
        return bb.position();
    }

    private static long countLines(FileChannel ch, long upTo) throws IOException {
        long count = 0;
        for (long at = 0; at < upTo; ) {
            byte[] b = new byte[(int) Math.min(1 << 16, upTo - at)];
            int n = readAt(ch, b, at);
            if (n <= 0) {
                break;
            }
            count += countNewlines(b, 0, n);
            at += n;
        }
        return count;
    }

    private static long hash(byte[] b, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(b, 0, len);
            byte[] d = md.digest();
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (d[i] & 0xff);
            }
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static int indexOf(byte[] b, int from, int to, byte v) {
        for (int i = from; i < to; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] b, int from, int to, byte v) {
        for (int i = to - 1; i >= from; i--) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }

    private static long countNewlines(byte[] b, int from, int to) {
        long c = 0;
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                c++;
            }
        }
        return c;
    }
}
