package dev.vigil.analyze.reading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.analyze.reading.Behaviours.Family;
import dev.vigil.normalize.CommandLineNormalizer;
import org.junit.jupiter.api.Test;

/** One Windows command written the ways cmd and PowerShell accept; written for this test, never corpus rows. */
class WindowsSpellingsTest {

    @Test
    void launchersAreReadThrough() {
        assertThat(CommandReader.read("cmd /c call whoami /all", true)).extracting(CommandReader.Simple::program)
                .containsExactly("cmd", "whoami");
        assertThat(CommandReader.read("cmd /c start \"\" /b /wait C:\\Tools\\x.exe -q", true))
                .extracting(CommandReader.Simple::program).containsExactly("cmd", "x");
        assertThat(CommandReader.read("start notepad", true)).extracting(CommandReader.Simple::program)
                .containsExactly("notepad");
        assertThat(CommandReader.read("%COMSPEC% /q /c hostname & ver", true)).extracting(CommandReader.Simple::program)
                .containsExactly("%comspec%", "hostname", "ver");
    }

    @Test
    void powershellCommandByAnyPrefixOrSwitchCharacter() {
        for (String flag : new String[] {"-c", "-co", "-Command", "/c", "/command", "\u2013c"}) {
            assertThat(CommandReader.read("powershell " + flag + " \"whoami; hostname\"", true))
                    .extracting(CommandReader.Simple::program).contains("whoami", "hostname");
        }
    }

    @Test
    void windowsPowershellRunsItsFirstPlainWordAsTheCommand() {
        for (String line : new String[] {"powershell Get-LocalUser; whoami /groups",
                "powershell.exe -NoProfile -ExecutionPolicy Bypass -WindowStyle Hidden Get-LocalUser; whoami /groups",
                "powershell -nop -ep bypass -w hidden Get-LocalUser; whoami /groups"}) {
            assertThat(CommandReader.read(line, true)).extracting(CommandReader.Simple::program)
                    .as(line).contains("get-localuser", "whoami");
        }
        // a script file, encoded text, standard input and PowerShell 7's positional script are not command strings
        for (String line : new String[] {"powershell -ExecutionPolicy Bypass -File C:\\ops\\whoami.ps1",
                "powershell -enc d2hvYW1p whoami", "powershell -NoProfile - whoami", "pwsh whoami.ps1 hostname"}) {
            assertThat(CommandReader.read(line, true)).extracting(CommandReader.Simple::program)
                    .as(line).doesNotContain("whoami", "hostname");
        }
    }

    @Test
    void forfilesCommandStringIsReadWithItsHexCharacters() {
        assertThat(dev.vigil.normalize.CommandLineNormalizer.forfilesHex("reg query 0x22HKCU\\Software0x22 /s")).isEqualTo("reg query \"HKCU\\Software\" /s");
        assertThat(dev.vigil.normalize.CommandLineNormalizer.forfilesHex("x 0x01 0xZZ")).isEqualTo("x 0x01 0xZZ");
        assertThat(CommandReader.read("forfiles /p C:\\Windows /m win.ini /c \"hostname 0x26 whoami\"", true))
                .extracting(CommandReader.Simple::program).containsExactly("forfiles", "hostname", "whoami");
        assertThat(CommandLineNormalizer.normalize("forfiles /m *.log /c \"cmd /c echo 0x22@file0x22\"", true))
                .isEqualTo("forfiles /m *.log /c cmd /c echo @file");
    }

    @Test
    void userFoldersByVariableOrForwardSlash() {
        assertThat(Behaviours.shows(Family.USER_PATH_PAYLOAD, "regsvr32 /s $env:PUBLIC\\a.dll", true)).isTrue();
        assertThat(Behaviours.shows(Family.USER_PATH_PAYLOAD, "rundll32 C:/Users/Public/b.dll,Run", true)).isTrue();
        assertThat(Behaviours.shows(Family.USER_PATH_PAYLOAD, "regsvr32 /s %ProgramData%\\c.dll", true)).isTrue();
        assertThat(Behaviours.shows(Family.USER_PATH_PAYLOAD, "regsvr32 /s \"C:\\Program Files\\Vendor\\d.dll\"", true)).isFalse();
    }
}
