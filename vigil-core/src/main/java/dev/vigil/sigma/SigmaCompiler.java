package dev.vigil.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.vigil.catalogue.AlertType;
import dev.vigil.catalogue.Severity;
import dev.vigil.rules.Condition;
import dev.vigil.rules.PatternCopies;
import dev.vigil.rules.Example;
import dev.vigil.rules.Field;
import dev.vigil.rules.Rule;
import dev.vigil.rules.Variant;
import dev.vigil.rules.compile.FirstChars;
import dev.vigil.rules.compile.RegexLiterals;
import dev.vigil.text.Ipv4;
import dev.vigil.ti.IpAddresses;
import dev.vigil.ti.IpPrefix;
import dev.vigil.text.LiteralMatcher;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Compiles one Sigma rule document into a {@link Rule} whose condition is a {@link Condition}
 * tree, the same the built-in rules compile to, so that Sigma rules share the literal prefilter
 * and re2j matching. Every leaf names its field; the rule reads {@link Field#EVENT} so that its
 * condition is evaluated once per event.
 *
 * <p>How values match: case-insensitively on the value as logged (the views give it case-folded
 * as the "decoded" form), unless {@code cased}; plain values become {@link Condition.Text} leaves
 * (one leaf for all values of a list), values with wildcards and {@code re} values become
 * {@link Condition.Regex} leaves. A case-sensitive test is the case-folded test (which gives the
 * prefilter its literals) and the exact one.
 *
 * <p>What cannot run throws {@link Unsupported} with the reason. Stateless between rules and
 * thread-safe: a load compiles files in parallel.
 */
final class SigmaCompiler {
    /** How a value is compared, after {@code contains}, {@code startswith} or {@code endswith}. */
    enum Op { CONTAINS, STARTSWITH, ENDSWITH, EQUALS }

    private static final Set<String> KNOWN = Set.of("contains", "startswith", "endswith", "all", "cased", "re", "i",
            "m", "s", "windash", "base64", "base64offset", "wide", "utf16le", "utf16be", "utf16", "exists", "fieldref",
            "cidr", "lt", "lte", "gt", "gte", "neq");
    /** Tags that name an ATT&CK technique, and groups or software (neither technique nor tactic). */
    private static final java.util.regex.Pattern TECHNIQUE = java.util.regex.Pattern.compile("attack\\.t\\d{4}(\\.\\d{3})?");
    private static final java.util.regex.Pattern GROUP = java.util.regex.Pattern.compile("attack\\.[gs]\\d{4}");
    private static final java.util.regex.Pattern WORD_BREAK = java.util.regex.Pattern.compile("[-_]");
    /** At most this many literal variants per value list (windash and base64offset multiply them). */
    private static final int MAX_VARIANTS = 4096;

    private final SigmaMapping mapping;

    SigmaCompiler(SigmaMapping mapping) {
        this.mapping = mapping;
    }

    SigmaRule compile(JsonNode n, String file) {
        if (n == null || !n.isObject()) {
            throw new Unsupported("not a YAML mapping");
        }
        String id = n.path("id").asText("").strip();
        if (id.isEmpty()) {
            throw new Unsupported("the rule has no id");
        }
        if (n.has("correlation")) {
            throw new Unsupported("correlation rules (several events) are not supported");
        }
        JsonNode ls = n.path("logsource");
        String category = ls.path("category").asText("").toLowerCase(Locale.ROOT);
        String product = ls.path("product").asText("").toLowerCase(Locale.ROOT);
        if (category.equals(SigmaMapping.PROCESS)) {
            if (!product.isEmpty() && !product.equals("windows") && !product.equals("linux")) {
                throw new Unsupported("logsource product '" + product
                        + "': Vigil tells only Windows and Linux process events apart");
            }
        } else if (!category.equals(SigmaMapping.WEB)) {
            throw new Unsupported("logsource " + (category.isEmpty() ? "without a category"
                    : "category '" + category + "'") + ": Vigil has process_creation and webserver events only");
        }
        JsonNode det = n.get("detection");
        if (det == null || !det.isObject()) {
            throw new Unsupported("no detection section");
        }
        if (det.has("timeframe")) {
            throw new Unsupported("timeframe (a condition over several events) is not supported");
        }
        JsonNode condNode = det.get("condition");
        List<String> conditions = new ArrayList<>();
        if (condNode != null && condNode.isArray()) {
            condNode.forEach(c -> conditions.add(c.asText()));
        } else if (condNode != null && condNode.isValueNode()) {
            conditions.add(condNode.asText());
        }
        if (conditions.isEmpty()) {
            throw new Unsupported("no condition");
        }
        Map<String, JsonNode> idents = new LinkedHashMap<>();
        det.properties().forEach(e -> {
            if (!e.getKey().equals("condition") && !e.getKey().equals("timeframe")) {
                idents.put(e.getKey(), e.getValue());
            }
        });
        Selections sel = new Selections(category, idents);
        List<Condition> parts = new ArrayList<>();
        for (String c : conditions) {
            if (c.contains("|")) {
                throw new Unsupported("aggregation in condition '" + c.strip() + "' is not supported");
            }
            parts.add(new ConditionParser(c, sel).parse());
        }
        Condition cond = parts.size() == 1 ? parts.get(0) : new Condition.Any(parts);

        List<String> tags = strings(n.get("tags"));
        String level = n.path("level").asText("").toLowerCase(Locale.ROOT);
        Severity sev = mapping.severity(level).orElse(Severity.MEDIUM);
        AlertType type = mapping.type(category, tags);
        List<String> techniques = new ArrayList<>();
        List<String> tactics = new ArrayList<>();
        for (String t : tags) {
            String l = t.toLowerCase(Locale.ROOT);
            if (TECHNIQUE.matcher(l).matches()) {
                techniques.add(l.substring(7).toUpperCase(Locale.ROOT));
            } else if (l.startsWith("attack.") && !GROUP.matcher(l).matches()) {
                tactics.add(tactic(l.substring(7)));
            }
        }
        String author = n.path("author").asText("");
        String title = n.path("title").asText(id);
        Rule rule = new Rule("sigma:" + id, title, type, n.path("description").asText(""), sev, null,
                Rule.Status.STABLE, tactics.isEmpty() ? type.tactics() : tactics,
                techniques.isEmpty() ? type.techniques() : techniques, List.of(Field.EVENT), cond,
                strings(n.get("falsepositives")), type.remediation(), strings(n.get("references")),
                examples(n.path("examples").get("match")), examples(n.path("examples").get("no_match")), file);
        return new SigmaRule(rule, id, author, level, n.path("status").asText(""), category, product, tags,
                n.path("license").asText(""));
    }

    /** {@code defense_evasion} or {@code defense-evasion} as ATT&CK writes it: Defense Evasion. */
    private static String tactic(String s) {
        StringBuilder b = new StringBuilder();
        for (String w : WORD_BREAK.split(s)) {
            if (w.isEmpty()) {
                continue;
            }
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(w.equals("and") ? "and" : Character.toUpperCase(w.charAt(0)) + w.substring(1));
        }
        return b.toString();
    }

    // --- search identifiers -----------------------------------------------------------------

    /** The detection's search identifiers, each compiled once, on first use. */
    final class Selections {
        final String category;
        final Map<String, JsonNode> nodes;
        private final Map<String, Condition> compiled = new LinkedHashMap<>();

        Selections(String category, Map<String, JsonNode> nodes) {
            this.category = category;
            this.nodes = nodes;
        }

        Condition get(String name) {
            Condition c = compiled.get(name);
            if (c == null) {
                JsonNode n = nodes.get(name);
                if (n == null) {
                    throw new Unsupported("condition names '" + name + "', which the detection does not define");
                }
                try {
                    c = selection(category, n);
                } catch (Unsupported e) {
                    throw new Unsupported(name + ": " + e.getMessage());
                }
                compiled.put(name, c);
            }
            return c;
        }
    }

    private Condition selection(String category, JsonNode n) {
        if (n.isObject()) {
            return map(category, n);
        }
        if (n.isArray()) {
            if (n.isEmpty()) {
                throw new Unsupported("an empty list");
            }
            List<Condition> any = new ArrayList<>();
            List<JsonNode> keywords = new ArrayList<>();
            for (JsonNode e : n) {
                if (e.isObject()) {
                    any.add(map(category, e));
                } else if (e.isValueNode()) {
                    keywords.add(e);
                } else {
                    throw new Unsupported("a list inside a list");
                }
            }
            if (!keywords.isEmpty()) {
                any.add(0, field(category, "", keywords, List.of()));
            }
            return any.size() == 1 ? any.get(0) : new Condition.Any(any);
        }
        if (n.isValueNode() && !n.isNull()) {
            return field(category, "", List.of(n), List.of());
        }
        throw new Unsupported("a search identifier must be a map, a list or a keyword");
    }

    private Condition map(String category, JsonNode n) {
        if (n.isEmpty()) {
            throw new Unsupported("an empty map");
        }
        List<Condition> all = new ArrayList<>();
        n.properties().forEach(e -> {
            String[] parts = e.getKey().split("\\|", -1);
            List<String> mods = new ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                mods.add(parts[i].strip().toLowerCase(Locale.ROOT));
            }
            JsonNode v = e.getValue();
            List<JsonNode> values = new ArrayList<>();
            if (v.isArray()) {
                v.forEach(values::add);
                if (values.isEmpty()) {
                    throw new Unsupported("field '" + e.getKey() + "' has an empty value list");
                }
            } else {
                values.add(v);
            }
            all.add(field(category, parts[0].strip(), values, mods));
        });
        return all.size() == 1 ? all.get(0) : new Condition.All(all);
    }

    // --- one field with its modifiers and values --------------------------------------------

    private Condition field(String category, String name, List<JsonNode> values, List<String> mods) {
        for (String m : mods) {
            if (!KNOWN.contains(m)) {
                throw new Unsupported("unknown modifier '" + m + "'" + (m.equals("expand")
                        ? " (placeholders need values from your environment)" : ""));
            }
        }
        List<Field> fields;
        if (name.isEmpty()) {
            fields = mapping.keywordFields(category);
        } else {
            fields = List.of(mapping.field(category, name).orElseThrow(() -> new Unsupported(
                    "field '" + name + "' has no counterpart in Vigil's " + category + " events")));
        }
        boolean all = mods.contains("all");
        boolean cased = mods.contains("cased");
        Op op = mods.contains("contains") ? Op.CONTAINS : mods.contains("startswith") ? Op.STARTSWITH
                : mods.contains("endswith") ? Op.ENDSWITH : name.isEmpty() ? Op.CONTAINS : Op.EQUALS;
        for (String f : List.of("i", "m", "s")) {
            if (mods.contains(f) && !mods.contains("re")) {
                throw new Unsupported("modifier '" + f + "' without 're'");
            }
        }
        Condition c;
        if (mods.contains("exists")) {
            c = exists(fields, values);
        } else if (mods.contains("fieldref")) {
            c = fieldRef(category, fields, values, op, cased, all);
        } else if (mods.contains("cidr")) {
            c = cidr(fields, values, all);
        } else if (mods.contains("lt") || mods.contains("lte") || mods.contains("gt") || mods.contains("gte")) {
            c = compare(fields, values, mods, all);
        } else if (mods.contains("re")) {
            c = regexes(fields, values, mods, all);
        } else {
            c = strings(fields, values, mods, op, cased, all);
        }
        return mods.contains("neq") ? new Condition.Not(c) : c;
    }

    private static Condition exists(List<Field> fields, List<JsonNode> values) {
        if (values.size() != 1 || !values.get(0).isBoolean()) {
            throw new Unsupported("'exists' takes true or false");
        }
        Condition e = anyField(fields, Condition.Exists::new);
        return values.get(0).asBoolean() ? e : new Condition.Not(e);
    }

    private Condition fieldRef(String category, List<Field> fields, List<JsonNode> values, Op op, boolean cased,
                               boolean all) {
        List<Condition> out = new ArrayList<>();
        for (JsonNode v : values) {
            String other = v.asText();
            Field of = mapping.field(category, other).orElseThrow(() -> new Unsupported(
                    "fieldref to '" + other + "', which has no counterpart in Vigil's " + category + " events"));
            out.add(anyField(fields, f -> new Condition.FieldRef(f, textOp(op), of, cased)));
        }
        return combine(out, all);
    }

    /**
     * {@code cidr}: IPv4 blocks ({@code 10.0.0.0/8}) and IPv6 blocks ({@code fc00::/7}); each
     * family matches addresses of its own (see {@link Condition.Cidr}).
     */
    private static Condition cidr(List<Field> fields, List<JsonNode> values, boolean all) {
        List<Condition> out = new ArrayList<>();
        for (JsonNode v : values) {
            String b = v.asText().strip();
            int slash = b.indexOf('/');
            String addr = slash < 0 ? b : b.substring(0, slash);
            int bits;
            try {
                bits = slash < 0 ? -1 : Integer.parseInt(b.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -2;
            }
            if (addr.indexOf(':') >= 0) {
                long[] a = new long[2];
                if (!IpAddresses.parseV6(addr, a) || bits < -1 || bits > 128 || addr.indexOf('%') >= 0) {
                    throw new Unsupported("cidr '" + b + "' is not an IPv4 or IPv6 block");
                }
                IpPrefix p = new IpPrefix(true, a[0], a[1], bits < 0 ? 128 : bits);
                out.add(anyField(fields, f -> new Condition.Cidr(f, List.of(b), new int[0], new int[0], List.of(p))));
                continue;
            }
            long ip = Ipv4.find(addr);
            if (ip < 0 || bits < -1 || bits > 32) {
                throw new Unsupported("cidr '" + b + "' is not an IPv4 or IPv6 block");
            }
            int len = bits < 0 ? 32 : bits;
            int mask = len == 0 ? 0 : (int) (0xffffffffL << (32 - len));
            int net = (int) ip & mask;
            out.add(anyField(fields, f -> new Condition.Cidr(f, List.of(b), new int[] {net}, new int[] {mask})));
        }
        return combine(out, all);
    }

    private static Condition compare(List<Field> fields, List<JsonNode> values, List<String> mods, boolean all) {
        Condition.CompareOp op = mods.contains("lt") ? Condition.CompareOp.LT : mods.contains("lte")
                ? Condition.CompareOp.LE : mods.contains("gt") ? Condition.CompareOp.GT : Condition.CompareOp.GE;
        List<Condition> out = new ArrayList<>();
        for (JsonNode v : values) {
            long x;
            try {
                x = v.isNumber() ? v.asLong() : Long.parseLong(v.asText().strip());
            } catch (NumberFormatException e) {
                throw new Unsupported("'" + op.name().toLowerCase(Locale.ROOT) + "' needs a whole number, got '"
                        + v.asText() + "'");
            }
            long value = x;
            out.add(anyField(fields, f -> new Condition.Compare(f, op, value)));
        }
        return combine(out, all);
    }

    private static Condition regexes(List<Field> fields, List<JsonNode> values, List<String> mods, boolean all) {
        StringBuilder flags = new StringBuilder();
        if (mods.contains("m")) {
            flags.append('m');
        }
        if (mods.contains("s")) {
            flags.append('s');
        }
        boolean insensitive = mods.contains("i");
        List<Condition> out = new ArrayList<>();
        for (JsonNode v : values) {
            if (!v.isValueNode() || v.isNull()) {
                throw new Unsupported("'re' needs a regular expression");
            }
            String src = (flags.length() > 0 ? "(?" + flags + ")" : "") + v.asText();
            out.add(anyField(fields, f -> regex(f, src, !insensitive)));
        }
        return combine(out, all);
    }

    /**
     * A regex leaf: case-insensitive on the case-folded value (gated by its literals), and when
     * {@code cased} also the exact pattern on the value as logged.
     */
    private static Condition regex(Field f, String src, boolean cased) {
        try {
            Pattern folded = Pattern.compile(src, Pattern.CASE_INSENSITIVE);
            List<String> lits = RegexLiterals.required(src, 1);
            Condition ci = new Condition.Regex(f, Variant.DECODED, src, folded,
                    lits == null ? null : new LiteralMatcher(lits), FirstChars.of(src), FirstChars.required(src),
                    new PatternCopies(src, Pattern.CASE_INSENSITIVE));
            if (!cased) {
                return ci;
            }
            Pattern exact = Pattern.compile(src);
            Condition cs = new Condition.Regex(f, Variant.RAW, src, exact, null, null, new long[0][],
                    new PatternCopies(src, 0));
            return new Condition.All(List.of(ci, cs));
        } catch (PatternSyntaxException e) {
            throw new Unsupported("regular expression '" + src + "' is not RE2 syntax: " + e.getDescription());
        }
    }

    private static Condition strings(List<Field> fields, List<JsonNode> values, List<String> mods, Op op,
                                     boolean cased, boolean all) {
        List<List<SigmaString>> perValue = new ArrayList<>();
        boolean absent = false;
        for (JsonNode v : values) {
            if (v.isNull() || (v.isTextual() && v.asText().isEmpty())) {
                absent = true; // null and '' both mean: the event has no value for the field
                continue;
            }
            if (!v.isValueNode()) {
                throw new Unsupported("a value must be a string, a number, a boolean or null");
            }
            SigmaString s = v.isTextual() ? SigmaString.parse(v.asText()) : SigmaString.literal(v.asText());
            List<SigmaString> variants = List.of(s);
            for (String m : mods) {
                variants = transform(m, variants);
            }
            perValue.add(variants);
        }
        List<Condition> out = new ArrayList<>();
        if (absent) {
            if (all) {
                throw new Unsupported("'all' with null");
            }
            out.add(new Condition.Not(anyField(fields, Condition.Exists::new)));
        }
        if (all) {
            for (List<SigmaString> variants : perValue) {
                out.add(anyField(fields, f -> match(f, variants, op, cased)));
            }
            return combine(out, true);
        }
        List<SigmaString> every = new ArrayList<>();
        perValue.forEach(every::addAll);
        if (!every.isEmpty()) {
            out.add(anyField(fields, f -> match(f, every, op, cased)));
        }
        return combine(out, false);
    }

    /** Applies one transformation modifier to each variant (the others pass values through). */
    private static List<SigmaString> transform(String m, List<SigmaString> in) {
        List<SigmaString> out = new ArrayList<>();
        for (SigmaString s : in) {
            switch (m) {
                case "windash" -> out.addAll(s.windash());
                case "wide", "utf16le" -> out.add(SigmaString.literal(
                        new String(s.text().getBytes(StandardCharsets.UTF_16LE), StandardCharsets.ISO_8859_1)));
                case "utf16be" -> out.add(SigmaString.literal(
                        new String(s.text().getBytes(StandardCharsets.UTF_16BE), StandardCharsets.ISO_8859_1)));
                case "utf16" -> out.add(SigmaString.literal("\u00ff\u00fe"
                        + new String(s.text().getBytes(StandardCharsets.UTF_16LE), StandardCharsets.ISO_8859_1)));
                case "base64" -> out.add(SigmaString.literal(Base64.getEncoder().encodeToString(bytes(s, m))));
                case "base64offset" -> out.addAll(base64Offsets(bytes(s, m)));
                default -> out.add(s);
            }
            if (out.size() > MAX_VARIANTS) {
                throw new Unsupported("modifiers expand the values into more than " + MAX_VARIANTS + " variants");
            }
        }
        return out;
    }

    /** Bytes to encode: a value a UTF-16 modifier produced is already one char per byte. */
    private static byte[] bytes(SigmaString s, String modifier) {
        if (s.hasWildcards()) {
            throw new Unsupported("modifier '" + modifier + "' on a value with wildcards");
        }
        String t = s.text();
        boolean latin1 = t.chars().allMatch(c -> c < 256);
        return latin1 && t.indexOf('\0') >= 0 ? t.getBytes(StandardCharsets.ISO_8859_1) : s.bytes(modifier);
    }

    /**
     * The three forms a value takes inside a longer base64 text, by its offset modulo 3: the
     * characters that depend on the neighbouring bytes are cut off.
     */
    static List<SigmaString> base64Offsets(byte[] v) {
        int[] start = {0, 2, 3};
        int[] endCut = {0, 3, 2};
        List<SigmaString> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] shifted = new byte[v.length + i];
            for (int k = 0; k < i; k++) {
                shifted[k] = ' ';
            }
            System.arraycopy(v, 0, shifted, i, v.length);
            String enc = Base64.getEncoder().encodeToString(shifted);
            int cut = endCut[(v.length + i) % 3];
            int end = enc.length() - cut;
            if (end > start[i]) {
                out.add(SigmaString.literal(enc.substring(start[i], end)));
            }
        }
        return out;
    }

    /** Any of {@code variants} compared by {@code op} on field {@code f}. */
    private static Condition match(Field f, List<SigmaString> variants, Op op, boolean cased) {
        List<Condition> any = new ArrayList<>();
        Set<String> folded = new LinkedHashSet<>();
        Set<String> exact = new LinkedHashSet<>();
        for (SigmaString s : variants) {
            if (s.hasWildcards()) {
                any.add(regex(f, s.regex(op, false), cased));
            } else {
                folded.add(s.text().toLowerCase(Locale.ROOT));
                exact.add(s.text());
            }
        }
        if (!folded.isEmpty()) {
            Condition ci = text(f, Variant.DECODED, op, new ArrayList<>(folded));
            any.add(0, cased ? new Condition.All(List.of(ci, text(f, Variant.RAW, op, new ArrayList<>(exact)))) : ci);
        }
        return any.size() == 1 ? any.get(0) : new Condition.Any(any);
    }

    private static Condition text(Field f, Variant v, Op op, List<String> values) {
        return new Condition.Text(textOp(op), f, v, values, null, false, new LiteralMatcher(values));
    }

    private static Condition.TextOp textOp(Op op) {
        return Condition.TextOp.valueOf(op.name());
    }

    private static Condition anyField(List<Field> fields, java.util.function.Function<Field, Condition> leaf) {
        if (fields.isEmpty()) {
            throw new Unsupported("keywords: no fields to search for this category");
        }
        if (fields.size() == 1) {
            return leaf.apply(fields.get(0));
        }
        List<Condition> out = new ArrayList<>();
        fields.forEach(f -> out.add(leaf.apply(f)));
        return new Condition.Any(out);
    }

    private static Condition combine(List<Condition> cs, boolean all) {
        if (cs.isEmpty()) {
            throw new Unsupported("no values");
        }
        if (cs.size() == 1) {
            return cs.get(0);
        }
        return all ? new Condition.All(cs) : new Condition.Any(cs);
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (n.isArray()) {
            n.forEach(e -> out.add(e.asText()));
        } else {
            out.add(n.asText());
        }
        return out;
    }

    /** Examples a rule file may carry under {@code examples: {match: [...], no_match: [...]}}. */
    static List<Example> examples(JsonNode n) {
        List<Example> out = new ArrayList<>();
        if (n == null || !n.isArray()) {
            return out;
        }
        for (JsonNode e : n) {
            Map<String, String> m = new LinkedHashMap<>();
            if (e.isObject()) {
                e.properties().forEach(f -> m.put(f.getKey(), f.getValue().asText()));
            } else {
                m.put("CommandLine", e.asText());
            }
            out.add(new Example(m));
        }
        return out;
    }
}
