package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

public class CompressionTest {
    static final String TEXT = "198.51.100.7 - - [28/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 9 \"-\" \"x\"\n".repeat(2000);

    interface Wrap {
        OutputStream wrap(OutputStream o) throws IOException;
    }

    static Wrap wrapper(String name) {
        return switch (name) {
            case "gzip" -> GZIPOutputStream::new;
            case "bzip2" -> BZip2CompressorOutputStream::new;
            case "xz" -> XZCompressorOutputStream::new;
            case "zstd" -> ZstdOutputStream::new;
            default -> throw new IllegalArgumentException(name);
        };
    }

    public static byte[] compress(String name, byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream o = wrapper(name).wrap(b)) {
            o.write(data);
        }
        return b.toByteArray();
    }

    static Compression.Opened open(byte[] bytes) throws IOException {
        return Compression.open(new BufferedInputStream(new ByteArrayInputStream(bytes)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "bzip2", "xz", "zstd"})
    void eachFormatIsRecognisedByContentAndReadWhole(String name) throws IOException {
        byte[] data = TEXT.getBytes(StandardCharsets.UTF_8);
        byte[] one = compress(name, data);
        Compression.Opened o = open(one);
        assertThat(o.compression()).isEqualTo(name);
        assertThat(o.stream().readAllBytes()).isEqualTo(data);

        if (!name.equals("zstd")) { // logrotate's appended members; aircompressor reads a single frame
            byte[] two = new byte[one.length * 2];
            System.arraycopy(one, 0, two, 0, one.length);
            System.arraycopy(one, 0, two, one.length, one.length);
            assertThat(open(two).stream().readAllBytes()).hasSize(data.length * 2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "bzip2", "xz", "zstd"})
    void truncatedOrCorruptDataIsAnIoExceptionNeverACrash(String name) throws IOException {
        byte[] whole = compress(name, TEXT.getBytes(StandardCharsets.UTF_8));
        for (int cut : new int[] {7, 20, whole.length / 2, whole.length - 1}) {
            byte[] part = Arrays.copyOf(whole, cut);
            assertThatThrownBy(() -> open(part).stream().readAllBytes()).isInstanceOf(IOException.class);
        }
        for (int at = 8; at < whole.length; at += Math.max(1, whole.length / 17)) {
            byte[] bad = whole.clone();
            bad[at] ^= 0x5a;
            try {
                open(bad).stream().readAllBytes(); // a flipped byte in stored text may go unnoticed
            } catch (IOException expected) {
                // reported by the reader
            }
        }
    }

    @Test
    void aTruncatedHeaderIsNamed() {
        assertThatThrownBy(() -> open(new byte[] {0x1f, (byte) 0x8b, 8})).isInstanceOf(EOFException.class)
                .hasMessage("truncated gzip header");
        assertThatThrownBy(() -> open(new byte[] {'B', 'Z', 'h', '9'})).isInstanceOf(EOFException.class)
                .hasMessage("truncated bzip2 header");
    }

    @Test
    void plainTextIsNeverTakenForCompressedData() throws IOException {
        for (String s : new String[] {"BZh is not bzip2\n", "BZhX\n", "x^ looks like zlib\n", "(\u00b5/ no\n", ""}) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            Compression.Opened o = open(b);
            assertThat(o.compression()).as(s).isNull();
            assertThat(o.stream().readAllBytes()).isEqualTo(b);
        }
    }

    @Property(tries = 300)
    void arbitraryBytesAfterAMagicNumberNeverThrowAnythingButIoExceptions(@ForAll byte[] tail, @ForAll("magic") int which)
            throws Exception {
        byte[][] magics = {{0x1f, (byte) 0x8b}, {'B', 'Z', 'h', '9'}, {(byte) 0xfd, '7', 'z', 'X', 'Z', 0},
            {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}};
        byte[] m = magics[which];
        byte[] b = Arrays.copyOf(m, m.length + tail.length);
        System.arraycopy(tail, 0, b, m.length, tail.length);
        try (InputStream in = open(b).stream()) {
            in.readNBytes(1 << 20);
        } catch (IOException expected) {
            // reported as a problem by the reader
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Integer> magic() {
        return net.jqwik.api.Arbitraries.integers().between(0, 3);
    }
}
