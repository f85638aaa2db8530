package dev.vigil.analyze.unix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.analyze.reading.Behaviours;
import dev.vigil.analyze.reading.Behaviours.Family;
import dev.vigil.analyze.reading.CommandReader;
import org.junit.jupiter.api.Test;

/** GTFOBins identity reads and xargs shells, from the function pages' descriptions (own examples). */
class ProgramTricksTest {
    private static int judge(String line) {
        java.util.List<ProgramTricks.Command> cmds = new java.util.ArrayList<>();
        for (CommandReader.Simple c : CommandReader.read(line, false)) {
            cmds.add(new ProgramTricks.Command(c.words(), c.redirects(), c.fedInput()));
        }
        return ProgramTricks.judge(cmds);
    }

    private static boolean identity(String line) {
        return (judge(line) & ProgramTricks.IDENTITY_READ) != 0;
    }

    private static boolean shell(String line) {
        return (judge(line) & ProgramTricks.INTERACTIVE_SHELL) != 0;
    }

    @Test
    void aFileComparedWithAnEmptyOneIsPrintedWhole() {
        assertThat(identity("diff --unchanged-line-format=%L /dev/null /var/lib/app/token")).isTrue();
        assertThat(identity("sudo cmp -l /etc/ssh/ssh_host_ed25519_key /dev/zero")).isTrue();
        assertThat(identity("join -a 2 /dev/null /home/ops/.pgpass")).isTrue();
        assertThat(identity("comm -23 /srv/app/.env /dev/null")).isTrue();
        assertThat(identity("git diff --no-index /dev/null /root/.netrc")).isTrue();
        assertThat(identity("puppet filebucket diff /dev/null /etc/krb5.keytab")).isTrue();
    }

    @Test
    void comparisonsThatWriteAPatchOrCompareRealFilesAreNot() {
        assertThat(identity("diff -u /dev/null docs/new-page.md > add-page.patch")).isFalse();
        assertThat(identity("diff -u old.conf new.conf")).isFalse();
        assertThat(identity("cmp build/a.bin build/b.bin")).isFalse();
        assertThat(identity("git diff HEAD~2 -- src/")).isFalse();
        assertThat(identity("diff /dev/null notes.txt | grep -c '^>'")).isFalse();
    }

    @Test
    void selfInverseFiltersAndArchiveRoundTripsAreCat() {
        assertThat(identity("rev /etc/gshadow | rev")).isTrue();
        assertThat(identity("tac /home/ops/.bash_history | tac")).isTrue();
        assertThat(identity("tar -cf - /etc/ssl/private/site.key | tar -xOf -")).isTrue();
        assertThat(identity("pax -w /root/.ssh/id_rsa | tar -xO")).isTrue();
        assertThat(identity("tar -cf /dev/stdout /etc/shadow --use-compress-program='tar -xO'")).isTrue();
        assertThat(identity("rev words.txt")).isFalse();
        assertThat(identity("echo level | rev | rev")).isFalse();
        assertThat(identity("tar -cf - ./site | tar -xf - -C /srv/www")).isFalse();
        assertThat(identity("tac access.log | tac > copy.log")).isFalse();
    }

    @Test
    void filtersToldToChangeNothingAreCat() {
        assertThat(identity("iconv -f UTF-8 -t utf8 /etc/ssl/private/web.key")).isTrue();
        assertThat(identity("sudo iconv --from-code=latin1 --to-code=LATIN1 /root/.my.cnf")).isTrue();
        assertThat(identity("fold -w 4096 /etc/sudoers")).isTrue();
        assertThat(identity("fmt -2000 /var/lib/app/secrets.ini")).isTrue();
        assertThat(identity("unexpand -t 1000 /etc/krb5.keytab")).isTrue();
        assertThat(identity("nl -b n /root/.pgpass")).isTrue();
        assertThat(identity("pr -T /etc/gshadow")).isTrue();
        assertThat(identity("sort -m /home/ops/.netrc")).isTrue();
        assertThat(identity("head -n -0 /etc/shadow")).isTrue();
        assertThat(identity("tail -c +0 /root/.ssh/id_ed25519")).isTrue();
        assertThat(identity("cp /etc/ssh/ssh_host_rsa_key /dev/stdout")).isTrue();
    }

