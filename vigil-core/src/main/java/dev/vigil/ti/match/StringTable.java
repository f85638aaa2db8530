package dev.vigil.ti.match;

import dev.vigil.ti.Hosts;
import java.util.Map;

/**
 * Open-addressing hash table from lower-case ASCII keys to values, probed with a region of any
 * {@link CharSequence} compared ASCII-case-insensitively, so lookups allocate nothing. The hash is
 * computed right to left ({@link #hash}), which lets {@link DomainMatcher} hash every label suffix
 * of a host in one backward pass. Immutable; thread-safe.
 */
final class StringTable<V> {
    private final String[] keys;
    private final int[] hashes;
    private final Object[] values;
    private final int mask;

    StringTable(Map<String, V> entries) {
        int cap = Integer.highestOneBit(Math.max(4, entries.size() * 2 - 1)) << 1;
        keys = new String[cap];
        hashes = new int[cap];
        values = new Object[cap];
        mask = cap - 1;
        for (Map.Entry<String, V> e : entries.entrySet()) {
            String k = e.getKey();
            int h = hash(k, 0, k.length());
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

    V get(CharSequence s) {
        return get(s, 0, s.length(), hash(s, 0, s.length()));
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
            if (hashes[slot] == h && k.length() == n && regionEquals(k, s, start)) {
                return (V) values[slot];
            }
            slot = (slot + 1) & mask;
        }
    }

    private static boolean regionEquals(String key, CharSequence s, int start) {
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) != Hosts.lower(s.charAt(start + i))) {
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
