package dev.vigil.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code vigil} command. Exit codes: 0 done (whatever was found), 1 an alert at or above
 * {@code --fail-on}, 2 usage error (a bad option, a path that does not exist), 3 some input or
 * output failed (a file or folder entry that could not be read, a file none of whose lines could
 * be read, a scan that read nothing, a store or export that failed, out of memory).
 */
@Command(
        name = "vigil",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Self-hosted threat detection for web application workloads.",
            "Reads web server access logs and raises alerts for attacks, scanners and web shells."
        },
        subcommands = {ScanCommand.class, AlertsCommand.class, IncidentsCommand.class, SuppressCommand.class, TiCommand.class,
            DnsCommand.class,
            RulesCommand.class,
            SimulateCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Run 'vigil help COMMAND' for a command's options. Exit codes: 0 done, "
                + "1 --fail-on matched, 2 usage error, 3 some input or output failed."})
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FOUND = 1;
    public static final int EXIT_USAGE = 2;
    /** Some input or output failed: unread files, a scan that read nothing, a failed store, out of memory. */
    public static final int EXIT_FAILED = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int run(String... args) {
        return guarded(() -> {
            CommandLine cl = new CommandLine(new Main());
            cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
                if (ex instanceof CommandLine.ParameterException pe) {
                    throw pe;
                }
                commandLine.getErr().println("vigil: " + ex.getMessage());
                return ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException
                        ? EXIT_FAILED : EXIT_USAGE;
            });
            return cl.execute(args);
        }, System.err);
    }

    /**
     * Runs {@code body}, turning an {@link Error} that escapes it (out of memory above all) into
     * {@link #EXIT_FAILED} with a message. Without this the JVM would exit with 1, which a CI
     * pipeline reads as "--fail-on matched".
     */
    static int guarded(java.util.function.IntSupplier body, java.io.PrintStream err) {
        try {
            return body.getAsInt();
        } catch (OutOfMemoryError e) {
            err.println("vigil: out of memory (" + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB heap): some "
                    + "input was not read or some output not written; run with more memory (JAVA_OPTS=-Xmx4g), "
                    + "fewer --threads or a lower --max-line-length");
            return EXIT_FAILED;
        } catch (StackOverflowError e) {
            err.println("vigil: internal error (stack overflow); some input was not read");
            return EXIT_FAILED;
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"vigil " + (v == null ? "dev" : v)};
        }
    }
}
