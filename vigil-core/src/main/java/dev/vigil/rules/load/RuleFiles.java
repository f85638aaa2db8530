package dev.vigil.rules.load;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A tree of rule files, named by their path relative to its root with {@code /} between folders
 * ({@code http/sqli/union.yaml}): a folder on disk, or the built-in rules on the class path.
 *
 * <p>The built-in tree is listed by {@code rules/index.txt}, which the build writes next to the
 * rules, and its files are read by name from the class path. It used to be reached by opening the
 * jar as a file system, which parses the whole jar's directory (13,000 entries in the shaded jar):
 * about half a second of a cold start, before the first rule was read. Without the index (a build
 * outside Maven) the class path's {@code rules} folder is walked as before.
 *
 * <p>Immutable and thread-safe.
 */
public abstract class RuleFiles {
    static final String INDEX_RESOURCE = "/rules/index.txt";
    private static volatile RuleFiles builtIn;

    RuleFiles() {
    }

    /** The files of a folder on disk. */
    public static RuleFiles of(Path root) {
        return new Folder(root);
    }

    /** The rules that ship with Vigil. */
    public static RuleFiles builtIn() {
        RuleFiles b = builtIn;
        if (b == null) {
            List<String> names = readIndex();
            b = names == null ? new Folder(RuleLoader.builtInRoot()) : new ClassPath(names);
            builtIn = b;
        }
        return b;
    }

    /** Whether {@code folder} (relative, {@code ""} for the root) holds any file. */
    public abstract boolean isFolder(String folder);

    /**
     * The files below {@code folder} (relative, {@code ""} for the root; with {@code recursive}
     * also in its sub-folders) whose names end with one of {@code suffixes}, sorted by name.
     */
    public abstract List<String> list(String folder, boolean recursive, String... suffixes);

    /** Opens a file by its relative name. */
    public abstract InputStream open(String name) throws IOException;

    /** The file's full text as UTF-8. */
    public String read(String name) {
        try (InputStream in = open(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    static String join(String folder, String name) {
        return folder.isEmpty() ? name : folder + "/" + name;
    }

    static boolean endsWithAny(String name, String... suffixes) {
        for (String s : suffixes) {
            if (name.endsWith(s)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> readIndex() {
        try (InputStream in = RuleFiles.class.getResourceAsStream(INDEX_RESOURCE)) {
            if (in == null) {
                return null;
            }
            List<String> names = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String t = line.strip();
                if (!t.isEmpty()) {
                    names.add(t);
                }
            }
            return names.isEmpty() ? null : List.copyOf(names.stream().sorted().toList());
        } catch (IOException e) {
            return null;
        }
    }

    /** The built-in files, by the names the index gives. */
    static final class ClassPath extends RuleFiles {
        private final List<String> names;

        ClassPath(List<String> names) {
            this.names = names;
        }

        @Override
        public boolean isFolder(String folder) {
            String prefix = folder.isEmpty() ? "" : folder + "/";
            for (String n : names) {
                if (n.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public List<String> list(String folder, boolean recursive, String... suffixes) {
            String prefix = folder.isEmpty() ? "" : folder + "/";
            List<String> out = new ArrayList<>();
            for (String n : names) {
                if (n.startsWith(prefix) && (recursive || n.indexOf('/', prefix.length()) < 0) && endsWithAny(n, suffixes)) {
                    out.add(n);
                }
            }
            return out;
        }

        @Override
        public InputStream open(String name) throws IOException {
            InputStream in = RuleFiles.class.getResourceAsStream("/rules/" + name);
            if (in == null) {
                throw new FileNotFoundException("rules/" + name + " is listed in " + INDEX_RESOURCE + " but missing from the class path");
            }
            return in;
        }

        @Override
        public String toString() {
            return "the built-in rules";
        }
    }

    /** The files of a folder on disk (or in a file system the caller opened). */
    static final class Folder extends RuleFiles {
        private final Path root;

        Folder(Path root) {
            this.root = root;
        }

        private Path resolve(String rel) {
            return rel.isEmpty() ? root : root.resolve(rel);
        }

        @Override
        public boolean isFolder(String folder) {
            return Files.isDirectory(resolve(folder));
        }

        @Override
        public List<String> list(String folder, boolean recursive, String... suffixes) {
            Path dir = resolve(folder);
            try (Stream<Path> s = recursive ? Files.walk(dir) : Files.list(dir)) {
                return s.filter(Files::isRegularFile)
                        .filter(p -> endsWithAny(p.getFileName().toString(), suffixes))
                        .map(p -> root.relativize(p).toString().replace('\\', '/'))
                        .sorted()
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }

        @Override
        public InputStream open(String name) throws IOException {
            return Files.newInputStream(resolve(name));
        }

        @Override
        public String toString() {
            return root.toString();
        }
    }
}
