package dev.vigil.cli;

import dev.vigil.text.TerminalText;
import dev.vigil.server.auth.Role;
import dev.vigil.server.auth.TokenRepository;
import dev.vigil.store.AlertStore;
import dev.vigil.store.JdbcAlertStore;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil token}: API tokens for {@code vigil serve}. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "API tokens for 'vigil serve': viewers read; analysts also triage and manage suppression rules; "
                + "admins also manage tokens; bouncer keys only read the CrowdSec decisions stream.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Make a token and print it once (only its SHA-256 is stored).")
    static final class Create implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "viewer, analyst, admin, bouncer (CrowdSec decisions only) or ingest (POST /api/ingest only).")
        String role;

        @Option(names = "--name", paramLabel = "NAME",
                description = "Who or what holds it; history rows record it as the actor (default: $USER, or the role).")
        String name;

        @Override
        public Integer call() {
            Role r = Role.parse(role);
            String n = name;
            if (n == null || n.isBlank()) {
                String u = System.getenv("USER");
                n = u == null || u.isBlank() ? r.label() : u;
            }
            try (TokenRepository t = TokenRepository.open(store.db)) { // creates and migrates the database when missing
                TokenRepository.Created c = t.create(n, r);
                PrintStream out = AlertsCommand.out();
                out.println(c.secret());
                out.flush();
                System.err.println("vigil: token " + c.info().id() + " '" + TerminalText.sanitize(c.info().name(), 100)
                        + "' (" + r.label() + ") created; it is shown only now");
            }
            return Main.EXIT_OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (never their secrets).")
    static final class ListTokens implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            try (JdbcAlertStore s = store.openExisting(); TokenRepository t = TokenRepository.on(s)) {
                PrintStream out = AlertsCommand.out();
                List<TokenRepository.TokenInfo> all = t.list();
                if (all.isEmpty()) {
                    out.println("No tokens.");
                }
                for (TokenRepository.TokenInfo i : all) {
                    out.printf("%s  %-8s  %-8s  %-30s  created %s  last used %s%s%n", i.id(),
                            i.active() ? "active" : "revoked", i.role().label(), TerminalText.sanitize(i.name(), 100),
                            AlertsCommand.time(i.createdMillis()),
                            i.lastUsedMillis() == null ? "never" : AlertsCommand.time(i.lastUsedMillis()),
                            i.revokedMillis() == null ? "" : "  revoked " + AlertsCommand.time(i.revokedMillis()));
                }
                out.flush();
            }
            return Main.EXIT_OK;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke tokens by id or name; a running server refuses them (and ends their dashboard sessions) at once.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(arity = "1..*", paramLabel = "ID|NAME")
        List<String> ids;

        @Override
        public Integer call() {
            int missing = 0;
            try (JdbcAlertStore s = store.openExisting(); TokenRepository t = TokenRepository.on(s)) {
                for (String id : ids) {
                    if (t.revoke(id).isEmpty()) {
                        System.err.println("vigil: no active token '" + TerminalText.sanitize(id, 100) + "' in " + store.describe());
                        missing++;
                    }
                }
            }
            return missing == 0 ? Main.EXIT_OK : Main.EXIT_USAGE;
        }
    }
}
