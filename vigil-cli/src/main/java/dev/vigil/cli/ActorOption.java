package dev.vigil.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --actor} option, only on commands that change something and write it to a history;
 * read-only commands do not offer it, so their help does not suggest they record anything.
 */
final class ActorOption {
    @Option(names = "--actor", paramLabel = "NAME",
            description = "Who makes the change, for the history (default: $USER).")
    String actor;

    String actor() {
        if (actor != null && !actor.isBlank()) {
            return actor;
        }
        String u = System.getenv("USER");
        if (u == null || u.isBlank()) {
            u = System.getProperty("user.name", "");
        }
        return u.isBlank() ? "unknown" : u;
    }
}
