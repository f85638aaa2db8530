package dev.vigil.analyze.xss;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The attribute reader's work on hostile repetitions, counted in loop iterations rather than timed:
 * every '<' starts a tag scan of up to 4 KiB, and values of repeated tags whose unquoted attribute
 * values swallow the next '<' made each scan read the same attributes again (64 KiB of {@code <a x=}
 * took about 800 attribute steps per tag, 0.6 s). Each position is now read once per tag class.
 */
class HtmlScannerCostTest {

    @ParameterizedTest
    @ValueSource(strings = {"<a x=", "<a x=a<a ", "<a x=<a/ ", "<a/x=<b ", "<svg x=<use ", "<a x=<use x=<set x=",
        "<animate x=<image x=<b x=", "<a x='", "<a x=<a x='", "<a ", "<a x=\"\" "})
    void readsEachPositionAFewTimesOnly(String unit) {
        String value = unit.repeat(65_536 / unit.length());
        HtmlScanner scanner = new HtmlScanner(XssNormalizer.normalize(value));
        assertThat(scanner.scan()).isNull();
        // three tag classes, each position read at most once per class, plus one step per scan that
        // takes over an earlier one's reading
        assertThat(scanner.attributeSteps).as("attribute steps for 64 KiB of '%s'", unit)
                .isLessThan(6L * value.length());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<a x=<b onload=alert(1)>",
        "<a x=<svg x=<svg x=<svg onload=alert(1)>",
        "<svg x=<use x=<a xlink:href=//evil.example/x.svg#a>",
        "<a x=<set x=<set attributename=href to=javascript:alert(1)>"
    })
    void findsWhatFollowsALongRunOfTags(String tail) {
        // the memo must not hide an attribute that a later tag scan is the first to reach
        String value = "<a x=<svg x=<set x=".repeat(2_000) + tail;
        assertThat(CrossSiteScripting.detect(value)).isPresent();
    }
}
