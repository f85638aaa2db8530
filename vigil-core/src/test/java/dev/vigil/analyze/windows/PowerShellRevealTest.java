package dev.vigil.analyze.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Invoke-Obfuscation's string tricks, written for this test from its documentation; never corpus rows. */
class PowerShellRevealTest {

    @Test
    void formatOperatorOnLiteralsIsFilledIn() {
        assertEquals("downloadstring", PowerShellReveal.fill("{1}{0}", List.of("string", "download")));
        assertTrue(PowerShellReveal.hides("powershell -c \"$c.(\\\"{1}{0}\\\" -f 'String','Download').Invoke($u)\""));
        assertTrue(PowerShellReveal.hides("powershell -c \"&(\\\"{0}{2}{1}\\\" -f 'I','X','E') $t\""));
        assertTrue(PowerShellReveal.hides("powershell -c \".('{0}{1}' -f 'Start-Pro','cess') calc\""));
    }

    @Test
    void reversedLiteralsAreRead() {
        assertTrue(PowerShellReveal.hides("powershell -c \"&('noisserpxE-ekovnI'[-1..-17] -join '') $x\""));
        assertTrue(PowerShellReveal.hides("powershell -c \"$a='tneilCbeW.teN'.ToCharArray(); [array]::Reverse($a); New-Object ($a -join '')\""));
        assertTrue(PowerShellReveal.hides("powershell -c \"$m = 'gnirtSdaolnwoD'; $w.(-join $m[-1..-$m.Length])($u)\""));
    }

    @Test
    void characterCodesAreRead() {
        assertTrue(PowerShellReveal.hides("powershell -c \"& ([char]105+[char]101+[char]120) $t\""));
        assertTrue(PowerShellReveal.hides("powershell -c \"&([char[]](105,101,120) -join '') $t\""));
        assertTrue(PowerShellReveal.hides("powershell -c \"&(('105,101,120' -split ',' | % {[char][int]$_}) -join '') $t\""));
        // upper-case codes spell the same name: PowerShell ignores case
        assertTrue(PowerShellReveal.hides("powershell -c \"& ([char]73+[char]69+[char]88) 'whoami'\""));
        assertTrue(PowerShellReveal.hides("powershell -c \"$n=[char]73+[char]69+[char]88; & $n $t\""));
    }

    @Test
    void replacedLiteralsAreRead() {
        assertTrue(PowerShellReveal.hides("powershell -c \"$m = 'DowZZnloadFiZZle' -replace 'ZZ',''; $w.$m($u, $p)\""));
    }

    @Test
    void wordsWrittenOutOrHarmlessExpressionsDoNotCount() {
        // the call is written as it is: other rules read it, this family is about hiding
        assertFalse(PowerShellReveal.hides("powershell -c \"iex ('{0}' -f 'iex')\""));
        assertFalse(PowerShellReveal.hides("powershell -c \"'{0} of {1} copied' -f $n, $t\""));
        assertFalse(PowerShellReveal.hides("powershell -c \"'{0}-{1}' -f 'build','42'\""));
        assertFalse(PowerShellReveal.hides("powershell -c \"('a,b,c' -split ',') -join ';'\""));
        assertFalse(PowerShellReveal.hides("powershell -c \"'report.txt' -replace '.txt','.csv'\""));
        assertFalse(PowerShellReveal.hides("powershell -c \"[char]65 + [char]66\""));
        assertFalse(PowerShellReveal.hides("powershell -c \"Write-Host ([char]27 + '[32mOK' + [char]27 + '[0m')\""));
        assertFalse(PowerShellReveal.hides("cmd /c dir /s C:\\Users"));
        assertFalse(PowerShellReveal.hides(null));
    }

    @Test
    void hostileInputStaysLinearAndQuiet() {
        String s = "'" + "{0}".repeat(5000) + "' -f " + "'a',".repeat(3000);
        assertFalse(PowerShellReveal.hides(s));
        String t = "[char]".repeat(3000) + "1,".repeat(3000) + "-split '" + "11,".repeat(3000) + "'";
        assertFalse(PowerShellReveal.hides(t));
        assertTrue(PowerShellReveal.numberList("105,101,120"));
        assertFalse(PowerShellReveal.numberList("1,2"));
        assertFalse(PowerShellReveal.numberList("1050,101"));
    }
}
