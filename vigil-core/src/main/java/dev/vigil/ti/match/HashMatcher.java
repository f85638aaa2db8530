package dev.vigil.ti.match;

import dev.vigil.ti.Indicator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact matching of MD5, SHA-1 and SHA-256 file hashes, hex compared case-insensitively. A lookup
 * allocates nothing. Immutable once built; thread-safe.
 */
final class HashMatcher {
    private final StringTable<List<Indicator>> table;
    private final int size;

    private HashMatcher(StringTable<List<Indicator>> table, int size) {
        this.table = table;
        this.size = size;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int size() {
        return size;
    }

    /** Indicators listing this hash, or an empty list. */
    public List<Indicator> match(CharSequence hex) {
        if (hex == null) {
            return List.of();
        }
        int n = hex.length();
        if (n != 32 && n != 40 && n != 64) {
            return List.of();
        }
        List<Indicator> r = table.get(hex);
        return r == null ? List.of() : r;
    }

    /** Collects indicators, then builds the table once. Not thread-safe. */
    public static final class Builder {
        private final Map<String, List<Indicator>> byValue = new HashMap<>();

        private Builder() {}

        /** Adds an MD5, SHA1 or SHA256 indicator; other kinds are ignored (returns false). */
        public boolean add(Indicator indicator) {
            if (!indicator.kind().isHash()) {
                return false;
            }
            byValue.computeIfAbsent(indicator.value(), k -> new ArrayList<>(1)).add(indicator);
            return true;
        }

        public HashMatcher build() {
            Map<String, List<Indicator>> frozen = new HashMap<>();
            byValue.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
            return new HashMatcher(new StringTable<>(frozen), frozen.size());
        }
    }
}
