package dev.vigil.sigma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.event.Origin;
import dev.vigil.event.ProcessStart;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Loads SigmaHQ's process-creation and web-server rules from the shared test data
 * ({@code ../shared/eval/sigma} from the repository root) when that folder is present: no crash,
 * and loaded and skipped counts in a sane range. The rules are test data, not part of Vigil.
 */
class SharedSigmaRulesTest {
    private static Path shared() {
        for (Path p : new Path[] {Path.of("../shared/eval/sigma"), Path.of("../../shared/eval/sigma")}) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }

    @Test
    void loadsTheSharedSigmaHqRulesWithoutACrash() {
        Path dir = shared();
        assumeTrue(dir != null, "../shared/eval/sigma is not present");
        SigmaRuleSet set = SigmaLoader.load(dir, SigmaLoader.Options.defaults());
        System.out.println(set.summary());
        set.unsupportedByKind().forEach((k, v) -> System.out.println("  " + v + "  " + k));
        assertThat(set.files()).isGreaterThan(1000);
        assertThat(set.rules().size() + set.skipped().size()).isEqualTo(set.files());
        // nearly all of them use only what Vigil runs; macOS rules and a few others are skipped
        assertThat(set.rules().size()).isGreaterThan(set.files() * 8 / 10);
        assertThat(set.skippedCounts().getOrDefault(SigmaRuleSet.Reason.BROKEN, 0)).isZero();
        // and the whole set compiles into matchers that run an event
        SigmaDetector d = set.detector();
        ProcessStart p = ProcessStart.builder(new Origin("t", 1, 0)).host("h").pid(2).ppid(1)
                .exe("C:\\Windows\\System32\\vssadmin.exe").commandLine("vssadmin.exe delete shadows /all /quiet").build();
        java.util.List<String> hits = new java.util.ArrayList<>();
        d.inspect(p, x -> hits.add(x.ruleId()));
        assertThat(hits).isNotEmpty();
    }
}
