package dev.vigil.detect.process;

import dev.vigil.rules.Condition;
import dev.vigil.rules.Field;
import dev.vigil.rules.Rule;
import dev.vigil.rules.load.RuleLoader;
import dev.vigil.rules.load.RuleSet;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.AlertType;
import dev.vigil.detect.Detection;
import dev.vigil.detect.Detector;
import dev.vigil.detect.Lazy;
import dev.vigil.detect.LazyDetector;
import dev.vigil.analyze.process.CommandDecoder;
import dev.vigil.analyze.reading.CommandReader;
import dev.vigil.analyze.reading.ProgramSpelling;
import dev.vigil.normalize.CommandLineNormalizer;
import dev.vigil.analyze.process.WebWorkers;
import dev.vigil.event.Event;
import dev.vigil.event.ProcessStart;
import dev.vigil.rules.match.LineBudget;
import dev.vigil.rules.match.ProcessView;
import dev.vigil.rules.match.RuleMatcher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The process rule engine as a {@link Detector}: the rules under {@code rules/process/} that read
 * only the event's own content (executable, command line, arguments, user, working directory),
 * matched through the same compiler, prefilter and evaluator as the HTTP rules, on a
 * {@link ProcessView} of the event.
 *
 * <p>Before matching, the command line is searched for base64 ({@link CommandDecoder}): a blob
 * that decodes to a PE or ELF header raises {@code EncodedExecutableInCommandLine}; one that a
 * shell, an interpreter or PowerShell {@code -EncodedCommand} runs raises {@code EncodedCommand};
 * and every decoded text is matched against the rules again, the detection's {@code decoded}
 * value holding the decoded command.
 *
 * <p>Rules that read the lineage ({@code parent_*}, {@code ancestors}, {@code web_worker}) need
 * the process tree and run in {@link ProcessLineage}, a keyed detector, instead:
 * {@link #defaults} builds both from one load.
 *
 * <p>Immutable, stateless and thread-safe.
 */
public final class ProcessRules implements Detector {
    public static final String ID = "process-rules";
    public static final String ENCODED_EXECUTABLE_RULE = "process.decode.encoded-executable";
    public static final String ENCODED_COMMAND_RULE = "process.decode.encoded-command";

    private final RuleMatcher matcher;
    private final AlertType encodedExecutable;
    private final AlertType encodedCommand;

    private ProcessRules(List<Rule> rules, AlertCatalogue catalogue, Duration budget) {
        this.matcher = new RuleMatcher(rules, budget);
        this.encodedExecutable = catalogue.find("EncodedExecutableInCommandLine").orElse(null);
        this.encodedCommand = catalogue.find("EncodedCommand").orElse(null);
    }

    /** The content detector and the lineage detector over the built-in process rules. */
    public static List<Detector> defaults(AlertCatalogue catalogue, boolean preview) {
        return detectors(builtInRules(catalogue), catalogue, preview, WebWorkers.defaults());
    }

    /** Both process detectors over a loaded rule set, judging web workers by {@code workers}. */
    public static List<Detector> detectors(RuleSet rules, AlertCatalogue catalogue, boolean preview, WebWorkers workers) {
        List<Rule> content = new ArrayList<>();
        List<Rule> lineage = new ArrayList<>();
        for (Rule r : rules.active(preview)) {
            (readsLineage(r) ? lineage : content).add(r);
        }
        return List.of(new ProcessRules(content, catalogue, LineBudget.DEFAULT), new ProcessLineage(lineage, workers, catalogue));
    }

    /**
     * Both process detectors over the rule set {@code rules} gives, read on the first process
     * event: a scan of an access log alone never loads or compiles the process rules (most of a
     * second). {@code rules} is called at most once.
     */
    public static List<Detector> lazyDetectors(Supplier<RuleSet> rules, AlertCatalogue catalogue, boolean preview,
                                               WebWorkers workers) {
        Lazy<RuleSet> once = new Lazy<>("the process rules", rules);
        Detector content = new LazyDetector(ID, e -> e instanceof ProcessStart,
                () -> detector(once.get(), catalogue, preview));
        Supplier<List<Rule>> lineage = () -> once.get().active(preview).stream().filter(ProcessRules::readsLineage).toList();
        return List.of(content, new ProcessLineage(lineage, workers, catalogue));
    }

    /** The content detector alone over a loaded rule set (lineage rules left out). */
    public static ProcessRules detector(RuleSet rules, AlertCatalogue catalogue, boolean preview) {
        return detector(rules, catalogue, preview, LineBudget.DEFAULT);
    }

    /**
     * The content detector alone, giving each event (and each command decoded from it) {@code
     * budget} for its rules with regular expressions and tokenizers (see {@link LineBudget}).
     */
    public static ProcessRules detector(RuleSet rules, AlertCatalogue catalogue, boolean preview, Duration budget) {
        List<Rule> content = new ArrayList<>();
        for (Rule r : rules.active(preview)) {
            if (!readsLineage(r)) {
                content.add(r);
            }
        }
        return new ProcessRules(content, catalogue, budget);
    }

    /** The built-in process rule set; throws naming the file and rule id if one is broken. */
    public static RuleSet builtInRules(AlertCatalogue catalogue) {
        return RuleLoader.loadBuiltIn("process", catalogue);
    }

    /** The built-in process rules loaded leniently, for lint. */
    public static RuleSet builtInRulesLenient(AlertCatalogue catalogue) {
        return RuleLoader.loadBuiltInLenient("process", catalogue);
    }

    /** Loads process rules from a folder ({@code process/} below it, or rule files directly). */
    public static RuleSet load(Path dir, AlertCatalogue catalogue, boolean strict) {
        return RuleLoader.load(dir, "process", catalogue, strict);
    }

    /** Whether a rule reads a field that only the process tree can fill in. */
    public static boolean readsLineage(Rule r) {
        for (Field f : r.fields()) {
            if (f.isLineage()) {
                return true;
            }
        }
        return readsLineage(r.condition());
    }

    private static boolean readsLineage(Condition c) {
        if (c instanceof Condition.All a) {
            return a.children().stream().anyMatch(ProcessRules::readsLineage);
        }
        if (c instanceof Condition.Any a) {
            return a.children().stream().anyMatch(ProcessRules::readsLineage);
        }
        if (c instanceof Condition.Not n) {
            return readsLineage(n.child());
        }
        Field f = null;
        if (c instanceof Condition.Text t) {
            f = t.field();
        } else if (c instanceof Condition.Regex x) {
            f = x.field();
        } else if (c instanceof Condition.Detect d) {
            f = d.field();
        } else if (c instanceof Condition.Compare cmp) {
            f = cmp.field();
        } else if (c instanceof Condition.Cidr cidr) {
            f = cidr.field();
        } else if (c instanceof Condition.Reads rd) {
            f = rd.field();
        }
        return f != null && f.isLineage();
    }

    public int ruleCount() {
        return matcher.rules().size();
    }

    /** Ids of rules without a required literal, which run on every event (keep these few). */
    public List<String> alwaysRun() {
        return matcher.alwaysRun();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void inspect(Event event, Consumer<Detection> out) {
        if (!(event instanceof ProcessStart p)) {
            return;
        }
        // a failure inside matching propagates: the engine counts it per detector and names the line
        int skipped = run(matcher, p, null, out, this);
        if (skipped > 0) {
            // after the detections found are out: the engine reports the line as a problem
            throw new LineBudget.OverBudget(skipped, matcher.budget());
        }
    }

    /**
     * Matches {@code p} (and the commands decoded from its command line) against {@code m},
     * reporting each rule at most once. With {@code decoders}, also reports the decoders' own
     * findings (encoded executables and commands). Returns how many rule runs were skipped for
     * want of time (see {@link LineBudget}): 0 but for a last resort.
     */
    public static int run(RuleMatcher m, ProcessStart p, String webWorker, Consumer<Detection> out, ProcessRules decoders) {
        String cmd = p.commandLine();
        List<CommandDecoder.Decoded> decoded = cmd == null || cmd.length() < 4 ? List.of() : CommandDecoder.decode(cmd);
        List<String> readings = cmd == null ? List.of() : posixReadings(cmd);
        if (!readings.isEmpty() && CommandLineNormalizer.isWindows(p.exe(), cmd)) {
            readings = List.of(); // asked only where there are readings: most lines have none
        }
        if (decoded.isEmpty() && readings.isEmpty()) {
            return matchOnly(m, p, webWorker, out);
        }
        List<String> fired = new ArrayList<>(2);
        int skipped = matchOnly(m, p, webWorker, d -> {
            fired.add(d.ruleId());
            out.accept(d);
        });
        // what a shell is told to run (sh -c '...') is read as a command line of its own too, where
        // its first program stands at the start of a command; so is a line whose program is spelled
        // to hide it, with only the program spelled out
        for (String reading : readings) {
            skipped += matchReading(m, p, reading, webWorker, fired, out, "read as: ");
        }
        for (int depth = 0; depth < 2 && !decoded.isEmpty(); depth++) {
            List<CommandDecoder.Decoded> next = new ArrayList<>();
            for (CommandDecoder.Decoded d : decoded) {
                if (decoders != null) {
                    decoders.report(d, p, out);
                }
                if (d.kind() == CommandDecoder.Kind.EXECUTABLE) {
                    continue;
                }
                String text = d.text();
                skipped += matchReading(m, p, text, webWorker, fired, out, "decoded: ");
                if (depth == 0) {
                    next.addAll(CommandDecoder.decode(text));
                }
            }
            decoded = next;
        }
        return skipped;
    }

    /**
     * Matches {@code line} as a command line of {@code p} (the rest of the event as it is), reporting
     * each rule not {@code fired} yet, with {@code label} and the line as read for evidence; returns
     * how many rule runs were skipped for want of time.
     */
    private static int matchReading(RuleMatcher m, ProcessStart p, String line, String webWorker, List<String> fired,
                                    Consumer<Detection> out, String label) {
        ProcessView view = new ProcessView(p, line, webWorker);
        return m.match(view, (rule, v) -> {
            if (!fired.contains(rule.id())) {
                fired.add(rule.id());
                // the reading of the line that matched (its variables expanded, say), or the line
                // as read when the rule matched another field
                String read = v.field() == Field.CMDLINE ? v.decoded() : view.normalizedCommandLine();
                out.accept(new Detection(rule.id(), rule.type(), rule.severity(), p, "cmdline", p.commandLine(),
                        label + read));
            }
        });
    }

    /**
     * The other command lines a POSIX {@code cmd} holds, each read as a command line of its own:
     * the strings shells are told to run ({@link CommandReader#shellStrings}), and {@code cmd} and
     * those strings again with a program word spelled to hide it spelled out
     * ({@link ProgramSpelling#spelledOut}). Empty in the common case.
     */
    static List<String> posixReadings(String cmd) {
        List<String> strings = CommandReader.shellStrings(cmd);
        String plain = ProgramSpelling.spelledOut(cmd);
        if (plain == null && strings.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(strings.size() * 2 + 1);
        if (plain != null) {
            out.add(plain);
        }
        for (String s : strings) {
            out.add(s);
            String sp = ProgramSpelling.spelledOut(s);
            if (sp != null) {
                out.add(sp);
            }
        }
        return out;
    }

    /**
     * Matches {@code p} as logged against {@code m}, without decoding what its command line
     * carries; returns how many rules were skipped for want of time.
     */
    public static int matchOnly(RuleMatcher m, ProcessStart p, String webWorker, Consumer<Detection> out) {
        ProcessView view = new ProcessView(p, p.commandLine(), webWorker);
        return m.match(view, (rule, v) -> out.accept(
                new Detection(rule.id(), rule.type(), rule.severity(), p, v.field().key(), v.raw(), v.decoded())));
    }

    private void report(CommandDecoder.Decoded d, ProcessStart p, Consumer<Detection> out) {
        if (d.kind() == CommandDecoder.Kind.EXECUTABLE && encodedExecutable != null) {
            out.accept(new Detection(ENCODED_EXECUTABLE_RULE, encodedExecutable, encodedExecutable.severity(), p,
                    "cmdline", p.commandLine(), d.text() + ": " + abbreviate(d.blob())));
        } else if (d.kind() == CommandDecoder.Kind.EXECUTED && encodedCommand != null) {
            out.accept(new Detection(ENCODED_COMMAND_RULE, encodedCommand, encodedCommand.severity(), p,
                    "cmdline", p.commandLine(), d.text()));
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
