package dev.vigil.sigma;

import dev.vigil.rules.Rule;
import java.util.List;
import java.util.Objects;

/**
 * One Sigma rule Vigil runs: the compiled {@link Rule} (id {@code sigma:<the rule's id>}, its
 * condition tree, severity and alert type) with the Sigma metadata that has no place there.
 *
 * @param rule     the compiled rule, matched like a built-in one
 * @param sigmaId  the rule's own {@code id}
 * @param author   the rule's {@code author}, which the Detection Rule License requires in every
 *                 view of a match ({@code "unknown author"} when the file names none)
 * @param level    the Sigma level as written
 * @param status   the Sigma status as written (stable, test, experimental, ...), or empty
 * @param category the logsource category: {@code process_creation} or {@code webserver}
 * @param product  the logsource product in lower case ({@code windows}, {@code linux}) or empty;
 *                 a process rule applies only to events of that OS
 * @param tags     the rule's tags as written
 * @param license  the rule's {@code license} field, or empty (SigmaHQ rules are under DRL 1.1)
 * @param folderExamples examples the rule's folder carries for it ({@link Examples#NONE} when none)
 *
 * <p>Immutable and thread-safe.
 */
public record SigmaRule(Rule rule, String sigmaId, String author, String level, String status, String category,
                        String product, List<String> tags, String license, Examples folderExamples) {
    public SigmaRule {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(sigmaId, "sigmaId");
        author = author == null || author.isBlank() ? "unknown author" : author.strip();
        level = level == null ? "" : level;
        status = status == null ? "" : status;
        product = product == null ? "" : product;
        tags = List.copyOf(tags);
        license = license == null ? "" : license;
        folderExamples = folderExamples == null ? Examples.NONE : folderExamples;
    }

    /** A rule as its file gives it, with no examples from its folder. */
    public SigmaRule(Rule rule, String sigmaId, String author, String level, String status, String category,
                     String product, List<String> tags, String license) {
        this(rule, sigmaId, author, level, status, category, product, tags, license, Examples.NONE);
    }

    /**
     * Examples kept beside a rule file, in {@code NAME.examples.yml} for {@code NAME.yml} (see
     * docs/sigma.md): the rule file stays as its author wrote it.
     *
     * @param file      the examples file, relative to the loaded folder, or empty
     * @param matches   events (Sigma field names to values) the rule must match
     * @param noMatches events it must not match
     */
    public record Examples(String file, List<dev.vigil.rules.Example> matches, List<dev.vigil.rules.Example> noMatches) {
        public static final Examples NONE = new Examples("", List.of(), List.of());

        public Examples {
            Objects.requireNonNull(file, "file");
            matches = List.copyOf(matches);
            noMatches = List.copyOf(noMatches);
        }

        public int size() {
            return matches.size() + noMatches.size();
        }
    }

    /** This rule with the examples its folder carries. */
    SigmaRule withFolderExamples(Examples e) {
        return new SigmaRule(rule, sigmaId, author, level, status, category, product, tags, license, e);
    }

    /** How many examples the rule file and its folder carry together. */
    public int exampleCount() {
        return rule.matches().size() + rule.noMatches().size() + folderExamples.size();
    }

    public String title() {
        return rule.title();
    }

    public boolean isProcess() {
        return SigmaMapping.PROCESS.equals(category);
    }

    /**
     * The attribution every view of a match carries: title, author and licence, as the Detection
     * Rule License asks.
     */
    public String attribution() {
        return "Sigma rule \"" + rule.title() + "\" by " + author + " ("
                + (license.isEmpty() ? "Detection Rule License 1.1" : license) + ")";
    }
}
