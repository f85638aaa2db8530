package dev.vigil.ti.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.ti.IndicatorKind;
import java.io.Reader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * STIX 2.1 (and 2.0) JSON: a bundle's {@code objects}, a bare array of objects, or one object.
 * Each {@code indicator} with {@code pattern_type: stix} (or none, as in 2.0) yields one Vigil
 * indicator per supported comparison in its pattern ({@link StixPattern}): {@code ipv4-addr:value},
 * {@code ipv6-addr:value}, {@code domain-name:value}, {@code url:value}, {@code file:hashes.MD5 /
 * 'SHA-1' / 'SHA-256'}, {@code network-traffic:dst_ref.value}. The object's valid_from,
 * valid_until, confidence, name, description, labels and indicator_types are carried over; revoked
 * objects and other object types are skipped. Problems are located by JSON path. Stateless and
 * thread-safe.
 */
final class StixLoader implements IndicatorLoader {
    @Override
    public String format() {
        return "stix";
    }

    @Override
    public int sniff(String fileName, String head) {
        if (!JsonFeeds.looksLikeJson(head)) {
            return 0;
        }
        boolean typeField = head.contains("\"type\"");
        if (typeField && head.contains("\"pattern\"")) {
            return 95;
        }
        return typeField && (head.contains("\"bundle\"") || head.contains("\"spec_version\"")) ? 85 : 0;
    }

    @Override
    public LoadResult load(Reader in, String source, LoadOptions options) {
        Collector c = new Collector(source, format(), options);
        JsonNode root = JsonFeeds.read(in, c);
        if (root == null) {
            return c.result();
        }
        if (root.isArray()) {
            objects(c, root, "$");
        } else if (root.isObject() && root.get("objects") != null) {
            JsonNode objs = root.get("objects");
            if (objs.isArray()) {
                objects(c, objs, "$.objects");
            } else {
                c.bad("$.objects", "objects is not an array");
            }
        } else if (root.isObject()) {
            object(c, root, "$");
        } else {
            c.bad("$", "neither a bundle nor a STIX object");
        }
        return c.result();
    }

    private static void objects(Collector c, JsonNode array, String path) {
        for (int i = 0; i < array.size(); i++) {
            object(c, array.get(i), path + "[" + i + "]");
        }
    }

    private static void object(Collector c, JsonNode o, String where) {
        if (!o.isObject()) {
            c.bad(where, "not a JSON object");
            return;
        }
        if (!"indicator".equals(JsonFeeds.text(o, "type"))) {
            c.skip();
            return;
        }
        if (JsonFeeds.flag(o, "revoked", false)) {
            c.skip();
            return;
        }
        String patternType = JsonFeeds.text(o, "pattern_type");
        if (patternType != null && !patternType.equalsIgnoreCase("stix")) {
            c.skip();
            return;
        }
        String pattern = JsonFeeds.text(o, "pattern");
        if (pattern == null) {
            c.bad(where + ".pattern", "indicator without a pattern");
            return;
        }
        StixPattern.Result parsed = StixPattern.parse(pattern);
        if (!parsed.ok()) {
            c.bad(where + ".pattern", parsed.error() + ": " + PlainListLoader.abbreviate(pattern));
            return;
        }
        Instant from;
        Instant until;
        int confidence;
        try {
            from = FeedValues.time(JsonFeeds.text(o, "valid_from"));
            until = FeedValues.time(JsonFeeds.text(o, "valid_until"));
            confidence = FeedValues.confidence(JsonFeeds.text(o, "confidence"), c.options().defaultConfidence());
        } catch (FeedValues.BadValue e) {
            c.bad(where, e.getMessage());
            return;
        }
        List<String> labels = new ArrayList<>(JsonFeeds.strings(o, "labels"));
        labels.addAll(JsonFeeds.strings(o, "indicator_types"));
        String name = JsonFeeds.text(o, "name");
        String description = JsonFeeds.text(o, "description");
        String text = name == null ? description : description == null ? name : name + ": " + description;
        int supported = 0;
        List<String> unsupported = new ArrayList<>();
        for (StixPattern.Term t : parsed.terms()) {
            IndicatorKind kind = kindOf(t);
            if (kind == null) {
                unsupported.add(t.objectType() + ":" + t.path());
                continue;
            }
            supported++;
            c.add(where + ".pattern", FeedValues.refine(kind, t.value()), t.value(), null, confidence, from, until,
                    labels, text);
        }
        if (supported == 0) {
            c.bad(where + ".pattern", "no supported comparison (" + String.join(", ", unsupported) + ")");
        }
    }

    private static IndicatorKind kindOf(StixPattern.Term t) {
        String path = t.path();
        switch (t.objectType()) {
            case "ipv4-addr":
            case "ipv6-addr":
                return path.equals("value") ? IndicatorKind.IPV4 : null;
            case "domain-name":
                return path.equals("value") ? IndicatorKind.DOMAIN : null;
            case "url":
                return path.equals("value") ? IndicatorKind.URL : null;
            case "network-traffic":
                return path.equals("dst_ref.value") || path.equals("src_ref.value") ? IndicatorKind.IPV4 : null;
            case "file":
            case "artifact":
                if (!path.startsWith("hashes.")) {
                    return null;
                }
                String algo = path.substring(7).replace("-", "").toUpperCase(Locale.ROOT);
                switch (algo) {
                    case "MD5":
                        return IndicatorKind.MD5;
                    case "SHA1":
                        return IndicatorKind.SHA1;
                    case "SHA256":
                        return IndicatorKind.SHA256;
                    default:
                        return null;
                }
            default:
                return null;
        }
    }
}
