package dev.vigil.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AhoCorasickTest {
    private static List<String> hits(AhoCorasick ac, List<String> patterns, String text) {
        List<String> out = new ArrayList<>();
        ac.scan(text, (p, end) -> {
            out.add(patterns.get(p) + "@" + end);
            return true;
        });
        return out;
    }

    @Test
    void asciiPatternsAreFoundWithoutCase() {
        List<String> p = List.of("cmd", "md.exe", "exe");
        assertThat(hits(new AhoCorasick(p), p, "C:\\CMD.EXE /c")).containsExactly("cmd@6", "md.exe@10", "exe@10");
    }

    @Test
    void nonAsciiCharactersAreToldApartNotLumpedTogether() {
        // emoji and dashes, as Sigma rules list them; other text must give no hit at all
        List<String> p = List.of("\uD83D\uDE00", "\uD83D\uDD25", " \u2013enc", " \u2014enc");
        AhoCorasick ac = new AhoCorasick(p);
        assertThat(hits(ac, p, "plain text with no such characters at all")).isEmpty();
        assertThat(hits(ac, p, "caf\u00e9 \u00fcber na\u00efve")).isEmpty();
        assertThat(hits(ac, p, "x \uD83D\uDD25 y")).containsExactly("\uD83D\uDD25@4");
        assertThat(hits(ac, p, "powershell \u2014enc AAAA")).containsExactly(" \u2014enc@15");
        assertThat(hits(ac, p, "powershell \u2015enc AAAA")).isEmpty();
    }

    @Test
    void findsWhatANaiveSearchFinds() {
        // many overlapping patterns over a small alphabet, so hits end in states reached through
        // failure links and in states with several outputs, with mixed case and non-ASCII text
        java.util.Random rnd = new java.util.Random(7);
        String letters = "abAB/.%\u00e9";
        for (int round = 0; round < 200; round++) {
            List<String> p = new ArrayList<>();
            for (int k = rnd.nextInt(12) + 1; k > 0; k--) {
                p.add(random(rnd, "ab/.%\u00e9", rnd.nextInt(4) + 1));
            }
            String text = random(rnd, letters, rnd.nextInt(40));
            List<String> expected = new ArrayList<>(); // a pattern listed twice hits twice
            for (int end = 1; end <= text.length(); end++) {
                for (int i = 0; i < p.size(); i++) {
                    String lit = p.get(i);
                    if (end >= lit.length() && text.regionMatches(true, end - lit.length(), lit, 0, lit.length())) {
                        expected.add(lit + "@" + end);
                    }
                }
            }
            List<String> found = hits(new AhoCorasick(p), p, text);
            assertThat(found).as("patterns %s in %s", p, text).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void aLargeSetWithSharedPrefixesFindsWhatANaiveSearchFinds() {
        // thousands of patterns with long shared prefixes and suffixes (as windash and base64
        // variants give), so failure rows are copied from deep states and outputs are inherited
        // along long failure chains
        java.util.Random rnd = new java.util.Random(17);
        List<String> p = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String stem = random(rnd, "ab-/\u2013", rnd.nextInt(6));
            p.add((rnd.nextBoolean() ? "cmd " : "") + stem + random(rnd, "abc", rnd.nextInt(3) + 1));
        }
        AhoCorasick ac = new AhoCorasick(p);
        for (int round = 0; round < 50; round++) {
            String text = random(rnd, "abcABC-/ \u2013\u2014xMD", 60);
            List<String> expected = new ArrayList<>();
            for (int end = 1; end <= text.length(); end++) {
                for (String lit : p) {
                    if (end >= lit.length() && text.regionMatches(true, end - lit.length(), lit, 0, lit.length())) {
                        expected.add(lit + "@" + end);
                    }
                }
            }
            assertThat(hits(ac, p, text)).as(text).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void stopsWhenTold() {
        List<String> p = List.of("a", "aa");
        List<String> seen = new ArrayList<>();
        new AhoCorasick(p).scan("xaaa", (i, end) -> {
            seen.add(p.get(i) + "@" + end);
            return seen.size() < 2;
        });
        assertThat(seen).hasSize(2);
    }

    private static String random(java.util.Random rnd, String alphabet, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
