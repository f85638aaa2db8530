package dev.vigil.text;

import java.util.function.Function;

/**
 * A per-thread memo of a function of a string: a direct-mapped table of the arguments seen lately
 * and their results, side by side. A value takes the slot its hash names, displacing what was
 * there: no order to keep and no eviction to run, so a look-up is one hash (usually cached in the
 * string) and one equality test. Logs repeat their values all day (a host's cron jobs, a site's
 * assets), and most values looked up once are never looked up again, which costs a slot, not
 * memory: the table has a fixed size, and arguments longer than {@code maxLength} are never kept.
 *
 * <p>The function must be pure (its result a fact about the argument alone) and its results
 * immutable, since a result is handed to every later caller on the thread with the same argument.
 * Thread-safe: each thread has its own table.
 */
public final class RecentValues<V> {
    private final Function<String, V> compute;
    private final int shift;
    private final int maxLength;
    private final ThreadLocal<Object[]> tables;

    /**
     * @param bits      log2 of the slots per thread (1 to 16)
     * @param maxLength the longest argument kept
     */
    public RecentValues(int bits, int maxLength, Function<String, V> compute) {
        if (bits < 1 || bits > 16) {
            throw new IllegalArgumentException("bits must be between 1 and 16, got " + bits);
        }
        this.compute = compute;
        this.shift = 32 - bits;
        this.maxLength = maxLength;
        this.tables = ThreadLocal.withInitial(() -> new Object[2 << bits]);
    }

    /** {@code compute(s)}, from the table when {@code s} was seen lately on this thread. */
    @SuppressWarnings("unchecked")
    public V get(String s) {
        if (s == null || s.length() > maxLength) {
            return compute.apply(s);
        }
        Object[] table = tables.get();
        int slot = (s.hashCode() * 0x9E3779B9 >>> shift) << 1;
        if (s.equals(table[slot])) {
            return (V) table[slot + 1];
        }
        V v = compute.apply(s);
        table[slot] = s;
        table[slot + 1] = v;
        return v;
    }
}
