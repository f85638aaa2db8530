package dev.vigil.rules.compile;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class FirstCharsTest {

    private static String chars(String regex) {
        long[] m = FirstChars.of(regex);
        if (m == null) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (char c = 0; c < 128; c++) {
            if ((c < 64 ? m[0] >>> c : m[1] >>> (c - 64)) % 2 != 0) {
                b.append(c);
            }
        }
        return b.toString();
    }

    @Test
    void readsLeadingLiteralsClassesAndGroups() {
        assertThat(chars("([;|&`\\n]|\\$\\(|\\|\\||&&)\\s*(id|ls)")).isEqualTo("\n$&;`|");
        assertThat(chars("\\b<\\s*script")).isEqualTo("<");
        assertThat(chars("\\$\\{jndi")).isEqualTo("$");
        assertThat(chars("(?:ab|Cd)x")).isEqualTo("ACac");
        assertThat(chars("[0-2]+x")).isEqualTo("012");
        assertThat(chars("[\\d]x")).isEqualTo("0123456789");
    }

    @Test
    void givesUpWhenTheStartIsOpen() {
        assertThat(chars("a?b")).isNull();
        assertThat(chars("x*y")).isNull();
        assertThat(chars("\\s*<")).isNull();
        assertThat(chars(".x")).isNull();
        assertThat(chars("[^a]x")).isNull();
        assertThat(chars("(a|)x")).isNull();
        assertThat(chars("\\w+")).isNull();
        assertThat(chars("é")).isNull();
    }

    @Test
    void findsRareCharactersAMatchMustHold() {
        assertThat(FirstChars.required("\\bsh\\s+-c\\b").length).isEqualTo(1);
        assertThat(FirstChars.required("union\\s*\\(?\\s*select").length).isZero();
        assertThat(FirstChars.required("\\$\\{[^}]{0,40}(jndi|lower)").length).isEqualTo(2);
        assertThat(FirstChars.required("a|b\\s").length).isZero();
        assertThat(FirstChars.required("/etc/passwd").length).isZero();
    }

    @Property(tries = 3000)
    void requiredCharactersNeverGateAwayAMatch(@ForAll @StringLength(max = 14) String value) {
        String[] regexes = {"\\bsh\\s+-c\\b", "\\$\\{[^}]{0,4}(jndi|x)", "(a|b)\\s+\\(", "x[;|]+y?\\)",
            "\\(\\s*\\)\\s*\\{", "q(\\s)?=", "[a-c]{1,3}\\s*<"};
        for (String re : regexes) {
            for (long[] m : FirstChars.required(re)) {
                if (!FirstChars.any(value, m)) {
                    assertThat(Pattern.compile(re, Pattern.CASE_INSENSITIVE).matcher(value).find())
                            .as("%s on %s", re, value).isFalse();
                }
            }
        }
    }

    /** Soundness: when a value holds none of the first characters, the regex cannot match it. */
    @Property(tries = 3000)
    void neverGatesAwayAMatch(@ForAll @StringLength(max = 12) String value) {
        String[] regexes = {"([;|&`\\n]|\\$\\(|\\|\\||&&)\\s*(id|ls|sh)", "<\\s*(script|svg)", "(?:ab|cd)+x?",
            "\\b(or|and)\\s+\\d", "[0-9]+[a-c]", "\\$\\{", "(a|b)(c|d)"};
        for (String re : regexes) {
            long[] m = FirstChars.of(re);
            if (m != null && !FirstChars.any(value, m)) {
                assertThat(Pattern.compile(re, Pattern.CASE_INSENSITIVE).matcher(value).find())
                        .as("%s on %s", re, value).isFalse();
            }
        }
    }
}
