package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.event.Event;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    private static long clf(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return Timestamps.clf(b, 0, b.length);
    }

    @Test
    void parsesApacheExample() {
        assertThat(clf("10/Oct/2000:13:55:36 -0700"))
                .isEqualTo(OffsetDateTime.parse("2000-10-10T13:55:36-07:00").toInstant().toEpochMilli());
    }

    @Test
    void parsesLeapDayAndFraction() {
        assertThat(clf("29/Feb/2024:23:59:59.250 +0000"))
                .isEqualTo(OffsetDateTime.parse("2024-02-29T23:59:59.250Z").toInstant().toEpochMilli());
    }

    @Test
    void rejectsJunkWithoutThrowing() {
        assertThat(clf("")).isEqualTo(Event.NO_TIME);
        assertThat(clf("99/Foo/2000:13:55:36 -0700")).isEqualTo(Event.NO_TIME);
        assertThat(clf("10/Oct/2000:25:55:36 -0700")).isEqualTo(Event.NO_TIME);
        assertThat(clf("10/Oct/20x0:13:55:36 -0700")).isEqualTo(Event.NO_TIME);
        assertThat(Timestamps.iso("yesterday")).isEqualTo(Event.NO_TIME);
        assertThat(Timestamps.w3c("2024-13-01", "00:00:00")).isEqualTo(Event.NO_TIME);
    }

    @Test
    void timesThatOverflowEpochMillisAreUnreadableNotExceptions() {
        // java.time reads these years, but they do not fit in a long of milliseconds
        assertThat(Timestamps.iso("+999999999-12-31T23:59:59Z")).isEqualTo(Event.NO_TIME);
        assertThat(Timestamps.iso("-999999999-01-01T00:00:00Z")).isEqualTo(Event.NO_TIME);
        assertThat(Timestamps.iso("+999999999-12-31T23:59:59")).isEqualTo(Event.NO_TIME);
        assertThat(Timestamps.iso("+999999999-12-31T23:59:59+05:00")).isEqualTo(Event.NO_TIME);
        assertThat(Timestamps.w3c("+999999999-12-31", "23:59:59")).isEqualTo(Event.NO_TIME);
        assertThat(Timestamps.epochSeconds("1e300")).isEqualTo(Event.NO_TIME);
        assertThat(Timestamps.epochSeconds("-1e300")).isEqualTo(Event.NO_TIME);
        // years past 9999 fit, but windows added to them would not: outside the range, unreadable
        assertThat(Timestamps.iso("+10000-01-01T00:00:00Z")).isEqualTo(Event.NO_TIME);
        assertThat(Timestamps.iso("9999-12-31T23:59:59-17:00")).isEqualTo(Event.NO_TIME);
        assertThat(Timestamps.iso("9999-12-31T23:59:59.999Z")).isEqualTo(Timestamps.MAX_MILLIS);
        assertThat(Timestamps.iso("0000-01-01T00:00:00Z")).isEqualTo(Timestamps.MIN_MILLIS);
    }

    @Test
    void parsesIsoAndW3c() {
        assertThat(Timestamps.iso("2024-03-01T12:00:00.1234567Z"))
                .isEqualTo(OffsetDateTime.parse("2024-03-01T12:00:00.123Z").toInstant().toEpochMilli());
        assertThat(Timestamps.iso("2024-03-01 12:00:00"))
                .isEqualTo(OffsetDateTime.parse("2024-03-01T12:00:00Z").toInstant().toEpochMilli());
        assertThat(Timestamps.w3c("2024-03-01", "12:00:01"))
                .isEqualTo(OffsetDateTime.parse("2024-03-01T12:00:01Z").toInstant().toEpochMilli());
    }

    @Property(tries = 2000)
    void agreesWithJavaTime(@ForAll @LongRange(min = 0, max = 4_102_444_800L) long epochSecond,
                            @ForAll @LongRange(min = -720, max = 840) long offsetMinutes) {
        long off = offsetMinutes - offsetMinutes % 15;
        OffsetDateTime t = OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(epochSecond),
                java.time.ZoneOffset.ofTotalSeconds((int) off * 60));
        String s = t.format(DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT));
        assertThat(clf(s)).isEqualTo(epochSecond * 1000);
    }
}
