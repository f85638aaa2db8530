package dev.vigil.text;

import java.util.ArrayDeque;
import java.util.ArrayList;
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
        // trie
        List<int[]> gotoRows = new ArrayList<>();
        List<List<Integer>> out = new ArrayList<>();
        gotoRows.add(newRow());
        out.add(new ArrayList<>());
        for (int pi = 0; pi < patterns.size(); pi++) {
            String p = patterns.get(pi);
            if (p.isEmpty()) {
                continue;
            }
            int s = 0;
            for (int i = 0; i < p.length(); i++) {
                int c = cls(p.charAt(i));
                int t = gotoRows.get(s)[c];
                if (t < 0) {
                    t = gotoRows.size();
                    gotoRows.add(newRow());
                    out.add(new ArrayList<>());
                    gotoRows.get(s)[c] = t;
                }
                s = t;
            }
            out.get(s).add(pi);
        }
        int states = gotoRows.size();
        int[] fail = new int[states];
        next = new int[states * alphabet];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int c = 0; c < alphabet; c++) {
            int t = gotoRows.get(0)[c];
            if (t < 0) {
                next[c] = 0;
            } else {
                next[c] = t;
                fail[t] = 0;
                queue.add(t);
            }
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            out.get(s).addAll(out.get(fail[s]));
            for (int c = 0; c < alphabet; c++) {
                int t = gotoRows.get(s)[c];
                if (t < 0) {
                    next[s * alphabet + c] = next[fail[s] * alphabet + c];
                } else {
                    next[s * alphabet + c] = t;
                    fail[t] = next[fail[s] * alphabet + c];
                    queue.add(t);
                }
            }
        }
        outputs = new int[states][];
        for (int s = 0; s < states; s++) {
            List<Integer> o = out.get(s);
            outputs[s] = o.isEmpty() ? null : o.stream().distinct().mapToInt(Integer::intValue).toArray();
        }
        if ((long) states * alphabet > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many patterns for one automaton: " + states + " states");
        }
        // state numbers to row offsets, flagged when the target has outputs
        for (int i = 0; i < next.length; i++) {
            int t = next[i];
            next[i] = t * alphabet | (outputs[t] != null ? HAS_OUTPUT : 0);
        }
        // fold ASCII case into the class table, so the scan need not: the text's upper-case
        // letters read their lower-case class, as cls() folds them while building
        for (char c = 'A'; c <= 'Z'; c++) {
            classOf[c] = classOf[c + 32];
        }
    }

    private static final int HAS_OUTPUT = Integer.MIN_VALUE;

    private int[] newRow() {
        int[] r = new int[alphabet];
        Arrays.fill(r, -1);
        return r;
    }

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