    @Test
    void filtersDoingTheirJobAreNot() {
        assertThat(identity("iconv -f latin1 -t utf-8 old.txt")).isFalse();
        assertThat(identity("iconv -c -f utf-8 -t utf-8 dump.sql")).isFalse();
        assertThat(identity("iconv -f utf-8 -t utf-8 notes.txt > /dev/null")).isFalse();
        assertThat(identity("iconv -f utf-8 -t utf-8//IGNORE notes.txt")).isFalse();
        assertThat(identity("fold -w 80 README")).isFalse();
        assertThat(identity("fmt -w 72 message.txt")).isFalse();
        assertThat(identity("fold -w 1000 wide.txt > narrow.txt")).isFalse();
        assertThat(identity("nl -b a script.sh")).isFalse();
        assertThat(identity("pr -T -2 list.txt")).isFalse();
        assertThat(identity("sort -m a.sorted b.sorted")).isFalse();
        assertThat(identity("head -n -5 access.log")).isFalse();
        assertThat(identity("tail -n +2 data.csv")).isFalse();
        assertThat(identity("cp build/app.bin /srv/app.bin")).isFalse();
        assertThat(identity("echo hi | iconv -f utf-8 -t utf-8")).isFalse();
    }

    @Test
    void filtersGivenAnEmptyProgramAreCat() {
        assertThat(identity("sed '' /etc/shadow")).isTrue();
        assertThat(identity("sudo sed -n p /root/.my.cnf")).isTrue();
        assertThat(identity("mawk '{ print }' /etc/sudoers")).isTrue();
        assertThat(identity("awk 1 /home/ops/.pgpass")).isTrue();
        assertThat(identity("grep '' /etc/krb5.keytab")).isTrue();
        assertThat(identity("look '' /var/lib/app/.env")).isTrue();
        assertThat(identity("perl -ne print /etc/gshadow")).isTrue();
        assertThat(identity("jq -R . /root/.netrc")).isTrue();
        assertThat(identity("cut -c 1- /etc/ssl/private/site.key")).isTrue();
        assertThat(identity("cut -d '' -f1 /root/.bash_history")).isTrue();
        assertThat(identity("cupsfilter -i text/plain -m text/plain /etc/shadow")).isTrue();
        assertThat(identity("xargs -a /root/.ssh/id_rsa -0")).isTrue();
        assertThat(identity("paste /etc/shadow")).isTrue();
    }

    @Test
    void filtersWithARealProgramOrFeedingMoreWorkAreNot() {
        assertThat(identity("sed 's/a/b/' notes.txt")).isFalse();
        assertThat(identity("sed -n '5,10p' app.log")).isFalse();
        assertThat(identity("awk '{print $2}' data.txt")).isFalse();
        assertThat(identity("awk 1 file.txt > fixed.txt")).isFalse();
        assertThat(identity("grep '' *.txt")).isFalse();
        assertThat(identity("grep -c '' big.csv")).isFalse();
        assertThat(identity("grep error app.log")).isFalse();
        assertThat(identity("perl -ne 'print if /x/' f")).isFalse();
        assertThat(identity("jq . data.json")).isFalse();
        assertThat(identity("cut -d: -f1 /etc/passwd")).isFalse();
        assertThat(identity("cut -c 1- notes.txt | head")).isFalse();
        assertThat(identity("cupsfilter -m application/pdf report.txt")).isFalse();
        assertThat(identity("xargs -a urls.txt curl -O")).isFalse();
        assertThat(identity("paste a.txt b.txt")).isFalse();
        assertThat(identity("paste run-1.{csv,log}")).isFalse();
        assertThat(identity("sed '' big.log | wc -l")).isFalse();
    }

    @Test
    void xargsHandingAShellTheTerminalIsAShell() {
        assertThat(shell("xargs -a /dev/null /bin/bash")).isTrue();
        assertThat(shell("sudo xargs --open-tty sh")).isTrue();
        assertThat(shell("echo | xargs -o -a /dev/null zsh -i")).isTrue();
        assertThat(shell("xargs -a urls.txt -n 1 curl -O")).isFalse();
        assertThat(shell("find . -name '*.sh' | xargs -o vim")).isFalse();
        assertThat(shell("xargs -a /dev/null sh -c 'make all'")).isFalse();
        assertThat(shell("ls | xargs sh")).isFalse();
    }

    @Test
    void theReadingFamiliesCarryTheTricks() {
        assertThat(Behaviours.shows(Family.ENCODE_ROUND_TRIP, "comm /etc/shadow /dev/null", false)).isTrue();
        assertThat(Behaviours.shows(Family.SHELL_ESCAPE, "xargs -a /dev/null dash", false)).isTrue();
        assertThat(Behaviours.shows(Family.ENCODE_ROUND_TRIP, "comm a.txt b.txt", false)).isFalse();
        for (String lit : ProgramTricks.IDENTITY_GATE) {
            assertThat(Family.ENCODE_ROUND_TRIP.gate()).contains(lit);
        }
    }

    @Test
    void neverThrows() {
        for (String s : new String[] {"", "diff", "xargs -a", "tar -I", "| rev", "cmp /dev/null", "xargs --", "tar c | tar"}) {
            judge(s);
        }
    }
}
