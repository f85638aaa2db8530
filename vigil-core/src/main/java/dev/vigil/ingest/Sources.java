package dev.vigil.ingest;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns command-line arguments into sources: files as given, folders walked recursively in name
 * order (hidden files and folders skipped), {@code -} for standard input. Arguments that cannot be
 * read become errors that name them; the rest are still scanned.
 *
 * <p>Static and thread-safe.
 */
public final class Sources {
    private Sources() {}

    /** What {@link #expand} found: the sources to scan, and one message per unreadable argument. */
    public record Expansion(List<Source> sources, List<String> errors) {
        public Expansion {
            sources = List.copyOf(sources);
            errors = List.copyOf(errors);
        }
    }

    public static Expansion expand(List<String> args) {
        List<Source> sources = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        boolean stdinUsed = false;
        for (String arg : args) {
            if (arg.equals("-")) {
                if (!stdinUsed) {
                    sources.add(Source.stdin());
                    stdinUsed = true;
                }
                continue;
            }
            Path p = Path.of(arg);
            if (!Files.exists(p)) {
                errors.add(arg + ": no such file or directory");
            } else if (Files.isDirectory(p)) {
                walk(p, sources, errors);
            } else if (!Files.isReadable(p)) {
                errors.add(arg + ": permission denied");
            } else {
                sources.add(Source.file(p));
            }
        }
        return new Expansion(sources, errors);
    }

    private static void walk(Path dir, List<Source> sources, List<String> errors) {
        try (Stream<Path> s = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
            s.filter(p -> !isHidden(dir, p))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .forEach(p -> {
                        if (Files.isReadable(p)) {
                            sources.add(Source.file(p));
                        } else {
                            errors.add(p + ": permission denied");
                        }
                    });
        } catch (IOException | java.io.UncheckedIOException e) {
            errors.add(dir + ": cannot list folder: " + e.getMessage());
        }
    }

    private static boolean isHidden(Path root, Path p) {
        for (Path part : root.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
