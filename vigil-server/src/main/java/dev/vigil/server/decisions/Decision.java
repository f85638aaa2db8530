package dev.vigil.server.decisions;

/**
 * One blocking decision as CrowdSec's bouncer API describes it: ban this IP until {@code until}.
 *
 * @param id       stable for an IP while the server runs (bouncers log it; none keys on it)
 * @param scenario {@code vigil/} and the alert type that caused it (the most severe one)
 * @param alerts   how many alerts gave it
 *
 * <p>Immutable and thread-safe.
 */
public record Decision(long id, String ip, String scenario, long until, int alerts) {
    public static final String ORIGIN = "vigil";
    public static final String SCOPE = "Ip";
    public static final String TYPE = "ban";
}
