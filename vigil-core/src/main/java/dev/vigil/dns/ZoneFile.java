package dev.vigil.dns;

import dev.vigil.event.DnsQuery;
import dev.vigil.event.DnsRecord;
import dev.vigil.event.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the subset of RFC 1035 master files ("zone files") that the DanglingDns check needs:
 * {@code $ORIGIN} and {@code $TTL} directives, owner names that are absolute ({@code www.example.com.}),
 * relative ({@code www}, completed with the current origin), {@code @} (the origin) or left blank
 * (the previous owner), optional TTL (seconds or BIND units such as {@code 1h30m}) and class in either
 * order, parentheses that carry a record over several lines, {@code ;} comments, and quoted
 * strings with backslash escapes. Every record type is returned; CNAME targets are made absolute,
 * TXT strings are joined without their quotes, other data is kept as written.
 *
 * <p>Not supported, each reported as a problem and skipped: {@code $INCLUDE} (the included file is
 * not read), {@code $GENERATE}, and relative names before any origin is known. Bad lines never stop
 * the reading: they become problems with their line number.
 *
 * <p>Static and thread-safe.
 */
public final class ZoneFile {
    private ZoneFile() {}

    /** A line the reader could not use. */
    public record Problem(long line, String reason) {}

    /** The records read, in file order, and the problems met. */
    public record Result(List<DnsRecord> records, List<Problem> problems) {
        public Result {
            records = List.copyOf(records);
            problems = List.copyOf(problems);
        }
    }

    private static final Set<String> CLASSES = Set.of("IN", "CH", "HS", "CS");

    /**
     * @param text          the zone file's content
     * @param source        its name, for the records' origins
     * @param initialOrigin the origin before any {@code $ORIGIN} (as a name server's configuration
     *                      gives it), or null
     */
    public static Result read(String text, String source, String initialOrigin) {
        List<DnsRecord> records = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        String origin = initialOrigin == null || initialOrigin.isBlank() ? null : DnsQuery.normalizeName(initialOrigin);
        long defaultTtl = -1;
        String lastOwner = null;

        List<Entry> entries = entries(text, problems);
        for (Entry e : entries) {
            List<String> t = e.tokens;
            String first = t.get(0);
            if (!e.indented && first.startsWith("$")) {
                String d = first.toUpperCase(Locale.ROOT);
                if (d.equals("$ORIGIN") && t.size() >= 2) {
                    String o = absolute(t.get(1), origin);
                    if (o == null) {
                        problems.add(new Problem(e.line, "relative $ORIGIN with no origin before it"));
                    } else {
                        origin = o;
                    }
                } else if (d.equals("$TTL") && t.size() >= 2) {
                    long ttl = ttl(t.get(1));
                    if (ttl < 0) {
                        problems.add(new Problem(e.line, "unreadable $TTL '" + shorten(t.get(1)) + "'"));
                    } else {
                        defaultTtl = ttl;
                    }
                } else {
                    problems.add(new Problem(e.line, "directive " + shorten(first) + " not supported; skipped"));
                }
                continue;
            }
            int i = 0;
            String owner;
            if (e.indented) {
                owner = lastOwner;
                if (owner == null) {
                    problems.add(new Problem(e.line, "record with no owner name and none before it"));
                    continue;
                }
            } else {
                owner = absolute(first, origin);
                i = 1;
                if (owner == null) {
                    problems.add(new Problem(e.line, "relative name '" + shorten(first) + "' with no $ORIGIN"));
                    continue;
                }
            }
            lastOwner = owner;
            long ttl = defaultTtl;
            // TTL and class may come in either order before the type
            for (int k = 0; k < 2 && i < t.size(); k++) {
                String tok = t.get(i);
                if (CLASSES.contains(tok.toUpperCase(Locale.ROOT))) {
                    i++;
                } else if (!tok.isEmpty() && Character.isDigit(tok.charAt(0)) && ttl(tok) >= 0) {
                    ttl = ttl(tok);
                    i++;
                }
            }
            if (i >= t.size()) {
                problems.add(new Problem(e.line, "record for " + shorten(owner) + " has no type"));
                continue;
            }
            String type = t.get(i).toUpperCase(Locale.ROOT);
            if (!isTypeName(type)) {
                problems.add(new Problem(e.line, "unreadable record type '" + shorten(t.get(i)) + "'"));
                continue;
            }
            List<String> rdata = t.subList(i + 1, t.size());
            if (rdata.isEmpty()) {
                problems.add(new Problem(e.line, type + " record for " + shorten(owner) + " has no data"));
                continue;
            }
            String data;
            if (type.equals("CNAME") || type.equals("DNAME") || type.equals("NS") || type.equals("PTR")) {
                data = absolute(rdata.get(0), origin);
                if (data == null) {
                    problems.add(new Problem(e.line, "relative target '" + shorten(rdata.get(0)) + "' with no $ORIGIN"));
                    continue;
                }
            } else if (type.equals("TXT") || type.equals("SPF")) {
                data = String.join("", rdata);
            } else {
                data = String.join(" ", rdata);
            }
            records.add(new DnsRecord(new Origin(source, e.line, e.offset), owner, ttl, type, data, origin));
        }
        return new Result(records, problems);
    }

