package dev.vigil.rules.match;

import dev.vigil.text.Ipv4;
import dev.vigil.ti.IpAddresses;
import dev.vigil.ti.IpPrefix;
import dev.vigil.rules.compile.FirstChars;

import dev.vigil.analyze.cmdi.CommandInjection;
import dev.vigil.analyze.code.CodeInjection;
import dev.vigil.analyze.crlf.HeaderInjection;
import dev.vigil.analyze.format.FormatString;
import dev.vigil.analyze.ldap.LdapFilterInjection;
import dev.vigil.analyze.redirect.OpenRedirect;
import dev.vigil.analyze.sqli.SqlInjection;
import dev.vigil.analyze.ssrf.ServerSideRequestForgery;
import dev.vigil.analyze.traversal.PathTraversal;
import dev.vigil.analyze.xpath.XPathInjection;
import dev.vigil.analyze.xss.CrossSiteScripting;
import dev.vigil.analyze.xxe.XmlExternalEntity;
import dev.vigil.rules.Condition;
import dev.vigil.rules.Field;
import dev.vigil.rules.Variant;
import java.util.List;
import java.util.Locale;

/**
 * Evaluates a compiled condition against one field value of a request.
 *
 * <p>Stateless and thread-safe.
 */
public final class Evaluator {
    private Evaluator() {
    }

    /** Whether {@code c} holds for the value {@code current} (which may be null when a rule reads no value). */
    public static boolean eval(Condition c, FieldValue current, FieldSource view) {
        return eval(c, current, view, true);
    }

    /**
     * As {@link #eval(Condition, FieldValue, FieldSource)}, for a condition that reads only the
     * value under test and whose verdict on that value the caller remembers itself
     * ({@link RuleMatcher}'s per-rule memo): its leaves are evaluated without the per-value leaf
     * memo, which would only be filled, never read again (one map per new value, one lookup and
     * one entry per leaf: a good part of matching on an access log, where most parameter values
     * are new).
     */
    static boolean evalUnremembered(Condition c, FieldValue current, FieldSource view) {
        return eval(c, current, view, false);
    }

    private static boolean eval(Condition c, FieldValue current, FieldSource view, boolean memo) {
        // indexed loops: an iterator per condition and value was a good part of a scan's garbage
        if (c instanceof Condition.All) {
            List<Condition> ch = ((Condition.All) c).children();
            for (int i = 0; i < ch.size(); i++) {
                if (!eval(ch.get(i), current, view, memo)) {
                    return false;
                }
            }
            return true;
        }
        if (c instanceof Condition.Any) {
            List<Condition> ch = ((Condition.Any) c).children();
            for (int i = 0; i < ch.size(); i++) {
                if (eval(ch.get(i), current, view, memo)) {
                    return true;
                }
            }
            return false;
        }
        if (c instanceof Condition.Not) {
            return !eval(((Condition.Not) c).child(), current, view, memo);
        }
        Field f = leafField(c);
        if (f == null || (current != null && f == current.field)) {
            return current != null && (memo ? remembered(c, current, view) : leaf(c, current, view));
        }
        return anyValue(c, f, view);
    }

    /**
     * Whether {@code c} holds for any value of {@code f}. A leaf naming another field reads all of
     * that field's values, whichever value is under test: its verdict belongs to the event, so
     * for a field of many values it is kept for the event. Evaluated again for each value under
     * test, n parameter names times n parameter values made a query string of many parameters
     * cost quadratic time (64 KB of "a[]=1&": 23 s). Kept apart from {@link #eval}, which is hot
     * and small enough to compile well.
     */
    private static boolean anyValue(Condition c, Field f, FieldSource view) {
        // A field of a few values is cheaper to read again than to remember (most requests).
        List<FieldValue> vals = view.values(f);
        java.util.Map<Condition, Boolean> perEvent = vals.size() > REMEMBER_FROM ? view.fieldVerdicts() : null;
        Boolean known = perEvent == null ? null : perEvent.get(c);
        if (known != null) {
            return known;
        }
        boolean any = false;
        for (int i = 0; i < vals.size(); i++) {
            if (remembered(c, vals.get(i), view)) {
                any = true;
                break;
            }
        }
        if (perEvent != null) {
            perEvent.put(c, any);
        }
        return any;
    }

