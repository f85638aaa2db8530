package dev.vigil.ingest.combined;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.event.HttpRequest;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineParser;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class CombinedProperties {

    @Property(tries = 3000)
    void neverThrowsOnArbitraryBytes(@ForAll @Size(max = 600) byte[] bytes) {
        Line l = new Line();
        l.set(bytes, 0, bytes.length, "fuzz", 1, 0);
        int[] rejects = new int[1];
        Object e = CombinedFormat.COMBINED.parse(l, r -> rejects[0]++);
        assertThat(e == null || rejects[0] == 0).isTrue();
    }

    @Property(tries = 2000)
    void neverThrowsOnDamagedLines(@ForAll @IntRange(min = 0, max = 120) int cut,
                                   @ForAll @IntRange(min = 0, max = 120) int pos, @ForAll byte junk) {
        String good = "203.0.113.9 - bob [10/Oct/2000:13:55:36 -0700] \"GET /a?b=\\x22c HTTP/1.0\" 200 2326 \"http://r/\" \"UA \\\"x\\\"\"";
        byte[] b = good.getBytes(StandardCharsets.UTF_8);
        byte[] d = java.util.Arrays.copyOf(b, Math.max(0, b.length - cut));
        if (pos < d.length) {
            d[pos] = junk;
        }
        Line l = new Line();
        l.set(d, 0, d.length, "fuzz", 1, 0);
        CombinedFormat.COMBINED.parse(l, LineParser.Rejects.IGNORE);
    }

    @Provide
    Arbitrary<String> printable() {
        return Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(80);
    }

    /** A line written with nginx's escaping reads back to the values that went in. */
    @Property(tries = 2000)
    void roundTripsNginxEscapedValues(@ForAll("printable") String path, @ForAll("printable") String ua,
                                      @ForAll("printable") String ref) {
        String target = "/" + path.replace(" ", "%20");
        String line = "198.51.100.1 - - [28/Nov/2026:10:00:00 +0000] \"GET " + esc(target) + " HTTP/1.1\" 200 5 \""
                + (ref.isEmpty() ? "-" : esc(ref)) + "\" \"" + (ua.isEmpty() ? "-" : esc(ua)) + "\"";
        HttpRequest r = (HttpRequest) CombinedFormat.COMBINED.parse(Line.of("t", 1, line), LineParser.Rejects.IGNORE);
        assertThat(r).isNotNull();
        assertThat(r.target()).isEqualTo(target);
        assertThat(r.userAgent()).isEqualTo(ua.isEmpty() || ua.equals("-") ? null : ua);
        assertThat(r.referer()).isEqualTo(ref.isEmpty() || ref.equals("-") ? null : ref);
    }

    private static String esc(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append(String.format("\\x%02X", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
