package dev.vigil.ingest;

import dev.vigil.ingest.appservice.AppServiceJsonFormat;
import dev.vigil.ingest.auditd.AuditdFormat;
import dev.vigil.ingest.combined.CombinedFormat;
import dev.vigil.ingest.dns.BindQueryFormat;
import dev.vigil.ingest.dns.DnsJsonFormat;
import dev.vigil.ingest.dns.DnsmasqFormat;
import dev.vigil.ingest.ftp.IisFtpFormat;
import dev.vigil.ingest.ftp.VsftpdFormat;
import dev.vigil.ingest.nginx.NginxFormat;
import dev.vigil.ingest.process.ProcessJsonFormat;
import dev.vigil.ingest.sysmon.SysmonFormat;
import dev.vigil.ingest.w3c.W3cFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The registry of input formats: resolves what a user wrote after {@code --input}, and sniffs the
 * format of a source from its first lines when they wrote {@code auto}.
 *
 * <p>Static and thread-safe.
 */
public final class Formats {
    private Formats() {}

    /** The names {@code --input} accepts, for help texts and errors. */
    public static final List<String> NAMES = List.of(
            "auto", "combined", "common", "nginx:'<log_format>'", "w3c", "appservice-json",
            "process-json", "auditd", "sysmon", "bind-query", "dnsmasq", "dns-json", "vsftpd", "iis-ftp");

    /** Formats tried when sniffing, in order of preference when several fit equally well. */
    private static final List<LineFormat> SNIFFABLE = List.of(
            CombinedFormat.COMBINED, new W3cFormat(), new AppServiceJsonFormat(),
            ProcessJsonFormat.INSTANCE, AuditdFormat.INSTANCE, SysmonFormat.INSTANCE,
            BindQueryFormat.INSTANCE, DnsmasqFormat.INSTANCE, DnsJsonFormat.INSTANCE,
            VsftpdFormat.INSTANCE, new IisFtpFormat());

    /**
     * The format named by {@code spec}, or empty for {@code auto}.
     *
     * @throws IllegalArgumentException naming the accepted values when {@code spec} is unknown,
     *                                  or saying what is wrong with an nginx log_format
     */
    public static Optional<LineFormat> forName(String spec) {
        String s = spec.trim();
        if (s.startsWith("nginx:")) {
            String fmt = unquote(s.substring("nginx:".length()).trim());
            try {
                return Optional.of(new NginxFormat(fmt));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--input nginx: " + e.getMessage(), e);
            }
        }
        for (LineFormat f : SNIFFABLE) {
            if (f.name().equals(s)) {
                return Optional.of(f);
            }
        }
        switch (s) {
            case "auto":
                return Optional.empty();
            case "common":
                return Optional.of(CombinedFormat.COMMON);
            case "iis":
                return Optional.of(new W3cFormat());
            default:
                break;
        }
        throw new IllegalArgumentException("unknown input format '" + spec + "' (expected one of "
                + String.join(", ", NAMES) + ")");
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"') && s.charAt(s.length() - 1) == s.charAt(0)) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    /** Lines longer than this are left out of sniffing. */
    private static final int SNIFF_MAX_LINE = 8192;

    /** How many of the first lines sniffing looks at. */
    private static final int SNIFF_LINES = 20;

    /**
     * Guesses the format from the start of a source: each known format parses up to
     * {@value #SNIFF_LINES} of the first lines, and the one that reads the most wins, provided it
     * reads at least half of the lines it did not skip as directives. Returns empty when none does.
     */
    public static Optional<LineFormat> sniff(byte[] head, int len) {
        LineFormat best = null;
        int bestOk = 0;
        for (LineFormat f : SNIFFABLE) {
            int[] counts = tryFormat(f, head, len);
            int ok = counts[0];
            int rejected = counts[1];
            if (ok > bestOk && ok >= rejected) {
                best = f;
                bestOk = ok;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Parses the first lines with {@code f}: returns {events, rejects}. For multi-line formats,
     * whose parser only recognises records, every line it does not reject counts as read.
     */
    private static int[] tryFormat(LineFormat f, byte[] head, int len) {
        LineParser parser = f.newParser();
        boolean records = f.newAssembler() != null;
        int[] rejected = new int[1];
        LineParser.Rejects count = reason -> rejected[0]++;
        Line line = new Line();
        int ok = 0;
        int seen = 0;
        int p = 0;
        while (p < len && seen < SNIFF_LINES) {
            int nl = p;
            while (nl < len && head[nl] != '\n') {
                nl++;
            }
            int end = nl;
            if (end > p && head[end - 1] == '\r') {
                end--;
            }
            boolean cut = nl == len && p > 0;     // the block ends inside this line
            boolean huge = end - p > SNIFF_MAX_LINE; // junk or a payload, says nothing of the format
            if (end > p && !cut && !huge && !isBlank(head, p, end)) {
                seen++;
                line.set(head, p, end - p, "sniff", seen, p);
                try {
                    int before = rejected[0];
                    if (parser.parse(line, count) != null || (records && rejected[0] == before)) {
                        ok++;
                    }
                } catch (RuntimeException e) {
                    rejected[0]++;
                }
            }
            p = nl + 1;
        }
        return new int[] {ok, rejected[0]};
    }

    /**
     * Names inputs that Vigil reads with another command, so a scan over a folder that holds them
     * says what they are instead of "not a log": DNS zone files ({@code vigil dns check}). Returns
     * null for anything else.
     */
    public static String knownNonLog(byte[] head, int len) {
        String s = new String(head, 0, Math.min(len, 4096), StandardCharsets.UTF_8);
        if (s.startsWith("$ORIGIN") || s.contains("\n$ORIGIN ") || s.contains("\n$TTL ") || s.startsWith("$TTL")
                || s.contains(" SOA ")) {
            return "a DNS zone file (check it with 'vigil dns check --zone FILE --inventory FILE')";
        }
        return null;
    }

    /** The first non-blank line of {@code head}, shortened, for "cannot recognise" messages. */
    public static String firstLine(byte[] head, int len) {
        int p = 0;
        while (p < len) {
            int nl = p;
            while (nl < len && head[nl] != '\n') {
                nl++;
            }
            if (!isBlank(head, p, nl)) {
                String s = new String(head, p, Math.min(nl - p, 80), StandardCharsets.UTF_8);
                return nl - p > 80 ? s + "..." : s;
            }
            p = nl + 1;
        }
        return "";
    }

    private static boolean isBlank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }
}
