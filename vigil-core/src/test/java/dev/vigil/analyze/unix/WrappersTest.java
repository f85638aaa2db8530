package dev.vigil.analyze.unix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.analyze.reading.Behaviours;
import dev.vigil.analyze.reading.Behaviours.Family;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Wrappers that only start the program after them, and the readings that look through them (own examples). */
class WrappersTest {
    private static List<String> unwrap(String line, boolean keepBeforeShell) {
        return Wrappers.unwrap(List.of(line.split(" ")), keepBeforeShell);
    }

    @Test
    void wrappersWithTheirOptionsAndOperandsAreSteppedOver() {
        assertThat(unwrap("nohup zip a.zip b", false)).containsExactly("zip", "a.zip", "b");
        assertThat(unwrap("sudo -n -u root env LANG=C timeout -s KILL 60 tar cf x", false)).containsExactly("tar", "cf", "x");
        assertThat(unwrap("nice -n 10 ionice -c 3 rsync -a a b", false)).containsExactly("rsync", "-a", "a", "b");
        assertThat(unwrap("taskset -c 1 stdbuf -oL grep x", false)).containsExactly("grep", "x");
        assertThat(unwrap("exec -a kworker /tmp/x", false)).containsExactly("/tmp/x");
    }

    @Test
    void lookupsAndWrappersAloneAreTheProgram() {
        assertThat(unwrap("command -v curl", false)).containsExactly("command", "-v", "curl");
        assertThat(unwrap("sudo -l", false)).containsExactly("sudo", "-l");
        assertThat(unwrap("taskset -p 1234", false)).containsExactly("taskset", "-p", "1234");
        assertThat(unwrap("ls -la", false)).containsExactly("ls", "-la");
    }

    @Test
    void theWrapperBeforeAShellIsKeptWhenAsked() {
        assertThat(unwrap("command nice /bin/sh", true)).containsExactly("nice", "/bin/sh");
        assertThat(unwrap("command nice /bin/sh", false)).containsExactly("/bin/sh");
    }

    @Test
    void escapesAreReadThroughWrappersAndBareShellNames() {
        for (String s : new String[] {
            "command env /bin/sh", "nohup xargs -a /dev/null sh", "nice sh", "stdbuf -i0 dash",
            "sudo -E bash -c 'ionice /bin/sh'", "/bin/sh -c nice -n 5 /bin/bash", "$(which env) /bin/sh",
            "env${IFS}/bin/sh"}) {
            assertThat(Behaviours.shows(Family.SHELL_ESCAPE, s, false)).as(s).isTrue();
        }
        for (String s : new String[] {
            "command -v sh", "nohup sh ./run.sh", "timeout 10 bash build.sh", "nice -n 19 make -j4",
            "sudo docker run --rm -it ubuntu bash", "/bin/sh -c make all"}) {
            assertThat(Behaviours.shows(Family.SHELL_ESCAPE, s, false)).as(s).isFalse();
        }
        for (String s : new String[] {
            "timeout 5m zip /tmp/a.zip /etc/hostname -T -TT 'sh #'", "/bin/sh -c zip /tmp/a.zip /etc/hostname -T -TT 'bash #'"}) {
            assertThat(Behaviours.shows(Family.EXEC_HOOK, s, false)).as(s).isTrue();
        }
    }
}
