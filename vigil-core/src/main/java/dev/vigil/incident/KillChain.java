package dev.vigil.incident;

import java.util.List;
import java.util.Locale;

/** MITRE ATT&amp;CK tactics in kill-chain order, for ordering an incident's alerts. Static, thread-safe. */
public final class KillChain {
    private KillChain() {}

    public static final List<String> TACTICS = List.of(
            "reconnaissance", "resource development", "initial access", "execution", "persistence",
            "privilege escalation", "defense evasion", "credential access", "discovery", "lateral movement",
            "collection", "command and control", "exfiltration", "impact");

    /** The position of the earliest of {@code tactics} in the kill chain; unknown ones sort last. */
    public static int stage(List<String> tactics) {
        int best = TACTICS.size();
        for (String t : tactics) {
            int i = TACTICS.indexOf(t.trim().toLowerCase(Locale.ROOT));
            if (i >= 0 && i < best) {
                best = i;
            }
        }
        return best;
    }
}
