package dev.vigil.ingest;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns command-line arguments into sources: files as given, folders walked recursively in name
 * order (hidden files and folders skipped), {@code -} for standard input.
 *
 * <p>Whatever a folder holds, its walk goes on: an entry that cannot be read (a subfolder without
 * permission, a named pipe, a socket or device) becomes one error that names it, and an entry left
 * out on purpose (a symbolic link out of the scanned folder, a link into {@code /proc}, {@code /sys}
 * or {@code /dev}, a link loop or a broken link) becomes one note. Symbolic links inside a folder
 * are not followed unless asked ({@code followLinks}): a link could otherwise make a scan of a log
 * folder read any file the user can read, and print what it finds. Even when asked, links into the
 * kernel's pseudo file systems are not followed, and each folder is walked at most once, so a loop
 * ends. A named pipe is never opened (reading one waits for a writer, forever); the pipes of shell
 * process substitution ({@code /dev/fd/N}) given on the command line are read as streams.
 *
 * <p>Messages name entries only, never their content. Static and thread-safe.
 */
public final class Sources {
    private Sources() {}

    /**
     * What {@link #expand} found.
     *
     * @param sources the sources to scan
     * @param errors one message per argument or entry that could not be read (an input failure)
     * @param notes one message per entry left out on purpose (not a failure, but said)
     * @param missing arguments that do not exist (a usage error rather than a read failure)
     */
    public record Expansion(List<Source> sources, List<String> errors, List<String> notes, List<String> missing) {
        public Expansion {
            sources = List.copyOf(sources);
            errors = List.copyOf(errors);
            notes = List.copyOf(notes);
            missing = List.copyOf(missing);
        }

        /** Every message, missing arguments first. */
        public List<String> messages() {
            List<String> all = new ArrayList<>(missing);
            all.addAll(errors);
            all.addAll(notes);
            return all;
        }
    }

    /** As {@link #expand(List, boolean)} without following links inside folders. */
    public static Expansion expand(List<String> args) {
        return expand(args, false);
    }

    /**
     * Expands arguments into sources.
     *
     * @param followLinks follow symbolic links inside folders, also out of the folder (never into
     *     /proc, /sys or /dev)
     */
    public static Expansion expand(List<String> args, boolean followLinks) {
        Walk w = new Walk(followLinks);
        boolean stdinUsed = false;
        for (String arg : args) {
            if (arg.equals("-")) {
                if (!stdinUsed) {
                    w.sources.add(Source.stdin());
                    stdinUsed = true;
                }
                continue;
            }
            Path p = Path.of(arg);
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(p, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                w.missing.add(arg + ": no such file or directory");
                continue;
            } catch (IOException e) {
                w.errors.add(arg + ": " + reason(e));
                continue;
            }
            if (a.isDirectory()) {
                int from = w.sources.size();
                w.walkRoot(p);
                // name order within each folder argument, as before: stable output for a stable tree
                w.sources.subList(from, w.sources.size()).sort(Comparator.comparing(Source::name));
            } else if (a.isRegularFile() || isProcessSubstitution(p)) {
                if (Files.isReadable(p)) {
                    w.sources.add(Source.file(p));
                } else {
                    w.errors.add(arg + ": permission denied");
                }
            } else {
                w.errors.add(arg + ": " + notAFile(p, a));
            }
        }
        return new Expansion(w.sources, w.errors, w.notes, w.missing);
    }

    /** {@code /dev/fd/N} and {@code /proc/self/fd/N}: what {@code <(command)} hands to a program. */
    private static boolean isProcessSubstitution(Path p) {
        String s = p.toString();
        return s.startsWith("/dev/fd/") || s.startsWith("/proc/self/fd/");
    }

