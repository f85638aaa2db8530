package dev.vigil.rules.compile;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.AlertType;
import dev.vigil.catalogue.Severity;
import dev.vigil.rules.Condition;
import dev.vigil.rules.PatternCopies;
import dev.vigil.rules.Example;
import dev.vigil.rules.Field;
import dev.vigil.rules.Rule;
import dev.vigil.rules.Variant;
import dev.vigil.text.LiteralMatcher;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Compiles one rule document (already schema-checked) into a {@link Rule}: resolves the alert
 * type, loads data-file lists, compiles regexes with RE2 and builds the condition tree.
 * Errors are {@link IllegalArgumentException}s naming what is wrong; the loader adds the file.
 *
 * <p>Not thread-safe (it records which data files were used); use one per load.
 */
public final class RuleCompiler {
    private static final String[] TEXT_OPS = {"contains", "startswith", "endswith", "equals"};
    private static final String[] CMP_OPS = {"lt", "le", "gt", "ge", "eq", "ne"};

    private final AlertCatalogue catalogue;
    private final Function<String, List<String>> lists;
    /** Concurrent: a rule tree's files are compiled in parallel. */
    private final java.util.Set<String> usedLists = new java.util.concurrent.ConcurrentSkipListSet<>();

    /** @param lists data-file contents by name; returns null for an unknown name */
    public RuleCompiler(AlertCatalogue catalogue, Function<String, List<String>> lists) {
        this.catalogue = catalogue;
        this.lists = lists;
    }

    /** Names of the data files rules referred to so far. */
    public java.util.Set<String> usedLists() {
        return java.util.Collections.unmodifiableSet(usedLists);
    }

    public Rule compile(JsonNode n, String source) {
        String id = n.path("id").asText();
        AlertType type = catalogue.find(n.path("type").asText())
                .orElseThrow(() -> new IllegalArgumentException("unknown alert type '" + n.path("type").asText() + "'"));
        Severity sev = n.hasNonNull("severity") ? Severity.parse(n.get("severity").asText()) : type.severity();
        Severity onSuccess = n.hasNonNull("severity_on_success") ? Severity.parse(n.get("severity_on_success").asText()) : null;
        Rule.Status status = Rule.Status.valueOf(n.path("status").asText("stable").toUpperCase(Locale.ROOT));
        List<Field> fields = new ArrayList<>();
        for (JsonNode f : n.path("fields")) {
            fields.add(Field.parse(f.asText()));
        }
        Condition cond = condition(n.get("condition"));
        checkCased(cond, fields);
        JsonNode ex = n.path("examples");
        return new Rule(id, n.path("title").asText(), type, n.path("description").asText(""), sev, onSuccess, status,
                n.has("tactics") ? strings(n.get("tactics")) : type.tactics(),
                n.has("techniques") ? strings(n.get("techniques")) : type.techniques(),
                fields, cond, strings(n.get("falsepositives")),
                n.has("remediation") ? strings(n.get("remediation")) : type.remediation(),
                strings(n.get("references")), examples(ex.get("match")), examples(ex.get("no_match")), source);
    }

    /** The fields {@code variant: cased} has a meaning on: command lines, and request fields that are decoded. */
    private static final java.util.Set<Field> CASED_FIELDS = java.util.EnumSet.of(Field.CMDLINE, Field.ARGV,
            Field.PARENT_CMDLINE, Field.PATH, Field.QUERY, Field.PARAM_NAMES, Field.PARAM_VALUES, Field.USER_AGENT,
            Field.REFERER, Field.TARGET, Field.HOST);

    /**
     * {@code variant: cased} has a meaning on command lines (decoded with case kept) and request
     * fields (URL- and HTML-decoded only): a leaf using it must read one of {@link #CASED_FIELDS}
     * (its own {@code field}, or every field of the rule).
     */
    private static void checkCased(Condition c, List<Field> fields) {
        if (c instanceof Condition.All) {
            for (Condition ch : ((Condition.All) c).children()) {
                checkCased(ch, fields);
            }
        } else if (c instanceof Condition.Any) {
            for (Condition ch : ((Condition.Any) c).children()) {
                checkCased(ch, fields);
            }
        } else if (c instanceof Condition.Not) {
            checkCased(((Condition.Not) c).child(), fields);
        } else {
            Variant v = c instanceof Condition.Text ? ((Condition.Text) c).variant()
                    : c instanceof Condition.Regex ? ((Condition.Regex) c).variant()
                    : c instanceof Condition.Detect ? ((Condition.Detect) c).variant() : null;
            if (v != Variant.CASED) {
                return;
            }
            Field own = c instanceof Condition.Text ? ((Condition.Text) c).field()
                    : c instanceof Condition.Regex ? ((Condition.Regex) c).field() : ((Condition.Detect) c).field();
            for (Field f : own != null ? List.of(own) : fields) {
                if (!CASED_FIELDS.contains(f)) {
                    throw new IllegalArgumentException("variant: cased reads command lines (cmdline, argv, "
                            + "parent_cmdline) and decoded request fields (path, query, param_names, param_values, "
                            + "user_agent, referer, target, host), not " + f.key());
                }
            }
        }
    }

