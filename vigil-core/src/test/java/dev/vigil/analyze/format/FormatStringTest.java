package dev.vigil.analyze.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Values as logged, written from the C99/POSIX fprintf specification; not from any corpus. */
class FormatStringTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "%25x%25x%25x%25x", "%x%x%x%x", "%2508x.%2508x.%2508x.%2508x", "%25p%20%25p%20%25p%20%25p",
        "%s%s%s%s%s", "AAAA%257%24x", "%253$n", "%1$s", "%25s%25n", "%25hn%25hn", "%25.99999d",
        "%2599999999s", "%d%d%d%d", "%lx|%lx|%lx|%lx",
    })
    void detects(String raw) {
        assertThat(FormatString.detect(raw)).as(raw).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "%25Y-%25m-%25d%20%25H:%25M:%25S", "%Y-%m-%d %H:%M:%S", "50%25%20discount", "%25s%20items",
        "100%25", "%d%%", "%u003c%u0073%u0063%u0072", "a%20b%20c%20d%20e", "%25d%20of%20%25d", "%n",
        "name=%25s&age=%25d", "", "%",
    })
    void ignores(String raw) {
        assertThat(FormatString.detect(raw)).as(raw).isEmpty();
    }

    @Test
    void longHostileValuesStayLinear() {
        String[] shapes = {"%", "%1", "%1$", "%0000000000000000", "%.", "%%", "%25"};
        for (String shape : shapes) {
            String value = shape.repeat(FormatString.MAX_LEN / shape.length() + 1);
            long t = System.nanoTime();
            FormatString.detect(value);
            assertThat(Duration.ofNanos(System.nanoTime() - t)).as(shape).isLessThan(Duration.ofMillis(500));
        }
    }
}
