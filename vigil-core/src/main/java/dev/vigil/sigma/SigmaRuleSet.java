package dev.vigil.sigma;

import dev.vigil.detect.Detection;
import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.Origin;
import dev.vigil.event.ProcessStart;
import dev.vigil.rules.Example;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A loaded folder of Sigma rules: the rules Vigil runs and every rule it does not, with why.
 * Backs {@code vigil rules list|show|test|lint --rules sigma:DIR} and {@code scan --rules}.
 *
 * <p>Immutable and thread-safe.
 */
public final class SigmaRuleSet {
    /** Why a rule file is not run. */
    public enum Reason {
        /** The file is not a readable rule (YAML errors, duplicate id). */
        BROKEN,
        /** The rule uses something Vigil cannot run (aggregation, unknown modifier, unmapped field). */
        UNSUPPORTED,
        /** Left out on purpose: status deprecated or unsupported, or below {@code --min-level}. */
        LEFT_OUT
    }

    /** One rule file not run, with the reason. */
    public record Skipped(String file, String id, String title, Reason reason, String message) {
        @Override
        public String toString() {
            return file + ": rule " + id + ": " + reason.name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + ": " + message;
        }
    }

    private final String folder;
    private final int files;
    private final List<SigmaRule> rules;
    private final List<Skipped> skipped;
    private final List<String> problems;

    SigmaRuleSet(String folder, int files, List<SigmaRule> rules, List<Skipped> skipped, List<String> problems) {
        this.folder = folder;
        this.files = files;
        this.rules = List.copyOf(rules);
        this.skipped = List.copyOf(skipped);
        this.problems = List.copyOf(problems);
    }

    public String folder() {
        return folder;
    }

    /** Rule files read. */
    public int files() {
        return files;
    }

    public List<SigmaRule> rules() {
        return rules;
    }

    public List<Skipped> skipped() {
        return skipped;
    }

    /**
     * Examples files that could not be used: not readable, not the expected shape, or beside no
     * rule file. Each is an error for {@code rules test} and {@code rules lint}.
     */
    public List<String> problems() {
        return problems;
    }

    /** A rule by its Sigma id or by {@code sigma:<id>}. */
    public Optional<SigmaRule> rule(String id) {
        String bare = id.startsWith("sigma:") ? id.substring(6) : id;
        return rules.stream().filter(r -> r.sigmaId().equals(bare)).findFirst();
    }

    /** Skipped rules per reason. */
    public Map<Reason, Integer> skippedCounts() {
        Map<Reason, Integer> m = new TreeMap<>();
        skipped.forEach(s -> m.merge(s.reason(), 1, Integer::sum));
        return m;
    }

    /**
     * Why rules were found unsupported, grouped by the kind of reason (the message up to its
     * first quote or colon), most frequent first.
     */
    public Map<String, Integer> unsupportedByKind() {
        Map<String, Integer> m = new TreeMap<>();
        for (Skipped s : skipped) {
            if (s.reason() == Reason.UNSUPPORTED) {
                String msg = s.message().replaceFirst("^[^: ]*: ", ""); // drop the search identifier
                msg = msg.replaceAll("'[^']*'", "'…'");
                m.merge(msg, 1, Integer::sum);
            }
        }
        return m;
    }

    /** One line: loaded and skipped counts. */
    public String summary() {
        Map<Reason, Integer> c = skippedCounts();
        return String.format(Locale.ROOT, "%s: %d Sigma rules loaded from %d files; %d unsupported, %d left out, %d broken",
                folder, rules.size(), files, c.getOrDefault(Reason.UNSUPPORTED, 0),
                c.getOrDefault(Reason.LEFT_OUT, 0), c.getOrDefault(Reason.BROKEN, 0));
    }

    /** The detector that runs the loaded rules. */
    public SigmaDetector detector() {
        return new SigmaDetector(rules);
    }

    /** One example that did not behave as its rule file (or its examples file, {@code file}) says. */
    public record ExampleFailure(SigmaRule rule, boolean shouldMatch, Example example, String file) {
        @Override
        public String toString() {
            return file + ": rule " + rule.rule().id() + ": example " + example
                    + (shouldMatch ? " should match but does not" : " should not match but does");
        }
    }

