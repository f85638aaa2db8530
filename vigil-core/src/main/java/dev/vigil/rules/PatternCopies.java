package dev.vigil.rules;

import com.google.re2j.Pattern;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Compiled copies of one regular expression, one per thread slot: re2j pools one matching machine
 * per pattern, so threads sharing a pattern keep allocating new machines. A thread takes the slot
 * its id names and compiles the copy there on first use; two threads whose ids share a slot share
 * a copy, which is correct (a re2j {@link Pattern} is thread-safe) and only costs that allocation.
 *
 * <p>Slots rather than a {@link ThreadLocal}: a rule set holds hundreds of regexes, and as many
 * thread-locals crowd every worker's thread-local map, so that each other look-up in it (the
 * matcher's memos, the parsers' tables) starts missing its first probe. Copies also go with the
 * rule set that holds them, not with the threads.
 */
public final class PatternCopies {
    private static final int SLOTS = 64;

    private final String source;
    private final int flags;
    private final AtomicReferenceArray<Pattern> copies = new AtomicReferenceArray<>(SLOTS);

    public PatternCopies(String source, int flags) {
        this.source = Objects.requireNonNull(source, "source");
        this.flags = flags;
    }

    /** The calling thread's copy. */
    @SuppressWarnings("deprecation") // Thread.getId: threadId() needs Java 19
    public Pattern get() {
        int slot = (int) Thread.currentThread().getId() & (SLOTS - 1);
        Pattern p = copies.get(slot);
        if (p == null) {
            p = Pattern.compile(source, flags);
            if (!copies.compareAndSet(slot, null, p)) {
                p = copies.get(slot);
            }
        }
        return p;
    }
}
