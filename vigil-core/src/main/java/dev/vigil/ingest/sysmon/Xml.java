package dev.vigil.ingest.sysmon;

import dev.vigil.ingest.Bytes;
import dev.vigil.event.Event;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineParser.Rejects;
import dev.vigil.ingest.Timestamps;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scanner behind {@link SysmonFormat}'s XML form: finds {@code <EventID>},
 * {@code <Provider Name>}, {@code <Computer>}, {@code <TimeCreated SystemTime>} and each
 * {@code <Data Name="X">value</Data>} of the first event on a line by byte search, and decodes
 * the entity and character references in the text it keeps. No DTD, no external entities, no
 * tree. Static and thread-safe.
 */
final class Xml {
    private Xml() {}

    private static final byte[] EVENT_END = bytes("</Event>");
    private static final byte[] EVENT_ID = bytes("<EventID");
    private static final byte[] PROVIDER = bytes("<Provider");
    private static final byte[] COMPUTER = bytes("<Computer>");
    private static final byte[] COMPUTER_END = bytes("</Computer>");
    private static final byte[] TIME_CREATED = bytes("<TimeCreated");
    private static final byte[] EVENT_DATA = bytes("<EventData");
    private static final byte[] DATA = bytes("<Data");
    private static final byte[] DATA_END = bytes("</Data>");

    static Event parse(Line line, byte[] b, int from, int to, Rejects rejects) {
        int end = Bytes.indexOf(b, from, to, EVENT_END);
        if (end >= 0) {
            to = end;
        }
        int idTag = Bytes.indexOf(b, from, to, EVENT_ID);
        int idOpen = idTag < 0 ? -1 : Bytes.indexOf(b, idTag, to, (byte) '>');
        if (idOpen < 0) {
            rejects.reject("no <EventID> in the XML event");
            return null;
        }
        int p = idOpen + 1;
        while (p < to && b[p] == ' ') {
            p++;
        }
        long id = 0;
        int digits = 0;
        while (p < to && b[p] >= '0' && b[p] <= '9' && digits < 9) {
            id = id * 10 + (b[p] - '0');
            p++;
            digits++;
        }
        if (digits == 0) {
            rejects.reject("<EventID> is not a number");
            return null;
        }
        int prov = Bytes.indexOf(b, from, to, PROVIDER);
        if (prov >= 0) {
            int tagEnd = Bytes.indexOf(b, prov, to, (byte) '>');
            String name = attr(b, prov, tagEnd < 0 ? to : tagEnd, "Name");
            if (name != null && !SysmonFormat.isSysmon(name)) {
                return null;
            }
        }
        if (id != 1) {
            return null;
        }
        String computer = null;
        int c = Bytes.indexOf(b, from, to, COMPUTER);
        if (c >= 0) {
            int cs = c + COMPUTER.length;
            int ce = Bytes.indexOf(b, cs, to, COMPUTER_END);
            computer = decode(b, cs, ce < 0 ? to : ce).trim();
        }
        long fallbackTime = Event.NO_TIME;
        int tc = Bytes.indexOf(b, from, to, TIME_CREATED);
        if (tc >= 0) {
            int tagEnd = Bytes.indexOf(b, tc, to, (byte) '>');
            fallbackTime = Timestamps.iso(attr(b, tc, tagEnd < 0 ? to : tagEnd, "SystemTime"));
        }
        Map<String, String> data = new LinkedHashMap<>();
        int ed = Bytes.indexOf(b, from, to, EVENT_DATA);
        p = ed < 0 ? to : ed + EVENT_DATA.length;
        while (p < to) {
            int d = Bytes.indexOf(b, p, to, DATA);
            if (d < 0) {
                break;
            }
            int after = d + DATA.length;
            if (after >= to || (b[after] != ' ' && b[after] != '>' && b[after] != '/')) {
                p = after; // <DataX...>, not a Data element
                continue;
            }
            int tagEnd = Bytes.indexOf(b, after, to, (byte) '>');
            if (tagEnd < 0) {
                break;
            }
            String name = attr(b, after, tagEnd, "Name");
            if (b[tagEnd - 1] == '/') {
                if (name != null) {
                    data.putIfAbsent(name, "");
                }
                p = tagEnd + 1;
                continue;
            }
            int vs = tagEnd + 1;
            int ve = Bytes.indexOf(b, vs, to, DATA_END);
            if (ve < 0) {
                ve = to; // a cut line: keep what is there
            }
            if (name != null) {
                data.putIfAbsent(name, decode(b, vs, ve));
            }
            p = ve + DATA_END.length;
        }
        if (data.isEmpty()) {
            rejects.reject("Sysmon event 1 without EventData");
            return null;
        }
        if (end < 0) {
            data.put("truncated", "true"); // no </Event>: the line was cut, the last value may be too
        }
        return SysmonFormat.build(line, data, computer, fallbackTime);
    }

