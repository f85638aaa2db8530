package dev.vigil.analyze.process;

import dev.vigil.text.RecentValues;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds what a command line hides in base64: a PowerShell {@code -EncodedCommand} (UTF-16LE), a
 * {@code echo … | base64 -d | sh} pipeline, a {@code FromBase64String(…)}/{@code b64decode(…)}
 * argument, or any long base64 run; decodes it (and inflates it when it is gzip, or zlib or raw
 * deflate on a line naming a decompressor: {@code IO.Compression.DeflateStream}, {@code GzipStream},
 * {@code gunzip}, {@code zlib}) and says what it is.
 * <ul>
 * <li>{@link Kind#EXECUTABLE}: the bytes start with a PE ({@code MZ}) or ELF header;</li>
 * <li>{@link Kind#EXECUTED}: text that the command runs (PowerShell {@code -enc}, or a decode
 *     piped into or substituted into a shell or interpreter);</li>
 * <li>{@link Kind#TEXT}: printable text that was decoded but not visibly run; rules still read
 *     it, since an attacker's payload is often passed on in ways a single command line does not
 *     show.</li>
 * </ul>
 * Long runs are only tried when they mix upper and lower case or end in {@code =}, so paths and
 * hex hashes cost a scan, not a decode. At most {@value #MAX_BLOBS} blobs per command line.
 *
 * <p>Linear in the input, never throws. Stateless and thread-safe.
 */
public final class CommandDecoder {
    static final int MAX_BLOBS = 8;
    private static final int MIN_RUN = 16;
    private static final int MIN_RUN_WITH_HINT = 4;
    private static final int MAX_DECODED = 64 * 1024;

    /** What a decoded blob turned out to be. */
    public enum Kind { EXECUTABLE, EXECUTED, TEXT }

    /** One decoded blob: the base64 as written and what it decodes to (text, or a header name). */
    public record Decoded(Kind kind, String blob, String text) {}

    private CommandDecoder() {
    }

    /**
     * Command lines decoded lately on this thread and their blobs: a host starts the same command
     * lines all day (cron jobs, workers, health checks), and every process start is looked at.
     */
    private static final RecentValues<List<Decoded>> RECENT = new RecentValues<>(8, 512, CommandDecoder::decodeOnce);

    /** The blobs of {@code raw}, decoded; empty when there are none. The list is immutable. */
    public static List<Decoded> decode(String raw) {
        if (raw == null || raw.length() < MIN_RUN_WITH_HINT) {
            return List.of();
        }
        return RECENT.get(raw);
    }

    private static List<Decoded> decodeOnce(String raw) {
        try {
            return List.copyOf(scan(raw));
        } catch (RuntimeException e) {
            return List.of(); // hostile input must never break inspection
        }
    }

    private static List<Decoded> scan(String raw) {
        String lower = null;
        boolean hint = false;
        boolean psEnc = false;
        int n = raw.length();
        // cheap look for the words that make short blobs worth decoding: one pass for the four
        // words (this runs on every command line), each tried only where its first letter is
        for (int i = 0; i < n && !(hint && psEnc); i++) {
            int c = raw.charAt(i) | 0x20;
            if (c == 'b') {
                hint |= raw.regionMatches(true, i, "base64", 0, 6) || raw.regionMatches(true, i, "b64decode", 0, 9);
            } else if (c == 'p') {
                psEnc |= raw.regionMatches(true, i, "powershell", 0, 10) || raw.regionMatches(true, i, "pwsh", 0, 4);
            }
        }
        List<Decoded> out = null;
        int i = 0;
        int blobs = 0;
        while (i < n && blobs < MAX_BLOBS) {
            if (!isB64(raw.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            boolean upper = false;
            boolean lowerCase = false;
            boolean digit = false;
            while (i < n && isB64(raw.charAt(i))) {
                char c = raw.charAt(i);
                upper |= c >= 'A' && c <= 'Z';
                lowerCase |= c >= 'a' && c <= 'z';
                digit |= c >= '0' && c <= '9';
                i++;
            }
            int end = i;
            while (i < n && raw.charAt(i) == '=' && i - end < 2) {
                i++;
            }
            int padded = i;
            int len = end - start;
            boolean mixed = upper && lowerCase;
            boolean candidate = (len >= MIN_RUN && (mixed || padded > end) && (digit || mixed))
                    || (hint && len >= MIN_RUN_WITH_HINT && (mixed || padded > end || digit));
            if (!candidate || (start > 0 && (raw.charAt(start - 1) == '-' || raw.charAt(start - 1) == '$'))
                    && len < MIN_RUN) {
                continue;
            }
            String blob = raw.substring(start, padded);
            byte[] bytes = base64(blob);
            if (bytes == null || bytes.length == 0) {
                continue;
            }
            blobs++;
            Decoded d = classify(raw, lower == null ? (lower = raw.toLowerCase(Locale.ROOT)) : lower, start, blob,
                    bytes, psEnc);
            if (d != null) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(d);
            }
        }
        return out == null ? List.of() : out;
    }

    private static Decoded classify(String raw, String lower, int start, String blob, byte[] b, boolean ps) {
        if (b.length >= 2 && b[0] == 'M' && b[1] == 'Z') {
            return new Decoded(Kind.EXECUTABLE, blob, "PE executable (MZ header)");
        }
        if (b.length >= 4 && b[0] == 0x7f && b[1] == 'E' && b[2] == 'L' && b[3] == 'F') {
            return new Decoded(Kind.EXECUTABLE, blob, "ELF executable");
        }
        String text = text(b);
        if (text == null) {
            byte[] inflated = compressed(lower) || (b.length > 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b)
                    ? inflate(b) : null;
            text = inflated == null ? null : text(inflated);
            if (text == null) {
                return null;
            }
        }
        boolean executed = (ps && encodedCommandFlag(lower, start)) || pipedToInterpreter(lower, start, "base64")
                || runsDecoded(lower);
        return new Decoded(executed ? Kind.EXECUTED : Kind.TEXT, blob, text);
    }

    /** Whether the blob at {@code start} follows a PowerShell {@code -e}/{@code -enc}/{@code -EncodedCommand} flag. */
    private static boolean encodedCommandFlag(String lower, int start) {
        int j = start - 1;
        while (j >= 0 && (lower.charAt(j) == ' ' || lower.charAt(j) == '"' || lower.charAt(j) == '\'')) {
            j--;
        }
        int wordEnd = j + 1;
        while (j >= 0 && lower.charAt(j) >= 'a' && lower.charAt(j) <= 'z') {
            j--;
        }
        if (j < 0 || (lower.charAt(j) != '-' && lower.charAt(j) != '/') || wordEnd - j - 1 < 1) {
            return false;
        }
        String flag = lower.substring(j + 1, wordEnd);
        return "encodedcommand".startsWith(flag) && flag.startsWith("e") || flag.equals("ec");
    }

    private static final String[] INTERPRETERS = {"sh", "bash", "dash", "zsh", "ksh", "ash", "python", "python2",
        "python3", "perl", "php", "ruby", "node", "iex", "invoke-expression", "pwsh", "powershell"};

    /** Whether the line names a decompressor the decoded bytes go through. */
    private static boolean compressed(String lower) {
        return lower.contains("deflatestream") || lower.contains("gzipstream") || lower.contains("gunzip")
                || lower.contains("zcat") || lower.contains("gzip -d") || lower.contains("zlib")
                || lower.contains("decompress") || lower.contains("inflate");
    }

    /**
     * The bytes inflated as gzip, zlib or raw deflate (what {@code IO.Compression.DeflateStream},
     * {@code GzipStream}, {@code gunzip} and {@code zlib.decompress} read), at most
     * {@value #MAX_DECODED} bytes of output; null when they are none of these.
     */
    static byte[] inflate(byte[] b) {
        int from = 0;
        boolean nowrap = true;
        if (b.length > 10 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b && b[2] == 8) {
            int flags = b[3] & 0xff;
            from = 10;
            if ((flags & 4) != 0 && from + 2 <= b.length) {
                from += 2 + ((b[from] & 0xff) | (b[from + 1] & 0xff) << 8);
            }
            for (int bit : new int[] {8, 16}) {
                if ((flags & bit) != 0) {
                    while (from < b.length && b[from] != 0) {
                        from++;
                    }
                    from++;
                }
            }
            if ((flags & 2) != 0) {
                from += 2;
            }
        } else if (b.length > 2 && (b[0] & 0x0f) == 8 && (((b[0] & 0xff) << 8) | (b[1] & 0xff)) % 31 == 0) {
            nowrap = false; // a zlib header
        }
        if (from >= b.length) {
            return null;
        }
        java.util.zip.Inflater inf = new java.util.zip.Inflater(nowrap);
        try {
            inf.setInput(b, from, b.length - from);
            byte[] out = new byte[MAX_DECODED];
            int n = 0;
            for (int rounds = 0; n < out.length && !inf.finished() && rounds < 4096; rounds++) {
                int k = inf.inflate(out, n, out.length - n);
                if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                n += k;
            }
            return n == 0 ? null : java.util.Arrays.copyOf(out, n);
        } catch (java.util.zip.DataFormatException e) {
            return null;
        } finally {
            inf.end();
        }
    }

    /** Whether, after the blob, the output of {@code decoder} is piped (through filters) into a shell or interpreter. */
    private static boolean pipedToInterpreter(String lower, int start, String decoder) {
        int dec = lower.indexOf(decoder, start);
        if (dec < 0) {
            return false;
        }
        int pipe = lower.indexOf('|', dec);
        while (pipe >= 0) {
            int k = pipe + 1;
            while (k < lower.length() && (lower.charAt(k) == ' ' || lower.charAt(k) == '&')) {
                k++;
            }
            if (lower.startsWith("sudo ", k)) {
                k += 5;
            }
            int w = k;
            while (w < lower.length() && lower.charAt(w) != ' ' && lower.charAt(w) != '|' && lower.charAt(w) != ';'
                    && lower.charAt(w) != ')' && lower.charAt(w) != '\'' && lower.charAt(w) != '"') {
                w++;
            }
            String word = lower.substring(k, w);
            int slash = word.lastIndexOf('/');
            if (slash >= 0) {
                word = word.substring(slash + 1);
            }
            for (String it : INTERPRETERS) {
                if (word.equals(it)) {
                    return true;
                }
            }
            pipe = lower.indexOf('|', pipe + 1);
        }
        return false;
    }

    /** {@code eval $(… base64 -d)}, {@code exec(base64.b64decode(…))}, {@code eval(base64_decode(…))}, {@code iex}. */
    private static boolean runsDecoded(String lower) {
        return (lower.contains("eval") || lower.contains("exec(") || lower.contains("iex") || lower.contains("invoke-expression")
                || lower.contains("bash -c") || lower.contains("sh -c"))
                && (lower.contains("base64") || lower.contains("b64decode") || lower.contains("frombase64string"));
    }

    /** The bytes as text when they read as text (UTF-16LE when every other byte is zero), else null. */
    static String text(byte[] b) {
        int n = Math.min(b.length, MAX_DECODED);
        int zeros = 0;
        for (int i = 1; i < n; i += 2) {
            if (b[i] == 0) {
                zeros++;
            }
        }
        String s;
        if (n >= 2 && zeros * 10 >= (n / 2) * 8) {
            s = new String(b, 0, n - (n & 1), StandardCharsets.UTF_16LE);
        } else {
            s = new String(b, 0, n, StandardCharsets.UTF_8);
        }
        int printable = 0;
        int letters = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 0x20 && c < 0x7f) || c == '\n' || c == '\r' || c == '\t') {
                printable++;
            }
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                letters++;
            }
        }
        if (s.isEmpty() || printable * 100 < s.length() * 95 || letters * 5 < s.length()) {
            return null;
        }
        return s;
    }

    /** Standard or URL-safe base64, padding optional; null when it is not valid. */
    static byte[] base64(String s) {
        int len = s.length();
        while (len > 0 && s.charAt(len - 1) == '=') {
            len--;
        }
        if (len % 4 == 1) {
            len--; // a stray trailing character: decode what precedes it
        }
        if (len <= 0) {
            return null;
        }
        int outLen = len * 3 / 4;
        byte[] out = new byte[outLen];
        int acc = 0;
        int bits = 0;
        int o = 0;
        for (int i = 0; i < len; i++) {
            int v = value(s.charAt(i));
            if (v < 0) {
                return null;
            }
            acc = (acc << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                if (o < outLen) {
                    out[o++] = (byte) (acc >> bits);
                }
                acc &= (1 << bits) - 1;
            }
        }
        return o == outLen ? out : java.util.Arrays.copyOf(out, o);
    }

    private static int value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '+' || c == '-') {
            return 62;
        }
        if (c == '/' || c == '_') {
            return 63;
        }
        return -1;
    }

    private static boolean isB64(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    }
}
