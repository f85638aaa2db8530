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
 * {@code gunzip}, {@code zlib}) and says what it is. Text spelt in hex for {@code xxd -r}, in runs
 * of {@code \xHH} or octal escapes ({@code printf}, {@code echo -e}), reversed for {@code rev} or
 * translated by {@code tr} between two sets (rot13) is decoded the same way.
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
    private static final int MAX_VARIABLES = 16;
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
        if (blobs < MAX_BLOBS && (raw.indexOf('\\') >= 0 || raw.indexOf("xxd") >= 0 || raw.indexOf("rev") >= 0
                || raw.indexOf("tr ") >= 0)) {
            out = spelled(raw, lower == null ? raw.toLowerCase(Locale.ROOT) : lower, out, MAX_BLOBS - blobs);
        }
        if (blobs < MAX_BLOBS && raw.indexOf('$') >= 0) {
            // the line as the shell runs it: ANSI-C strings, $(printf '\x..') and variables set on the line read
            Decoded asRun = substituted(raw);
            if (asRun != null) {
                out = add(out, asRun);
            }
        }
        return out == null ? List.of() : out;
    }

    /**
     * Text spelt other than in base64: hex given to {@code xxd -r -p}, a run of {@code \xHH} or
     * octal escapes ({@code printf}, {@code echo -e}), a literal reversed by {@code rev}; decoded, and
     * {@link Kind#EXECUTED} when the decoder's output is piped into a shell or interpreter.
     */
    private static List<Decoded> spelled(String raw, String lower, List<Decoded> out, int room) {
        int n = raw.length();
        // hex for xxd -r (-p, -ps, -plain)
        int xxd = lower.indexOf("xxd");
        if (xxd >= 0 && (lower.indexOf("-r", xxd) >= 0 || lower.indexOf("-pr", xxd) >= 0)) {
            for (int i = 0; i < n && room > 0; i++) {
                if (Character.digit(raw.charAt(i), 16) < 0 || (i > 0 && Character.isLetterOrDigit(raw.charAt(i - 1)))) {
                    continue;
                }
                int j = i;
                while (j < n && Character.digit(raw.charAt(j), 16) >= 0) {
                    j++;
                }
                if (j - i >= 8 && (j - i) % 2 == 0 && (j >= n || !Character.isLetterOrDigit(raw.charAt(j)))) {
                    byte[] b = new byte[Math.min((j - i) / 2, MAX_DECODED)];
                    for (int k = 0; k < b.length; k++) {
                        b[k] = (byte) Character.digit(raw.charAt(i + 2 * k), 16);
                        b[k] = (byte) (b[k] << 4 | Character.digit(raw.charAt(i + 2 * k + 1), 16));
                    }
                    String text = text(b);
                    if (text != null) {
                        out = add(out, new Decoded(pipedToInterpreter(lower, i, "xxd") ? Kind.EXECUTED : Kind.TEXT,
                                raw.substring(i, j), text));
                        room--;
                    }
                }
                i = j;
            }
        }
        // \xHH and \NNN escapes
        for (int i = raw.indexOf('\\'); i >= 0 && i < n && room > 0; i = raw.indexOf('\\', i + 1)) {
            if (escapeLength(raw, i) == 0) {
                continue;
            }
            StringBuilder text = new StringBuilder();
            int escapes = 0;
            int j = i;
            while (j < n && text.length() < MAX_DECODED) {
                char c = raw.charAt(j);
                int len = escapeLength(raw, j);
                if (len > 0) {
                    boolean hex = raw.charAt(j + 1) == 'x';
                    int v = Integer.parseInt(raw.substring(j + (hex ? 2 : 1), j + len), hex ? 16 : 8);
                    text.append((char) (v & 0xff));
                    escapes++;
                    j += len;
                } else if (c == '\'' || c == '"' || c == '\n' || c == '\\') {
                    break;
                } else {
                    text.append(c);
                    j++;
                }
            }
            if (escapes >= 3) {
                String t = text(text.toString().getBytes(StandardCharsets.ISO_8859_1));
                if (t != null) {
                    out = add(out, new Decoded(pipedToInterpreter(lower, j, "") ? Kind.EXECUTED : Kind.TEXT,
                            raw.substring(i, j), t));
                    room--;
                }
            }
            i = j - 1;
        }
        // a literal translated by tr with two sets (rot13: tr 'a-z' 'n-za-m'): echo 'TEXT' | tr S1 S2
        int trs = 0;
        for (int t = lower.indexOf("| tr "); t >= 0 && room > 0 && trs < 4; t = lower.indexOf("| tr ", t + 5)) {
            trs++;
            int e = Math.max(lower.lastIndexOf("echo ", t), lower.lastIndexOf("printf ", t));
            if (e < 0) {
                continue;
            }
            String cmd = raw.substring(e, t).strip();
            String arg = argument(cmd.substring(cmd.indexOf(' ') + 1));
            if (arg == null || arg.length() < 4 || !(cmd.endsWith(arg) || cmd.endsWith(arg + "'") || cmd.endsWith(arg + "\""))) {
                continue;
            }
            String rest = raw.substring(t + 5);
            String set1 = argument(rest);
            int after = set1 == null ? -1 : rest.indexOf(set1) + set1.length() + 1;
            String set2 = after <= 0 || after >= rest.length() ? null : argument(rest.substring(after));
            String from = set1 == null ? null : trSet(set1);
            String to = set2 == null ? null : trSet(set2);
            if (from == null || to == null || from.isEmpty() || to.isEmpty()) {
                continue;
            }
            StringBuilder t2 = new StringBuilder(arg.length());
            for (int k = 0; k < arg.length(); k++) {
                int at = from.indexOf(arg.charAt(k));
                t2.append(at < 0 ? arg.charAt(k) : to.charAt(Math.min(at, to.length() - 1)));
            }
            String text = t2.toString();
            if (!text.equals(arg) && text(text.getBytes(StandardCharsets.UTF_8)) != null) {
                out = add(out, new Decoded(pipedToInterpreter(lower, t + 2, "tr ") ? Kind.EXECUTED : Kind.TEXT, arg, text));
                room--;
            }
        }
        // a literal reversed: echo 'TEXT' | rev, rev <<< 'TEXT'
        int revs = 0; // each looks back along the line: a few keep it linear
        for (int r = lower.indexOf("rev"); r >= 0 && room > 0 && revs < 4; r = lower.indexOf("rev", r + 3)) {
            if (r + 3 < n && Character.isLetterOrDigit(lower.charAt(r + 3)) || r > 0 && Character.isLetterOrDigit(lower.charAt(r - 1))) {
                continue;
            }
            revs++;
            String literal = null;
            int p = r - 1;
            while (p >= 0 && lower.charAt(p) == ' ') {
                p--;
            }
            if (p >= 0 && lower.charAt(p) == '|') {
                // the echo or printf feeding the pipe (its quoted text may hold separators of its own)
                int echo = lower.lastIndexOf("echo ", p);
                int printf = lower.lastIndexOf("printf ", p);
                int e = Math.max(echo, printf);
                if (e >= 0) {
                    String cmd = raw.substring(e, p).strip();
                    String arg = argument(cmd.substring(cmd.indexOf(' ') + 1));
                    literal = arg != null && (cmd.endsWith(arg) || cmd.endsWith(arg + "'") || cmd.endsWith(arg + "\""))
                            ? arg : null;
                }
            } else if (raw.startsWith("<<<", skipSpaces(raw, r + 3))) {
                literal = argument(raw.substring(skipSpaces(raw, skipSpaces(raw, r + 3) + 3)));
            }
            if (literal != null && literal.length() >= 4) {
                String t = new StringBuilder(literal).reverse().toString();
                if (text(t.getBytes(StandardCharsets.UTF_8)) != null) {
                    out = add(out, new Decoded(pipedToInterpreter(lower, r, "rev") ? Kind.EXECUTED : Kind.TEXT, literal, t));
                    room--;
                }
            }
        }
        return out;
    }

    /**
     * The line with each ANSI-C string ({@code $'\x73\x68'}, outside other quotes), each
     * {@code $(printf 'ESCAPES')} / {@code $(echo -e 'ESCAPES')} and each {@code $NAME} /
     * {@code ${NAME}} of a variable given a literal value earlier on the line ({@code a=cu;b=rl;$a$b})
     * replaced by the text it stands for; {@link Kind#EXECUTED} when an ANSI-C string or printf is a
     * command word (or eval's text), variables being everyday in scripts. Null when the line has none.
     */
    private static Decoded substituted(String raw) {
        StringBuilder sb = null;
        int copied = 0;
        boolean single = false;
        boolean dbl = false;
        boolean commandWord = false;
        int n = raw.length();
        String first = null;
        String[] names = new String[MAX_VARIABLES];
        String[] values = new String[MAX_VARIABLES];
        int vars = 0;
        for (int i = 0; i < n; i++) {
            char c = raw.charAt(i);
            if (c == '\\') {
                i++;
                continue;
            }
            if (!single && !dbl && vars < MAX_VARIABLES && isNameStart(c) && commandPosition(raw, i)
                    && (i == 0 || raw.charAt(i - 1) != '$')) {
                // NAME=literal at a command's start: kept for the $NAME uses after it
                int eq = i;
                while (eq < n && eq - i < 64 && (isNameStart(raw.charAt(eq)) || Character.isDigit(raw.charAt(eq)))) {
                    eq++;
                }
                if (eq < n && raw.charAt(eq) == '=') {
                    int end = literalEnd(raw, eq + 1);
                    if (end > 0) {
                        String v = raw.substring(eq + 1, end);
                        if (!v.isEmpty() && (v.charAt(0) == '\'' || v.charAt(0) == '"')) {
                            v = v.substring(1, v.length() - 1);
                        }
                        names[vars] = raw.substring(i, eq);
                        values[vars++] = v;
                        i = end - 1;
                        continue;
                    }
                }
            }
            if (c == '\'' && !dbl) {
                single = !single;
                continue;
            }
            if (c == '"' && !single) {
                dbl = !dbl;
                continue;
            }
            if (c != '$' || single || i + 1 >= n) {
                continue;
            }
            StringBuilder text = new StringBuilder();
            int end;
            if (raw.charAt(i + 1) == '\'' && !dbl) {
                end = dev.vigil.normalize.CommandLineNormalizer.ansiC(raw, i + 2, text);
                if (raw.substring(i + 2, Math.max(i + 2, end)).indexOf('\\') < 0) {
                    continue; // $'plain': nothing was hidden
                }
            } else if (raw.charAt(i + 1) == '(' && (raw.startsWith("printf ", i + 2) || raw.startsWith("echo -e ", i + 2))) {
                int len = dev.vigil.normalize.CommandLineNormalizer.printfSubstitution(raw, i, text);
                if (len == 0) {
                    continue;
                }
                end = i + len;
            } else if (vars > 0) {
                // $NAME or ${NAME} of a variable set on the line: its value (read, never counted as run)
                boolean brace = raw.charAt(i + 1) == '{';
                int from = i + (brace ? 2 : 1);
                int to = from;
                while (to < n && to - from < 64 && (isNameStart(raw.charAt(to)) || Character.isDigit(raw.charAt(to)))) {
                    to++;
                }
                if (to == from || (brace && (to >= n || raw.charAt(to) != '}'))) {
                    continue;
                }
                String value = null;
                for (int k = vars - 1; k >= 0 && value == null; k--) {
                    if (names[k].equals(raw.substring(from, to))) {
                        value = values[k];
                    }
                }
                if (value == null) {
                    continue;
                }
                end = brace ? to + 1 : to;
                if (sb == null) {
                    sb = new StringBuilder(n);
                    first = raw.substring(i, end);
                }
                sb.append(raw, copied, i).append(value);
                copied = end;
                i = end - 1;
                continue;
            } else {
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(n);
                first = raw.substring(i, end);
            }
            commandWord |= commandPosition(raw, i);
            sb.append(raw, copied, i).append(text);
            copied = end;
            i = end - 1;
        }
        if (sb == null) {
            return null;
        }
        String line = sb.append(raw, copied, n).toString();
        return new Decoded(commandWord ? Kind.EXECUTED : Kind.TEXT, first, line);
    }

    /** The end of a literal assignment value starting at {@code i} (quoted, or a plain word); -1 when it is not a literal. */
    private static int literalEnd(String raw, int i) {
        int n = raw.length();
        if (i < n && (raw.charAt(i) == '\'' || raw.charAt(i) == '"')) {
            int close = raw.indexOf(raw.charAt(i), i + 1);
            if (close < 0 || close - i > 512) {
                return -1;
            }
            String body = raw.substring(i + 1, close);
            return raw.charAt(i) == '"' && (body.indexOf('$') >= 0 || body.indexOf('`') >= 0 || body.indexOf('\\') >= 0)
                    ? -1 : close + 1;
        }
        int k = i;
        while (k < n && k - i <= 512 && " \t\n;&|)".indexOf(raw.charAt(k)) < 0) {
            char c = raw.charAt(k);
            if (c == '$' || c == '`' || c == '(' || c == '\'' || c == '"' || c == '\\' || c == '<' || c == '>') {
                return -1;
            }
            k++;
        }
        return k - i > 512 ? -1 : k;
    }

    private static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    /** Whether the word at {@code i} is where a shell takes a command (or eval's text). */
    private static boolean commandPosition(String raw, int i) {
        int p = i - 1;
        while (p >= 0 && (raw.charAt(p) == ' ' || raw.charAt(p) == '"' || raw.charAt(p) == '\'')) {
            p--;
        }
        if (p < 0) {
            return true;
        }
        char c = raw.charAt(p);
        if (";|&(`{\n".indexOf(c) >= 0) {
            return true;
        }
        return p >= 3 && raw.regionMatches(true, p - 3, "eval", 0, 4) && (p < 4 || !Character.isLetterOrDigit(raw.charAt(p - 4)));
    }

    /** Length of a {@code \xHH} (one or two digits) or {@code \NNN} (three octal digits) escape at {@code i}, or 0. */
    private static int escapeLength(String s, int i) {
        int n = s.length();
        if (i + 2 < n && s.charAt(i + 1) == 'x' && Character.digit(s.charAt(i + 2), 16) >= 0) {
            return i + 3 < n && Character.digit(s.charAt(i + 3), 16) >= 0 ? 4 : 3;
        }
        if (i + 3 < n && s.charAt(i + 1) >= '0' && s.charAt(i + 1) <= '3' && s.charAt(i + 2) >= '0' && s.charAt(i + 2) <= '7'
                && s.charAt(i + 3) >= '0' && s.charAt(i + 3) <= '7') {
            return 4;
        }
        return 0;
    }

    /** The first argument of an echo/printf (flags skipped), unquoted, up to a pipe or separator; or null. */
    private static String argument(String rest) {
        String a = rest.strip();
        while (a.startsWith("-") && a.indexOf(' ') > 0) {
            a = a.substring(a.indexOf(' ') + 1).strip();
        }
        if (a.isEmpty()) {
            return null;
        }
        char q = a.charAt(0);
        if (q == '\'' || q == '"') {
            int end = a.indexOf(q, 1);
            return end < 0 ? null : a.substring(1, end);
        }
        int end = 0;
        while (end < a.length() && " |;&)".indexOf(a.charAt(end)) < 0) {
            end++;
        }
        return a.substring(0, end);
    }

    /** A tr set with its ranges spelt out ({@code a-z} is the 26 letters); null for classes, options or long sets. */
    private static String trSet(String set) {
        if (set.startsWith("-") || set.indexOf('[') >= 0 || set.indexOf('\\') >= 0) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < set.length() && b.length() <= 256; k++) {
            char c = set.charAt(k);
            if (k + 2 < set.length() && set.charAt(k + 1) == '-' && set.charAt(k + 2) >= c && set.charAt(k + 2) - c < 128) {
                for (char x = c; x <= set.charAt(k + 2); x++) {
                    b.append(x);
                }
                k += 2;
            } else {
                b.append(c);
            }
        }
        return b.length() > 256 ? null : b.toString();
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static List<Decoded> add(List<Decoded> out, Decoded d) {
        List<Decoded> l = out == null ? new ArrayList<>(2) : out;
        l.add(d);
        return l;
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
