package dev.vigil.cli;

import dev.vigil.server.auth.Role;
import dev.vigil.server.auth.UserRepository;
import dev.vigil.store.AlertStore;
import dev.vigil.store.JdbcAlertStore;
import dev.vigil.text.TerminalText;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil user}: people who sign in to the dashboard with a password instead of a token. */
@Command(name = "user", mixinStandardHelpOptions = true,
        description = "Dashboard users who sign in with a password (kept as a bcrypt hash) instead of a token.",
        subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class, UserCommand.Remove.class})
final class UserCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a user, or set an existing user's password and role. Asks for the password at the "
                    + "terminal (twice); with --password-stdin reads one line from standard input.")
    static final class Add implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(index = "0", paramLabel = "NAME", description = "The user name; history rows record it as the actor.")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "viewer, analyst or admin.")
        String role;

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean stdin;

        @Override
        public Integer call() throws IOException {
            Role r = Role.parse(role);
            char[] pw = password();
            try {
                try (UserRepository u = UserRepository.open(store.db)) { // creates and migrates the database when missing
                    boolean added = u.put(name, r, pw);
                    System.err.println("vigil: user '" + TerminalText.sanitize(name, 100) + "' (" + r.label() + ") "
                            + (added ? "added" : "updated"));
                }
            } finally {
                Arrays.fill(pw, '\0');
            }
            return Main.EXIT_OK;
        }

        private char[] password() throws IOException {
            Console c = System.console();
            if (!stdin && c != null) {
                char[] a = c.readPassword("Password for %s: ", name);
                char[] b = c.readPassword("Again: ");
                if (a == null || b == null || !Arrays.equals(a, b)) {
                    throw new IllegalArgumentException("the passwords differ");
                }
                Arrays.fill(b, '\0');
                return a;
            }
            if (!stdin) {
                throw new IllegalArgumentException("no terminal to ask for the password; pass it with --password-stdin");
            }
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new IllegalArgumentException("no password on standard input");
            }
            return line.toCharArray();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List dashboard users.")
    static final class ListUsers implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            try (JdbcAlertStore s = store.openExisting(); UserRepository u = UserRepository.on(s)) {
                PrintStream out = AlertsCommand.out();
                List<UserRepository.UserInfo> all = u.list();
                if (all.isEmpty()) {
                    out.println("No users.");
                }
                for (UserRepository.UserInfo i : all) {
                    out.printf("%-30s  %-8s  added %s%n", TerminalText.sanitize(i.name(), 100), i.role().label(),
                            AlertsCommand.time(i.createdMillis()));
                }
                out.flush();
            }
            return Main.EXIT_OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove users; a running server ends their dashboard sessions at once.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(arity = "1..*", paramLabel = "NAME")
        List<String> names;

        @Override
        public Integer call() {
            int missing = 0;
            try (JdbcAlertStore s = store.openExisting(); UserRepository u = UserRepository.on(s)) {
                for (String n : names) {
                    if (!u.remove(n)) {
                        System.err.println("vigil: no user '" + TerminalText.sanitize(n, 100) + "' in " + store.describe());
                        missing++;
                    }
                }
            }
            return missing == 0 ? Main.EXIT_OK : Main.EXIT_USAGE;
        }
    }
}
