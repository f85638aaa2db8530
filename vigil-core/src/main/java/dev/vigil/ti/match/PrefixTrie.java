package dev.vigil.ti.match;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Path-compressed binary (PATRICIA) trie over 128-bit keys held in flat primitive arrays: one node
 * per stored prefix plus at most one branching node per stored prefix, so millions of prefixes cost
 * tens of bytes each and a lookup touches at most {@code maxLength} nodes (in practice ~log2(n)).
 * IPv4 keys occupy the top 32 bits of {@code hi}.
 *
 * <p>Mutable while {@link #insert} is being called, then effectively immutable: the owner publishes it
 * through a final field after the last insert, after which concurrent lookups are thread-safe.
 */
final class PrefixTrie<V> {
    private final int maxLength;
    private long[] keyHi = new long[16];
    /** The low 64 bits of each key; null for tries of at most 64 bits (IPv4), where they are all zero. */
    private long[] keyLo;
    private byte[] len = new byte[16];
    private int[] child0 = new int[16];
    private int[] child1 = new int[16];
    private int[] value = new int[16];
    private final List<V> values = new ArrayList<>();
    private int size;
    private int root = -1;
    /**
     * Level compression of the top {@link #STRIDE} bits (IPv4 only): for each value of those bits
     * the node where the walk continues and the best value found above it, so a lookup skips the
     * ~16 cache-missing steps at the top of a large trie.
     */
    private int[] strideStart;
    private int[] strideBest;
    private byte[] strideBestLen;
    private static final int STRIDE = 16;

    PrefixTrie(int maxLength) {
        this.maxLength = maxLength;
        this.keyLo = maxLength > 64 ? new long[16] : null;
    }

    int nodeCount() {
        return size;
    }

    int valueCount() {
        return values.size();
    }

    /** Stores {@code v} under prefix (hi, lo)/length, replacing any value already there. */
    void insert(long hi, long lo, int length, V v) {
        insert(hi, lo, length, v, (old, now) -> now);
    }

    /**
     * Stores {@code v} under prefix (hi, lo)/length; when the prefix already holds a value, stores
     * {@code merge(old, v)} in its place. Returns true when the prefix is new.
     */
    boolean insert(long hi, long lo, int length, V v, java.util.function.BinaryOperator<V> merge) {
        int at = exactNode(hi, lo, length);
        if (at >= 0 && value[at] >= 0) {
            values.set(value[at], merge.apply(values.get(value[at]), v));
            return false;
        }
        int valueIndex = values.size();
        values.add(v);
        if (at >= 0) {
            value[at] = valueIndex; // a branching node becomes a stored prefix
            return true;
        }
        insertNew(hi, lo, length, valueIndex);
        return true;
    }

    /** The node of exactly this prefix (stored or branching), or -1. */
    private int exactNode(long hi, long lo, int length) {
        int n = root;
        while (n >= 0) {
            int l = len[n] & 0xff;
            if (l > length || !matches(hi, lo, keyHi[n], lo(n), l)) {
                return -1;
            }
            if (l == length) {
                return n;
            }
            n = bit(hi, lo, l) == 0 ? child0[n] : child1[n];
        }
        return -1;
    }

    private void insertNew(long hi, long lo, int length, int valueIndex) {
        if (root < 0) {
            root = newNode(hi, lo, length, valueIndex);
            return;
        }
        int parent = -1;
        int parentBit = 0;
        int cur = root;
        while (true) {
            int curLen = len[cur] & 0xff;
            int common = commonPrefix(hi, lo, keyHi[cur], lo(cur), Math.min(length, curLen));
            if (common == curLen && common == length) {
                value[cur] = valueIndex;
                return;
            }
            if (common == curLen) {
                int b = bit(hi, lo, curLen);
                int next = b == 0 ? child0[cur] : child1[cur];
                if (next < 0) {
                    int n = newNode(hi, lo, length, valueIndex);
                    setChild(cur, b, n);
                    return;
                }
                parent = cur;
                parentBit = b;
                cur = next;
                continue;
            }
            int replacement;
            if (common == length) {
                replacement = newNode(hi, lo, length, valueIndex);
                setChild(replacement, bit(keyHi[cur], lo(cur), length), cur);
            } else {
                replacement = newNode(hi, lo, common, -1);
                int leaf = newNode(hi, lo, length, valueIndex);
                setChild(replacement, bit(hi, lo, common), leaf);
                setChild(replacement, bit(keyHi[cur], lo(cur), common), cur);
            }
            if (parent < 0) {
                root = replacement;
            } else {
                setChild(parent, parentBit, replacement);
            }
            return;
        }
    }

    /** Value of the longest stored prefix covering (hi, lo), or {@code null}. */
    V longest(long hi, long lo) {
        long ref = longestRef(hi, lo);
        return ref < 0 ? null : values.get((int) (ref >>> 8));
    }

    /**
     * The longest stored prefix covering (hi, lo) as {@code valueIndex << 8 | length}, or -1: the
     * length lets a caller rebuild the prefix from the address it looked up, so values need not
     * repeat it.
     */
    long longestRef(long hi, long lo) {
        int n = root;
        int best = -1;
        int bestLen = 0;
        if (strideStart != null) {
            int x = (int) (hi >>> (64 - STRIDE));
            n = strideStart[x];
            best = strideBest[x];
            bestLen = strideBestLen[x] & 0xff;
        }
        while (n >= 0) {
            int l = len[n] & 0xff;
            if (!matches(hi, lo, keyHi[n], lo(n), l)) {
                break;
            }
            if (value[n] >= 0) {
                best = value[n];
                bestLen = l;
            }
            if (l == maxLength) {
                break;
            }
            n = bit(hi, lo, l) == 0 ? child0[n] : child1[n];
        }
        return best < 0 ? -1 : ((long) best << 8) | bestLen;
    }

    /** The value stored at an index from {@link #longestRef} or {@link #coveringRefs}. */
    V value(int index) {
        return values.get(index);
    }

    /** Values of every stored prefix covering (hi, lo), shortest prefix first. */
    List<V> covering(long hi, long lo) {
        List<V> out = new ArrayList<>(2);
        for (long ref : coveringRefs(hi, lo)) {
            out.add(values.get((int) (ref >>> 8)));
        }
        return out;
    }

    /** Every stored prefix covering (hi, lo), shortest first, as {@code valueIndex << 8 | length}. */
    List<Long> coveringRefs(long hi, long lo) {
        List<Long> out = new ArrayList<>(2);
        int n = root;
        while (n >= 0) {
            int l = len[n] & 0xff;
            if (!matches(hi, lo, keyHi[n], lo(n), l)) {
                break;
            }
            if (value[n] >= 0) {
                out.add(((long) value[n] << 8) | l);
            }
            if (l == maxLength) {
                break;
            }
            n = bit(hi, lo, l) == 0 ? child0[n] : child1[n];
        }
        return out;
    }

    /** Builds the top-level stride table; call after the last insert. */
    void compressTopLevel() {
        int[] start = new int[1 << STRIDE];
        int[] best = new int[1 << STRIDE];
        byte[] bestLen = new byte[1 << STRIDE];
        for (int x = 0; x < start.length; x++) {
            long hi = (long) x << (64 - STRIDE);
            int n = root;
            int b = -1;
            int bl = 0;
            // Nodes shorter than the stride test and branch only on bits inside it.
            while (n >= 0 && (len[n] & 0xff) < STRIDE) {
                int l = len[n] & 0xff;
                if (!matches(hi, 0, keyHi[n], lo(n), l)) {
                    n = -1;
                    break;
                }
                if (value[n] >= 0) {
                    b = value[n];
                    bl = l;
                }
                n = bit(hi, 0, l) == 0 ? child0[n] : child1[n];
            }
            start[x] = n;
            best[x] = b;
            bestLen[x] = (byte) bl;
        }
        strideStart = start;
        strideBest = best;
        strideBestLen = bestLen;
    }

    /** Releases spare array capacity once building is finished. */
    void trim() {
        keyHi = Arrays.copyOf(keyHi, size);
        if (keyLo != null) {
            keyLo = Arrays.copyOf(keyLo, size);
        }
        len = Arrays.copyOf(len, size);
        child0 = Arrays.copyOf(child0, size);
        child1 = Arrays.copyOf(child1, size);
        value = Arrays.copyOf(value, size);
        if (values instanceof ArrayList<V> a) {
            a.trimToSize();
        }
    }

    private int newNode(long hi, long lo, int length, int valueIndex) {
        if (size == keyHi.length) {
            int cap = size + (size >> 1) + 16;
            keyHi = Arrays.copyOf(keyHi, cap);
            if (keyLo != null) {
                keyLo = Arrays.copyOf(keyLo, cap);
            }
            len = Arrays.copyOf(len, cap);
            child0 = Arrays.copyOf(child0, cap);
            child1 = Arrays.copyOf(child1, cap);
            value = Arrays.copyOf(value, cap);
        }
        int n = size++;
        keyHi[n] = hi;
        if (keyLo != null) {
            keyLo[n] = lo;
        }
        len[n] = (byte) length;
        child0[n] = -1;
        child1[n] = -1;
        value[n] = valueIndex;
        return n;
    }

    private long lo(int n) {
        return keyLo == null ? 0 : keyLo[n];
    }

    private void setChild(int node, int b, int child) {
        if (b == 0) {
            child0[node] = child;
        } else {
            child1[node] = child;
        }
    }

    /** Bit {@code i} (0 = most significant) of the 128-bit value. */
    static int bit(long hi, long lo, int i) {
        return (int) (i < 64 ? (hi >>> (63 - i)) & 1 : (lo >>> (127 - i)) & 1);
    }

    /** True when the first {@code l} bits of a and b agree. */
    static boolean matches(long aHi, long aLo, long bHi, long bLo, int l) {
        long xh = aHi ^ bHi;
        if (l <= 64) {
            return l == 0 || (xh >>> (64 - l)) == 0;
        }
        return xh == 0 && ((aLo ^ bLo) >>> (128 - l)) == 0;
    }

    /** Number of leading bits, at most {@code limit}, on which a and b agree. */
    static int commonPrefix(long aHi, long aLo, long bHi, long bLo, int limit) {
        long xh = aHi ^ bHi;
        int c = xh != 0 ? Long.numberOfLeadingZeros(xh) : 64 + Long.numberOfLeadingZeros(aLo ^ bLo);
        return Math.min(c, limit);
    }
}
