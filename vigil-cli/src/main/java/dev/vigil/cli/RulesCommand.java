package dev.vigil.cli;

import dev.vigil.detect.AlertCatalogue;
import dev.vigil.output.TerminalText;
import dev.vigil.rules.HttpRules;
import dev.vigil.rules.ProcessRules;
import dev.vigil.rules.Rule;
import dev.vigil.rules.RuleSet;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil rules}: what the detection rules are, and proof that they do what they say. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "List, show, test and lint the detection rules (built in, or a folder with --rules).",
        subcommands = {RulesCommand.ListRules.class, RulesCommand.Show.class, RulesCommand.Test.class,
            RulesCommand.Lint.class})
final class RulesCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where the rules come from; lenient so that lint can report every broken file. */
    static final class Source {
        @Option(names = "--rules", paramLabel = "DIR",
                description = "A rule folder (holding http/ or process/, and data/) instead of the built-in rules.")
        Path dir;

        @Option(names = "--kind", paramLabel = "KIND", defaultValue = "all",
                description = "http, process or all (default: ${DEFAULT-VALUE}).")
        String kind;

        /** The HTTP rules, then the process rules, as --kind asks. */
        List<RuleSet> load(boolean strict) {
            AlertCatalogue c = AlertCatalogue.builtIn();
            List<RuleSet> out = new java.util.ArrayList<>();
            if (kind.equals("all") || kind.equals("http")) {
                out.add(dir != null ? HttpRules.load(dir, c, strict)
                        : strict ? HttpRules.builtInRules(c) : HttpRules.builtInRulesLenient(c));
            }
            if (kind.equals("all") || kind.equals("process")) {
                out.add(dir != null ? ProcessRules.load(dir, c, strict)
                        : strict ? ProcessRules.builtInRules(c) : ProcessRules.builtInRulesLenient(c));
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("--kind: expected http, process or all, got '" + kind + "'");
            }
            return out;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every rule, then the count per alert type.")
    static final class ListRules implements Callable<Integer> {
        @CommandLine.Mixin
        Source source = new Source();

        @Override
        public Integer call() {
            PrintStream out = AlertsCommand.out();
            boolean ok = true;
            int total = 0;
            Map<String, Integer> counts = new java.util.TreeMap<>();
            for (RuleSet rs : source.load(false)) {
                for (Rule r : rs.rules()) {
                    out.printf("%-44s %-8s %-7s %-28s %s%n", r.id(), r.status().name().toLowerCase(java.util.Locale.ROOT),
                            r.severity().label(), r.type().name(), TerminalText.sanitize(r.title(), 80));
                }
                rs.countsByType().forEach((k, v) -> counts.merge(k, v, Integer::sum));
                total += rs.rules().size();
                ok &= rs.problems().isEmpty();
            }
            out.println();
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                out.printf("%-30s %3d%n", e.getKey(), e.getValue());
            }
            out.printf("%d rules%n", total);
            out.flush();
            return ok ? Main.EXIT_OK : Main.EXIT_USAGE;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One rule with its examples.")
    static final class Show implements Callable<Integer> {
        @CommandLine.Mixin
        Source source = new Source();

        @Parameters(paramLabel = "ID", description = "The rule id, such as http.sqli.tokenizer.")
        String id;

        @Override
        public Integer call() {
            PrintStream out = AlertsCommand.out();
            Optional<Rule> found = source.load(false).stream().map(rs -> rs.rule(id)).flatMap(Optional::stream)
                    .findFirst();
            if (found.isEmpty()) {
                System.err.println("vigil: no rule " + TerminalText.sanitize(id, 100) + " (see 'vigil rules list')");
                return Main.EXIT_USAGE;
            }
            Rule r = found.get();
            out.println(r.id() + ": " + r.title());
            out.println("  type:        " + r.type().name() + " (" + r.severity().label()
                    + (r.severityOnSuccess() != null ? ", " + r.severityOnSuccess().label() + " on a 2xx answer" : "") + ")");
            out.println("  status:      " + r.status().name().toLowerCase(java.util.Locale.ROOT));
            out.println("  fields:      " + String.join(", ", r.fields().stream().map(f -> f.key()).toList()));
            out.println("  file:        " + r.source());
            out.println("  description: " + r.description());
            print(out, "false positives", r.falsePositives());
            print(out, "references", r.references());
            out.println("  must match:");
            r.matches().forEach(e -> out.println("    " + TerminalText.sanitize(e.toString(), 200)));
            out.println("  must not match:");
            r.noMatches().forEach(e -> out.println("    " + TerminalText.sanitize(e.toString(), 200)));
            out.flush();
            return Main.EXIT_OK;
        }

        private static void print(PrintStream out, String label, List<String> items) {
            if (!items.isEmpty()) {
                out.println("  " + label + ":");
                items.forEach(i -> out.println("    - " + TerminalText.sanitize(i, 200)));
            }
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Run every rule's must-match and must-not-match examples; exit 1 on a failure.")
    static final class Test implements Callable<Integer> {
        @CommandLine.Mixin
        Source source = new Source();

        @Override
        public Integer call() {
            PrintStream out = AlertsCommand.out();
            int rules = 0;
            int examples = 0;
            int failed = 0;
            int broken = 0;
            for (RuleSet rs : source.load(false)) {
                List<RuleSet.ExampleFailure> failures = rs.runExamples();
                failures.forEach(f -> out.println("FAIL " + TerminalText.sanitize(f.toString(), 300)));
                rs.problems().forEach(p -> out.println("BROKEN " + TerminalText.sanitize(p, 300)));
                rules += rs.rules().size();
                examples += rs.rules().stream().mapToInt(r -> r.matches().size() + r.noMatches().size()).sum();
                failed += failures.size();
                broken += rs.problems().size();
            }
            out.printf("%d rules, %d examples: %d passed, %d failed%n", rules, examples, examples - failed, failed);
            out.flush();
            return failed == 0 && broken == 0 ? Main.EXIT_OK : Main.EXIT_FOUND;
        }
    }

    @Command(name = "lint", mixinStandardHelpOptions = true,
            description = "Schema errors, unused data files, unreachable conditions and failing examples.")
    static final class Lint implements Callable<Integer> {
        @CommandLine.Mixin
        Source source = new Source();

        @Override
        public Integer call() {
            PrintStream out = AlertsCommand.out();
            List<String> findings = source.load(false).stream().flatMap(rs -> rs.lint().stream()).toList();
            findings.forEach(f -> out.println(TerminalText.sanitize(f, 400)));
            long errors = findings.stream().filter(f -> !f.startsWith("warning:")).count();
            out.printf("%d errors, %d warnings%n", errors, findings.size() - errors);
            out.flush();
            return errors == 0 ? Main.EXIT_OK : Main.EXIT_FOUND;
        }
    }
}