    /** The value of attribute {@code name} inside the tag {@code b[from, to)}, decoded; or null. */
    static String attr(byte[] b, int from, int to, String name) {
        byte[] w = bytes(name + "=");
        int i = from;
        while (true) {
            int k = Bytes.indexOf(b, i, to, w);
            if (k < 0) {
                return null;
            }
            if (k > from && (b[k - 1] == ' ' || b[k - 1] == '\t')) {
                int q = k + w.length;
                if (q >= to || (b[q] != '"' && b[q] != '\'')) {
                    return null;
                }
                int e = Bytes.indexOf(b, q + 1, to, b[q]);
                return decode(b, q + 1, e < 0 ? to : e);
            }
            i = k + 1;
        }
    }

    /**
     * {@code b[from, to)} as UTF-8 with {@code &lt; &gt; &amp; &quot; &apos;} and {@code &#N;},
     * {@code &#xH;} decoded; any other {@code &} is kept as written.
     */
    static String decode(byte[] b, int from, int to) {
        int amp = Bytes.indexOf(b, from, to, (byte) '&');
        if (amp < 0) {
            return new String(b, from, to - from, StandardCharsets.UTF_8);
        }
        StringBuilder sb = new StringBuilder(to - from);
        int p = from;
        while (amp >= 0) {
            sb.append(new String(b, p, amp - p, StandardCharsets.UTF_8));
            int semi = -1;
            for (int i = amp + 1; i < to && i <= amp + 12; i++) {
                if (b[i] == ';') {
                    semi = i;
                    break;
                }
            }
            int cp = semi < 0 ? -1 : reference(b, amp + 1, semi);
            if (cp < 0) {
                sb.append('&');
                p = amp + 1;
            } else {
                sb.appendCodePoint(cp);
                p = semi + 1;
            }
            amp = Bytes.indexOf(b, p, to, (byte) '&');
        }
        sb.append(new String(b, p, to - p, StandardCharsets.UTF_8));
        return sb.toString();
    }

    private static int reference(byte[] b, int from, int to) {
        int n = to - from;
        if (n >= 2 && b[from] == '#') {
            boolean hex = b[from + 1] == 'x' || b[from + 1] == 'X';
            int i = from + (hex ? 2 : 1);
            if (i == to) {
                return -1;
            }
            int v = 0;
            for (; i < to; i++) {
                int d = digit(b[i], hex);
                if (d < 0) {
                    return -1;
                }
                v = v * (hex ? 16 : 10) + d;
                if (v > Character.MAX_CODE_POINT) {
                    return -1;
                }
            }
            return v >= Character.MIN_SUPPLEMENTARY_CODE_POINT || !Character.isSurrogate((char) v) ? v : -1;
        }
        String name = new String(b, from, n, StandardCharsets.ISO_8859_1);
        switch (name) {
            case "lt": return '<';
            case "gt": return '>';
            case "amp": return '&';
            case "quot": return '"';
            case "apos": return '\'';
            default: return -1;
        }
    }

    private static int digit(byte c, boolean hex) {
        if (c >= '0' && c <= '9') return c - '0';
        if (hex && c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (hex && c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
