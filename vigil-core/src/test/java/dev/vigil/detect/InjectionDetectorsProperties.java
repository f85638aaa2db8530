package dev.vigil.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.analyze.sqli.SqlInjection;
import dev.vigil.analyze.xss.CrossSiteScripting;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class InjectionDetectorsProperties {

    @Property(tries = 300)
    void neverThrowOnArbitraryStrings(@ForAll String value) {
        assertThat(SqlInjection.detect(value)).isNotNull();
        assertThat(CrossSiteScripting.detect(value)).isNotNull();
    }

    @Property(tries = 300)
    void neverThrowOnSyntaxHeavyStrings(@ForAll("syntax") String value) {
        assertThat(SqlInjection.detect(value)).isNotNull();
        assertThat(CrossSiteScripting.detect(value)).isNotNull();
    }

    @Property(tries = 20)
    void terminateQuicklyOn64KiBStrings(@ForAll("huge") String value) {
        // CPU time of this thread, not wall time: a loaded machine must not fail a linear scan
        long t0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        SqlInjection.detect(value);
        CrossSiteScripting.detect(value);
        // linear scans: even 64 KiB of worst-case punctuation takes milliseconds, not seconds
        assertThat(java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - t0)
                .isLessThan(2_000_000_000L);
    }

    @Property(tries = 10)
    void stayLinearOnRepeatedOpeners(@ForAll("openers") String unit) {
        String value = unit.repeat(65_536 / unit.length());
        // CPU time of this thread, not wall time: a loaded machine must not fail a linear scan
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        // one untimed pass first: what is measured is the scan's growth, not the JIT compiler's start
        // (64 KiB of '<a x=' once ran 2-3 s of CPU in the interpreter; its attribute reading is now
        // memoised, HtmlScannerCostTest counts its steps)
        SqlInjection.detect(value);
        CrossSiteScripting.detect(value);
        long t0 = mx.getCurrentThreadCpuTime();
        SqlInjection.detect(value);
        CrossSiteScripting.detect(value);
        long cpu = mx.getCurrentThreadCpuTime() - t0;
        assertThat(cpu).as("CPU nanoseconds for 64 KiB of '%s'", unit).isLessThan(2_000_000_000L);
    }

    @Provide
    Arbitrary<String> openers() {
        // each of these starts a construct whose end a naive scanner would look for to the end
        return Arbitraries.of("<a x='", "<a x=", "*/(", "${", "/*", "'", "char /*", "<svg ", "javascript:",
                "&#", "\\'", "a' or ", "union ", "(", "<!--", "\\x3c");
    }

    @Provide
    Arbitrary<String> syntax() {
        return Arbitraries.strings().withChars("'\"`;()<>=-#/*!@&|\\ \t\n:ajvsecriptonl01xX%{}$.")
                .ofMaxLength(200);
    }

    @Provide
    Arbitrary<String> huge() {
        return Arbitraries.strings().withChars("'\"`;()<>=-#/*!@&|\\ \t:jvasriptonl1&#;")
                .ofMinLength(60_000).ofMaxLength(65_536);
    }
}
