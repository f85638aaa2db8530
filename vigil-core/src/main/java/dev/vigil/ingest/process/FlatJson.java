package dev.vigil.ingest.process;

import com.fasterxml.jackson.core.JsonToken;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A reader of the plain JSON objects that make up nearly every line of a process trace: one
 * object of ASCII text whose values are strings, numbers, {@code true}, {@code false},
 * {@code null} or arrays of those. It accepts only valid JSON; on anything else (a nested object,
 * a non-ASCII byte, a syntax error, a number too long for a long) it throws {@link #FALLBACK}, and
 * the caller reads the line again with Jackson, which handles all JSON and names the error. So
 * this class never decides that a line is bad, and what it accepts reads exactly as with Jackson.
 *
 * <p>One instance per line; not thread-safe.
 */
final class FlatJson implements JsonTokens {
    /** Thrown when the line needs the full parser; preallocated, it carries no stack trace. */
    static final RuntimeException FALLBACK = new RuntimeException("needs the full JSON parser", null, false, false) {
    };

    private final byte[] b;
    private final int end;
    private int pos;
    /** 0 before the object, 1 inside it, 2 inside an array value, 3 after the object. */
    private int depth;
    /** Whether the next token in the current object or array must be preceded by a comma. */
    private boolean needComma;
    private String name;
    private String text;
    /** Where the current number's text lies, made a String only when asked for (times and pids rarely are). */
    private int numberStart = -1;
    private int numberEnd;
    private boolean integer;
    private long longValue;

    FlatJson(byte[] b, int from, int to) {
        this.b = b;
        this.pos = from;
        this.end = to;
    }

    @Override
    public JsonToken nextToken() {
        if (pending != null) {
            return takePending();
        }
        skipSpace();
        if (depth == 0) {
            expect('{');
            depth = 1;
            needComma = false;
            return JsonToken.START_OBJECT;
        }
        if (depth == 3) {
            if (pos < end) {
                throw FALLBACK;
            }
            return null;
        }
        if (pos >= end) {
            throw FALLBACK;
        }
        byte c = b[pos];
        if (depth == 1) {
            if (c == '}') {
                pos++;
                depth = 3;
                return JsonToken.END_OBJECT;
            }
            if (needComma) {
                expect(',');
                skipSpace();
            }
            needComma = true;
            name = name();
            skipSpace();
            expect(':');
            JsonToken v = value();
            if (v == JsonToken.START_ARRAY) {
                depth = 2;
                needComma = false;
            }
            // the caller asks for the value with nextToken; hand it the name first
            pending = v;
            return JsonToken.FIELD_NAME;
        }
        // depth 2: inside an array value
        if (c == ']') {
            pos++;
            depth = 1;
            needComma = true;
            return JsonToken.END_ARRAY;
        }
        if (needComma) {
            expect(',');
        }
        needComma = true;
        JsonToken v = value();
        if (v == JsonToken.START_ARRAY) {
            throw FALLBACK; // arrays in arrays
        }
        return v;
    }

    /** The value token read with its field name, handed out by the next call. */
    private JsonToken pending;

    private JsonToken value() {
        skipSpace();
        if (pos >= end) {
            throw FALLBACK;
        }
        byte c = b[pos];
        switch (c) {
            case '"':
                text = repeats && depth == 1 ? recentString() : string();
                return JsonToken.VALUE_STRING;
            case '[':
                if (depth != 1) {
                    throw FALLBACK;
                }
                pos++;
                return JsonToken.START_ARRAY;
            case 't':
                literal("true");
                text = "true";
                return JsonToken.VALUE_TRUE;
            case 'f':
                literal("false");
                text = "false";
                return JsonToken.VALUE_FALSE;
            case 'n':
                literal("null");
                text = "null";
                return JsonToken.VALUE_NULL;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw FALLBACK; // objects, and anything that is not JSON
        }
    }

    private JsonToken takePending() {
        JsonToken v = pending;
        pending = null;
        return v;
    }

    private JsonToken number() {
        int start = pos;
        if (b[pos] == '-') {
            pos++;
        }
        int digits = pos;
        if (pos < end && b[pos] == '0') {
            pos++; // no leading zeros: "01" fails at the delimiter check below
        } else {
            skipDigits();
        }
        int intEnd = pos;
        boolean fraction = false;
        if (pos < end && b[pos] == '.') {
            pos++;
            skipDigits();
            fraction = true;
        }
        if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
            pos++;
            if (pos < end && (b[pos] == '+' || b[pos] == '-')) {
                pos++;
            }
            skipDigits();
            fraction = true;
        }
        if (pos < end && !isDelimiter(b[pos])) {
            throw FALLBACK; // "12ab", "01"
        }
        text = null;
        numberStart = start;
        numberEnd = pos;
        integer = !fraction;
        if (integer) {
            if (intEnd - digits > 18) {
                throw FALLBACK; // may not fit in a long: leave the number types to Jackson
            }
            long v = 0;
            for (int i = digits; i < intEnd; i++) {
                v = v * 10 + (b[i] - '0');
            }
            longValue = b[start] == '-' ? -v : v;
            return JsonToken.VALUE_NUMBER_INT;
        }
        return JsonToken.VALUE_NUMBER_FLOAT;
    }

    /** Moves past one or more digits; none is not JSON. */
    private void skipDigits() {
        int from = pos;
        while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
            pos++;
        }
        if (pos == from) {
            throw FALLBACK;
        }
    }

    private static boolean isDelimiter(byte c) {
        return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private void literal(String word) {
        int n = word.length();
        if (end - pos < n) {
            throw FALLBACK;
        }
        for (int i = 0; i < n; i++) {
            if (b[pos + i] != word.charAt(i)) {
                throw FALLBACK;
            }
        }
        pos += n;
        if (pos < end && !isDelimiter(b[pos])) {
            throw FALLBACK;
        }
    }

    /** Process JSON's field names: a name read from bytes is one of these instances when it can be. */
    private static final String[] NAMES = {"time", "host", "pid", "ppid", "exe", "cmdline", "argv", "parent_exe",
        "parent_cmdline", "user", "cwd", "container"};
    /** Whether the values of {@link #NAMES} repeat from line to line (hosts, users, executables). */
    private static final boolean[] REPEATS = {false, true, false, false, true, false, false, true,
        false, true, true, true};

    /**
     * Per thread, the last values of repeating fields, by hash: a line that repeats one gets the
     * same String, with no copy made and its hash already worked out for the maps it meets later.
     */
    private static final ThreadLocal<String[]> RECENT = ThreadLocal.withInitial(() -> new String[256]);
    private String[] recent;
    /** Longer values are not kept, so the table stays small whatever the input. */
    private static final int MAX_RECENT_LENGTH = 256;
    /** Whether the current field's value is one that repeats. */
    private boolean repeats;

    /** A field name: a known one without allocating, else as {@link #string}. */
    private String name() {
        if (pos >= end || b[pos] != '"') {
            throw FALLBACK;
        }
        int start = pos + 1;
        // find the name's end once, then compare only the known names of its length (each
        // known name used to be compared in turn, about half of them per field)
        int q = start;
        while (q < end && b[q] != '"' && b[q] != '\\') {
            q++;
        }
        if (q < end && b[q] == '"') {
            int n = q - start;
            for (int k = 0; k < NAMES.length; k++) {
                byte[] known = NAME_BYTES[k];
                if (known.length == n && b[start] == known[0] && Arrays.equals(b, start, q, known, 0, n)) {
                    pos = q + 1;
                    repeats = REPEATS[k];
                    return NAMES[k];
                }
            }
        }
        repeats = false;
        return string();
    }

    private static final byte[][] NAME_BYTES = new byte[NAMES.length][];

    static {
        for (int k = 0; k < NAMES.length; k++) {
            NAME_BYTES[k] = NAMES[k].getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    private boolean sameBytes(String s, int at) {
        for (int i = 0; i < s.length(); i++) {
            if (b[at + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A string at {@code pos} (its opening quote), unescaped. */
    private String string() {
        if (pos >= end || b[pos] != '"') {
            throw FALLBACK;
        }
        int start = ++pos;
        while (pos < end) {
            byte c = b[pos];
            if (c == '"') {
                String s = new String(b, start, pos - start, StandardCharsets.ISO_8859_1);
                pos++;
                return s;
            }
            if (c == '\\') {
                return escaped(start);
            }
            if (c < 0x20) {
                throw FALLBACK; // raw control characters and non-ASCII bytes
            }
            pos++;
        }
        throw FALLBACK;
    }

    /** As {@link #string}, giving the instance seen last on this thread when the bytes are the same. */
    private String recentString() {
        int start = pos + 1;
        int hash = 0;
        int i = start;
        for (; i < end; i++) {
            byte c = b[i];
            if (c == '"') {
                break;
            }
            if (c == '\\' || c < 0x20) {
                return string(); // escapes, control characters, non-ASCII: the plain way
            }
            hash = 31 * hash + c;
        }
        if (i >= end) {
            throw FALLBACK;
        }
        if (i - start > MAX_RECENT_LENGTH) {
            return string(); // long values are not worth keeping
        }
        if (recent == null) {
            recent = RECENT.get();
        }
        int slot = (hash ^ (hash >>> 8)) & (recent.length - 1);
        String s = recent[slot];
        int n = i - start;
        if (s == null || s.length() != n || !sameBytes(s, start)) {
            s = new String(b, start, n, StandardCharsets.ISO_8859_1);
            recent[slot] = s;
        }
        pos = i + 1;
        return s;
    }

    private String escaped(int start) {
        StringBuilder sb = new StringBuilder(pos - start + 16);
        for (int i = start; i < pos; i++) {
            sb.append((char) b[i]);
        }
        while (pos < end) {
            byte c = b[pos++];
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                throw FALLBACK;
            }
            if (c != '\\') {
                sb.append((char) c);
                continue;
            }
            if (pos >= end) {
                throw FALLBACK;
            }
            byte e = b[pos++];
            switch (e) {
                case '"': sb.append('"'); break;
                case '\\': sb.append('\\'); break;
                case '/': sb.append('/'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 't': sb.append('\t'); break;
                case 'u': {
                    if (end - pos < 4) {
                        throw FALLBACK;
                    }
                    int v = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = Character.digit(b[pos + i], 16);
                        if (d < 0) {
                            throw FALLBACK;
                        }
                        v = v << 4 | d;
                    }
                    pos += 4;
                    sb.append((char) v);
                    break;
                }
                default:
                    throw FALLBACK;
            }
        }
        throw FALLBACK;
    }

    private void expect(char c) {
        if (pos >= end || b[pos] != c) {
            throw FALLBACK;
        }
        pos++;
    }

    private void skipSpace() {
        while (pos < end) {
            byte c = b[pos];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return;
            }
            pos++;
        }
    }

    @Override
    public String currentName() {
        return name;
    }

    @Override
    public String getText() {
        if (text == null && numberStart >= 0) {
            text = new String(b, numberStart, numberEnd - numberStart, StandardCharsets.ISO_8859_1);
        }
        return text;
    }

    @Override
    public double getDoubleValue() {
        return integer ? (double) longValue : Double.parseDouble(getText());
    }

    @Override
    public boolean isBigInteger() {
        return false;
    }

    @Override
    public long getLongValue() {
        return longValue;
    }

    @Override
    public void skipChildren() {
        throw FALLBACK;
    }

    @Override
    public String structText() {
        throw FALLBACK;
    }
}
