package dev.vigil.ti.load;

import dev.vigil.ti.Indicator;
import dev.vigil.ti.IndicatorKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * CSV feeds whose header names the columns. The value comes from a generic column
 * ({@code indicator}, {@code value}, {@code ioc}, ...) with an optional type column, or from typed
 * columns ({@code ip}, {@code domain}, {@code url}, {@code sha256}, ...; every non-empty cell is one
 * indicator). Optional columns: confidence, feed/source, valid_from/first_seen,
 * valid_until/expires, labels/tags, description/comment. Comma, semicolon or tab separated;
 * leading {@code #} lines are skipped, and when the last of them is itself the header (as in
 * abuse.ch dumps: {@code # id,dateadded,url,...}) it is used. Stateless and thread-safe.
 */
final class CsvLoader implements IndicatorLoader {
    private static final List<String> GENERIC = List.of("indicator", "value", "ioc", "observable", "ioc_value",
            "indicator_value", "attribute_value");
    private static final List<String> TYPE = List.of("type", "kind", "indicator_type", "ioc_type", "attribute_type");
    private static final List<String> CONFIDENCE = List.of("confidence", "score", "confidence_level");
    private static final List<String> FEED = List.of("feed", "source", "feed_name");
    private static final List<String> FROM = List.of("valid_from", "first_seen", "firstseen", "dateadded",
            "date_added", "created");
    private static final List<String> UNTIL = List.of("valid_until", "expires", "expiration", "expiry",
            "expiration_date", "expires_at");
    private static final List<String> LABELS = List.of("labels", "tags", "tag", "threat", "malware");
    private static final List<String> DESCRIPTION = List.of("description", "comment", "comments", "note", "name");

    @Override
    public String format() {
        return "csv";
    }

    @Override
    public int sniff(String fileName, String head) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv") || lower.endsWith(".tsv")) {
            return 80;
        }
        for (String line : head.split("\n", 50)) {
            String l = line.strip();
            if (l.startsWith("#")) {
                continue;
            }
            if (!l.isEmpty()) {
                Columns cols = Columns.of(split(l, delimiter(l)));
                return cols.valueColumnCount() > 0 ? 70 : 0;
            }
        }
        return 0;
    }

    @Override
    public LoadResult load(Reader in, String source, LoadOptions options) {
        Collector c = new Collector(source, format(), options);
        BufferedReader r = in instanceof BufferedReader ? (BufferedReader) in : new BufferedReader(in, 1 << 16);
        int lineNo = 0;
        try {
            String lastComment = null;
            String headerLine = null;
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
                String l = line.strip();
                if (l.startsWith("#")) {
                    lastComment = l.substring(1).strip();
                } else if (!l.isEmpty()) {
                    headerLine = l;
                    break;
                }
            }
            if (headerLine == null) {
                if (lastComment == null) {
                    return c.result();
                }
                headerLine = lastComment;
            }
            char delim = delimiter(headerLine);
            Columns cols = Columns.of(split(headerLine, delim));
            int firstDataLine = lineNo + 1;
            if (cols.valueColumnCount() == 0 && lastComment != null) {
                Columns fromComment = Columns.of(split(lastComment, delimiter(lastComment)));
                if (fromComment.valueColumnCount() > 0) {
                    // The first non-comment line was already data: parse it with the comment header.
                    cols = fromComment;
                    delim = delimiter(lastComment);
                    firstDataLine = lineNo;
                    parseRecords(c, cols, delim, new java.io.StringReader(headerLine + "\n"), lineNo);
                }
            }
            if (cols.valueColumnCount() == 0) {
                c.bad(Integer.toString(lineNo), "header names no indicator column (indicator, value, ip, domain, url, "
                        + "md5, sha1, sha256, ...): " + PlainListLoader.abbreviate(headerLine));
                return c.result();
            }
            parseRecords(c, cols, delim, r, firstDataLine == lineNo ? lineNo + 1 : firstDataLine);
        } catch (IOException e) {
            c.bad(Integer.toString(lineNo), "read error: " + e.getMessage());
        }
        return c.result();
    }

    private static void parseRecords(Collector c, Columns cols, char delim, Reader rest, int firstLine) {
        CSVFormat fmt = CSVFormat.DEFAULT.builder()
                .setDelimiter(delim)
                .setCommentMarker('#')
                .setIgnoreEmptyLines(true)
                .setIgnoreSurroundingSpaces(true)
                .setTrim(true)
                .get();
        long lastLine = 0;
        try (CSVParser parser = CSVParser.builder().setReader(rest).setFormat(fmt).get()) {
            for (CSVRecord rec : parser) {
                // The parser counts line breaks consumed: after a record that is its last line.
                long recordLine = firstLine + parser.getCurrentLineNumber() - 1;
                if (parser.getCurrentLineNumber() == lastLine) {
                    recordLine++;
                }
                lastLine = parser.getCurrentLineNumber();
                record(c, cols, rec, Long.toString(recordLine));
            }
        } catch (UncheckedIOException | IllegalStateException | IOException e) {
            c.bad(Long.toString(firstLine + lastLine), "unreadable CSV from here on: " + e.getMessage());
        }
    }

    private static void record(Collector c, Columns cols, CSVRecord rec, String where) {
        int dflt = c.options().defaultConfidence();
        int confidence;
        Instant from;
        Instant until;
        try {
            confidence = FeedValues.confidence(cell(rec, cols.confidence), dflt);
            from = FeedValues.time(cell(rec, cols.from));
            until = FeedValues.time(cell(rec, cols.until));
        } catch (FeedValues.BadValue e) {
            c.bad(where, e.getMessage());
            return;
        }
        String feed = cell(rec, cols.feed);
        List<String> labels = new ArrayList<>();
        for (int idx : cols.labels) {
            String v = cell(rec, idx);
            if (v != null && !v.isBlank()) {
                for (String part : v.split("[,|;]")) {
                    if (!part.isBlank()) {
                        labels.add(part.strip());
                    }
                }
            }
        }
        String description = cell(rec, cols.description);
        boolean any = false;
        if (cols.generic >= 0) {
            String value = cell(rec, cols.generic);
            if (value != null && !value.isBlank()) {
                any = true;
                IndicatorKind kind;
                String type = cell(rec, cols.type);
                if (type != null && !type.isBlank()) {
                    kind = FeedValues.kindForType(type);
                    if (kind == null) {
                        c.skip();
                        return;
                    }
                    value = stripPort(type, value);
                    kind = FeedValues.refine(kind, value);
                } else {
                    kind = Indicator.guessKind(value);
                    if (kind == null) {
                        c.bad(where, "cannot tell the kind of " + PlainListLoader.abbreviate(value));
                        return;
                    }
                }
                c.add(where, kind, value, blankToNull(feed), confidence, from, until, labels, description);
            }
        }
        for (int k = 0; k < cols.typed.size(); k++) {
            String value = cell(rec, cols.typed.get(k));
            if (value != null && !value.isBlank()) {
                any = true;
                IndicatorKind kind = FeedValues.refine(cols.typedKinds.get(k), value);
                c.add(where, kind, value, blankToNull(feed), confidence, from, until, labels, description);
            }
        }
        if (!any) {
            c.bad(where, "no indicator value in this row");
        }
    }

    private static String stripPort(String type, String value) {
        int bar = value.indexOf('|');
        return type.contains("|") && bar > 0 ? (type.startsWith("filename|") ? value.substring(bar + 1)
                : value.substring(0, bar)) : value;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String cell(CSVRecord rec, int idx) {
        return idx >= 0 && idx < rec.size() ? rec.get(idx) : null;
    }

    private static char delimiter(String header) {
        int commas = count(header, ',');
        int semis = count(header, ';');
        int tabs = count(header, '\t');
        if (tabs > commas && tabs > semis) {
            return '\t';
        }
        return semis > commas ? ';' : ',';
    }

    private static int count(String s, char ch) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ch) {
                n++;
            }
        }
        return n;
    }

    private static List<String> split(String header, char delim) {
        List<String> out = new ArrayList<>();
        for (String h : header.split(java.util.regex.Pattern.quote(String.valueOf(delim)), -1)) {
            out.add(h.strip().replace("\"", "").toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_'));
        }
        return out;
    }

    /** Column positions found in a header. */
    private static final class Columns {
        int generic = -1;
        int type = -1;
        int confidence = -1;
        int feed = -1;
        int from = -1;
        int until = -1;
        int description = -1;
        final List<Integer> labels = new ArrayList<>();
        final List<Integer> typed = new ArrayList<>();
        final List<IndicatorKind> typedKinds = new ArrayList<>();

        static Columns of(List<String> names) {
            Columns c = new Columns();
            for (int i = 0; i < names.size(); i++) {
                String n = names.get(i);
                if (c.generic < 0 && GENERIC.contains(n)) {
                    c.generic = i;
                } else if (c.type < 0 && TYPE.contains(n)) {
                    c.type = i;
                } else if (c.confidence < 0 && CONFIDENCE.contains(n)) {
                    c.confidence = i;
                } else if (c.feed < 0 && FEED.contains(n)) {
                    c.feed = i;
                } else if (c.from < 0 && FROM.contains(n)) {
                    c.from = i;
                } else if (c.until < 0 && UNTIL.contains(n)) {
                    c.until = i;
                } else if (LABELS.contains(n)) {
                    c.labels.add(i);
                } else if (c.description < 0 && DESCRIPTION.contains(n)) {
                    c.description = i;
                } else {
                    IndicatorKind k = typedColumn(n);
                    if (k != null) {
                        c.typed.add(i);
                        c.typedKinds.add(k);
                    }
                }
            }
            return c;
        }

        int valueColumnCount() {
            return (generic >= 0 ? 1 : 0) + typed.size();
        }

        private static IndicatorKind typedColumn(String n) {
            for (String suffix : Arrays.asList("_hash", "hash_")) {
                n = n.replace(suffix, "");
            }
            switch (n) {
                case "ip":
                case "ip_address":
                case "ipaddress":
                case "ipv4":
                case "ipv6":
                case "src_ip":
                case "dst_ip":
                case "ip_src":
                case "ip_dst":
                case "cidr":
                case "network":
                    return IndicatorKind.IPV4;
                case "domain":
                case "domain_name":
                case "fqdn":
                    return IndicatorKind.DOMAIN;
                case "hostname":
                case "host":
                    return IndicatorKind.HOSTNAME;
                case "url":
                case "uri":
                    return IndicatorKind.URL;
                case "md5":
                    return IndicatorKind.MD5;
                case "sha1":
                    return IndicatorKind.SHA1;
                case "sha256":
                    return IndicatorKind.SHA256;
                default:
                    return null;
            }
        }
    }
}