    /** Values a field must have before a leaf's verdict over all of them is kept for the event. */
    private static final int REMEMBER_FROM = 4;

    private static final int MEMO_VALUES = 2048;

    /**
     * Fields whose values repeat all day: browsers' agents and referers, and on hosts the same
     * cron jobs, workers and their parents starting the same command lines.
     */
    private static final java.util.Set<Field> REPETITIVE = java.util.EnumSet.of(Field.USER_AGENT, Field.REFERER,
            Field.EXE, Field.EXE_NAME, Field.CMDLINE, Field.PARENT_EXE, Field.PARENT_NAME, Field.PARENT_CMDLINE);

    /**
     * Per worker thread: values of {@link #REPETITIVE} fields → the verdicts of the leaves already
     * evaluated on them. A leaf's verdict depends on the value alone, so the regexes and
     * tokenizers run once per distinct value.
     */
    private static final ThreadLocal<java.util.LinkedHashMap<String, Verdicts>> MEMO =
            ThreadLocal.withInitial(() -> new java.util.LinkedHashMap<>(MEMO_VALUES * 2, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, Verdicts> e) {
                    return size() > MEMO_VALUES;
                }
            });

    /** The verdicts of the leaves evaluated on one value, on the thread that owns them. */
    static final class Verdicts extends java.util.IdentityHashMap<Condition, Boolean> {
        final Thread owner;

        Verdicts(Thread owner) {
            // most values are tested by a few leaves: the default table (64 slots) was most of
            // the garbage of a new value
            super(4);
            this.owner = owner;
        }
    }

    /**
     * Request fields whose values repeat from request to request (the same pages, the same
     * parameters), remembered per field: on an access log most leaf evaluations are on them, and
     * a site's requests mostly go to a few thousand paths. A verdict on such a value depends on
     * the field and the value alone (the field's normalisation, the path flag of the traversal and
     * SSRF readers), never on the rest of the request.
     */
    private static final Field[] REQUEST_FIELDS = {Field.PATH, Field.QUERY, Field.TARGET, Field.PARAM_NAMES,
            Field.PARAM_VALUES};
    private static final int[] REQUEST_SLOT = new int[Field.values().length];

    static {
        java.util.Arrays.fill(REQUEST_SLOT, -1);
        for (int i = 0; i < REQUEST_FIELDS.length; i++) {
            REQUEST_SLOT[REQUEST_FIELDS[i].ordinal()] = i;
        }
    }

    /**
     * Longer request values are evaluated every time: long ones are seldom repeated, and the memo
     * must stay small (a hostile log of 64 KB paths would otherwise fill it with megabytes).
     */
    static final int MEMO_LENGTH = 512;

    /** Per worker thread and {@link #REQUEST_FIELDS} field: value → verdicts of the leaves evaluated on it. */
    private static final ThreadLocal<List<java.util.LinkedHashMap<String, Verdicts>>> REQUEST_MEMO =
            ThreadLocal.withInitial(() -> {
                List<java.util.LinkedHashMap<String, Verdicts>> maps = new java.util.ArrayList<>();
                for (int i = 0; i < REQUEST_FIELDS.length; i++) {
                    maps.add(new java.util.LinkedHashMap<>(MEMO_VALUES * 2, 0.75f, true) {
                        @Override
                        protected boolean removeEldestEntry(java.util.Map.Entry<String, Verdicts> e) {
                            return size() > MEMO_VALUES;
                        }
                    });
                }
                return maps;
            });

    private static boolean remembered(Condition c, FieldValue v, FieldSource view) {
        if (c instanceof Condition.FieldRef || v.reading > 0) {
            // (a command line's second and later readings share its raw text, the memo's key, and a JSON
            // member is decoded otherwise than a parameter with the same text: see FieldValue#reading)
            return leaf(c, v, view);
        }
        if (!REPETITIVE.contains(v.field)) {
            // a request value is mostly seen once: a literal test costs about what a lookup
            // does, and a regex whose required characters or literal are absent is settled
            // without running it, so neither need fill the memo (command lines and agents repeat
            // all day: for them the lookup is the cheaper)
            if (c instanceof Condition.Text) {
                return leaf(c, v, view);
            }
            if (c instanceof Condition.Regex r && !mayMatch(r, v)) {
                return false;
            }
        }
        Thread self = Thread.currentThread();
        Verdicts verdicts = v.verdicts;
        if (verdicts == null || verdicts.owner != self) {
            if (REPETITIVE.contains(v.field)) {
                verdicts = MEMO.get().computeIfAbsent(v.raw(), k -> new Verdicts(self));
            } else {
                int slot = REQUEST_SLOT[v.field.ordinal()];
                if (slot < 0 || !(view instanceof RequestView) || v.raw().length() > MEMO_LENGTH) {
                    return leaf(c, v, view);
                }
                verdicts = REQUEST_MEMO.get().get(slot).computeIfAbsent(v.raw(), k -> new Verdicts(self));
            }
            v.verdicts = verdicts;
        }
        Boolean b = verdicts.get(c);
        if (b == null) {
            b = leaf(c, v, view);
            verdicts.put(c, b);
        }
        return b;
    }

    /** The field a leaf names for itself, or null for a leaf on the value under test (or a branch). */
    static Field leafFieldOf(Condition c) {
        return leafField(c);
    }

    /**
     * Whether {@code s} holds a character each match could start with, one of each set of
     * characters every match holds, and a literal every match holds: false settles a regex without
     * running it.
     */
    private static boolean mayMatch(Condition.Regex r, FieldValue v) {
        String s = v.get(r.variant());
        if (r.firstChars() != null && !FirstChars.any(s, r.firstChars())) {
            return false;
        }
        for (long[] req : r.requiredChars()) {
            if (!FirstChars.any(s, req)) {
                return false;
            }
        }
        // decoded forms are lower case already; a value as logged, or with its case kept, is read
        // without case, as the regex itself is (lower-cased once per value, and only for literals
        // with letters)
        if (r.gate() == null) {
            return true;
        }
        String gated = !r.gate().hasLetters() ? s
                : r.variant() == Variant.RAW ? v.rawFolded() : r.variant() == Variant.CASED ? v.casedFolded() : s;
        return r.gate().contains(gated, false) != null;
    }

    private static Field leafField(Condition c) {
        if (c instanceof Condition.Text) {
            return ((Condition.Text) c).field();
        }
        if (c instanceof Condition.Regex) {
            return ((Condition.Regex) c).field();
        }
        if (c instanceof Condition.Detect) {
            return ((Condition.Detect) c).field();
        }
        if (c instanceof Condition.Compare) {
            return ((Condition.Compare) c).field();
        }
        if (c instanceof Condition.Reads) {
            return ((Condition.Reads) c).field();
        }
        if (c instanceof Condition.Cidr) {
            return ((Condition.Cidr) c).field();
        }
        if (c instanceof Condition.Exists) {
            return ((Condition.Exists) c).field();
        }
        if (c instanceof Condition.FieldRef) {
            return ((Condition.FieldRef) c).field();
        }
        return null;
    }

    /**
     * Whether a value as logged may hold a character beyond U+07FF: one such itself, or a
     * percent-encoded UTF-8 lead byte of three or four bytes ({@code %E2}, {@code %EF}, {@code %F0}).
     * The cheap test before the cased form is decoded.
     */
    private static boolean mayBeWide(String raw) {
        if (raw == null) {
            return false;
        }
        for (int i = 0, n = raw.length(); i < n; i++) {
            char c = raw.charAt(i);
            if (c > 0x7f) {
                return true;
            }
            if (c == '%' && i + 1 < n) {
                char d = raw.charAt(i + 1);
                if (d == 'e' || d == 'E' || d == 'f' || d == 'F') {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether {@code s} holds a character beyond Latin-1 (one scan; false for null). */
    private static boolean wide(String s) {
        if (s == null) {
            return false;
        }
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) > 0xff) {
                return true;
            }
        }
        return false;
    }

    private static boolean leaf(Condition c, FieldValue v, FieldSource view) {
        if (c instanceof Condition.Text) {
            Condition.Text t = (Condition.Text) c;
            String s = v.get(t.variant());
            switch (t.op()) {
                case CONTAINS:
                    return t.matcher().contains(s, t.word()) != null;
                case STARTSWITH:
                    return t.matcher().startsWithAny(s, t.word()) != null;
                case ENDSWITH:
                    return t.matcher().endsWithAny(s) != null;
                default:
                    return t.matcher().equalsAny(s) != null;
            }
        }
        if (c instanceof Condition.Regex) {
            Condition.Regex r = (Condition.Regex) c;
            return mayMatch(r, v) && r.perThread().get().matcher(v.get(r.variant())).find();
        }
        if (c instanceof Condition.Detect) {
            Condition.Detect d = (Condition.Detect) c;
            String s = v.get(d.variant());
            try {
                switch (d.kind()) {
                    case SQLI:
                        return (v.field == Field.PATH ? SqlInjection.detectInPath(s)
                                : v.field == Field.REFERER ? SqlInjection.detectInReferer(s) : SqlInjection.detect(s)).isPresent();
                    case XSS:
                        return CrossSiteScripting.detect(s).isPresent();
                    case CMDI:
                        // the raw value too: a line break the decoded form compressed to a space (the
                        // raw and cased forms keep their line breaks themselves)
                        return CommandInjection.detect(s, d.variant() == dev.vigil.rules.Variant.RAW
                                || d.variant() == dev.vigil.rules.Variant.CASED ? null : v.raw()).isPresent();
                    case TRAVERSAL:
                        // a parameter as decoded with its case kept (base64 of a path, however the
                        // value was percent-encoded; without a '%' that is the value as logged); a
                        // path as logged, where an encoded slash inside a segment is no separator
                        return PathTraversal.detect(s, v.field == Field.PATH || v.raw() == null || v.raw().indexOf('%') < 0
                                ? v.raw() : v.cased(), v.field == Field.PATH).isPresent();
                    case SSRF:
                        // the value as written too when it holds characters beyond Latin-1: the decoded
                        // form has had their compatibility forms folded to ASCII (127 in circled digits
                        // reads as 127 there), so only the written form shows a host spelled in them;
                        // lower-cased, as the reader takes its input (HTTP:// is a scheme too), which
                        // keeps those characters (a circled capital becomes a circled small letter)
                        return ServerSideRequestForgery.detect(s, v.field == Field.PATH).isPresent()
                                || mayBeWide(v.raw()) && wide(v.cased())
                                && ServerSideRequestForgery.detect(v.cased().toLowerCase(Locale.ROOT),
                                        v.field == Field.PATH).isPresent();
                    case CODE:
                        return CodeInjection.detect(s).isPresent();
                    case REDIRECT:
                        return (v.field == Field.PATH ? OpenRedirect.detectInPath(s, v.raw()) : OpenRedirect.detect(s, v.raw())).isPresent();
                    case XXE:
                        return XmlExternalEntity.detect(s, v.raw()).isPresent();
                    case LDAP:
                        return LdapFilterInjection.detect(s, v.raw()).isPresent();
                    case XPATH:
                        return XPathInjection.detect(s).isPresent();
                    case CRLF:
                        return HeaderInjection.detect(v.raw()).isPresent();
                    case FORMAT:
                        return FormatString.detect(v.raw()).isPresent();
                    case JWT:
                        return dev.vigil.analyze.jwt.JwtHeader.detect(v.raw()).isPresent();
                    case GRAPHQL:
                        return dev.vigil.analyze.graphql.GraphQlAbuse.detect(s).isPresent();
                    case PHPNAME:
                        return dev.vigil.analyze.php.PhpNameAssembly.detect(s, v.raw()).isPresent();
                    default:
                        return false;
                }
            } catch (RuntimeException e) {
                return false;
            }
        }
        if (c instanceof Condition.Reads) {
            // the command line as logged: the reader does its own unquoting
            boolean windows = view instanceof ProcessView pv ? pv.windows()
                    : dev.vigil.normalize.CommandLineNormalizer.isWindows(null, v.raw());
            return dev.vigil.analyze.reading.Behaviours.shows(((Condition.Reads) c).family(), v.raw(), windows);
        }
        if (c instanceof Condition.Compare) {
            Condition.Compare cmp = (Condition.Compare) c;
            long x;
            if (v.field == Field.STATUS) {
                x = view.status();
            } else {
                x = parseLong(v.decoded);
                if (x == Long.MIN_VALUE) {
                    return false;
                }
            }
            switch (cmp.op()) {
                case LT: return x < cmp.value();
                case LE: return x <= cmp.value();
                case GT: return x > cmp.value();
                case GE: return x >= cmp.value();
                case EQ: return x == cmp.value();
                default: return x != cmp.value();
            }
        }
        if (c instanceof Condition.Exists) {
            return true; // the views give values only for fields the event has
        }
        if (c instanceof Condition.FieldRef) {
            Condition.FieldRef ref = (Condition.FieldRef) c;
            String s = ref.cased() ? v.raw() : v.decoded;
            List<FieldValue> others = view.values(ref.other());
            for (int i = 0; i < others.size(); i++) {
                String o = ref.cased() ? others.get(i).raw() : others.get(i).decoded;
                if (s == null || o == null) {
                    continue;
                }
                boolean hit = switch (ref.op()) {
                    case CONTAINS -> s.contains(o);
                    case STARTSWITH -> s.startsWith(o);
                    case ENDSWITH -> s.endsWith(o);
                    case EQUALS -> s.equals(o);
                };
                if (hit) {
                    return true;
                }
            }
            return false;
        }
        if (c instanceof Condition.Cidr) {
            Condition.Cidr cidr = (Condition.Cidr) c;
            long ip = Ipv4.find(v.decoded);
            if (ip < 0) {
                return !cidr.v6().isEmpty() && inV6(cidr.v6(), v.decoded);
            }
            int a = (int) ip;
            for (int i = 0; i < cidr.networks().length; i++) {
                if ((a & cidr.masks()[i]) == cidr.networks()[i]) {
                    return true;
                }
            }
            return false;
        }
        return false;
    }

    /** Whether {@code value} is one IPv6 address (bare or in brackets) inside one of {@code blocks}. */
    private static boolean inV6(List<IpPrefix> blocks, String value) {
        int start = 0;
        int end = value.length();
        while (start < end && value.charAt(start) == ' ') {
            start++;
        }
        while (end > start && value.charAt(end - 1) == ' ') {
            end--;
        }
        if (end - start > 2 && value.charAt(start) == '[' && value.charAt(end - 1) == ']') {
            start++;
            end--;
        }
        long[] a = new long[2];
        if (!IpAddresses.parseV6(value, start, end, a)) {
            return false;
        }
        for (IpPrefix p : blocks) {
            int len = p.length();
            long maskHi = len >= 64 ? -1L : len == 0 ? 0 : -1L << (64 - len);
            long maskLo = len <= 64 ? 0 : -1L << (128 - len);
            if ((a[0] & maskHi) == p.hi() && (a[1] & maskLo) == p.lo()) {
                return true;
            }
        }
        return false;
    }

    private static long parseLong(String s) {
        if (s == null || s.isEmpty() || s.length() > 18) {
            return Long.MIN_VALUE;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return Long.MIN_VALUE;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
