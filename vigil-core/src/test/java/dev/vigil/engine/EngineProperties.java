package dev.vigil.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.ingest.Source;
import dev.vigil.ingest.combined.CombinedFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class EngineProperties {
    private static final Engine ENGINE = Engine.builder().format(CombinedFormat.COMBINED).threads(2)
            .maxLineLength(256).defaultDetectors(AlertCatalogue.builtIn()).build();

    @Property(tries = 300)
    void neverThrowsAndAccountsForEveryLine(@ForAll @Size(max = 4000) byte[] data) throws Exception {
        ScanSummary s = ENGINE.scan(List.of(Source.of("fuzz", data)), new ScanListener() {});
        SourceStats st = s.sources().get(0);
        if (compressedMagic(data)) {
            // read as a compressed file (gzip, bzip2, xz, zstd by magic bytes): its lines and bytes are
            // those it decompresses to; random bytes after the magic are a corrupt file, reported, not lines
            assertThat(st.events() + st.rejected()).isLessThanOrEqualTo(st.lines());
            return;
        }
        long newlines = 0;
        for (byte b : data) {
            if (b == '\n') {
                newlines++;
            }
        }
        long expected = newlines + (data.length > 0 && data[data.length - 1] != '\n' ? 1 : 0);
        assertThat(st.lines()).isEqualTo(expected);
        assertThat(st.events() + st.rejected()).isLessThanOrEqualTo(st.lines());
        assertThat(st.bytes()).isEqualTo(data.length);
    }

    @net.jqwik.api.Example
    void theGzipMagicAloneIsAnUnreadableCompressedFileNotACrash() throws Exception {
        // found by the property above: two bytes that open as gzip and end at once
        neverThrowsAndAccountsForEveryLine(new byte[] {31, -117});
    }

    private static boolean compressedMagic(byte[] d) {
        return starts(d, 0x1f, 0x8b) || starts(d, 'B', 'Z', 'h') || starts(d, 0xfd, '7', 'z', 'X', 'Z', 0)
                || starts(d, 0x28, 0xb5, 0x2f, 0xfd);
    }

    private static boolean starts(byte[] d, int... magic) {
        if (d.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((d[i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
