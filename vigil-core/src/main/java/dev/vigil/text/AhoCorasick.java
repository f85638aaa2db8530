package dev.vigil.text;

import java.util.Arrays;
import java.util.List;

/**
 * A dense Aho-Corasick automaton over case-folded text: one table lookup per input character, no
 * allocation while scanning. Each character the patterns use has its own class (non-ASCII ones
 * found by a binary search, only for non-ASCII input); all other characters share class 0. Before,
 * non-ASCII characters all shared class 0, so a list of emoji (Sigma rules carry such lists) hit
 * at nearly every position of any text and each hit had to be confirmed.
 *
 * <p>The table holds, for each state and class, the next state's row offset (state times
 * alphabet, so the scan needs no multiplication) with the sign bit set when that state has
 * patterns ending in it: the scan reads one int per character and touches the output lists only
 * on a hit. It used to look up each state's output list per character as well, a second load
 * from another array on every step of the hottest loop of an access-log scan.
 *
 * <p>Immutable and thread-safe once built.
 */
public final class AhoCorasick {

    /** Receives each hit: the pattern's index and the index just past its last character. */
    @FunctionalInterface
    public interface Hits {
        /** @return false to stop scanning */
        boolean hit(int pattern, int end);
    }

    private final byte[] classOf = new byte[128];
    /** The non-ASCII characters of the patterns, sorted, and their classes. */
    private final char[] wide;
    private final int[] wideClass;
    private final int alphabet;
    /** Per state row and class: the next state's row offset, negative (sign bit) if it has outputs. */
    private final int[] next;
    /** Per state number (row offset / alphabet): the patterns ending there, or null. */
    private final int[][] outputs;
    private final int patternCount;

