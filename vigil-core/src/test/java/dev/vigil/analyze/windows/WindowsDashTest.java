package dev.vigil.analyze.windows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.normalize.CommandLineNormalizer;
import org.junit.jupiter.api.Test;

class WindowsDashTest {

    @Test
    void optionsOpenedByAnyDashReadAsSlashOptions() {
        assertThat(WindowsDash.slashed("taskkill -f -im msmpeng.exe")).isEqualTo("taskkill /f /im msmpeng.exe");
        assertThat(WindowsDash.slashed("schtasks \u2013create \u2014tn upd \u2015tr c:\\x.exe -sc onlogon"))
                .isEqualTo("schtasks /create /tn upd /tr c:\\x.exe /sc onlogon");
        assertThat(WindowsDash.slashed("reg.exe -?")).isEqualTo("reg.exe /?");
    }

    @Test
    void longOptionsNumbersWordsAndPowerShellStayAsTheyAre() {
        assertThat(WindowsDash.slashed("conhost.exe --headless cmd /c x.bat")).isNull();
        assertThat(WindowsDash.slashed("ping.exe -1 web-01")).isNull();
        assertThat(WindowsDash.slashed("copy a-b.txt c:\\x-y")).isNull();
        assertThat(WindowsDash.slashed("schtasks -create -tn x")).isNull();
        assertThat(WindowsDash.slashed("cmd /c powershell -nop -enc aaaa")).isNull();
        assertThat(WindowsDash.slashed("& 'c:\\program files\\x\\tool.exe' -scan")).isNull();
        assertThat(WindowsDash.slashed("get-childitem c:\\ -recurse")).isNull();
        assertThat(WindowsDash.slashed("$p = 'c:\\x.exe'; & $p -s")).isNull();
        assertThat(WindowsDash.slashed("-f x.exe")).isNull();
        // a POSIX line taken for Windows by its backslashes names no Windows program or path
        assertThat(WindowsDash.slashed("find . -type f -exec wc -l {} \\; | egrep ^\\s*1\\s")).isNull();
        assertThat(WindowsDash.slashed(null)).isNull();
    }

    @Test
    void theNormalisedWindowsLineKeepsTheLineAsWrittenAndAddsTheSlashReading() {
        assertThat(CommandLineNormalizer.normalize("TaskKill -F -IM MsMpEng.exe", true))
                .isEqualTo("taskkill -f -im msmpeng.exe taskkill /f /im msmpeng.exe");
        assertThat(CommandLineNormalizer.normalize("taskkill /f /im msmpeng.exe", true)).isEqualTo("taskkill /f /im msmpeng.exe");
        // typed at a prompt the line names no program path: the executable tells it is Windows'
        assertThat(CommandLineNormalizer.normalize("schtasks -create -tn upd", true)).isEqualTo("schtasks -create -tn upd");
        assertThat(CommandLineNormalizer.normalize("schtasks -create -tn upd", true, true))
                .isEqualTo("schtasks -create -tn upd schtasks /create /tn upd");
        // POSIX lines are never read this way
        assertThat(CommandLineNormalizer.normalize("ls -la /tmp", false)).isEqualTo("ls -la /tmp");
    }
}
