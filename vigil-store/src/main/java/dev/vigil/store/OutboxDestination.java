package dev.vigil.store;

/**
 * What the outbox owes one destination, without the payloads: for listing and retrying by
 * destination in memory that does not grow with the outbox.
 *
 * @param destination as shown (a redacted URL)
 * @param reference   how to find the real URL again (see {@link OutboxEntry#reference()}), or null
 * @param lastError   the error of the most recent attempt, or null when none was attempted yet
 * @param sink        the sink kind: {@code webhook} for exports, {@code watch:...} for a watch's sinks
 *
 * <p>Immutable and thread-safe.
 */
public record OutboxDestination(String destKey, String destination, String reference, int pending, long oldestMillis,
                                int maxAttempts, String lastError, String sink) {}
