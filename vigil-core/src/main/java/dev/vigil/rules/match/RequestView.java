package dev.vigil.rules.match;

import dev.vigil.event.HttpRequest;
import dev.vigil.normalize.JsonParamReader;
import dev.vigil.normalize.Normalizer;
import dev.vigil.normalize.Param;
import dev.vigil.rules.Condition;
import dev.vigil.rules.Field;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The normalised fields of one request, each decoded once, on first use.
 *
 * <p>Not thread-safe: one per request, on the thread that inspects it.
 */
public final class RequestView implements FieldSource {
    private static final List<FieldValue> NONE = List.of();
    /** Parameter counts above which repeated names and values are read once. */
    private static final int DEDUPLICATE_FROM = 8;

    private final HttpRequest request;
    // one slot per field; Java cannot create a generic array, hence the raw one
    @SuppressWarnings({"unchecked", "rawtypes"})
    private final List<FieldValue>[] cache = new List[Field.COUNT];
    private List<Param> params;

    public RequestView(HttpRequest request) {
        this.request = request;
    }

    public HttpRequest request() {
        return request;
    }

    @Override
    public int status() {
        return request.status();
    }

    // No verdictKey: a request's key (target, agent, referer...) costs a hash of a few hundred
    // characters, and on an access log the per-field memos already make a repeated request cheap;
    // measured on the generated 1M-line log, remembering whole requests saved no CPU (10.41 s
    // with, 10.19 s without) and held 42 MiB more.

    /** Created on first use: most events never evaluate a leaf that reads another field. */
    private Map<Condition, Boolean> fieldVerdicts;

    @Override
    public Map<Condition, Boolean> fieldVerdicts() {
        Map<Condition, Boolean> m = fieldVerdicts;
        if (m == null) {
            m = new IdentityHashMap<>();
            fieldVerdicts = m;
        }
        return m;
    }

    /**
     * The values of {@code f}: none when the request lacks it, one per parameter for parameter fields.
     * A parameter whose name carries an array key ({@code next[]=x}, {@code cmd[0]=id}) is read as
     * the application reads it too: its name without the key is another parameter name, and the
     * target and query are read again with the keys taken off ({@link Normalizer#withoutArrayKeys}).
     * A parameter whose value is a JSON document adds its string members to the parameter values
     * ({@link JsonParamReader}). A parameter name sent more than once adds its values joined as
     * ASP.NET joins them ({@link #pollutedValue}).
     */
    @Override
    public List<FieldValue> values(Field f) {
        List<FieldValue> v = cache[f.ordinal()];
        if (v == null) {
            v = compute(f);
            cache[f.ordinal()] = v;
        }
        return v;
    }

    private List<Param> params() {
        if (params == null) {
            params = Normalizer.params(request.query());
        }
        return params;
    }

    /** The longest joined value {@link #pollutedValue} builds; the rest of a longer one is left off. */
    static final int MAX_POLLUTED_LENGTH = 4096;

    /**
     * HTTP parameter pollution: ASP.NET (and classic ASP) hands an application that asks for a
     * parameter sent more than once all its values joined with commas, so an attack split over
     * several values (a SQL comment opened in one and closed in the next, a tag in one and its
     * handler in the next) reaches the application whole while no single value holds it. The raw
     * values of the first parameter name sent with two different non-empty values, joined with
     * {@code ','} in the order sent (at most {@link #MAX_POLLUTED_LENGTH} characters), or null
     * when there is none. Names compare as logged; one name is read, whatever the rest repeat.
     */
    static String pollutedValue(List<Param> ps) {
        int n = ps.size();
        if (n < 2) {
            return null;
        }
        // the first name sent with two different values: a name repeated with one value ("a=1&a=1")
        // joins to nothing a single value does not already show
        java.util.Map<String, String> first = n > DEDUPLICATE_FROM ? new java.util.HashMap<>() : null;
        String name = null;
        for (int i = 0; i < n && name == null; i++) {
            Param p = ps.get(i);
            if (p.rawValue().isEmpty()) {
                continue;
            }
            if (first != null) {
                String v = first.putIfAbsent(p.rawName(), p.rawValue());
                if (v != null && !v.equals(p.rawValue())) {
                    name = p.rawName();
                }
            } else {
                for (int j = 0; j < i; j++) {
                    Param q = ps.get(j);
                    if (q.rawName().equals(p.rawName()) && !q.rawValue().isEmpty() && !q.rawValue().equals(p.rawValue())) {
                        name = p.rawName();
                        break;
                    }
                }
            }
        }
        if (name == null) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (Param p : ps) {
            if (p.rawName().equals(name) && !p.rawValue().isEmpty()) {
                if (b.length() > 0) {
                    b.append(',');
                }
                b.append(p.rawValue(), 0, Math.min(p.rawValue().length(), MAX_POLLUTED_LENGTH - b.length()));
                if (b.length() >= MAX_POLLUTED_LENGTH) {
                    break;
                }
            }
        }
        return b.toString();
    }