    /** One logical record: its tokens (quotes removed), first line, and whether it began indented. */
    private record Entry(long line, long offset, boolean indented, List<String> tokens) {}

    private static List<Entry> entries(String text, List<Problem> problems) {
        List<Entry> out = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        int depth = 0;
        long line = 1;
        long startLine = 1;
        long startOffset = 0;
        boolean indented = false;
        int n = text.length();
        int i = 0;
        boolean atLineStart = true;
        while (i <= n) {
            char c = i < n ? text.charAt(i) : '\n';
            if (atLineStart && depth == 0) {
                startLine = line;
                startOffset = i;
                indented = c == ' ' || c == '\t';
                atLineStart = false;
            }
            if (c == '\n') {
                if (depth == 0 || i == n) {
                    if (depth > 0) {
                        problems.add(new Problem(startLine, "unbalanced '(': the record runs to the end of the file"));
                    }
                    if (!tokens.isEmpty()) {
                        out.add(new Entry(startLine, startOffset, indented, List.copyOf(tokens)));
                    }
                    tokens.clear();
                    depth = 0;
                    atLineStart = true;
                }
                line++;
                i++;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r') {
                i++;
            } else if (c == ';') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '(') {
                depth++;
                i++;
            } else if (c == ')') {
                if (depth == 0) {
                    problems.add(new Problem(line, "')' without '('"));
                } else {
                    depth--;
                }
                i++;
            } else if (c == '"') {
                StringBuilder s = new StringBuilder();
                i++;
                while (i < n && text.charAt(i) != '"' && text.charAt(i) != '\n') {
                    char q = text.charAt(i);
                    if (q == '\\' && i + 1 < n && text.charAt(i + 1) != '\n') {
                        s.append(text.charAt(i + 1));
                        i += 2;
                    } else {
                        s.append(q);
                        i++;
                    }
                }
                if (i < n && text.charAt(i) == '"') {
                    i++;
                } else {
                    problems.add(new Problem(line, "unterminated quoted string"));
                }
                tokens.add(s.toString());
            } else {
                int j = i;
                while (j < n) {
                    char d = text.charAt(j);
                    if (d == ' ' || d == '\t' || d == '\r' || d == '\n' || d == ';' || d == '(' || d == ')' || d == '"') {
                        break;
                    }
                    j += d == '\\' && j + 1 < n && text.charAt(j + 1) != '\n' ? 2 : 1;
                }
                tokens.add(text.substring(i, j));
                i = j;
            }
        }
        return out;
    }

    /** An owner or target made absolute (lower-case, no trailing dot), or null when it cannot be. */
    static String absolute(String name, String origin) {
        if (name.equals("@")) {
            return origin;
        }
        if (name.endsWith(".")) {
            String n = DnsQuery.normalizeName(name);
            return n.isEmpty() ? "." : n;
        }
        if (origin == null) {
            return null;
        }
        String n = name.toLowerCase(Locale.ROOT);
        return origin.equals(".") ? n : n + "." + origin;
    }

    /** Seconds of a TTL written as digits or with BIND units ({@code 1w2d3h4m5s}), or -1. */
    static long ttl(String s) {
        if (s.isEmpty() || s.length() > 20) {
            return -1;
        }
        long total = 0;
        long cur = 0;
        boolean digits = false;
        for (int k = 0; k < s.length(); k++) {
            char c = Character.toLowerCase(s.charAt(k));
            if (c >= '0' && c <= '9') {
                cur = cur * 10 + (c - '0');
                digits = true;
                if (cur > Integer.MAX_VALUE) {
                    return -1;
                }
            } else {
                long unit = switch (c) {
                    case 's' -> 1;
                    case 'm' -> 60;
                    case 'h' -> 3600;
                    case 'd' -> 86_400;
                    case 'w' -> 604_800;
                    default -> -1;
                };
                if (unit < 0 || !digits) {
                    return -1;
                }
                total += cur * unit;
                cur = 0;
                digits = false;
            }
        }
        return total + cur;
    }

    private static boolean isTypeName(String s) {
        if (s.isEmpty() || s.length() > 10 || !Character.isLetter(s.charAt(0))) {
            return false;
        }
        for (int k = 0; k < s.length(); k++) {
            if (!Character.isLetterOrDigit(s.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
