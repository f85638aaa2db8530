package dev.vigil.cli;

import dev.vigil.export.webhook.WebhookTarget;
import dev.vigil.text.TerminalText;
import dev.vigil.store.OutboxDestination;
import dev.vigil.store.AlertStore;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vigil outbox}: the deliveries that wait in the database, by destination: webhook exports
 * that failed, and the updates a watch's sinks still owe ({@code watch:...}, delivered and retried
 * by the running watch). Destinations are shown redacted (the database never holds a URL's secrets); one
 * whose URL had secrets is retried when the URL is given again, or by name when it was given as
 * {@code env:NAME}.
 */
@Command(name = "outbox", mixinStandardHelpOptions = true,
        description = "List, retry or purge deliveries kept in the alert database: webhook exports that failed, "
                + "and the updates a watch's sinks have not delivered yet.",
        subcommands = {OutboxCommand.ListOutbox.class, OutboxCommand.Retry.class, OutboxCommand.Purge.class})
final class OutboxCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static PrintStream err() {
        return new PrintStream(System.err, true, StandardCharsets.UTF_8);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Pending deliveries per destination.")
    static final class ListOutbox implements Callable<Integer> {
        @Mixin
        DbOption store;

        @Override
        public Integer call() {
            PrintStream out = AlertsCommand.out();
            try (AlertStore s = store.openExisting()) {
                List<OutboxDestination> groups = s.outboxDestinations(null);
                if (groups.isEmpty()) {
                    out.println("The outbox is empty.");
                }
                for (OutboxDestination d : groups) {
                    boolean watch = d.sink().startsWith(dev.vigil.export.sink.Outlet.PREFIX);
                    out.printf("%s%n", TerminalText.sanitize(d.destination(), 300));
                    out.printf("  key:        %s%n", TerminalText.sanitize(d.destKey(), 64));
                    out.printf("  pending:    %d %s since %s UTC, up to %d attempts%n", d.pending(),
                            watch ? "alert updates from a watch" : "deliveries",
                            AlertsCommand.time(d.oldestMillis()), d.maxAttempts());
                    out.printf("  last error: %s%n", TerminalText.sanitize(d.lastError() == null ? "none (not tried yet)"
                            : d.lastError(), 300));
                    out.printf("  retry:      %s%n", watch
                            ? "by the watch that names this sink: it retries with backoff while running, and at its next start"
                            : d.reference() == null
                            ? "vigil outbox retry --webhook URL (the URL has secrets, which are not stored)"
                            : "vigil outbox retry" + (d.reference().startsWith("env:")
                                    ? " (URL from " + TerminalText.sanitize(d.reference(), 140) + ")" : ""));
                }
                out.flush();
            }
            return Main.EXIT_OK;
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Retry pending deliveries now: all whose destination is known, or those of --webhook.")
    static final class Retry implements Callable<Integer> {
        @Mixin
        DbOption store;

        @Option(names = "--webhook", paramLabel = "URL",
                description = "Retry only this destination (a URL or env:NAME); needed for a URL with secrets.")
        String webhook;

        @Option(names = "--webhook-batch", paramLabel = "N", defaultValue = "1",
                description = "POST up to N deliveries at once as a JSON array (default: ${DEFAULT-VALUE}).")
        int batch;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            PrintStream err = err();
            int failed = 0;
            try (AlertStore s = store.openExisting()) {
                if (webhook != null) {
                    try {
                        return Exports.webhook(List.of(), webhook, batch, s, err).kept() > 0
                                ? Main.EXIT_FAILED : Main.EXIT_OK;
                    } catch (IllegalArgumentException e) {
                        throw new CommandLine.ParameterException(spec.commandLine(), "--webhook: " + e.getMessage());
                    }
                }
                List<OutboxDestination> groups = s.outboxDestinations(Exports.WEBHOOK);
                if (groups.isEmpty()) {
                    err.println("vigil: the outbox is empty");
                }
                for (OutboxDestination e : groups) {
                    String shown = TerminalText.sanitize(e.destination(), 300);
                    if (e.reference() == null) {
                        err.println("vigil: error: " + e.pending() + " deliveries to " + shown + " not retried: its URL "
                                + "has secrets, which are not stored; run 'vigil outbox retry --webhook URL'");
                        failed += e.pending();
                        continue;
                    }
                    WebhookTarget t;
                    try {
                        t = WebhookTarget.parse(e.reference());
                    } catch (IllegalArgumentException ex) {
                        err.println("vigil: error: " + e.pending() + " deliveries to " + shown + " not retried: "
                                + TerminalText.sanitize(ex.getMessage(), 300));
                        failed += e.pending();
                        continue;
                    }
                    if (!t.key().equals(e.destKey())) {
                        err.println("vigil: error: " + e.pending() + " deliveries to " + shown + " not retried: "
                                + TerminalText.sanitize(e.reference(), 140) + " now names another URL; give the "
                                + "old one with --webhook, or purge them");
                        failed += e.pending();
                        continue;
                    }
                    Exports.WebhookReport r = Exports.webhook(List.of(), e.reference(), batch, s, err);
                    failed += r.kept();
                    if (r.kept() == 0) {
                        err.println("vigil: webhook " + shown + ": " + r.delivered() + " delivered");
                    }
                }
            }
            return failed > 0 ? Main.EXIT_FAILED : Main.EXIT_OK;
        }
    }

    @Command(name = "purge", mixinStandardHelpOptions = true,
            description = "Drop pending deliveries: those of one destination (--key from 'outbox list', or --webhook), "
                    + "or --all (a watch's sinks included).")
    static final class Purge implements Callable<Integer> {
        @Mixin
        DbOption store;

        @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        Which which;

        static final class Which {
            @Option(names = "--key", paramLabel = "KEY", description = "The destination key 'vigil outbox list' shows.")
            String key;

            @Option(names = "--webhook", paramLabel = "URL", description = "The destination's URL or env:NAME.")
            String webhook;

            @Option(names = "--all", description = "Every pending delivery.")
            boolean all;
        }

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            String key;
            try {
                key = which.all ? null : which.key != null ? which.key.trim() : WebhookTarget.parse(which.webhook).key();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--webhook: " + e.getMessage());
            }
            try (AlertStore s = store.openExisting()) {
                // a key names one destination, whether exports or a watch's sink owe it
                int n = s.purgeOutbox(null, key);
                err().println("vigil: purged " + n + (n == 1 ? " delivery" : " deliveries") + " from the outbox");
                return Main.EXIT_OK;
            }
        }
    }
}
