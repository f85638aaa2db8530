package dev.vigil.cli;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Whether standard output and standard error are terminals, how wide the terminal is, and whether
 * to colour. Java cannot ask isatty() per stream, so the {@code vigil} launcher tests them
 * ({@code [ -t 1 ]}, {@code [ -t 2 ]}) and passes the answers as system properties; without them we
 * fall back on {@link System#console()}, which is non-null only when both standard input and
 * output are terminals.
 *
 * <p>Static; the width is asked once (JLine runs {@code stty} for it) and cached. Thread-safe.
 */
final class Terminals {
    private Terminals() {}

    /** Used when the terminal does not say. */
    static final int DEFAULT_WIDTH = 80;

    private static volatile Integer width;

    static boolean stdoutIsTerminal() {
        return flag("vigil.stdout.tty");
    }

    static boolean stderrIsTerminal() {
        return flag("vigil.stderr.tty");
    }

    /**
     * The width tables must fit on standard output: 0 (no limit) when it is not a terminal, so a
     * pipe or file keeps whole cells; otherwise {@code -Dvigil.columns}, then {@code $COLUMNS}, then
     * what the terminal itself says through JLine (inside the jar through progressbar), then 80.
     */
    static int width() {
        if (!stdoutIsTerminal()) {
            return 0;
        }
        Integer p = Integer.getInteger("vigil.columns");
        if (p != null && p > 0) {
            return p;
        }
        String cols = System.getenv("COLUMNS");
        if (cols != null && cols.matches("\\d{1,4}") && Integer.parseInt(cols) > 0) {
            return Integer.parseInt(cols);
        }
        Integer w = width;
        if (w == null) {
            w = askTerminal();
            width = w;
        }
        return w;
    }

    /**
     * Colour only on a terminal, and never when {@code NO_COLOR} is set to anything non-empty
     * (no-color.org) or the terminal is {@code dumb}.
     */
    static boolean colour() {
        String noColor = System.getenv("NO_COLOR");
        if (noColor != null && !noColor.isEmpty()) {
            return false;
        }
        String p = System.getProperty("vigil.color");
        if (p != null) {
            return Boolean.parseBoolean(p);
        }
        return stdoutIsTerminal() && !"dumb".equals(System.getenv("TERM"));
    }

    private static int askTerminal() {
        try (Terminal t = TerminalBuilder.builder().system(true).dumb(true).build()) {
            int w = t.getWidth();
            return w > 0 ? w : DEFAULT_WIDTH;
        } catch (Exception | LinkageError e) {
            return DEFAULT_WIDTH;
        }
    }

    private static boolean flag(String property) {
        String v = System.getProperty(property);
        if (v != null) {
            return Boolean.parseBoolean(v);
        }
        return System.console() != null;
    }
}