    /**
     * Runs the examples rule files carry ({@code examples: {match: [...], no_match: [...]}}, each a
     * map of Sigma field names to values), and those their folders carry beside them
     * ({@code NAME.examples.yml}), through each rule alone, as a scan would.
     */
    public List<ExampleFailure> runExamples() {
        List<ExampleFailure> out = new ArrayList<>();
        for (SigmaRule r : rules) {
            if (r.exampleCount() == 0) {
                continue;
            }
            SigmaDetector d = new SigmaDetector(List.of(r));
            int line = 1;
            String own = r.rule().source();
            String folder = r.folderExamples().file();
            for (Example e : r.rule().matches()) {
                if (!matches(d, r, e, line++)) {
                    out.add(new ExampleFailure(r, true, e, own));
                }
            }
            for (Example e : r.rule().noMatches()) {
                if (matches(d, r, e, line++)) {
                    out.add(new ExampleFailure(r, false, e, own));
                }
            }
            for (Example e : r.folderExamples().matches()) {
                if (!matches(d, r, e, line++)) {
                    out.add(new ExampleFailure(r, true, e, folder));
                }
            }
            for (Example e : r.folderExamples().noMatches()) {
                if (matches(d, r, e, line++)) {
                    out.add(new ExampleFailure(r, false, e, folder));
                }
            }
        }
        return out;
    }

    private static boolean matches(SigmaDetector d, SigmaRule r, Example e, int line) {
        List<Detection> hits = new ArrayList<>();
        d.inspect(event(r, e, line), hits::add);
        return !hits.isEmpty();
    }

    /** An example (Sigma field names to values) as the event its rule reads. */
    static Event event(SigmaRule r, Example e, int line) {
        Origin o = new Origin(r.rule().source(), line, 0);
        Map<String, String> f = e.fields();
        if (!r.isProcess()) {
            String target = f.get("c-uri");
            if (target == null) {
                String stem = f.getOrDefault("cs-uri-stem", "/");
                String q = f.get("cs-uri-query");
                target = q == null ? stem : stem + "?" + q;
            }
            int status;
            try {
                status = Integer.parseInt(f.getOrDefault("sc-status", "200").strip());
            } catch (NumberFormatException x) {
                status = -1;
            }
            return HttpRequest.builder(o).method(f.getOrDefault("cs-method", "GET")).target(target)
                    .protocol("HTTP/1.1").status(status).userAgent(f.get("cs-user-agent"))
                    .referer(f.get("cs-referer")).host(f.get("cs-host"))
                    .clientIp(f.getOrDefault("c-ip", "192.0.2.10")).build();
        }
        ProcessStart.Builder b = ProcessStart.builder(o).host("example").pid(2000 + line).ppid(1000);
        for (Map.Entry<String, String> x : f.entrySet()) {
            switch (x.getKey()) {
                case "Image" -> b.exe(x.getValue());
                case "CommandLine" -> b.commandLine(x.getValue());
                case "ParentImage" -> b.parentExe(x.getValue());
                case "ParentCommandLine" -> b.parentCommandLine(x.getValue());
                case "User" -> b.user(x.getValue());
                case "CurrentDirectory" -> b.cwd(x.getValue());
                default -> b.extra(x.getKey(), x.getValue());
            }
        }
        if (r.product().equals("windows") && f.get("Image") == null) {
            b.exe("C:\\Windows\\System32\\cmd.exe"); // the OS is told from the executable
        }
        return b.build();
    }

    /**
     * Lint: every skipped rule with its reason, and failing examples. Rules left out on purpose
     * are listed as {@code note:} lines, unsupported ones as {@code warning:} lines; broken files
     * and failing examples are errors.
     */
    public List<String> lint() {
        List<String> out = new ArrayList<>();
        for (Skipped s : skipped) {
            String prefix = switch (s.reason()) {
                case BROKEN -> "";
                case UNSUPPORTED -> "warning: ";
                case LEFT_OUT -> "note: ";
            };
            out.add(prefix + s);
        }
        out.addAll(problems);
        runExamples().forEach(f -> out.add(f.toString()));
        for (String id : detector().alwaysRun()) {
            rule(id).ifPresent(r -> out.add("note: " + r.rule().source() + ": rule " + r.sigmaId()
                    + ": no literal for the prefilter, so it is evaluated on every event"));
        }
        return out;
    }
}
