package dev.vigil.analyze.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.vigil.normalize.CommandLineNormalizer;
import org.junit.jupiter.api.Test;

/** Start-Process spellings written for this test from PowerShell's documentation; never corpus rows. */
class StartProcessRevealTest {

    private static String last(String folded) {
        String out = StartProcessReveal.reveal(folded);
        return out.substring(folded.length() + 1);
    }

    @Test
    void programAndArgumentListAreJoined() {
        assertEquals("reg save hklm\\sam c:\\t\\s", last("start-process reg -argumentlist 'save hklm\\sam c:\\t\\s'"));
        assertEquals("reg save hklm\\sam x", last("saps -filepath reg -args 'save hklm\\sam x' -wait"));
        assertEquals("net user bob pw /add", last("start net 'user bob pw /add'"));
        assertEquals("cmd /c whoami", last("start-process -windowstyle hidden cmd -a '/c','whoami'"));
        assertEquals("cmd /c it's", last("start-process cmd -argumentlist '/c it''s'"));
        assertEquals("wevtutil cl security", last("powershell -c start-process wevtutil -verb runas -argumentlist cl,security"));
    }

    @Test
    void aLiteralGivenToInvokeExpressionIsReadAsACommand() {
        assertEquals("vssadmin delete shadows /all /quiet", last("iex 'vssadmin delete shadows /all /quiet'"));
        assertEquals("net user x /add", last("powershell -c invoke-expression -command 'net user x /add'"));
        assertEquals("whoami", last("iex('whoami')"));
        String variable = "iex $payload";
        assertSame(variable, StartProcessReveal.reveal(variable));
    }

    @Test
    void hostileRepetitionStaysLinear() {
        String many = "start x ".repeat(20_000) + "iex 'a ".repeat(20_000);
        long t = System.nanoTime();
        StartProcessReveal.reveal(many);
        org.junit.jupiter.api.Assertions.assertTrue(System.nanoTime() - t < 2_000_000_000L);
    }

    @Test
    void theLineItselfIsKept() {
        String in = "start-process reg -argumentlist 'save hklm\\sam x'";
        assertEquals(in + " reg save hklm\\sam x", StartProcessReveal.reveal(in));
    }

    @Test
    void nothingToJoinLeavesTheLineAlone() {
        String plain = "systemctl start nginx";
        assertSame(plain, StartProcessReveal.reveal(plain));
        String noArgs = "start-process notepad.exe -wait";
        assertSame(noArgs, StartProcessReveal.reveal(noArgs));
        String restart = "restart-service spooler";
        assertSame(restart, StartProcessReveal.reveal(restart));
        assertEquals("", StartProcessReveal.reveal(""));
    }

    @Test
    void theNormaliserAppendsWhatStartProcessStarts() {
        assertEquals("powershell start-process vssadmin -argumentlist delete shadows /all vssadmin delete shadows /all",
                CommandLineNormalizer.normalize("powershell Start-Process vssadmin -ArgumentList \"delete shadows /all\"", true));
        assertEquals("& 'c:\\program files\\x\\tool.exe -scan",
                CommandLineNormalizer.normalize("& 'C:\\Program Files\\x\\tool.exe' -scan", true));
    }

    @Test
    void theCallOperatorOnALiteralNameRunsThatProgram() {
        // about_Operators (call operator &, dot-sourcing .), written for this test
        assertEquals("hostname /?", last("& 'hostname' /?"));
        assertEquals("hostname -s", last("powershell -c & ('hostname') -s; get-date"));
        assertEquals("whoami /all", last("$c='whoami'; & $c /all"));
        assertEquals("whoami /all", last("$c = 'whoami'; .($c) /all".replace(".($c)", "& $c")));
        assertEquals("ipconfig /all", last(".('ipconfig') /all"));
        // $c = "wevtutil" as the normaliser leaves it, its double quotes dropped
        assertEquals("wevtutil cl security", last("$cmd = wevtutil; & $cmd cl security"));
        assertEquals("c:\\windows\\system32\\reg.exe save hklm\\sam x",
                last("$exe = c:\\windows\\system32\\reg.exe\n& $exe save hklm\\sam x"));
        assertSame("$v = get-item x; & $v -y", StartProcessReveal.reveal("$v = get-item x; & $v -y"));
        assertSame("$v = $other; & $v -y", StartProcessReveal.reveal("$v = $other; & $v -y"));
        // a variable not set to a literal on the line, a method call, cmd's & and && are left alone
        assertSame("& $exe --help", StartProcessReveal.reveal("& $exe --help"));
        assertSame("$x.('tostring')()", StartProcessReveal.reveal("$x.('tostring')()"));
        assertSame("whoami & net user && ver", StartProcessReveal.reveal("whoami & net user && ver"));
    }
}
