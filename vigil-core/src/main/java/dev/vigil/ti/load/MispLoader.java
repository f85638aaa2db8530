package dev.vigil.ti.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.ti.IndicatorKind;
import java.io.Reader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * MISP event JSON (the MISP core format): {@code {"Event": {...}}}, a REST search answer
 * {@code {"response": [{"Event": ...}]}}, or an array of either. Reads {@code Event.Attribute[]}
 * and {@code Event.Object[].Attribute[]}; types ip-src, ip-dst (and their {@code |port} forms),
 * domain, hostname (exact host), domain|ip, url, md5, sha1, sha256 and their {@code filename|}
 * forms. Attributes with {@code to_ids} false or {@code deleted} true, and unsupported types, are
 * skipped. Labels are the event's and the attribute's tags plus the category; the description is
 * the attribute comment or the event info; {@code first_seen} becomes valid_from. Problems are
 * located by JSON path. Stateless and thread-safe.
 */
final class MispLoader implements IndicatorLoader {
    @Override
    public String format() {
        return "misp";
    }

    @Override
    public int sniff(String fileName, String head) {
        if (!JsonFeeds.looksLikeJson(head)) {
            return 0;
        }
        if (head.contains("\"Event\"")) {
            return 90;
        }
        return head.contains("\"Attribute\"") ? 80 : 0;
    }

    @Override
    public LoadResult load(Reader in, String source, LoadOptions options) {
        Collector c = new Collector(source, format(), options);
        JsonNode root = JsonFeeds.read(in, c);
        if (root != null) {
            container(c, root, "$", 0);
        }
        return c.result();
    }

    private static void container(Collector c, JsonNode n, String where, int depth) {
        if (depth > 3) {
            c.bad(where, "no MISP event found here");
            return;
        }
        if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                container(c, n.get(i), where + "[" + i + "]", depth + 1);
            }
        } else if (n.isObject() && n.get("Event") != null) {
            event(c, n.get("Event"), where + ".Event");
        } else if (n.isObject() && n.get("response") != null) {
            container(c, n.get("response"), where + ".response", depth + 1);
        } else if (n.isObject() && n.get("Attribute") != null) {
            event(c, n, where);
        } else {
            c.bad(where, "no MISP event found here");
        }
    }

    private static void event(Collector c, JsonNode ev, String where) {
        if (!ev.isObject()) {
            c.bad(where, "Event is not an object");
            return;
        }
        List<String> eventTags = tags(ev);
        String info = JsonFeeds.text(ev, "info");
        attributes(c, ev.get("Attribute"), where + ".Attribute", eventTags, info);
        JsonNode objects = ev.get("Object");
        if (objects != null && objects.isArray()) {
            for (int i = 0; i < objects.size(); i++) {
                JsonNode o = objects.get(i);
                if (!o.isObject() || JsonFeeds.flag(o, "deleted", false)) {
                    c.skip();
                    continue;
                }
                attributes(c, o.get("Attribute"), where + ".Object[" + i + "].Attribute", eventTags, info);
            }
        }
    }

    private static void attributes(Collector c, JsonNode attrs, String where, List<String> eventTags, String info) {
        if (attrs == null || attrs.isNull()) {
            return;
        }
        if (!attrs.isArray()) {
            c.bad(where, "Attribute is not an array");
            return;
        }
        for (int i = 0; i < attrs.size(); i++) {
            attribute(c, attrs.get(i), where + "[" + i + "]", eventTags, info);
        }
    }

    private static void attribute(Collector c, JsonNode a, String where, List<String> eventTags, String info) {
        if (!a.isObject()) {
            c.bad(where, "attribute is not an object");
            return;
        }
        if (JsonFeeds.flag(a, "deleted", false) || !JsonFeeds.flag(a, "to_ids", true)) {
            c.skip();
            return;
        }
        String type = JsonFeeds.text(a, "type");
        String value = JsonFeeds.text(a, "value");
        if (type == null || value == null) {
            c.bad(where, "attribute without type or value");
            return;
        }
        Instant from;
        try {
            from = FeedValues.time(JsonFeeds.text(a, "first_seen"));
        } catch (FeedValues.BadValue e) {
            c.bad(where + ".first_seen", e.getMessage());
            return;
        }
        List<String> labels = new ArrayList<>(eventTags);
        labels.addAll(tags(a));
        String category = JsonFeeds.text(a, "category");
        if (category != null && !category.isBlank()) {
            labels.add(category);
        }
        String comment = JsonFeeds.text(a, "comment");
        String description = comment != null && !comment.isBlank() ? comment : info;
        int confidence = c.options().defaultConfidence();
        if (type.equals("domain|ip")) {
            int bar = value.indexOf('|');
            if (bar < 0) {
                c.bad(where, "domain|ip value without '|': " + PlainListLoader.abbreviate(value));
                return;
            }
            String ip = value.substring(bar + 1);
            c.add(where, IndicatorKind.DOMAIN, value.substring(0, bar), null, confidence, from, null, labels, description);
            c.add(where, FeedValues.refine(IndicatorKind.IPV4, ip), ip, null, confidence, from, null, labels, description);
            return;
        }
        IndicatorKind kind = FeedValues.kindForType(type);
        if (kind == null) {
            c.skip();
            return;
        }
        int bar = value.indexOf('|');
        if (type.indexOf('|') > 0) {
            if (bar < 0) {
                c.bad(where, type + " value without '|': " + PlainListLoader.abbreviate(value));
                return;
            }
            value = type.startsWith("filename|") ? value.substring(bar + 1) : value.substring(0, bar);
        }
        c.add(where, FeedValues.refine(kind, value), value, null, confidence, from, null, labels, description);
    }

    private static List<String> tags(JsonNode o) {
        List<String> out = new ArrayList<>();
        JsonNode t = o.get("Tag");
        if (t != null && t.isArray()) {
            for (JsonNode tag : t) {
                String name = tag.isObject() ? JsonFeeds.text(tag, "name") : null;
                if (name != null && !name.isBlank()) {
                    out.add(name);
                }
            }
        }
        return out;
    }
}
