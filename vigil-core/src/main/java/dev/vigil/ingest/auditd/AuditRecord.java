package dev.vigil.ingest.auditd;

import dev.vigil.ingest.Bytes;
import java.nio.charset.StandardCharsets;

/**
 * The header of one audit record line, found by index scanning: an optional {@code node=} name,
 * the record type, and the {@code audit(seconds.millis:serial)} key, in any of the forms
 * {@code auditd} writes (plain, {@code node=host type=...}, behind a syslog prefix such as
 * {@code audispd:}) or the kernel logs ({@code audit: type=1309 audit(...)}). The fields after the
 * key are left in place as {@code [fieldsFrom, fieldsTo)}; the enriched part that
 * {@code log_format=ENRICHED} appends after a {@code 0x1D} byte is {@code [enrichedFrom, to)}.
 *
 * <p>Mutable and reused; not thread-safe.
 */
final class AuditRecord {
    static final int OTHER = 0;
    static final int SYSCALL = 1;
    static final int EXECVE = 2;
    static final int CWD = 3;
    static final int PATH = 4;
    static final int PROCTITLE = 5;
    static final int EOE = 6;

    /** Returned by {@link #parse} for a blank line: no record, nothing wrong. */
    static final String BLANK = "blank";

    int type;
    String node;
    long timeMillis;
    /** {@code seconds.millis:serial} as written. */
    String id;
    int fieldsFrom;
    int fieldsTo;
    int enrichedFrom;
    int enrichedTo;

    /** Parses the header of {@code b[from, to)}; returns {@code null}, {@link #BLANK} or a reject reason. */
    String parse(byte[] b, int from, int to) {
        type = OTHER;
        node = null;
        id = null;
        timeMillis = Long.MIN_VALUE;
        while (to > from && (b[to - 1] == '\r' || b[to - 1] == ' ' || b[to - 1] == '\t')) {
            to--;
        }
        int s = from;
        while (s < to && (b[s] == ' ' || b[s] == '\t')) {
            s++;
        }
        if (s == to) {
            return BLANK;
        }
        int t = token(b, s, to, TYPE);
        if (t < 0) {
            return "not an audit record (no type=)";
        }
        int n = token(b, s, t, NODE);
        if (n >= 0) {
            int ns = n + NODE.length;
            int ne = ns;
            while (ne < t && b[ne] != ' ') {
                ne++;
            }
            node = ne > ns ? new String(b, ns, ne - ns, StandardCharsets.UTF_8) : null;
        }
        int ts = t + TYPE.length;
        int te = ts;
        while (te < to && b[te] != ' ') {
            te++;
        }
        type = typeOf(b, ts, te);
        if (type == OTHER) {
            return null;
        }
        int a = Bytes.indexOf(b, te, to, AUDIT);
        if (a < 0) {
            return "expected audit(seconds.millis:serial) after the record type";
        }
        int p = a + AUDIT.length;
        int idFrom = p;
        long secs = 0;
        int digits = 0;
        while (p < to && b[p] >= '0' && b[p] <= '9' && digits < 15) {
            secs = secs * 10 + (b[p] - '0');
            p++;
            digits++;
        }
        if (digits == 0 || p >= to || b[p] != '.') {
            return "expected audit(seconds.millis:serial) with epoch seconds (raw, not ausearch -i output)";
        }
        p++;
        long millis = 0;
        int scale = 100;
        while (p < to && b[p] >= '0' && b[p] <= '9') {
            millis += (b[p] - '0') * scale;
            scale /= 10;
            p++;
        }
        if (p >= to || b[p] != ':') {
            return "expected ':serial' in the audit key";
        }
        p++;
        int serialFrom = p;
        while (p < to && b[p] >= '0' && b[p] <= '9') {
            p++;
        }
        if (p == serialFrom || p >= to || b[p] != ')') {
            return "expected ':serial)' in the audit key";
        }
        id = new String(b, idFrom, p - idFrom, StandardCharsets.US_ASCII);
        timeMillis = secs * 1000 + millis;
        p++;
        if (p < to && b[p] == ':') {
            p++;
        }
        fieldsFrom = p;
        int gs = p;
        while (gs < to && b[gs] != 0x1D) {
            gs++;
        }
        fieldsTo = gs;
        enrichedFrom = gs < to ? gs + 1 : to;
        enrichedTo = to;
        return null;
    }

    private static final byte[] TYPE = "type=".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NODE = "node=".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AUDIT = "audit(".getBytes(StandardCharsets.US_ASCII);

    private static int typeOf(byte[] b, int from, int to) {
        switch (to - from) {
            case 3:
                if (is(b, from, "CWD")) return CWD;
                if (is(b, from, "EOE")) return EOE;
                return OTHER;
            case 4:
                if (is(b, from, "PATH")) return PATH;
                if (is(b, from, "1300")) return SYSCALL;
                if (is(b, from, "1309")) return EXECVE;
                if (is(b, from, "1307")) return CWD;
                if (is(b, from, "1302")) return PATH;
                if (is(b, from, "1327")) return PROCTITLE;
                if (is(b, from, "1320")) return EOE;
                return OTHER;
            case 6:
                return is(b, from, "EXECVE") ? EXECVE : OTHER;
            case 7:
                return is(b, from, "SYSCALL") ? SYSCALL : OTHER;
            case 9:
                return is(b, from, "PROCTITLE") ? PROCTITLE : OTHER;
            default:
                return OTHER;
        }
    }

    private static boolean is(byte[] b, int from, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (b[from + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Index of {@code word} in {@code b[from, to)} where it starts a space-separated token, or -1. */
    static int token(byte[] b, int from, int to, byte[] word) {
        int i = from;
        while (true) {
            int k = Bytes.indexOf(b, i, to, word);
            if (k < 0) {
                return -1;
            }
            if (k == from || b[k - 1] == ' ' || b[k - 1] == '\t') {
                return k;
            }
            i = k + 1;
        }
    }
}
