package dev.vigil.dns;

import dev.vigil.event.DnsQuery;
import dev.vigil.event.DnsRecord;
import dev.vigil.event.Origin;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.Master;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.RelativeNameException;
import org.xbill.DNS.TTL;
import org.xbill.DNS.SPFRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Reads RFC 1035 master files ("zone files") for the DanglingDns check, with dnsjava's master-file
 * parser ({@link Master}): every record type, TTL and class in either order, TTL units
 * ({@code 1h30m}), parentheses over several lines, quoted strings and escapes, {@code $ORIGIN},
 * {@code $TTL}, {@code $GENERATE} (expanded) and {@code $INCLUDE} (read from the zone's folder when
 * one is given).
 *
 * <p>dnsjava stops at the first bad record and does not say which line a record came from, and
 * evidence must point at the file and line and bad lines must never stop the reading. So the text is
 * first cut into logical entries here (a line, or several joined by parentheses; comments and
 * quotes respected), each with its line number. A run of record entries goes to one {@link Master}
 * (each entry gives one record, so records and lines pair up in order), given the origin, default
 * TTL and previous owner in effect; a bad entry becomes a problem with its line, and a new
 * {@link Master} reads on from the entry after it. {@code $ORIGIN}, {@code $TTL} and
 * {@code $INCLUDE} are followed here, the way {@link Master} follows them.
 *
 * <p>Records come back with absolute, lower-case names without the trailing dot; CNAME, DNAME,
 * NS and PTR targets likewise; TXT strings joined without quotes or escapes; other data as dnsjava
 * writes it. Limits keep hostile files cheap: {@value #MAX_GENERATED} records per
 * {@code $GENERATE}, {@value #MAX_INCLUDE_DEPTH} levels and {@value #MAX_INCLUDES} files of
 * {@code $INCLUDE}.
 *
 * <p>Static and thread-safe.
 */
public final class ZoneFile {
    private ZoneFile() {}

    static final int MAX_GENERATED = 65_536;
    static final int MAX_INCLUDE_DEPTH = 8;
    static final int MAX_INCLUDES = 64;

    /** Stands for "no TTL given anywhere", which dnsjava would otherwise refuse. */
    private static final long NO_TTL = TTL.MAX_VALUE;

    /** A line the reader could not use, in the zone file or a file it includes. */
    public record Problem(String source, long line, String reason) {}

    /** The records read, in file order (included files in place), and the problems met. */
    public record Result(List<DnsRecord> records, List<Problem> problems) {
        public Result {
            records = List.copyOf(records);
            problems = List.copyOf(problems);
        }
    }

    /** As {@link #read(String, String, String, Path)} with {@code $INCLUDE} not followed (reported). */
    public static Result read(String text, String source, String initialOrigin) {
        return read(text, source, initialOrigin, null);
    }

    /**
     * @param text          the zone file's content
     * @param source        its name, for the records' origins and the problems
     * @param initialOrigin the origin before any {@code $ORIGIN} (as a name server's configuration
     *                      gives it), or null
     * @param includeBase   the folder relative {@code $INCLUDE} names are read from, or null to
     *                      report {@code $INCLUDE} as not followed
     */
    public static Result read(String text, String source, String initialOrigin, Path includeBase) {
        Reader r = new Reader(includeBase);
        Name origin = null;
        if (initialOrigin != null && !initialOrigin.isBlank()) {
            try {
                origin = Name.fromString(initialOrigin.strip(), Name.root);
            } catch (IOException | RuntimeException e) {
                r.problems.add(new Problem(source, 0, "unreadable origin '" + shorten(initialOrigin) + "'"));
            }
        }
        r.read(text, source, origin, 0);
        return new Result(r.records, r.problems);
    }

    /** The state of one read: what was found, and how many files were included. */
    private static final class Reader {
        final Path includeBase;
        final List<DnsRecord> records = new ArrayList<>();
        final List<Problem> problems = new ArrayList<>();
        int includes;

        Reader(Path includeBase) {
            this.includeBase = includeBase;
        }

        void read(String text, String source, Name origin, int depth) {
            long defaultTtl = -1;
            Name lastOwner = null;
            List<Entry> batch = new ArrayList<>();
            for (Entry e : entries(text, source, problems)) {
                String first = e.tokens.get(0);
                if (e.indented || !first.startsWith("$")) {
                    batch.add(e);
                    continue;
                }
                lastOwner = parseRecords(batch, origin, defaultTtl, lastOwner);
                batch.clear();
                String d = first.toUpperCase(Locale.ROOT);
                if (d.equals("$ORIGIN") && e.tokens.size() >= 2) {
                    Name o = name(e.tokens.get(1), origin, e, "$ORIGIN");
                    origin = o == null ? origin : o;
                } else if (d.equals("$TTL") && e.tokens.size() >= 2) {
                    long ttl = ttl(e.tokens.get(1));
                    if (ttl < 0) {
                        problems.add(new Problem(source, e.line, "unreadable $TTL '" + shorten(e.tokens.get(1)) + "'"));
                    } else {
                        defaultTtl = ttl;
                    }
                } else if (d.equals("$INCLUDE") && e.tokens.size() >= 2) {
                    include(e, origin, depth);
                } else if (d.equals("$GENERATE")) {
                    if (generateCount(e.tokens) > MAX_GENERATED) {
                        problems.add(new Problem(source, e.line, "$GENERATE of more than " + MAX_GENERATED
                                + " records; skipped"));
                    } else {
                        lastOwner = parseGenerate(e, origin, defaultTtl, lastOwner);
                    }
                } else {
                    problems.add(new Problem(source, e.line, "directive " + shorten(first) + " not supported; skipped"));
                }
            }
            parseRecords(batch, origin, defaultTtl, lastOwner);
        }

        /**
         * Parses a run of record entries with as few {@link Master}s as possible: one for the whole
         * run while every entry reads, each giving exactly one record (so records and lines pair up
         * in order); after a bad entry, a new one from the entry after it.
         */
        private Name parseRecords(List<Entry> batch, Name origin, long defaultTtl, Name lastOwner) {
            int i = 0;
            while (i < batch.size()) {
                Entry start = batch.get(i);
                if (start.indented && lastOwner == null) {
                    problems.add(new Problem(start.source, start.line, "record with no owner name and none before it"));
                    i++;
                    continue;
                }
                StringBuilder b = prefix(origin, defaultTtl);
                for (int j = i; j < batch.size(); j++) {
                    Entry e = batch.get(j);
                    if (j == i && e.indented) {
                        b.append(lastOwner).append(' ').append(e.text.stripLeading()).append('\n');
                    } else {
                        b.append(e.text).append('\n');
                    }
                }
                try (Master m = master(b, origin)) {
                    Record rec;
                    while (i < batch.size() && (rec = m.nextRecord()) != null) {
                        records.add(record(rec, batch.get(i), origin));
                        lastOwner = rec.getName();
                        i++;
                    }
                    if (i < batch.size()) {
                        // dnsjava ended early: never expected, but never loop on it
                        problems.add(new Problem(batch.get(i).source, batch.get(i).line, "record not read"));
                        i++;
                    }
                } catch (IOException | RuntimeException ex) {
                    Entry bad = batch.get(i);
                    problems.add(new Problem(bad.source, bad.line, ex instanceof RelativeNameException
                            ? "relative name with no $ORIGIN (" + reason(ex) + ")" : reason(ex)));
                    i++;
                }
            }
            return lastOwner;
        }

        /** A {@code $GENERATE} entry, expanded by dnsjava; every record it makes points at its line. */
        private Name parseGenerate(Entry e, Name origin, long defaultTtl, Name lastOwner) {
            StringBuilder b = prefix(origin, defaultTtl).append(e.text).append('\n');
            try (Master m = master(b, origin)) {
                Record rec;
                while ((rec = m.nextRecord()) != null) {
                    records.add(record(rec, e, origin));
                    lastOwner = rec.getName();
                }
            } catch (IOException | RuntimeException ex) {
                problems.add(new Problem(e.source, e.line, reason(ex)));
            }
            return lastOwner;
        }

        /** The origin and default TTL in effect, as directives for a new {@link Master}. */
        private static StringBuilder prefix(Name origin, long defaultTtl) {
            StringBuilder b = new StringBuilder(256);
            if (origin != null) {
                b.append("$ORIGIN ").append(origin).append('\n');
            }
            return b.append("$TTL ").append(defaultTtl >= 0 ? defaultTtl : NO_TTL).append('\n');
        }

        private static Master master(StringBuilder text, Name origin) {
            Master m = new Master(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)), origin);
            m.disableIncludes(true);   // followed by us, from the zone's folder, with limits
            m.expandGenerate(true);
            return m;
        }

        private DnsRecord record(Record rec, Entry e, Name origin) {
            String type = Type.string(rec.getType());
            String data;
            Name target = rec instanceof CNAMERecord c ? c.getTarget()
                    : rec instanceof DNAMERecord d ? d.getTarget()
                    : rec instanceof NSRecord ns ? ns.getTarget()
                    : rec instanceof PTRRecord ptr ? ptr.getTarget() : null;
            if (target != null) {
                data = plain(target);
            } else if (rec instanceof TXTRecord || rec instanceof SPFRecord) {
                List<byte[]> parts = rec instanceof TXTRecord t ? t.getStringsAsByteArrays()
                        : ((SPFRecord) rec).getStringsAsByteArrays();
                StringBuilder s = new StringBuilder();
                for (byte[] part : parts) {
                    s.append(StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(part)));
                }
                data = s.toString();
            } else {
                data = rec.rdataToString();
            }
            long ttl = rec.getTTL() >= NO_TTL ? -1 : rec.getTTL();
            return new DnsRecord(new Origin(e.source, e.line, e.offset), plain(rec.getName()), ttl, type, data,
                    origin == null ? null : plain(origin));
        }

        private Name name(String s, Name origin, Entry e, String what) {
            try {
                Name n = Name.fromString(s, origin);
                if (!n.isAbsolute()) {
                    problems.add(new Problem(e.source, e.line, "relative " + what + " with no origin before it"));
                    return null;
                }
                return n;
            } catch (IOException | RuntimeException ex) {
                problems.add(new Problem(e.source, e.line, "unreadable " + what + " '" + shorten(s) + "'"));
                return null;
            }
        }

        private void include(Entry e, Name origin, int depth) {
            String file = e.tokens.get(1);
            if (includeBase == null) {
                problems.add(new Problem(e.source, e.line, "$INCLUDE " + shorten(file) + " not followed (no folder to read it from)"));
                return;
            }
            if (depth >= MAX_INCLUDE_DEPTH || includes >= MAX_INCLUDES) {
                problems.add(new Problem(e.source, e.line, "$INCLUDE " + shorten(file) + " not followed: more than "
                        + MAX_INCLUDE_DEPTH + " levels or " + MAX_INCLUDES + " files"));
                return;
            }
            Name o = origin;
            if (e.tokens.size() >= 3) {
                o = name(e.tokens.get(2), origin, e, "$INCLUDE origin");
                if (o == null) {
                    return;
                }
            }
            Path p = includeBase.resolve(file);
            String text;
            try {
                byte[] bytes = Files.readAllBytes(p);
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            } catch (IOException | RuntimeException ex) {
                problems.add(new Problem(e.source, e.line, "$INCLUDE " + shorten(file) + ": cannot read (" + reason(ex) + ")"));
                return;
            }
            includes++;
            read(text, p.toString(), o, depth + 1);   // the origin and TTL in this file are unchanged after it
        }
    }

    /** An absolute name as Vigil keeps names: lower case, no trailing dot ("." for the root). */
    private static String plain(Name n) {
        String s = DnsQuery.normalizeName(n.toString());
        return s.isEmpty() ? "." : s;
    }

    private static String reason(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // dnsjava prefixes "<file>:<line>: "; our line is the entry's, in the zone file itself
        return shorten(m.replaceFirst("^[^:]*:\\d+: ", ""));
    }

    /** How many records a {@code $GENERATE start-stop[/step] ...} line asks for, or MAX+1 when unreadable as a range. */
    static long generateCount(List<String> tokens) {
        if (tokens.size() < 2) {
            return 0;
        }
        String range = tokens.get(1);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,10})-(\\d{1,10})(?:/(\\d{1,10}))?").matcher(range);
        if (!m.matches()) {
            return 0; // dnsjava reports the syntax error
        }
        long start = Long.parseLong(m.group(1));
        long end = Long.parseLong(m.group(2));
        long step = m.group(3) == null ? 1 : Math.max(1, Long.parseLong(m.group(3)));
        return end < start ? 0 : (end - start) / step + 1;
    }

    /** Seconds of a TTL written as digits or with BIND units ({@code 1w2d3h4m5s}), or -1. */
    static long ttl(String s) {
        if (s.isEmpty() || s.length() > 20) {
            return -1;
        }
        try {
            return TTL.parse(s, false);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** One logical record: its tokens (quotes removed), its text, first line and offset, and whether it began indented. */
    private record Entry(String source, long line, long offset, boolean indented, List<String> tokens, String text) {}

    private static List<Entry> entries(String text, String source, List<Problem> problems) {
        List<Entry> out = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        int depth = 0;
        long line = 1;
        long startLine = 1;
        int startOffset = 0;
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
                        problems.add(new Problem(source, startLine, "unbalanced '(': the record runs to the end of the file"));
                    }
                    if (!tokens.isEmpty() && depth == 0) {
                        out.add(new Entry(source, startLine, startOffset, indented, List.copyOf(tokens),
                                text.substring(startOffset, Math.min(i, n))));
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
                    problems.add(new Problem(source, line, "')' without '('"));
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
                    problems.add(new Problem(source, line, "unterminated quoted string"));
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

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
