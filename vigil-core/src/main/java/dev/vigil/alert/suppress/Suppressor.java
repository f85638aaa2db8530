package dev.vigil.alert.suppress;

import dev.vigil.alert.Alert;
import java.util.List;
import java.util.Optional;

/**
 * Finds the first active rule that matches an alert. Rules are checked in the order given (a
 * store gives them oldest first), so the rule named on a dismissed alert is stable.
 *
 * <p>Immutable and thread-safe.
 */
public final class Suppressor {
    private final List<SuppressionRule> rules;
    private final long nowMillis;

    public Suppressor(List<SuppressionRule> rules, long nowMillis) {
        this.rules = rules.stream().filter(r -> r.activeAt(nowMillis)).toList();
        this.nowMillis = nowMillis;
    }

    public static Suppressor none() {
        return new Suppressor(List.of(), 0);
    }

    public Optional<SuppressionRule> match(Alert a) {
        for (SuppressionRule r : rules) {
            if (r.matches(a)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    public long nowMillis() {
        return nowMillis;
    }
}
