package dev.vigil.ti.match;

import dev.vigil.ti.Hosts;
import java.util.Map;

/**
 * Open-addressing hash table from string keys to values, probed with a region of any
 * {@link CharSequence}, so lookups allocate nothing. A case-insensitive table holds lower-case ASCII
 * keys and folds the probe's ASCII letters; a case-sensitive one (URLs) compares exactly. The hash is
 * computed right to left ({@link #hash}), which lets {@link DomainMatcher} hash every label suffix
 * of a host in one backward pass. Immutable; thread-safe.
 */
final class StringTable<V> {
    private final String[] keys;
    private final int[] hashes;
    private final Object[] values;
    private final int mask;
    private final boolean foldCase;

    /** A case-insensitive table; keys must already be lower case. */
    StringTable(Map<String, V> entries) {
        this(entries, true);
    }

    StringTable(Map<String, V> entries, boolean foldCase) {
        this.foldCase = foldCase;
        int cap = Integer.highestOneBit(Math.max(4, entries.size() * 2 - 1)) << 1;
        keys = new String[cap];
        hashes = new int[cap];
        values = new Object[cap];
        mask = cap - 1;
        for (Map.Entry<String, V> e : entries.entrySet()) {
            String k = e.getKey();
            int h = foldCase ? hash(k, 0, k.length()) : exactHash(k, 0, k.length());
            int slot = spread(h) & mask;
            while (keys[slot] != null) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = k;
            hashes[slot] = h;
            values[slot] = e.getValue();
        }
    }

    /** Right-to-left polynomial hash of the lower-cased region. */
    static int hash(CharSequence s, int start, int end) {
        int h = 0;
        for (int i = end - 1; i >= start; i--) {
            h = h * 31 + Hosts.lower(s.charAt(i));
        }
        return h;
    }

    /** Right-to-left polynomial hash of the region as is. */
    static int exactHash(CharSequence s, int start, int end) {
        int h = 0;
        for (int i = end - 1; i >= start; i--) {
            h = h * 31 + s.charAt(i);
        }
        return h;
    }

    V get(CharSequence s) {
        int n = s.length();
        return get(s, 0, n, foldCase ? hash(s, 0, n) : exactHash(s, 0, n));
    }

    /** Value stored for {@code s[start, end)} whose {@link #hash} is {@code h}, or {@code null}. */
    @SuppressWarnings("unchecked")
    V get(CharSequence s, int start, int end, int h) {
        int slot = spread(h) & mask;
        int n = end - start;
        while (true) {
            String k = keys[slot];
            if (k == null) {
                return null;
            }
            if (hashes[slot] == h && k.length() == n && regionEquals(k, s, start, foldCase)) {
                return (V) values[slot];
            }
            slot = (slot + 1) & mask;
        }
    }

    private static boolean regionEquals(String key, CharSequence s, int start, boolean foldCase) {
        for (int i = 0; i < key.length(); i++) {
            char c = s.charAt(start + i);
            if (key.charAt(i) != (foldCase ? Hosts.lower(c) : c)) {
                return false;
            }
        }
        return true;
    }

    private static int spread(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