    public AhoCorasick(List<String> patterns) {
        this.patternCount = patterns.size();
        int k = 1;
        for (String p : patterns) {
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                if (c < 128 && classOf[c] == 0) {
                    classOf[c] = (byte) k++;
                }
            }
        }
        java.util.TreeSet<Character> nonAscii = new java.util.TreeSet<>();
        for (String p : patterns) {
            for (int i = 0; i < p.length(); i++) {
                if (p.charAt(i) >= 128) {
                    nonAscii.add(p.charAt(i));
                }
            }
        }
        this.wide = new char[nonAscii.size()];
        this.wideClass = new int[nonAscii.size()];
        int w = 0;
        for (char c : nonAscii) {
            wide[w] = c;
            wideClass[w++] = k++;
        }
        this.alphabet = k;
        // The trie's edges are kept sparse (a hash of state and class) and grouped by state, so
        // that the dense table is written row by row: each state's row starts as a copy of its
        // failure state's row (System.arraycopy) and only its own edges are set. The table used
        // to be filled one cell at a time through a second dense goto table: with SigmaHQ's
        // rules (tens of thousands of states, about 120 classes) that loop, run once at start
        // while still interpreted, was a quarter of the time a load of the rules took.
        long totalChars = 0;
        for (String p : patterns) {
            totalChars += p.length();
        }
        if (totalChars >= 1 << 28) {
            throw new IllegalArgumentException("too many patterns for one automaton: " + totalChars + " characters");
        }
        int maxStates = (int) totalChars + 1;
        int cap = Integer.highestOneBit(Math.max(16, maxStates * 2)) << 1;
        long[] edgeKey = new long[cap];
        int[] edgeTarget = new int[cap];
        Arrays.fill(edgeKey, -1L);
        int[] edgeFrom = new int[maxStates];
        int[] edgeClass = new int[maxStates];
        // the patterns ending in each state, in pattern order: a linked list through the patterns
        int[] ownFirst = new int[maxStates];
        int[] ownLast = new int[maxStates];
        Arrays.fill(ownFirst, -1);
        int[] ownNext = new int[patterns.size()];
        int states = 1;
        for (int pi = 0; pi < patterns.size(); pi++) {
            String p = patterns.get(pi);
            if (p.isEmpty()) {
                continue;
            }
            int s = 0;
            for (int i = 0; i < p.length(); i++) {
                int c = cls(p.charAt(i));
                long key = (long) s * alphabet + c;
                int slot = (int) (mix(key) & (cap - 1));
                while (edgeKey[slot] != -1L && edgeKey[slot] != key) {
                    slot = (slot + 1) & (cap - 1);
                }
                if (edgeKey[slot] == -1L) {
                    edgeKey[slot] = key;
                    edgeTarget[slot] = states;
                    edgeFrom[states] = s;
                    edgeClass[states] = c;
                    states++;
                }
                s = edgeTarget[slot];
            }
            ownNext[pi] = -1;
            if (ownFirst[s] < 0) {
                ownFirst[s] = pi;
            } else {
                ownNext[ownLast[s]] = pi;
            }
            ownLast[s] = pi;
        }
        if ((long) states * alphabet > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many patterns for one automaton: " + states + " states");
        }
        // each state's children, grouped (every state but the root has one edge into it, kept by its number)
        int[] childStart = new int[states + 1];
        for (int t = 1; t < states; t++) {
            childStart[edgeFrom[t] + 1]++;
        }
        for (int s = 0; s < states; s++) {
            childStart[s + 1] += childStart[s];
        }
        int[] children = new int[Math.max(1, states - 1)];
        int[] fill = Arrays.copyOf(childStart, states);
        for (int t = 1; t < states; t++) {
            children[fill[edgeFrom[t]]++] = t;
        }
        int[] fail = new int[states];
        // whether a pattern ends in the state or in a state on its failure chain
        boolean[] hasOutput = new boolean[states];
        outputs = new int[states][];
        next = new int[states * alphabet];
        int[] queue = new int[states];
        int head = 0;
        int tail = 0;
        queue[tail++] = 0;
        while (head < tail) {
            int s = queue[head++];
            int row = s * alphabet;
            int[] own = own(ownFirst[s], ownNext);
            int[] inherited = s == 0 ? null : outputs[fail[s]];
            outputs[s] = own == null ? inherited : inherited == null ? own : concat(own, inherited);
            int failRow = fail[s] * alphabet;
            if (s != 0) {
                System.arraycopy(next, failRow, next, row, alphabet);
            }
            // the failure row is complete: breadth first, shorter states come first
            for (int j = childStart[s]; j < childStart[s + 1]; j++) {
                int t = children[j];
                int c = edgeClass[t];
                fail[t] = s == 0 ? 0 : (next[failRow + c] & ~HAS_OUTPUT) / alphabet;
                hasOutput[t] = ownFirst[t] >= 0 || hasOutput[fail[t]];
                queue[tail++] = t;
            }
            for (int j = childStart[s]; j < childStart[s + 1]; j++) {
                int t = children[j];
                next[row + edgeClass[t]] = t * alphabet | (hasOutput[t] ? HAS_OUTPUT : 0);
            }
        }
        // fold ASCII case into the class table, so the scan need not: the text's upper-case
        // letters read their lower-case class, as cls() folds them while building
        for (char c = 'A'; c <= 'Z'; c++) {
            classOf[c] = classOf[c + 32];
        }
    }

    private static int[] own(int first, int[] ownNext) {
        if (first < 0) {
            return null;
        }
        int n = 0;
        for (int p = first; p >= 0; p = ownNext[p]) {
            n++;
        }
        int[] out = new int[n];
        int i = 0;
        for (int p = first; p >= 0; p = ownNext[p]) {
            out[i++] = p;
        }
        return out;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static long mix(long k) {
        k *= 0x9E3779B97F4A7C15L;
        return k ^ (k >>> 29);
    }

    private static final int HAS_OUTPUT = Integer.MIN_VALUE;

    private int cls(char c) {
        if (c >= 'A' && c <= 'Z') {
            c = (char) (c + 32);
        }
        return c < 128 ? classOf[c] : wideClassOf(c);
    }

    private int wideClassOf(char c) {
        int at = Arrays.binarySearch(wide, c);
        return at < 0 ? 0 : wideClass[at];
    }

    public int patternCount() {
        return patternCount;
    }

    /** Scans {@code text} (case-insensitively for ASCII) and reports every hit until told to stop. */
    public void scan(CharSequence text, Hits hits) {
        int s = 0;
        int n = text.length();
        final int[] nx = next;
        final byte[] co = classOf;
        final boolean anyWide = wide.length > 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            int e = nx[s + (c < 128 ? co[c] : anyWide ? wideClassOf(c) : 0)];
            s = e & ~HAS_OUTPUT;
            if (e < 0) {
                for (int p : outputs[s / alphabet]) {
                    if (!hits.hit(p, i + 1)) {
                        return;
                    }
                }
            }
        }
    }
}
