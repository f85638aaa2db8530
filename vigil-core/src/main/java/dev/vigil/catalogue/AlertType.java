package dev.vigil.catalogue;

import java.util.List;
import java.util.Objects;

/**
 * One alert type of the catalogue ({@code docs/ALERTS.md}): its name, default severity, MITRE
 * tactics and techniques, what it means and what to do about it. Loaded once by
 * {@link AlertCatalogue}.
 *
 * @param name        the type name, such as {@code SqlInjectionAttempt}
 * @param displayName the title shown to people
 * @param family      {@code web}, {@code runtime} or {@code other}
 * @param severity    default severity
 * @param tactics     MITRE ATT&amp;CK tactics (kill-chain intents)
 * @param techniques  MITRE technique ids, such as {@code T1190} or {@code T1552.005}
 * @param description what the alert means
 * @param remediation steps to take, in order
 * @param defender    the Defender for App Service counterpart, or empty
 * @param test        whether alerts of this type only prove the pipeline works
 *
 * <p>Immutable and thread-safe.
 */
public record AlertType(
        String name,
        String displayName,
        String family,
        Severity severity,
        List<String> tactics,
        List<String> techniques,
        String description,
        List<String> remediation,
        String defender,
        boolean test) {

    public AlertType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(severity, "severity");
        tactics = List.copyOf(tactics == null ? List.of() : tactics);
        techniques = List.copyOf(techniques == null ? List.of() : techniques);
        description = description == null ? "" : description;
        remediation = List.copyOf(remediation == null ? List.of() : remediation);
        defender = defender == null ? "" : defender;
    }
}
