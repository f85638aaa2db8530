package dev.vigil.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.rules.AdversarialShapes.Place;
import dev.vigil.rules.AdversarialShapes.Timing;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A request or a process decides what it contains, not how long Vigil spends on it: every rule
 * family (all built-in HTTP and process rules, through their detectors) is timed on generated
 * hostile shapes in every field, and each line must cost at most {@link #MAX_SECONDS_PER_KB} per
 * kilobyte. The bound is generous (the worst shapes take about 2 ms per kilobyte, most well under
 * one); cost that grew with the square of the length broke it at these sizes by a factor of 10 or
 * more (before the fix, 64 KB of {@code a[]=1&} took 23 s, 0.35 s per kilobyte). Times are this
 * thread's CPU time, median of three, so a busy machine does not make the test fail.
 */
class AdversarialTimeTest {
    /** 10 ms per KB: a 64 KB line in well under a second, on a slow machine. */
    static final double MAX_SECONDS_PER_KB = 0.010;
    /** 16 KB per line: at this length the quadratic shapes of before took 0.13 to 0.22 s per KB. */
    static final int CHARS = 16 * 1024;

    private static AdversarialShapes shapes;

    @BeforeAll
    static void warmUp() {
        shapes = new AdversarialShapes();
        shapes.warmUp();
    }

    @Test
    void queryStrings() {
        assertLinear(Place.QUERY, Place.QUERY_VALUE);
    }

    @Test
    void paths() {
        assertLinear(Place.PATH);
    }

    @Test
    void headers() {
        assertLinear(Place.USER_AGENT, Place.REFERER);
    }

    @Test
    void commandLines() {
        assertLinear(Place.CMDLINE_POSIX, Place.CMDLINE_WINDOWS, Place.ARGV);
    }

    @Test
    void logLinesThroughTheirParsers() {
        assertLinear(Place.LOG_COMBINED, Place.LOG_PROCESS_JSON);
    }

    @Test
    void manyParametersCostLinearTimeAtEveryLength() {
        // the shapes the issue measured, at growing lengths: the time per kilobyte must not grow
        for (String unit : List.of("a[]=1&", "a=1&", "a=1'+or+'1'='1&", "a&")) {
            for (int kb : new int[] {8, 16, 64}) {
                Timing t = shapes.time(unit, Place.QUERY, kb * 1024, 3);
                assertThat(t.secondsPerKb()).as("%s x %d KB: %.3f s", unit, kb, t.seconds())
                        .isLessThan(MAX_SECONDS_PER_KB);
            }
        }
    }

    private static void assertLinear(Place... places) {
        List<String> slow = new ArrayList<>();
        for (Place p : places) {
            for (String unit : AdversarialShapes.units()) {
                Timing t = shapes.time(unit, p, CHARS, 3);
                if (t.secondsPerKb() >= MAX_SECONDS_PER_KB) {
                    // measure again before blaming the shape: a collection or a compilation can
                    // land in all three runs of a short measurement
                    t = shapes.time(unit, p, CHARS, 5);
                }
                if (t.secondsPerKb() >= MAX_SECONDS_PER_KB) {
                    slow.add(String.format(Locale.ROOT, "%s %s: %.4f s/KB (%.3f s)", p,
                            AdversarialShapes.printable(unit), t.secondsPerKb(), t.seconds()));
                }
            }
        }
        assertThat(slow).as("shapes over %s s/KB", MAX_SECONDS_PER_KB).isEmpty();
    }
}
