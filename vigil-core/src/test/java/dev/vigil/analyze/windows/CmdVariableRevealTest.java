package dev.vigil.analyze.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.normalize.CommandLineNormalizer;
import org.junit.jupiter.api.Test;

/** cmd.exe variable spellings written for this test from cmd's SET/FOR help; never corpus rows. */
class CmdVariableRevealTest {

    @Test
    void aVariableSetOnTheLineIsPutWhereItIsUsed() {
        assertEquals("cmd /c \"set t=tasklist&& call tasklist /v\"", CmdVariableReveal.expand("cmd /c \"set t=tasklist&& call %t% /v\""));
        assertEquals("set \"p=ping\" & call ping -n 1 host", CmdVariableReveal.expand("set \"p=ping\" & call %P% -n 1 host"));
        assertEquals("cmd /v:on /c \"set a=note&& set b=pad&& notepad x.txt\"",
                CmdVariableReveal.expand("cmd /v:on /c \"set a=note&& set b=pad&& !a!!b! x.txt\""));
    }

    @Test
    void cutsAndReplacementsAreEvaluated() {
        assertEquals("set x=zzhostnamezz&& call hostname", CmdVariableReveal.expand("set x=zzhostnamezz&& call %x:~2,8%"));
        assertEquals("set x=hostname&& call name", CmdVariableReveal.expand("set x=hostname&& call %x:~-4%"));
        // the value is kept as written, spaces included
        assertEquals("set a=  hostname&& call hostname", CmdVariableReveal.expand("set a=  hostname&& call %a:~2%"));
        assertEquals("set x=h#o#s#t&& call host", CmdVariableReveal.expand("set x=h#o#s#t&& call %x:#=%"));
        // a system variable with the same value everywhere, cut: ComSpec ends in cmd.exe
        assertEquals("cmd /c \"cmd /c ver\"", CmdVariableReveal.expand("cmd /c \"%ComSpec:~-7,3% /c ver\""));
        assertEquals("x c:\\windows", CmdVariableReveal.expand("x %windir:~0%"));
    }

    @Test
    void comSpecWholeIsTheProgramCmdAndFoldersStayAsWritten() {
        assertEquals("c:\\windows\\system32\\cmd.exe /Q /c systeminfo", CmdVariableReveal.expand("%COMSPEC% /Q /c systeminfo"));
        assertNull(CmdVariableReveal.expand("copy x %windir%\\Temp\\y"));
    }

    @Test
    void aLoopOverOneLiteralItemRunsTheItem() {
        assertEquals("for /f %i in (\"hostname\") do hostname /?", CmdVariableReveal.expand("for /f %i in (\"hostname\") do %i /?"));
        assertEquals("for %%a in (ver) do ver", CmdVariableReveal.expand("for %%a in (ver) do %%a"));
        assertEquals("for /f %x in ('echo hostname') do hostname", CmdVariableReveal.expand("for /f %x in ('echo hostname') do %x"));
        // for /f takes the first token unless told otherwise
        assertEquals("for /f %i in (\"ping -n 1\") do ping x", CmdVariableReveal.expand("for /f %i in (\"ping -n 1\") do %i x"));
    }

    @Test
    void unknownValuesAndOrdinaryLoopsStayAsWritten() {
        assertNull(CmdVariableReveal.expand("cmd /c echo %DATE:~10,4%-%DATE:~4,2%"));
        assertNull(CmdVariableReveal.expand("echo %PATH%"));
        assertNull(CmdVariableReveal.expand("cmd /c set /a n=%n%+1"));
        assertNull(CmdVariableReveal.expand("for /f \"tokens=*\" %i in ('dir /b *.log') do type %i"));
        assertNull(CmdVariableReveal.expand("for %f in (*.txt) do type %f"));
        assertNull(CmdVariableReveal.expand("for %x in (a b c) do echo %x"));
        assertNull(CmdVariableReveal.expand("for /f %i in (list.txt) do ping %i"));
        assertNull(CmdVariableReveal.expand("for /f %i in ('echo %date% | find \"/\"') do echo %i"));
        assertNull(CmdVariableReveal.expand("for /l %i in (1,1,5) do echo %i"));
        assertNull(CmdVariableReveal.expand("Set-MpPreference -x 1 %y%"));
        assertNull(CmdVariableReveal.expand("offset x=1 %x%"));
        assertNull(CmdVariableReveal.expand(null));
        assertNull(CmdVariableReveal.expand("ls"));
    }

    @Test
    void theNormaliserAppendsTheExpandedLine() {
        String n = CommandLineNormalizer.normalize("cmd /c \"set w=wevtutil&& call %w% cl Application\"", true);
        assertEquals("cmd /c set w=wevtutil&& call %w% cl application cmd /c set w=wevtutil&& call wevtutil cl application", n);
        String plain = "cmd /c dir /b";
        assertEquals(plain, CommandLineNormalizer.normalize(plain, true));
    }

    @Test
    void hostileInputStaysLinear() {
        String many = "set a=b& ".repeat(5_000) + "%a%!a!%".repeat(20_000) + "for %i in (x) do ".repeat(5_000);
        long t = System.nanoTime();
        CmdVariableReveal.expand(many);
        CmdVariableReveal.expand("%" + "x".repeat(100_000));
        assertTrue(System.nanoTime() - t < 2_000_000_000L);
    }
}
