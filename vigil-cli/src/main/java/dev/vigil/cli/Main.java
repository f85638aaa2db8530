package dev.vigil.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code vigil} command. Exit codes: 0 done (whatever was found), 1 an alert at or above
 * {@code --fail-on}, 2 usage error or unreadable input.
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
            OutboxCommand.class,
            DnsCommand.class,
            RulesCommand.class,
            SimulateCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Run 'vigil help COMMAND' for a command's options. Exit codes: 0 done, "
                + "1 --fail-on matched, 2 usage error or unreadable input."})
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FOUND = 1;
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof CommandLine.ParameterException pe) {
                throw pe;
            }
            commandLine.getErr().println("vigil: " + ex.getMessage());
            return EXIT_USAGE;
        });
        return cl.execute(args);
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
