package dev.vigil.cli;

/**
 * Whether standard output and standard error are terminals. Java cannot ask isatty() per stream,
 * so the {@code vigil} launcher tests them ({@code [ -t 1 ]}, {@code [ -t 2 ]}) and passes the
 * answers as system properties; without them we fall back on {@link System#console()}, which is
 * non-null only when both standard input and output are terminals.
 */
final class Terminals {
    private Terminals() {}

    static boolean stdoutIsTerminal() {
        return flag("vigil.stdout.tty");
    }

    static boolean stderrIsTerminal() {
        return flag("vigil.stderr.tty");
    }

    private static boolean flag(String property) {
        String v = System.getProperty(property);
        if (v != null) {
            return Boolean.parseBoolean(v);
        }
        return System.console() != null;
    }
}
