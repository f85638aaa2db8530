package dev.vigil.incident;

import dev.vigil.alert.Alert;
import dev.vigil.catalogue.Severity;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Related alerts told as one story: who (attacker addresses), where (resources), what happened in
 * kill-chain order, and how far it got.
 *
 * @param id         deterministic: derived from the ids of its alerts
 * @param title      one line, such as "Attack on shop.example.com from 203.0.113.9"
 * @param severity   the highest alert severity, one step higher when the attack likely succeeded
 * @param outcome    how far the attack got
 * @param narrative  a few sentences in kill-chain order
 * @param alerts     the alerts, in kill-chain order, then by first-seen time
 * @param ips        attacker addresses
 * @param hosts      resources involved
 * @param firstSeen  earliest first-seen of its alerts (epoch ms)
 * @param lastSeen   latest last-seen of its alerts (epoch ms)
 *
 * <p>Immutable and thread-safe.
 */
public record Incident(
        String id,
        String title,
        Severity severity,
        Outcome outcome,
        String narrative,
        List<Alert> alerts,
        Set<String> ips,
        Set<String> hosts,
        long firstSeen,
        long lastSeen) {

    /** How far an attack got, as far as the evidence shows. */
    public enum Outcome {
        /** Attempts only: nothing shows they worked. */
        ATTEMPTED("attempted"),
        /** Signs of success: a login after guessing, an edited file requested, a process on the host. */
        LIKELY_SUCCEEDED("likely succeeded"),
        /** A web attack followed on the same host by the processes it would start. */
        CONFIRMED("confirmed");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public Incident {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(outcome, "outcome");
        alerts = List.copyOf(alerts);
        ips = Set.copyOf(ips);
        hosts = Set.copyOf(hosts);
        if (alerts.isEmpty()) {
            throw new IllegalArgumentException("an incident has at least one alert");
        }
    }
}
