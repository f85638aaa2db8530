package dev.vigil.analyze.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Compressed, hex, escaped and reversed spellings, written for this test from the .NET
 * System.IO.Compression, xxd(1), printf(1) and rev(1) documentation; never corpus rows.
 */
class CommandDecoderSpellingsTest {

    private static String rawDeflate(String s) {
        Deflater d = new Deflater(9, true);
        d.setInput(s.getBytes(StandardCharsets.UTF_8));
        d.finish();
        byte[] buf = new byte[4096];
        int n = d.deflate(buf);
        d.end();
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buf, n));
    }

    private static String gzip(String s) throws Exception {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(bo)) {
            g.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return Base64.getEncoder().encodeToString(bo.toByteArray());
    }

    private static List<String> texts(String line, CommandDecoder.Kind kind) {
        return CommandDecoder.decode(line).stream().filter(d -> d.kind() == kind).map(CommandDecoder.Decoded::text).toList();
    }

    @Test
    void compressedBase64IsInflatedWhenTheLineDecompressesIt() throws Exception {
        String inner = "Get-Service | Where-Object Status -eq Running";
        String ps = "powershell -c \"IEX (New-Object IO.StreamReader((New-Object IO.Compression.DeflateStream("
                + "[IO.MemoryStream][Convert]::FromBase64String('" + rawDeflate(inner)
                + "'),[IO.Compression.CompressionMode]::Decompress)))).ReadToEnd()\"";
        assertThat(texts(ps, CommandDecoder.Kind.EXECUTED)).containsExactly(inner);
        String sh = "echo " + gzip("uname -a; hostname") + " | base64 -d | gunzip | sh";
        assertThat(texts(sh, CommandDecoder.Kind.EXECUTED)).containsExactly("uname -a; hostname");
        // a gzip header is read as gzip whatever the line says; kept to a file it is not run
        String kept = "echo " + gzip("plain notes for the build") + " | base64 -d > notes.gz";
        assertThat(texts(kept, CommandDecoder.Kind.TEXT)).containsExactly("plain notes for the build");
        // raw deflate on a line that names no decompressor is left alone
        assertThat(CommandDecoder.decode("echo " + rawDeflate("uname -a; hostname; id; whoami") + " > blob.txt")).isEmpty();
    }

    @Test
    void hexForXxdIsDecoded() {
        String hex = HexFormat.of().formatHex("uname -a; id".getBytes(StandardCharsets.UTF_8));
        assertThat(texts("echo " + hex + " | xxd -r -p | bash", CommandDecoder.Kind.EXECUTED)).containsExactly("uname -a; id");
        assertThat(texts("echo " + hex + " | xxd -r -p > out.txt", CommandDecoder.Kind.TEXT)).containsExactly("uname -a; id");
        // hex without xxd -r (a hash, a colour) is not decoded
        assertThat(CommandDecoder.decode("echo " + hex + " > id.txt")).isEmpty();
    }

    @Test
    void escapeRunsAreDecoded() {
        assertThat(texts("printf '\\x75\\x6e\\x61\\x6d\\x65 -a' | sh", CommandDecoder.Kind.EXECUTED)).containsExactly("uname -a");
        assertThat(texts("echo -e '\\151\\144\\073\\150ostname' | bash", CommandDecoder.Kind.EXECUTED)).containsExactly("id;hostname");
        // colour codes are not text
        assertThat(CommandDecoder.decode("printf '\\x1b[1;32mOK\\x1b[0m\\n'")).isEmpty();
        // two escapes are too few to hide a word
        assertThat(CommandDecoder.decode("printf 'a\\x41\\x42b\\n' | sh")).isEmpty();
    }

    @Test
    void reversedLiteralsAreReadForwards() {
        assertThat(texts("echo 'a- emanu' | rev | sh", CommandDecoder.Kind.EXECUTED)).containsExactly("uname -a");
        assertThat(texts("rev <<< 'emantsoh' | bash", CommandDecoder.Kind.EXECUTED)).containsExactly("hostname");
        assertThat(texts("echo 'dlrow olleh' | rev", CommandDecoder.Kind.TEXT)).containsExactly("hello world");
        assertThat(CommandDecoder.decode("git rev-parse HEAD")).isEmpty();
    }

    @Test
    void hostileSpellingsStayCheap() {
        String many = "\\x4".repeat(30_000) + " rev |".repeat(20_000) + " xxd -r " + "ab".repeat(40_000);
        long t = System.nanoTime();
        CommandDecoder.decode(many);
        byte[] bomb = new byte[1 << 20];
        Deflater d = new Deflater(9, true);
        d.setInput(bomb);
        d.finish();
        byte[] buf = new byte[8192];
        int n = d.deflate(buf);
        d.end();
        assertThat(CommandDecoder.inflate(java.util.Arrays.copyOf(buf, n))).hasSizeLessThanOrEqualTo(64 * 1024);
        assertThat(System.nanoTime() - t).isLessThan(2_000_000_000L);
    }

    @Test
    void ansiCStringsAndPrintfSubstitutionsGiveTheLineAsRun() {
        // bash QUOTING (ANSI-C) and printf(1): the command word spelt in escapes
        assertThat(texts("$'\\x75\\x6e\\141me' -a", CommandDecoder.Kind.EXECUTED)).contains("uname -a");
        assertThat(texts("x; $(printf '\\x69\\x64') -u", CommandDecoder.Kind.EXECUTED)).contains("x; id -u");
        assertThat(texts("eval \"$(echo -e '\\150ostname')\"", CommandDecoder.Kind.EXECUTED)).contains("eval \"hostname\"");
        // an argument spelt in escapes is read but not run
        assertThat(texts("grep $'\\x09' data.tsv", CommandDecoder.Kind.TEXT)).containsExactly("grep  data.tsv");
        // nothing hidden: $'plain', '$' inside single quotes, a format string
        assertThat(CommandDecoder.decode("IFS=$'plain' read -r a")).isEmpty();
        assertThat(CommandDecoder.decode("echo '$\\x41\\x42' > f")).isEmpty();
        assertThat(CommandDecoder.decode("x=$(printf '%05d\\n' 42)")).isEmpty();
    }

    @Test
    void variablesSetOnTheLineAreReadWhereTheyAreUsed() {
        // bash Shell Parameters: NAME=value, then $NAME / ${NAME}; read, never counted as run
        assertThat(texts("a=una;b=me;$a$b -a", CommandDecoder.Kind.TEXT)).containsExactly("a=una;b=me;uname -a");
        assertThat(texts("d='/etc/host'; cat ${d}name", CommandDecoder.Kind.TEXT)).containsExactly("d='/etc/host'; cat /etc/hostname");
        assertThat(CommandDecoder.decode("a=una;b=me;$a$b -a").stream().map(CommandDecoder.Decoded::kind))
                .doesNotContain(CommandDecoder.Kind.EXECUTED);
        // values not known on the line stay as written: substitutions, other variables, unset names
        assertThat(CommandDecoder.decode("v=$(date +%s); echo $v")).isEmpty();
        assertThat(CommandDecoder.decode("x=\"$HOME/bin\"; ls $x")).isEmpty();
        assertThat(CommandDecoder.decode("echo $HOME $PATH")).isEmpty();
        assertThat(CommandDecoder.decode("echo 'a=b; $a'")).isEmpty();
    }

    @Test
    void aLiteralTranslatedByTrIsRead() {
        // tr(1) with two sets: rot13 is tr 'a-z' 'n-za-m'
        assertThat(texts("echo 'hanzr -n' | tr 'a-z' 'n-za-m' | sh", CommandDecoder.Kind.EXECUTED)).containsExactly("uname -a");
        assertThat(texts("echo hello | tr a-z A-Z", CommandDecoder.Kind.TEXT)).containsExactly("HELLO");
        // classes, escapes and deletions are not translations of a literal
        assertThat(CommandDecoder.decode("echo \"$PATH\" | tr ':' '\\n'")).isEmpty();
        assertThat(CommandDecoder.decode("echo 'a b c' | tr -d ' '")).isEmpty();
        assertThat(CommandDecoder.decode("echo 'hello' | tr '[:lower:]' '[:upper:]'")).isEmpty();
    }
}
