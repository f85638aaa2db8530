package dev.vigil.cli.render;

import dev.vigil.text.TerminalText;
import dev.vigil.alert.Evidence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evidence as people read it, in the scan table and in {@code vigil alerts show}: one entry per
 * input line (however many rules matched it), the value exactly as logged (case, base64 and
 * option letters intact: {@code -O} is not {@code -o}), the decoded value beside it only when it
 * differs, the rules, and for a request its method, status and parameter name. An observation
 * (brute force, a feed listing, a dangling DNS record) reads as what was observed, never as a
 * "decoded" value.
 *
 * <p>Every text from the input passes {@link TerminalText#sanitize}. Static and thread-safe.
 */
public final class EvidenceText {
    private EvidenceText() {}

    /** One input line and the evidence kept for it, in the order first seen. */
    public record Line(String source, long line, long timeMillis, String method, int status, List<Evidence> matches) {
        /** The distinct rule ids that matched this line. */
        public List<String> rules() {
            Set<String> r = new LinkedHashSet<>();
            matches.forEach(e -> r.add(e.ruleId()));
            return List.copyOf(r);
        }

        /** {@code access.log:12} */
        public String where() {
            return source + ":" + line;
        }

        /** {@code GET 200}, or empty for an event that is no request. */
        public String request() {
            if (method == null && status == 0) {
                return "";
            }
            return (method == null ? "-" : method) + (status == 0 ? "" : " " + status);
        }
    }

    /** Groups evidence by input line (source and line number), keeping first-seen order. */
    public static List<Line> byLine(List<Evidence> evidence) {
        Map<String, List<Evidence>> groups = new LinkedHashMap<>();
        for (Evidence e : evidence) {
            groups.computeIfAbsent(e.source() + '\u0000' + e.line(), k -> new ArrayList<>()).add(e);
        }
        List<Line> out = new ArrayList<>(groups.size());
        for (List<Evidence> g : groups.values()) {
            Evidence first = g.get(0);
            String method = null;
            int status = 0;
            for (Evidence e : g) {
                method = method == null ? e.method() : method;
                status = status == 0 ? e.status() : status;
            }
            out.add(new Line(first.source(), first.line(), first.timeMillis(), method, status, List.copyOf(g)));
        }
        return out;
    }

    /**
     * What matched on the line, one entry per distinct field value: {@code param id = RAW} (with
     * {@code decoded} set when the decoding differs), or for an observation
     * {@code client_ip 203.0.113.9: 10 failed logins in 30 s}. Sanitised and cut to {@code max}.
     */
    public record Value(String text, String decoded, List<String> rules) {}

    public static List<Value> values(Line l, int max) {
        Map<String, List<Evidence>> byValue = new LinkedHashMap<>();
        for (Evidence e : l.matches()) {
            byValue.computeIfAbsent(e.field() + '\u0000' + e.param() + '\u0000' + e.value() + '\u0000' + e.observation(),
                    k -> new ArrayList<>()).add(e);
        }
        List<Value> out = new ArrayList<>();
        for (List<Evidence> g : byValue.values()) {
            Evidence e = g.get(0);
            Set<String> rules = new LinkedHashSet<>();
            g.forEach(x -> rules.add(x.ruleId()));
            // a matching parameter name is its own value: "param name = cmd", not "param name cmd = cmd"
            String name = "param_names".equals(e.field()) ? "param name"
                    : e.param() != null ? "param " + e.param() : String.valueOf(e.field());
            if (e.observation()) {
                out.add(new Value(TerminalText.sanitize(name + " " + nz(e.value()) + ": " + nz(e.decoded()), max), null,
                        List.copyOf(rules)));
            } else {
                String decoded = null;
                for (Evidence x : g) {
                    if (x.decodedDiffers()) {
                        decoded = TerminalText.sanitize(x.decoded(), max);
                        break;
                    }
                }
                out.add(new Value(TerminalText.sanitize(name, 60) + " = " + TerminalText.sanitize(nz(e.value()), max),
                        decoded, List.copyOf(rules)));
            }
        }
        return out;
    }

    /** The line as one row of the scan table: where, request, rules and each value with its decoding. */
    public static String row(Line l, int max) {
        StringBuilder b = new StringBuilder(TerminalText.sanitize(l.where(), 60));
        if (!l.request().isEmpty()) {
            b.append("  ").append(TerminalText.sanitize(l.request(), 40));
        }
        b.append("  [").append(TerminalText.sanitize(String.join(", ", l.rules()), 200)).append(']');
        String sep = "  ";
        for (Value v : values(l, max)) {
            b.append(sep).append(v.text());
            if (v.decoded() != null) {
                b.append("  (decoded: ").append(v.decoded()).append(')');
            }
            sep = "; ";
        }
        return b.toString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