    private List<String> jsonValues;
    /** The most JSON members a request adds to its parameter values, however many documents it has. */
    static final int MAX_JSON_VALUES = 64;

    /** The string values of parameters whose value is JSON ({@link JsonParamReader}), read once. */
    private List<String> jsonValues() {
        if (jsonValues != null) {
            return jsonValues;
        }
        List<String> values = List.of();
        for (Param p : params()) {
            if (values.size() >= MAX_JSON_VALUES) {
                break; // a request of many JSON parameters: the first documents' members stand
            }
            String v = p.value();
            if (!v.isEmpty() && (v.charAt(0) == '{' || v.charAt(0) == '[' || v.charAt(0) == ' ')) {
                String cased = Normalizer.decodeCased(p.rawValue(), true);
                if (JsonParamReader.looksLikeJson(cased)) {
                    if (values.isEmpty()) {
                        values = new ArrayList<>(4);
                    }
                    JsonParamReader.read(cased, values);
                }
            }
        }
        if (values.size() > MAX_JSON_VALUES) {
            values = values.subList(0, MAX_JSON_VALUES);
        }
        jsonValues = values;
        return values;
    }

    private List<FieldValue> compute(Field f) {
        switch (f) {
            case PATH:
                return one(f, request.path(), decoded(f, request.path()));
            case QUERY: {
                if (empty(request.query())) {
                    return NONE;
                }
                List<FieldValue> q = one(f, request.query(), Normalizer.decodeQuery(request.query()));
                String plain = Normalizer.withoutArrayKeys(request.query());
                return plain == null ? q : List.of(q.get(0), FieldValue.request(f, plain, Normalizer.decodeQuery(plain), true));
            }
            case TARGET: {
                List<FieldValue> t = one(f, request.target(), decoded(f, request.target()));
                String plain = t.isEmpty() || empty(request.query()) ? null : Normalizer.withoutArrayKeys(request.query());
                if (plain == null) {
                    return t;
                }
                // the target again with the names of its array parameters as the application reads them
                String target = request.target();
                int q = target.indexOf('?');
                String again = q < 0 ? null : target.substring(0, q + 1) + plain;
                return again == null ? t : List.of(t.get(0), FieldValue.request(f, again, Normalizer.decode(again), false));
            }
            case USER_AGENT:
                return one(f, request.userAgent(), decoded(f, request.userAgent()));
            case REFERER:
                return one(f, request.referer(), decoded(f, request.referer()));
            case HOST:
                return one(f, request.host(), decoded(f, request.host()));
            case METHOD:
                return one(f, request.method(), decoded(f, request.method()));
            case CLIENT_IP:
                return one(f, request.clientIp(), request.clientIp());
            case STATUS:
                return request.status() < 0 ? NONE : one(f, Integer.toString(request.status()), null);
            case PARAM_NAMES:
            case PARAM_VALUES: {
                List<Param> ps = params();
                if (ps.isEmpty()) {
                    return NONE;
                }
                List<FieldValue> out = new ArrayList<>(ps.size());
                // A value seen before gets the same verdict from every rule (a verdict depends on
                // the value and on the event, never on the position), and the first one is the
                // one reported: repeats are left out, so "a=1&a=1&..." costs what "a=1" does.
                // Only past a few parameters, where a set pays for itself.
                java.util.Set<String> seen = ps.size() > DEDUPLICATE_FROM ? new java.util.HashSet<>() : null;
                for (Param p : ps) {
                    String raw = f == Field.PARAM_NAMES ? p.rawName() : p.rawValue();
                    if ((f == Field.PARAM_VALUES && raw.isEmpty()) || (seen != null && !seen.add(raw))) {
                        continue;
                    }
                    out.add(FieldValue.request(f, raw, f == Field.PARAM_NAMES ? p.name() : p.value(), true));
                    int key = f == Field.PARAM_NAMES ? Normalizer.arrayKeyStart(raw) : -1;
                    if (key > 0) {
                        // next[]=x: the application reads the parameter "next" (an array); the name is
                        // read both ways, as written (rules on the keys: __proto__[x]) and without its key
                        String base = raw.substring(0, key);
                        if (seen == null || seen.add(base)) {
                            out.add(FieldValue.request(f, base, Normalizer.decodeQuery(base), true));
                        }
                    }
                }
                if (f == Field.PARAM_VALUES) {
                    String joined = pollutedValue(ps);
                    if (joined != null && (seen == null || seen.add(joined))) {
                        out.add(FieldValue.request(f, joined, Normalizer.decodeQuery(joined), true));
                    }
                }
                // filter={"id":"1 OR TRUE"}: the string members of a JSON value are values too (its
                // member names are not names: a query object's operators, {"$or": [...]}, are its grammar)
                List<String> members = f == Field.PARAM_VALUES ? jsonValues() : List.of();
                for (String m : members) {
                    if (!m.isEmpty() && (seen == null || seen.add(m))) {
                        // decoded as a value in a document ('+' is a plus), so never remembered: a parameter
                        // with the same text as logged reads '+' as a space, and the memo is keyed by the text
                        FieldValue member = FieldValue.request(f, m, Normalizer.decode(m), false);
                        member.reading = 1;
                        out.add(member);
                    }
                }
                return out;
            }
            default:
                return NONE;
        }
    }

