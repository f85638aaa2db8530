package dev.vigil.cli;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.text.TerminalText;
import dev.vigil.detect.http.HttpRules;
import dev.vigil.detect.process.ProcessRules;
import dev.vigil.rules.Rule;
import dev.vigil.rules.load.RuleLoader;
import dev.vigil.rules.load.RuleSet;
import dev.vigil.sigma.SigmaLoader;
import dev.vigil.sigma.SigmaRule;
import dev.vigil.sigma.SigmaRuleSet;
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
                description = "A folder of Vigil rules (holding http/ or process/ and data/, or rule files) instead of "
                        + "the built-in rules, or sigma:DIR for a folder of Sigma rules.")
        String rules;

        @Option(names = "--kind", paramLabel = "KIND", defaultValue = "all",
                description = "http, process or all (default: ${DEFAULT-VALUE}).")
        String kind;

        @Option(names = "--min-level", paramLabel = "LEVEL",
                description = "Sigma rules: leave out rules below this level (informational, low, medium, high, critical).")
        String minLevel;

        @Option(names = "--sigma-deprecated",
                description = "Sigma rules: also load rules whose status is deprecated or unsupported.")
        boolean withDeprecated;

        /** Whether --rules names a folder of Sigma rules. */
        boolean sigma() {
            return rules != null && rules.startsWith("sigma:");
        }

        SigmaRuleSet sigmaRules() {
            return Sources.sigma(rules.substring("sigma:".length()), minLevel, withDeprecated);
        }

        /** The HTTP rules, then the process rules, as --kind asks; each rule file read once. */
        List<RuleSet> load(boolean strict) {
            AlertCatalogue c = AlertCatalogue.builtIn();
            boolean http = kind.equals("all") || kind.equals("http");
            boolean process = kind.equals("all") || kind.equals("process");
            if (!http && !process) {
                throw new IllegalArgumentException("--kind: expected http, process or all, got '" + kind + "'");
            }
            List<RuleSet> out = new java.util.ArrayList<>();
            if (rules != null) {
                List<RuleSet> both = RuleLoader.loadFolder(Path.of(rules), c, strict);
                if (http) {
                    out.add(both.get(0));
                }
                if (process) {
                    out.add(both.get(1));
                }
                return out;
            }
            if (http) {
                out.add(strict ? HttpRules.builtInRules(c) : HttpRules.builtInRulesLenient(c));
            }
            if (process) {
                out.add(strict ? ProcessRules.builtInRules(c) : ProcessRules.builtInRulesLenient(c));
            }
            return out;
        }
    }

    /** Loading rule folders named on the command line, shared with {@code scan --rules}. */
    static final class Sources {
        private Sources() {
        }

        /** A Sigma folder, or a usage error naming what is wrong. */
        static SigmaRuleSet sigma(String dir, String minLevel, boolean withDeprecated) {
            if (dir.isBlank()) {
                throw new IllegalArgumentException("--rules sigma:DIR: no folder after 'sigma:'");
            }
            Path p = Path.of(dir);
            if (!java.nio.file.Files.exists(p)) {
                throw new IllegalArgumentException("--rules sigma:" + dir + ": no such folder");
            }
            return SigmaLoader.load(p, new SigmaLoader.Options(minLevel, withDeprecated));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every rule, then the count per alert type.")
    static final class ListRules implements Callable<Integer> {
        @CommandLine.Mixin
        Source source = new Source();

        @Override
        public Integer call() {
            PrintStream out = AlertsCommand.out();
            if (source.sigma()) {
                return listSigma(out, source.sigmaRules());
            }
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

    private static int listSigma(PrintStream out, SigmaRuleSet set) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (SigmaRule s : set.rules()) {
            Rule r = s.rule();
            out.printf("%-44s %-13s %-7s %-28s %s (by %s)%n", r.id(), s.level(), r.severity().label(), r.type().name(),
                    TerminalText.sanitize(r.title(), 80), TerminalText.sanitize(s.author(), 60));
            counts.merge(r.type().name(), 1, Integer::sum);
        }
        out.println();
        counts.forEach((k, v) -> out.printf("%-30s %4d%n", k, v));
        out.println(TerminalText.sanitize(set.summary(), 300));
        if (!set.skipped().isEmpty()) {
            out.println("(the rules not loaded, with the reasons: vigil rules lint --rules sigma:"
                    + TerminalText.sanitize(set.folder(), 200) + ")");
        }
        out.flush();
        return Main.EXIT_OK;
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
            if (source.sigma()) {
                return showSigma(out);
            }
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

        private int showSigma(PrintStream out) {
            SigmaRuleSet set = source.sigmaRules();
            Optional<SigmaRule> found = set.rule(id);
            if (found.isEmpty()) {
                Optional<SigmaRuleSet.Skipped> skipped = set.skipped().stream()
                        .filter(k -> k.id().equals(id) || ("sigma:" + k.id()).equals(id)).findFirst();
                System.err.println("vigil: " + (skipped.isPresent() ? TerminalText.sanitize(skipped.get().toString(), 300)
                        : "no Sigma rule " + TerminalText.sanitize(id, 100) + " (see 'vigil rules list --rules sigma:DIR')"));
                return Main.EXIT_USAGE;
            }
            SigmaRule s = found.get();
            Rule r = s.rule();
            out.println(r.id() + ": " + TerminalText.sanitize(r.title(), 200));
            out.println("  author:      " + TerminalText.sanitize(s.author(), 200));
            out.println("  licence:     " + (s.license().isEmpty() ? "Detection Rule License 1.1 (unless the rule says otherwise)"
                    : TerminalText.sanitize(s.license(), 100)));
            out.println("  level:       " + s.level() + " (severity " + r.severity().label() + ")");
            out.println("  status:      " + TerminalText.sanitize(s.status(), 40));
            out.println("  logsource:   " + s.category() + (s.product().isEmpty() ? "" : ", " + s.product()));
            out.println("  type:        " + r.type().name());
            out.println("  tactics:     " + String.join(", ", r.tactics()));
            out.println("  techniques:  " + String.join(", ", r.techniques()));
            out.println("  file:        " + TerminalText.sanitize(r.source(), 300));
            out.println("  description: " + TerminalText.sanitize(r.description(), 2000));
            print(out, "false positives", r.falsePositives());
            print(out, "references", r.references());
            if (!r.matches().isEmpty() || !r.noMatches().isEmpty()) {
                out.println("  must match:");
                r.matches().forEach(e -> out.println("    " + TerminalText.sanitize(e.toString(), 200)));
                out.println("  must not match:");
                r.noMatches().forEach(e -> out.println("    " + TerminalText.sanitize(e.toString(), 200)));
            }
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
            if (source.sigma()) {
                SigmaRuleSet set = source.sigmaRules();
                List<SigmaRuleSet.ExampleFailure> failures = set.runExamples();
                failures.forEach(f -> out.println("FAIL " + TerminalText.sanitize(f.toString(), 300)));
                set.skipped().stream().filter(k -> k.reason() == SigmaRuleSet.Reason.BROKEN)
                        .forEach(k -> out.println("BROKEN " + TerminalText.sanitize(k.toString(), 300)));
                set.problems().forEach(p -> out.println("BROKEN " + TerminalText.sanitize(p, 300)));
                rules = set.rules().size();
                examples = set.rules().stream().mapToInt(SigmaRule::exampleCount).sum();
                int fromFolders = set.rules().stream().mapToInt(r -> r.folderExamples().size()).sum();
                failed = failures.size();
                broken = set.skippedCounts().getOrDefault(SigmaRuleSet.Reason.BROKEN, 0) + set.problems().size();
                long without = set.rules().stream().filter(r -> r.exampleCount() == 0).count();
                out.printf("%d Sigma rules, %d examples (%d from examples files): %d passed, %d failed; "
                        + "%d rules carry no examples%n", rules, examples, fromFolders, examples - failed, failed, without);
                out.flush();
                return failed == 0 && broken == 0 ? Main.EXIT_OK : Main.EXIT_FOUND;
            }
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
            description = {"Schema errors, unused data files, unreachable conditions and failing examples.",
                "With --rules sigma:DIR: every Sigma rule Vigil does not run, with the reason."})
    static final class Lint implements Callable<Integer> {
        @CommandLine.Mixin
        Source source = new Source();

        @Option(names = "--coverage",
                description = "Also list each branch of a rule that no match example takes (as warnings).")
        boolean coverage;

        @Option(names = "--nested",
                description = {"With --coverage: also the branches of each 'any' inside an 'all' or another 'any'",
                    "(taken when a match example's value makes the branch true)."})
        boolean nested;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintStream out = AlertsCommand.out();
            if (nested && !coverage) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--nested goes with --coverage");
            }
            if (source.sigma()) {
                return lintSigma(out, source.sigmaRules());
            }
            List<RuleSet> sets = source.load(false);
            List<String> findings = new java.util.ArrayList<>();
            int uncovered = 0;
            for (RuleSet rs : sets) {
                findings.addAll(rs.lint());
                List<String> cov = rs.coverage(nested);
                uncovered += cov.size();
                if (coverage) {
                    findings.addAll(cov);
                }
            }
            findings.forEach(f -> out.println(TerminalText.sanitize(f, 400)));
            long errors = findings.stream().filter(f -> !f.startsWith("warning:")).count();
            out.printf("%d errors, %d warnings%n", errors, findings.size() - errors);
            if (!coverage && uncovered > 0) {
                out.printf("(%d rule branches are not taken by any match example: 'rules lint --coverage' lists them)%n",
                        uncovered);
            }
            out.flush();
            return errors == 0 ? Main.EXIT_OK : Main.EXIT_FOUND;
        }

        private static int lintSigma(PrintStream out, SigmaRuleSet set) {
            List<String> findings = set.lint();
            findings.forEach(f -> out.println(TerminalText.sanitize(f, 400)));
            out.println(TerminalText.sanitize(set.summary(), 300));
            Map<String, Integer> kinds = set.unsupportedByKind();
            if (!kinds.isEmpty()) {
                out.println("unsupported, by reason:");
                kinds.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                        .forEach(e -> out.printf("  %5d  %s%n", e.getValue(), TerminalText.sanitize(e.getKey(), 200)));
            }
            long errors = findings.stream().filter(f -> !f.startsWith("warning:") && !f.startsWith("note:")).count();
            long warnings = findings.stream().filter(f -> f.startsWith("warning:")).count();
            out.printf("%d errors, %d warnings%n", errors, warnings);
            out.flush();
            return errors == 0 ? Main.EXIT_OK : Main.EXIT_FOUND;
        }
    }
}
