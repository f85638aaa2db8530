package dev.vigil.cli;

import dev.vigil.alert.suppress.Condition;
import dev.vigil.alert.suppress.SuppressionRule;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.text.TerminalText;
import dev.vigil.store.AlertStore;
import dev.vigil.store.StoredAlert;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil suppress}: rules that store matching alerts as Dismissed. */
@Command(name = "suppress", mixinStandardHelpOptions = true,
        description = "Suppression rules: matching alerts are stored as Dismissed, naming the rule.",
        subcommands = {SuppressCommand.Add.class, SuppressCommand.ListRules.class, SuppressCommand.Remove.class,
            SuppressCommand.Simulate.class, SuppressCommand.Enable.class, SuppressCommand.Disable.class})
final class SuppressCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The rule-defining options of add and simulate. */
    static final class RuleOptions {
        @Option(names = "--type", paramLabel = "TYPE", description = "The alert type to match (default: all types).")
        String type;

        @Option(names = "--ip", split = ",", paramLabel = "IP|CIDR",
                description = "Client IP in these addresses or networks (comma-separated, IPv4 or IPv6).")
        List<String> ips;

        @Option(names = "--host", paramLabel = "NAME", description = "Host (resource) equals this name.")
        String host;

        @Option(names = "--url-prefix", paramLabel = "PATH", description = "Request path starts with this.")
        String urlPrefix;

        @Option(names = "--cmdline-contains", paramLabel = "TEXT", description = "Process command line contains this (any case).")
        String cmdline;

        @Option(names = "--reason", paramLabel = "TEXT",
                description = "Why such alerts need no triage, such as 'our own scanner' (required for add).")
        String reason;

        @Option(names = {"-m", "--comment"}, paramLabel = "TEXT", defaultValue = "", description = "Free text.")
        String comment;

        @Option(names = "--expires", paramLabel = "WHEN",
                description = "Stop applying after this date or UTC time (2025-12-31 or 2025-12-31T00:00:00Z), or in an age from now (30d).")
        String expires;

        @Option(names = "--disabled", description = "Add the rule switched off.")
        boolean disabled;

        SuppressionRule rule(String id, String actor) {
            if (reason == null) {
                if (!id.equals("simulated")) {
                    throw new IllegalArgumentException("--reason is required: say why such alerts need no triage");
                }
                reason = "simulated";
            }
            if (type != null && AlertCatalogue.builtIn().find(type).isEmpty()) {
                throw new IllegalArgumentException("--type: unknown alert type '" + type + "'");
            }
            List<Condition> cs = new ArrayList<>();
            if (ips != null && !ips.isEmpty()) {
                cs.add(Condition.IpIn.parse(ips));
            }
            if (host != null) {
                cs.add(new Condition.HostEquals(host));
            }
            if (urlPrefix != null) {
                cs.add(new Condition.UrlPrefix(urlPrefix));
            }
            if (cmdline != null) {
                cs.add(new Condition.CommandLineContains(cmdline));
            }
            Long exp = null;
            if (expires != null) {
                java.time.Duration age = Since.age(expires);
                exp = age != null ? Instant.now().plus(age).toEpochMilli() : Since.time(expires);
            }
            return new SuppressionRule(id, type, cs, reason, comment, exp, !disabled, System.currentTimeMillis(), actor);
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a suppression rule; prints its id.")
    static final class Add implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Mixin
        ActorOption actor;

        @CommandLine.ArgGroup(exclusive = false, multiplicity = "1")
        RuleOptions rule;

        @Override
        public Integer call() {
            String id = "sup-" + UUID.randomUUID().toString().substring(0, 8);
            SuppressionRule r = rule.rule(id, actor.actor());
            try (AlertStore s = store.open()) {
                int would = s.wouldSuppress(r).size();
                s.addRule(r);
                PrintStream out = AlertsCommand.out();
                out.println(id);
                out.flush();
                System.err.println("vigil: rule " + id + " added; applies to alerts stored from now on ("
                        + would + " stored alerts match it; 'vigil alerts set-status' dismisses them)");
            }
            return Main.EXIT_OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List suppression rules.")
    static final class ListRules implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            try (AlertStore s = store.open()) {
                PrintStream out = AlertsCommand.out();
                List<SuppressionRule> rules = s.rules();
                if (rules.isEmpty()) {
                    out.println("No suppression rules.");
                }
                long now = System.currentTimeMillis();
                for (SuppressionRule r : rules) {
                    String state = !r.enabled() ? "disabled" : r.activeAt(now) ? "enabled" : "expired";
                    out.printf("%s  %-8s  %-28s  %s%n", r.id(), state, r.alertType() == null ? "(all types)" : r.alertType(),
                            TerminalText.sanitize(r.describeConditions(), 300));
                    out.printf("    reason: %s%s%s; by %s on %s%n", TerminalText.sanitize(r.reason(), 200),
                            r.comment().isEmpty() ? "" : "; " + TerminalText.sanitize(r.comment(), 200),
                            r.expiresMillis() == null ? "" : "; expires " + AlertsCommand.time(r.expiresMillis()) + " UTC",
                            TerminalText.sanitize(r.createdBy(), 80), AlertsCommand.time(r.createdMillis()));
                }
                out.flush();
            }
            return Main.EXIT_OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove suppression rules.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(arity = "1..*", paramLabel = "RULE-ID")
        List<String> ids;

        @Override
        public Integer call() {
            int missing = 0;
            try (AlertStore s = store.open()) {
                for (String id : ids) {
                    if (!s.removeRule(id)) {
                        System.err.println("vigil: no suppression rule '" + TerminalText.sanitize(id, 80) + "' in " + store.describe());
                        missing++;
                    }
                }
            }
            return missing == 0 ? Main.EXIT_OK : Main.EXIT_USAGE;
        }
    }

    abstract static class Toggle implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(arity = "1..*", paramLabel = "RULE-ID")
        List<String> ids;

        abstract boolean on();

        @Override
        public Integer call() {
            int missing = 0;
            try (AlertStore s = store.open()) {
                for (String id : ids) {
                    if (!s.setRuleEnabled(id, on())) {
                        System.err.println("vigil: no suppression rule '" + TerminalText.sanitize(id, 80) + "' in " + store.describe());
                        missing++;
                    }
                }
            }
            return missing == 0 ? Main.EXIT_OK : Main.EXIT_USAGE;
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Switch rules on.")
    static final class Enable extends Toggle {
        @Override
        boolean on() {
            return true;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Switch rules off.")
    static final class Disable extends Toggle {
        @Override
        boolean on() {
            return false;
        }
    }

    @Command(name = "simulate", mixinStandardHelpOptions = true,
            description = "Count the stored alerts a rule would have dismissed: a stored rule by id, or one given by options.")
    static final class Simulate implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(arity = "0..1", paramLabel = "RULE-ID")
        String id;

        @CommandLine.ArgGroup(exclusive = false)
        RuleOptions rule;

        @Option(names = "--show", description = "Also list the alerts it would dismiss.")
        boolean show;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if ((id == null) == (rule == null)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "give either a stored RULE-ID or the rule's options (--type, --ip, --host, ...)");
            }
            try (AlertStore s = store.open()) {
                SuppressionRule r = id != null ? s.rule(id).orElseThrow(() ->
                        new IllegalArgumentException("no suppression rule '" + TerminalText.sanitize(id, 80) + "' in " + store.describe()))
                        : rule.rule("simulated", "simulated");
                List<StoredAlert> hits = s.wouldSuppress(r);
                PrintStream out = AlertsCommand.out();
                out.printf("%d stored alerts would be dismissed by %s (%s%s)%n", hits.size(), r.id(),
                        r.alertType() == null ? "all types" : r.alertType(),
                        ", " + TerminalText.sanitize(r.describeConditions(), 300));
                if (show) {
                    for (StoredAlert a : hits) {
                        out.printf("  %s  %-10s  %-30s  %s%n", a.alert().id().substring(0, 12), a.status().label(),
                                a.alert().type().name(), TerminalText.sanitize(a.alert().entities().getOrDefault("ip", "-"), 40));
                    }
                }
                out.flush();
            }
            return Main.EXIT_OK;
        }
    }
}