    /** Slots per field in {@link #RECENT}. */
    private static final int RECENT_SLOTS = 256;
    /** Longer values are decoded every time, so the tables stay small whatever the input. */
    private static final int RECENT_LENGTH = 512;

    /**
     * Per thread, for paths, agents, referers, targets, hosts and methods (slots 0 to 5): a
     * direct-mapped table of raw values decoded lately and their decoded forms, side by side.
     * Browsers send the same few agents all day, a site's pages and assets are asked for again
     * and again, and nearly every request is a GET: a lookup (the value's hash and an equality
     * test) is cheaper than decoding and lower-casing again, and the decoded string, being the
     * same object each time, is found at once in the matcher's tables.
     */
    private static final ThreadLocal<String[][]> RECENT = ThreadLocal.withInitial(() -> new String[6][2 * RECENT_SLOTS]);

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }

    /** The slot of {@link #RECENT} for {@code f}. */
    private static int recentSlot(Field f) {
        switch (f) {
            case PATH:
                return 0;
            case USER_AGENT:
                return 1;
            case REFERER:
                return 2;
            case TARGET:
                return 3;
            case HOST:
                return 4;
            default:
                return 5; // METHOD
        }
    }

    /** {@code raw} of one of the fields of {@link #RECENT} decoded as {@link Normalizer} does, from the table when there. */
    private static String decoded(Field f, String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > RECENT_LENGTH) {
            return f == Field.PATH ? Normalizer.path(raw) : Normalizer.decode(raw);
        }
        String[] table = RECENT.get()[recentSlot(f)];
        int slot = (raw.hashCode() * 0x9E3779B9 >>> 23) & ~1 & (table.length - 1);
        if (raw.equals(table[slot])) {
            return table[slot + 1];
        }
        String d = f == Field.PATH ? Normalizer.path(raw) : Normalizer.decode(raw);
        table[slot] = raw;
        table[slot + 1] = d;
        return d;
    }

    private static List<FieldValue> one(Field f, String raw, String decoded) {
        if (raw == null || raw.isEmpty()) {
            return NONE;
        }
        return List.of(FieldValue.request(f, raw, decoded == null ? raw : decoded, f == Field.QUERY));
    }
}
