package dev.vigil.rules;

import dev.vigil.catalogue.AlertType;
import dev.vigil.catalogue.Severity;
import java.util.List;
import java.util.Objects;

/**
 * One detection rule, compiled from its YAML file.
 *
 * @param id                stable id such as {@code http.sqli.tokenizer}
 * @param title             one line for people
 * @param type              the alert type it feeds
 * @param description       what it finds and why that matters
 * @param severity          this rule's severity (the type's unless the file overrides it)
 * @param severityOnSuccess severity when the response was 2xx, or null to keep {@code severity}
 * @param status            stable rules always run; preview rules only when asked
 * @param tactics           MITRE tactics (the type's unless overridden)
 * @param techniques        MITRE techniques (the type's unless overridden)
 * @param fields            the fields whose values the condition is tested against, in order
 * @param condition         the compiled condition tree
 * @param falsePositives    known benign causes
 * @param remediation       steps (the type's unless overridden)
 * @param references        links
 * @param matches           examples the rule must match
 * @param noMatches         examples the rule must not match
 * @param source            the file it came from
 *
 * <p>Immutable and thread-safe.
 */
public record Rule(
        String id,
        String title,
        AlertType type,
        String description,
        Severity severity,
        Severity severityOnSuccess,
        Status status,
        List<String> tactics,
        List<String> techniques,
        List<Field> fields,
        Condition condition,
        List<String> falsePositives,
        List<String> remediation,
        List<String> references,
        List<Example> matches,
        List<Example> noMatches,
        String source) {

    /** Whether a rule runs by default. */
    public enum Status { STABLE, PREVIEW }

    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(source, "source");
        description = description == null ? "" : description;
        tactics = List.copyOf(tactics);
        techniques = List.copyOf(techniques);
        fields = List.copyOf(fields);
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("rule " + id + ": no fields");
        }
        falsePositives = List.copyOf(falsePositives);
        remediation = List.copyOf(remediation);
        references = List.copyOf(references);
        matches = List.copyOf(matches);
        noMatches = List.copyOf(noMatches);
    }
}
