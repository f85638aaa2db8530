package dev.vigil.cli;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.Detector;
import dev.vigil.analyze.process.WebWorkers;
import dev.vigil.detect.http.HttpRules;
import dev.vigil.detect.process.ProcessRules;
import dev.vigil.rules.load.RuleLoader;
import dev.vigil.rules.load.RuleSet;
import dev.vigil.sigma.SigmaRuleSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The detectors for {@code scan --rules}: each {@code DIR} is a folder of Vigil rules (loaded
 * strictly: a broken rule is a usage error naming its file), each {@code sigma:DIR} a folder of
 * Sigma rules (what cannot run is skipped and counted, never fatal).
 *
 * <p>Stateless.
 */
final class ScanRules {
    private ScanRules() {
    }

    /** What the folders gave: detectors to add, and one line per Sigma folder for the summary. */
    record Loaded(List<Detector> detectors, List<String> notes) {
    }

    static Loaded load(List<String> specs, String minLevel, boolean sigmaDeprecated, boolean preview,
                       WebWorkers workers) {
        List<Detector> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        AlertCatalogue c = AlertCatalogue.builtIn();
        for (String spec : specs) {
            if (spec.startsWith("sigma:")) {
                SigmaRuleSet set = RulesCommand.Sources.sigma(spec.substring("sigma:".length()), minLevel, sigmaDeprecated);
                out.add(set.detector());
                String note = set.summary();
                if (!set.skipped().isEmpty()) {
                    note += " (vigil rules lint --rules " + spec + " lists them)";
                }
                notes.add(note);
                continue;
            }
            Path dir = Path.of(spec);
            if (!java.nio.file.Files.isDirectory(dir)) {
                throw new IllegalArgumentException("--rules " + spec + ": no such folder");
            }
            List<RuleSet> sets = RuleLoader.loadFolder(dir, c, true);
            if (!sets.get(0).rules().isEmpty()) {
                out.add(HttpRules.detector(sets.get(0), preview));
            }
            if (!sets.get(1).rules().isEmpty()) {
                out.addAll(ProcessRules.detectors(sets.get(1), c, preview, workers));
            }
            notes.add(spec + ": " + sets.get(0).rules().size() + " HTTP and " + sets.get(1).rules().size()
                    + " process rules loaded");
        }
        return new Loaded(out, notes);
    }
}
