package dev.vigil.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LiteralMatcherTest {

    @Test
    void startsWithAWholeWordOnlyWhenAsked() {
        LiteralMatcher programs = new LiteralMatcher(List.of("ruby", "chef-", "tar"));
        assertThat(programs.startsWithAny("rubygems/3.4")).isEqualTo("ruby");
        assertThat(programs.startsWithAny("rubygems/3.4", true)).isNull();
        assertThat(programs.startsWithAny("ruby -e 'exec \"/bin/sh\"'", true)).isEqualTo("ruby");
        assertThat(programs.startsWithAny("ruby", true)).isEqualTo("ruby");
        // a literal that ends in a non-word character names a family
        assertThat(programs.startsWithAny("chef-shell -z", true)).isEqualTo("chef-");
        assertThat(programs.startsWithAny("target=x", true)).isNull();
        assertThat(programs.startsWithAny("tar-ball maker", true)).isEqualTo("tar");
    }

    @Test
    void containsAtWordBoundariesWithManyLiterals() {
        // past six literals the matcher uses an automaton; the answers must not change
        LiteralMatcher words = new LiteralMatcher(List.of("id", "ls", "pwd", "whoami", "uname", "cat", "env"));
        assertThat(words.contains("a;whoami;b", true)).isEqualTo("whoami");
        assertThat(words.contains("identity", true)).isNull();
        assertThat(words.contains("identity", false)).isEqualTo("id");
        assertThat(words.contains("Whoami", false)).isNull(); // literals are matched as given
    }
}
