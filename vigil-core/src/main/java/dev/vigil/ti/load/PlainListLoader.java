package dev.vigil.ti.load;

import dev.vigil.ti.Indicator;
import dev.vigil.ti.IndicatorKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.List;

/**
 * Plain lists: one IP, network, domain, URL or hash per line, kinds mixed freely. {@code #} starts
 * a comment (whole line, or after whitespace), as does {@code ;} after whitespace (Spamhaus DROP
 * style). Hosts-file lines ({@code 0.0.0.0 evil.com}) list the names after the sink address.
 * Anything after the value is kept as the description. Stateless and thread-safe.
 */
public final class PlainListLoader implements IndicatorLoader {
    @Override
    public String format() {
        return "list";
    }

    @Override
    public int sniff(String fileName, String head) {
        return 10;
    }

    @Override
    public LoadResult load(Reader in, String source, LoadOptions options) {
        Collector c = new Collector(source, format(), options);
        BufferedReader r = in instanceof BufferedReader ? (BufferedReader) in : new BufferedReader(in, 1 << 16);
        int lineNo = 0;
        try {
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
                parseLine(c, line, lineNo);
            }
        } catch (IOException e) {
            c.bad(Integer.toString(lineNo + 1), "read error: " + e.getMessage());
        }
        return c.result();
    }

    private static void parseLine(Collector c, String line, int lineNo) {
        int end = commentStart(line);
        String body = line.substring(0, end).strip();
        if (body.isEmpty()) {
            return;
        }
        String[] tokens = body.split("\\s+", 64);
        String where = Integer.toString(lineNo);
        if (tokens.length > 1 && isSinkAddress(tokens[0])) {
            for (int k = 1; k < tokens.length; k++) {
                add(c, where, tokens[k], "");
            }
            return;
        }
        String description = tokens.length > 1 ? body.substring(tokens[0].length()).strip() : "";
        add(c, where, tokens[0], description);
    }

    private static void add(Collector c, String where, String value, String description) {
        IndicatorKind kind = Indicator.guessKind(value);
        if (kind == null) {
            c.bad(where, "not an IP, network, domain, URL or hash: " + abbreviate(value));
            return;
        }
        c.add(where, kind, value, null, c.options().defaultConfidence(), null, null, List.of(), description);
    }

    /** Index where a comment starts, or the line length. */
    private static int commentStart(String line) {
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if ((ch == '#' || ch == ';') && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return i;
            }
        }
        return line.length();
    }

    private static boolean isSinkAddress(String s) {
        return s.equals("0.0.0.0") || s.equals("127.0.0.1") || s.equals("::") || s.equals("::1");
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
