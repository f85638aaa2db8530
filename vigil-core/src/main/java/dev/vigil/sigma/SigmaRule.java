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
 *
 * <p>Immutable and thread-safe.
 */
public record SigmaRule(Rule rule, String sigmaId, String author, String level, String status, String category,
                        String product, List<String> tags, String license) {
    public SigmaRule {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(sigmaId, "sigmaId");
        author = author == null || author.isBlank() ? "unknown author" : author.strip();
        level = level == null ? "" : level;
        status = status == null ? "" : status;
        product = product == null ? "" : product;
        tags = List.copyOf(tags);
        license = license == null ? "" : license;
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
