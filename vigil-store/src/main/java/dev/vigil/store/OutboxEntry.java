package dev.vigil.store;

/**
 * A delivery owed to a sink: what to send, where, how often it failed and why.
 *
 * <p>Immutable and thread-safe.
 */
public record OutboxEntry(String id, String sink, String target, String payload, int attempts,
                          String lastError, long createdMillis) {}