    /** Compiles one condition node. */
    public Condition condition(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("a condition must be a mapping");
        }
        if (n.has("all")) {
            return new Condition.All(children(n.get("all"), "all"));
        }
        if (n.has("any")) {
            return new Condition.Any(children(n.get("any"), "any"));
        }
        if (n.has("not")) {
            return new Condition.Not(condition(n.get("not")));
        }
        Field field = n.hasNonNull("field") ? Field.parse(n.get("field").asText()) : null;
        Variant variant = n.hasNonNull("variant")
                ? Variant.valueOf(n.get("variant").asText().toUpperCase(Locale.ROOT)) : Variant.DECODED;
        boolean word = n.path("word").asBoolean(false);
        for (String op : TEXT_OPS) {
            if (n.has(op)) {
                List<String> values = new ArrayList<>();
                for (String v : strings(n.get(op))) {
                    values.add(variant == Variant.RAW || variant == Variant.CASED ? v : v.toLowerCase(Locale.ROOT));
                }
                return text(Condition.TextOp.valueOf(op.toUpperCase(Locale.ROOT)), field, variant, values, null, word);
            }
        }
        if (n.has("in")) {
            String name = n.get("in").asText();
            List<String> values = lists.apply(name);
            if (values == null) {
                throw new IllegalArgumentException("unknown data file '" + name + "'");
            }
            usedLists.add(name);
            String op = n.path("op").asText("contains");
            return text(Condition.TextOp.valueOf(op.toUpperCase(Locale.ROOT)), field, variant, values, name, word);
        }
        if (n.has("regex")) {
            String src = n.get("regex").asText();
            if (variant != Variant.RAW) {
                // each top-level alternative gets its own literal gate, so a value is only run
                // through the alternatives whose literals it contains
                List<String> alts = RegexLiterals.topLevelAlternatives(src);
                if (alts.size() > 1) {
                    List<Condition> parts = new ArrayList<>();
                    StringBuilder ungated = new StringBuilder();
                    for (String a : alts) {
                        if (RegexLiterals.required(a, 1) == null) {
                            ungated.append(ungated.length() == 0 ? "" : "|").append(a);
                        } else {
                            parts.add(regex(field, variant, a));
                        }
                    }
                    if (ungated.length() > 0) {
                        parts.add(regex(field, variant, ungated.toString()));
                    }
                    return parts.size() == 1 ? parts.get(0) : new Condition.Any(parts);
                }
            }
            return regex(field, variant, src);
        }
        if (n.has("cidr")) {

            List<String> blocks = strings(n.get("cidr"));
            int[] nets = new int[blocks.size()];
            int[] masks = new int[blocks.size()];
            for (int i = 0; i < blocks.size(); i++) {
                String b = blocks.get(i);
                int slash = b.indexOf('/');
                long ip = dev.vigil.text.Ipv4.find(slash < 0 ? b : b.substring(0, slash));
                int bits = slash < 0 ? 32 : Integer.parseInt(b.substring(slash + 1));
                if (ip < 0 || bits < 0 || bits > 32) {
                    throw new IllegalArgumentException("bad IPv4 CIDR block '" + b + "'");
                }
                masks[i] = bits == 0 ? 0 : (int) (0xffffffffL << (32 - bits));
                nets[i] = (int) ip & masks[i];
            }
            return new Condition.Cidr(field, blocks, nets, masks);
        }
        for (String op : CMP_OPS) {
            if (n.has(op)) {
                return new Condition.Compare(field, Condition.CompareOp.valueOf(op.toUpperCase(Locale.ROOT)),
                        n.get(op).asLong());
            }
        }
        if (n.hasNonNull("reads")) {
            try {
                return new Condition.Reads(dev.vigil.analyze.reading.Behaviours.Family.parse(n.get("reads").asText()), field);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown behaviour '" + n.get("reads").asText() + "'");
            }
        }
        if (n.path("sqli").asBoolean(false)) {
            return new Condition.Detect(Condition.DetectorKind.SQLI, field, variant);
        }
        if (n.path("xss").asBoolean(false)) {
            return new Condition.Detect(Condition.DetectorKind.XSS, field, variant);
        }
        if (n.path("cmdi").asBoolean(false)) {
            return new Condition.Detect(Condition.DetectorKind.CMDI, field, variant);
        }
        if (n.path("traversal").asBoolean(false)) {
            return new Condition.Detect(Condition.DetectorKind.TRAVERSAL, field, variant);
        }
        if (n.path("ssrf").asBoolean(false)) {
            return new Condition.Detect(Condition.DetectorKind.SSRF, field, variant);
        }
        if (n.path("code").asBoolean(false)) {
            return new Condition.Detect(Condition.DetectorKind.CODE, field, variant);
        }
        if (n.path("redirect").asBoolean(false)) {
            return new Condition.Detect(Condition.DetectorKind.REDIRECT, field, variant);
        }
        if (n.path("xxe").asBoolean(false)) {
            return new Condition.Detect(Condition.DetectorKind.XXE, field, variant);
        }
        if (n.path("ldap").asBoolean(false)) {
            return new Condition.Detect(Condition.DetectorKind.LDAP, field, variant);
        }
        if (n.path("xpath").asBoolean(false)) {
            return new Condition.Detect(Condition.DetectorKind.XPATH, field, variant);
        }
        if (n.path("crlf").asBoolean(false)) {
            return new Condition.Detect(Condition.DetectorKind.CRLF, field, variant);
        }
        if (n.path("format").asBoolean(false)) {
            return new Condition.Detect(Condition.DetectorKind.FORMAT, field, variant);
        }
        if (n.path("jwt").asBoolean(false)) {
            return new Condition.Detect(Condition.DetectorKind.JWT, field, variant);
        }
        if (n.path("graphql").asBoolean(false)) {
            return new Condition.Detect(Condition.DetectorKind.GRAPHQL, field, variant);
        }
        if (n.path("phpname").asBoolean(false)) {
            return new Condition.Detect(Condition.DetectorKind.PHPNAME, field, variant);
        }
        throw new IllegalArgumentException("condition has no operator: " + n);
    }

    private static Condition regex(Field field, Variant variant, String src) {
        try {
            // a regex on the value as logged gets a gate too, of literals of two or more
            // characters (a single one is what its first and required characters test already);
            // they are tested without case, as the regex matches, see Evaluator.mayMatch
            List<String> lits = RegexLiterals.required(src, variant == Variant.RAW ? 2 : 1);
            Pattern shared = Pattern.compile(src, Pattern.CASE_INSENSITIVE);
            return new Condition.Regex(field, variant, src, shared, lits == null ? null : new LiteralMatcher(lits),
                    FirstChars.of(src), FirstChars.required(src), new PatternCopies(src, Pattern.CASE_INSENSITIVE));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("bad regex '" + src + "': " + e.getMessage(), e);
        }
    }

    private static Condition text(Condition.TextOp op, Field f, Variant v, List<String> values, String list, boolean word) {
        return new Condition.Text(op, f, v, values, list, word, new LiteralMatcher(values));
    }

    private List<Condition> children(JsonNode arr, String what) {
        if (arr == null || !arr.isArray() || arr.isEmpty()) {
            throw new IllegalArgumentException(what + " needs a non-empty list of conditions");
        }
        List<Condition> out = new ArrayList<>();
        arr.forEach(c -> out.add(condition(c)));
        return out;
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

    private static List<Example> examples(JsonNode n) {
        List<Example> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        for (JsonNode e : n) {
            Map<String, String> m = new LinkedHashMap<>();
            if (e.isTextual()) {
                m.put("target", e.asText());
            } else {
                Iterator<Map.Entry<String, JsonNode>> it = e.properties().iterator();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> f = it.next();
                    JsonNode v = f.getValue();
                    if (v.isArray()) {
                        List<String> parts = new ArrayList<>();
                        v.forEach(x -> parts.add(x.asText()));
                        m.put(f.getKey(), String.join(",", parts));
                    } else {
                        m.put(f.getKey(), v.asText());
                    }
                }
            }
            out.add(new Example(m));
        }
        return out;
    }
}
