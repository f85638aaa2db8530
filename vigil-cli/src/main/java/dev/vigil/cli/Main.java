package dev.vigil.cli;

import dev.vigil.text.TerminalText;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code vigil} command. Exit codes: 0 done (whatever was found), 1 an alert at or above
 * {@code --fail-on}, 2 usage error (a bad option, a path that does not exist), 3 some input or
 * output failed (a file or folder entry that could not be read, a file none of whose lines could
 * be read, a scan that read nothing, a refused feed, a store or export that failed, out of memory).
 *
 * <p>Every error reaches the user as one line starting with {@code vigil: }; a usage error adds
 * "did you mean" suggestions when picocli has them and a hint to the command's {@code --help},
 * never the whole usage text (which buried the one line that mattered).
 */
@Command(
        name = "vigil",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Self-hosted threat detection for web application workloads.",
            "Reads web server access logs (nginx/Apache, IIS W3C, Azure App Service), process-creation "
                    + "events (Vigil's process JSON, Linux auditd, Sysmon), DNS query logs, FTP logs and DNS "
                    + "zone files, and raises alerts for injection and code-execution attempts, scanners, web "
                    + "shells, miners, reverse shells, threat-intel matches and dangling DNS records. Alerts are "
                    + "stored for triage, grouped into incidents, exported to SIEMs and turned into blocklists."
        },
        footer = {"", "Run 'vigil help COMMAND' for a command's options. Exit codes: 0 done, "
                + "1 --fail-on matched, 2 usage error, 3 some input or output failed."})
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FOUND = 1;
    public static final int EXIT_USAGE = 2;
    /** Some input or output failed: unread files, a scan that read nothing, a failed store, out of memory. */
    public static final int EXIT_FAILED = 3;

    /**
     * The subcommands, in the order help lists them. Not in the {@code @Command} annotation: picocli
     * builds the model of every command it is given by reflection (50-70 ms of a start on the main
     * thread, before a scan can begin), so a command line naming one command gets that one only.
     */
    private static final List<Class<?>> COMMANDS = List.of(ScanCommand.class, WatchCommand.class, StatusCommand.class,
            AlertsCommand.class, IncidentsCommand.class, SuppressCommand.class, TiCommand.class, OutboxCommand.class,
            ServeCommand.class, TokenCommand.class, UserCommand.class, DnsCommand.class, RulesCommand.class,
            SimulateCommand.class, CompletionCommand.class, ManCommand.class, CommandLine.HelpCommand.class);

    /** Commands that read the whole tree (help for another command, completion, man pages). */
    private static final Set<Class<?>> NEED_ALL = Set.of(CompletionCommand.class, ManCommand.class,
            CommandLine.HelpCommand.class);

    /** The prefix of every error and warning line. */
    static final String PREFIX = "vigil: ";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int run(String... args) {
        return guarded(() -> commandLine(args.length > 0 ? args[0] : null).execute(args), System.err);
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
            err.println(PREFIX + "out of memory (" + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB heap): some "
                    + "input was not read or some output not written; run with more memory (JAVA_OPTS=-Xmx4g), "
                    + "fewer --threads or a lower --max-line-length");
            return EXIT_FAILED;
        } catch (StackOverflowError e) {
            err.println(PREFIX + "internal error (stack overflow); some input was not read");
            return EXIT_FAILED;
        }
    }

    /** The command tree with Vigil's error handling; also what completion and man pages are made from. */
    static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The command tree for a command line whose first argument is {@code first}: only that
     * subcommand when it names one that needs no other, otherwise all of them (so that help lists
     * them and a mistyped name gets suggestions).
     */
    static CommandLine commandLine(String first) {
        CommandLine cl = new CommandLine(new Main());
        List<Class<?>> wanted = COMMANDS;
        for (Class<?> c : COMMANDS) {
            CommandLine.Command a = c.getAnnotation(CommandLine.Command.class);
            if (a != null && a.name().equals(first) && !NEED_ALL.contains(c)) {
                wanted = List.of(c);
                break;
            }
        }
        for (Class<?> c : wanted) {
            cl.addSubcommand(c);
        }
        cl.setParameterExceptionHandler(Main::usageError);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof CommandLine.ParameterException pe) {
                return usageError(pe, parseResult.originalArgs().toArray(new String[0]));
            }
            commandLine.getErr().println(PREFIX + TerminalText.sanitize(message(ex), 1000));
            commandLine.getErr().flush();
            return ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException
                    ? EXIT_FAILED : EXIT_USAGE;
        });
        return cl;
    }

    /** One line of error, suggestions for a mistyped name, and where to read more. */
    static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(PREFIX + TerminalText.sanitize(lowerFirst(ex.getMessage()), 1000));
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return EXIT_USAGE;
    }

    private static String message(Exception ex) {
        String m = ex.getMessage();
        return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m;
    }

    /** picocli starts its messages with a capital ("Invalid value..."); ours read as one sentence after "vigil: ". */
    static String lowerFirst(String m) {
        if (m == null || m.isEmpty()) {
            return "invalid command line";
        }
        if (m.length() > 1 && Character.isUpperCase(m.charAt(0)) && Character.isLowerCase(m.charAt(1))) {
            return m.substring(0, 1).toLowerCase(Locale.ROOT) + m.substring(1);
        }
        return m;
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
