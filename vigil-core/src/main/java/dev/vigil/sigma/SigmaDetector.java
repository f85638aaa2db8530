package dev.vigil.sigma;

import dev.vigil.detect.Detection;
import dev.vigil.detect.Detector;
import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.ProcessStart;
import dev.vigil.rules.Rule;
import dev.vigil.rules.match.RuleMatcher;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Sigma rules as a {@link Detector}: one {@link RuleMatcher} (the built-in rules' matcher, with
 * its Aho-Corasick prefilter) for Windows process events, one for Linux ones, one for requests.
 * A rule whose logsource names a product runs only on events of that OS (see {@link #isWindows});
 * one without a product runs on both.
 *
 * <p>Each match is a detection {@code sigma:<id>} whose value is the command line (or the
 * request target) as logged and whose decoded text is the rule's attribution: title, author and
 * licence, which the Detection Rule License requires wherever a match is shown.
 *
 * <p>Immutable and thread-safe.
 */
public final class SigmaDetector implements Detector {
    public static final String ID = "sigma-rules";
    /** From this many rules on, the matchers are built in parallel. */
    private static final int PARALLEL_BUILD = 100;

    private final RuleMatcher windows;
    private final RuleMatcher linux;
    private final RuleMatcher web;
    /** Each rule's attribution, built once: it is the decoded text of every detection. */
    private final Map<Rule, String> attribution = new IdentityHashMap<>();
    private final int count;

    public SigmaDetector(List<SigmaRule> rules) {
        List<Rule> win = new ArrayList<>();
        List<Rule> lin = new ArrayList<>();
        List<Rule> req = new ArrayList<>();
        for (SigmaRule s : rules) {
            attribution.put(s.rule(), s.attribution());
            if (!s.isProcess()) {
                req.add(s.rule());
                continue;
            }
            if (!s.product().equals("linux")) {
                win.add(s.rule());
            }
            if (!s.product().equals("windows")) {
                lin.add(s.rule());
            }
        }
        // the three automata are independent: with a large folder, build them on all cores (part
        // of the start-up a whole scan pays for)
        List<List<Rule>> sets = List.of(win, lin, req);
        RuleMatcher[] m = (rules.size() >= PARALLEL_BUILD ? sets.parallelStream() : sets.stream())
                .map(RuleMatcher::new).toArray(RuleMatcher[]::new);
        this.windows = m[0];
        this.linux = m[1];
        this.web = m[2];
        this.count = rules.size();
    }

    public int ruleCount() {
        return count;
    }

    /** Ids of the rules without a literal for the prefilter, which run on every event. */
    public List<String> alwaysRun() {
        List<String> out = new ArrayList<>(windows.alwaysRun());
        linux.alwaysRun().stream().filter(id -> !out.contains(id)).forEach(out::add);
        out.addAll(web.alwaysRun());
        return out;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void inspect(Event event, Consumer<Detection> out) {
        try {
            if (event instanceof ProcessStart p) {
                RuleMatcher m = isWindows(p) ? windows : linux;
                boolean cmd = p.commandLine() != null && !p.commandLine().isEmpty();
                m.match(new SigmaViews.Process(p), (rule, v) -> out.accept(detection(rule, event,
                        cmd ? "cmdline" : "exe", cmd ? p.commandLine() : p.exe())));
            } else if (event instanceof HttpRequest r) {
                web.match(new SigmaViews.Request(r), (rule, v) -> out.accept(detection(rule, event, "target", r.target())));
            }
        } catch (RuntimeException e) {
            // never throw on input: a failure inside matching loses this event's Sigma detections only
        }
    }

    /**
     * Whether a process event is a Windows one, for the rules' {@code product}: an {@code os}
     * field says so; else an executable path with a backslash or ending in {@code .exe} is
     * Windows and any other executable (a path with slashes, or a bare name) is not; with no
     * executable, a command line that starts with a drive path, a UNC path or an {@code .exe}
     * word is. Stricter than the command-line normaliser's guess, which takes shell escapes such
     * as {@code \0} for Windows paths.
     */
    static boolean isWindows(ProcessStart p) {
        String os = p.extra().get("os");
        if (os != null) {
            if (os.equalsIgnoreCase("windows")) {
                return true;
            }
            if (os.equalsIgnoreCase("linux")) {
                return false;
            }
        }
        String exe = p.exe();
        if (exe != null && !exe.isEmpty()) {
            return exe.indexOf('\\') >= 0 || exe.regionMatches(true, exe.length() - 4, ".exe", 0, 4);
        }
        String cmd = p.commandLine();
        if (cmd == null) {
            return false;
        }
        cmd = cmd.strip();
        int start = cmd.startsWith("\"") ? 1 : 0;
        if (cmd.length() > start + 2 && Character.isLetter(cmd.charAt(start)) && cmd.charAt(start + 1) == ':'
                && cmd.charAt(start + 2) == '\\') {
            return true;
        }
        if (cmd.startsWith("\\\\", start)) {
            return true;
        }
        int end = start == 1 ? cmd.indexOf('"', 1) : cmd.indexOf(' ');
        String first = end < 0 ? cmd.substring(start) : cmd.substring(start, end);
        return first.regionMatches(true, first.length() - 4, ".exe", 0, 4);
    }

    private Detection detection(Rule rule, Event event, String field, String value) {
        return new Detection(rule.id(), rule.type(), rule.severity(), event, field, value == null ? "" : value,
                attribution.get(rule));
    }
}
