package dev.vigil.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Hostile command lines must never break the reading that every process rule relies on: whatever
 * the text, each platform's readings come back, the line itself first. The generators splice the
 * words each reader looks for (carriers, launchers, variables, quotes and escapes of both
 * platforms) into punctuation, so that the readers' edge cases (a quote at the start or the end, an
 * escape with nothing after it, a carrier with no value) are reached far more often than random
 * text reaches them.
 */
class CommandLineNormalizerProperties {

    private static void readsWithoutThrowing(String line) {
        for (boolean windows : new boolean[] {true, false}) {
            for (boolean image : new boolean[] {true, false}) {
                List<String> readings = CommandLineNormalizer.readings(line, windows, image);
                assertThat(readings).isNotNull().isNotEmpty();
                assertThat(readings).doesNotContainNull();
            }
            assertThat(CommandLineNormalizer.normalizeCased(line, windows)).isNotNull();
        }
    }

    @Property(tries = 300)
    void neverThrowOnArbitraryStrings(@ForAll String line) {
        readsWithoutThrowing(line);
    }

    @Property(tries = 1000)
    void neverThrowOnReaderWordsAndPunctuation(@ForAll("spliced") String line) {
        readsWithoutThrowing(line);
    }

    @Provide
    Arbitrary<String> spliced() {
        Arbitrary<String> words = Arbitraries.of(
                "wmic process call create ", "schtasks /create /tr ", "sc create x binpath= ", "-binarypathname ",
                "invoke-wmimethod -class win32_process -name create -argumentlist ", "@{commandline=",
                "([wmiclass]'win32_process').create(", "new-scheduledtaskaction -execute ", " -argument ",
                "start-process ", "saps ", "-argumentlist ", "iex ", "invoke-expression ", "& ", ".(", "$v = ", "$v='",
                "& $v ", "powershell -c ", "powershell -enc ", "cmd /c ", "cmd /v:on /c ", "set x=", "call %x%",
                "%x:~2,3%", "!x!", "for /f %i in (", ") do ", "forfiles /c ", "0x22", "busybox ", "sh -c ",
                "bash -c ", "xargs -i ", "find . -exec ", " {} ;", "$(", "`", "${ifs}", "$'\\x41'", "<<<", "| sh",
                "echo ", "x=/etc/pas;y=swd;cat $x$y", "\\\"", "\"", "'", "''", "^", "^^", "`n", "\\", "\\\\", " ",
                "\t", "\n", "\r\n", ";", "&&", "|", "=", ",", "(", ")", "{", "}", "c:\\windows\\x.exe", "/tmp/x",
                "-", "\u2013", "%comspec%", "$env:temp", " \\\"", "=\\\"", "(\\\"", ",\\\"", "\\\" ",
                "\"c:\\x\\p.exe\" ", "'c:\\x\\p.exe' ");
        Arbitrary<String> chars = Arbitraries.strings().withChars("\"'`^%!$;&|()<>=,\\/ \t\nacdeimnoprstwxz-:.@{}[]")
                .ofMaxLength(6);
        // the first character matters to several readers (a quoted program, an escape at index 0)
        Arbitrary<String> opener = Arbitraries.of("", "\"", "'", "\\\"", "^", "`", " ", "\\", "&", ".");
        Arbitrary<List<String>> parts = Combinators.combine(words, chars).as((w, c) -> w + c).list().ofMaxSize(24);
        return Combinators.combine(opener, parts).as((o, p) -> o + String.join("", p));
    }
}
