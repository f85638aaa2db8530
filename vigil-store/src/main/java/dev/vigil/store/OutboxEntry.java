package dev.vigil.store;

/**
 * A delivery owed to a sink: what to send, where, how often it failed and why.
 *
 * @param destination the destination as shown: a webhook URL with its secrets masked
 * @param destKey     tells destinations apart (a hash of the real URL)
 * @param reference   how to find the real URL again: {@code env:NAME}, the URL itself when it holds
 *                    no secret, or null when only the user can give it again
 *
 * <p>Immutable and thread-safe.
 */
public record OutboxEntry(String id, String sink, String destination, String destKey, String reference,
                          String payload, int attempts, String lastError, long createdMillis) {}