    private static String notAFile(Path p, BasicFileAttributes a) {
        if (a.isOther()) {
            try {
                Object type = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                if (type instanceof Integer mode) {
                    switch (mode & 0170000) {
                        case 0010000:
                            return "a named pipe (FIFO), skipped: reading one waits for a writer; "
                                    + "pipe it to standard input instead (cat FIFO | vigil scan -)";
                        case 0140000:
                            return "a socket, skipped";
                        case 0020000:
                        case 0060000:
                            return "a device, skipped";
                        default:
                            break;
                    }
                }
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                // no unix view: the generic message below
            }
        }
        return "not a regular file (a named pipe, socket or device), skipped";
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String m = e.getMessage();
        String r = e.getClass().getSimpleName().replace("Exception", "");
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return m == null ? r : r + " (" + m + ")";
    }

    /** One expansion's state. Not thread-safe. */
    private static final class Walk {
        private static final List<String> PSEUDO = List.of("/proc", "/sys", "/dev");

        final boolean followLinks;
        final List<Source> sources = new ArrayList<>();
        final List<String> errors = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final List<String> missing = new ArrayList<>();
        /** Real paths of folders walked and files added: each is read once, whatever links lead to it. */
        final Set<Path> seen = new HashSet<>();
        Path root;

        Walk(boolean followLinks) {
            this.followLinks = followLinks;
        }

        void walkRoot(Path dir) {
            try {
                root = dir.toRealPath();
            } catch (IOException e) {
                errors.add(dir + ": " + reason(e));
                return;
            }
            if (seen.add(root)) {
                walk(dir);
            }
        }

        private void walk(Path dir) {
            List<Path> entries = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    entries.add(p);
                }
            } catch (IOException | java.nio.file.DirectoryIteratorException e) {
                IOException io = e instanceof IOException x ? x : ((java.nio.file.DirectoryIteratorException) e).getCause();
                errors.add(dir + ": cannot list folder: " + reason(io));
                return;
            }
            entries.sort(Comparator.naturalOrder());
            for (Path p : entries) {
                Path name = p.getFileName();
                if (name != null && name.toString().startsWith(".")) {
                    continue;
                }
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (IOException e) {
                    errors.add(p + ": " + reason(e));
                    continue;
                }
                if (a.isSymbolicLink()) {
                    link(p);
                } else if (a.isDirectory()) {
                    Path real = realOrNull(p);
                    if (real != null && seen.add(real)) {
                        walk(p);
                    }
                } else {
                    file(p, a);
                }
            }
        }

        private void file(Path p, BasicFileAttributes a) {
            if (!a.isRegularFile()) {
                errors.add(p + ": " + notAFile(p, a));
                return;
            }
            Path real = realOrNull(p);
            if (real != null && !seen.add(real)) {
                return; // reached before through a link
            }
            if (Files.isReadable(p)) {
                sources.add(Source.file(p));
            } else {
                errors.add(p + ": permission denied");
            }
        }

        private void link(Path p) {
            Path real;
            try {
                real = p.toRealPath();
            } catch (NoSuchFileException e) {
                notes.add(p + ": broken symbolic link, skipped");
                return;
            } catch (IOException e) {
                // ELOOP and the like: a link that leads to itself
                notes.add(p + ": symbolic link that cannot be resolved (" + reason(e) + "), skipped");
                return;
            }
            for (String pseudo : PSEUDO) {
                if (real.startsWith(pseudo)) {
                    notes.add(p + ": symbolic link into " + pseudo + ", not followed");
                    return;
                }
            }
            boolean inside = real.startsWith(root);
            if (!followLinks) {
                if (!inside) {
                    notes.add(p + ": symbolic link out of the scanned folder, not followed (--follow-links follows it)");
                }
                return; // inside the folder: what it points to is scanned under its own name
            }
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(real, BasicFileAttributes.class);
            } catch (IOException e) {
                errors.add(p + ": " + reason(e));
                return;
            }
            if (a.isDirectory()) {
                if (!seen.add(real)) {
                    notes.add(p + ": symbolic link to a folder already scanned (a loop?), skipped");
                    return;
                }
                walk(p);
            } else {
                file(p, a);
            }
        }

        private Path realOrNull(Path p) {
            try {
                return p.toRealPath();
            } catch (IOException e) {
                return null;
            }
        }
    }
}
