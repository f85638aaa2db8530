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
}
