package dev.vigil.ingest.formats;

import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.appservice.AppServiceJsonFormat;
import dev.vigil.ingest.auditd.AuditdFormat;
import dev.vigil.ingest.combined.CombinedFormat;
import dev.vigil.ingest.container.CriFormat;
import dev.vigil.ingest.container.DockerJsonFormat;
import dev.vigil.ingest.container.InnerSniffer;
import dev.vigil.ingest.dns.BindQueryFormat;
import dev.vigil.ingest.dns.DnsJsonFormat;
import dev.vigil.ingest.dns.DnsmasqFormat;
import dev.vigil.ingest.ftp.IisFtpFormat;
import dev.vigil.ingest.ftp.VsftpdFormat;
import dev.vigil.ingest.nginx.NginxFormat;
import dev.vigil.ingest.process.ProcessJsonFormat;
import dev.vigil.ingest.sensor.FalcoFormat;
import dev.vigil.ingest.sensor.TetragonFormat;
import dev.vigil.ingest.sysmon.SysmonFormat;
import dev.vigil.ingest.w3c.W3cFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The registry of input formats: resolves what a user wrote after {@code --input}, and sniffs the
 * format of a source from its lines when they wrote {@code auto} ({@link Sniffer}).
 *
 * <p>Static and thread-safe.
 */
public final class Formats {
    private Formats() {}

    /** The names {@code --input} accepts, for help texts and errors. */
    public static final List<String> NAMES = List.of(
            "auto", "combined", "common", "nginx:'<log_format>'", "w3c", "appservice-json",
            "process-json", "auditd", "sysmon", "falco", "tetragon",
            "docker-json[:<format>]", "cri[:<format>]", "bind-query", "dnsmasq", "dns-json", "vsftpd", "iis-ftp");

    /** Guesses the format of a container's lines as a file's is sniffed (the container package cannot see this one). */
    private static final InnerSniffer INNER = (b, len) -> {
        Sniffer.Decision d = Sniffer.sniff(b, len);
        return new InnerSniffer.Guess(d.format(), d.unanimous(), d.reason());
    };
    /** Docker json-file logs, the lines inside sniffed per file. */
    public static final LineFormat DOCKER_JSON = new DockerJsonFormat(null, INNER);
    /** Kubernetes CRI logs, the lines inside sniffed per file. */
    public static final LineFormat CRI = new CriFormat(null, INNER);

    /** Formats tried when sniffing, in order of preference when several fit equally well. */
    private static final List<LineFormat> SNIFFABLE = List.of(
            // container runtimes' wrappers first: their lines are so specific that a tie means the
            // lenient access-log reader took a wrapped line for a request from an odd client
            DOCKER_JSON, CRI,
            CombinedFormat.COMBINED, new W3cFormat(), new AppServiceJsonFormat(),
            ProcessJsonFormat.INSTANCE, AuditdFormat.INSTANCE, SysmonFormat.INSTANCE, FalcoFormat.INSTANCE,
            TetragonFormat.INSTANCE, BindQueryFormat.INSTANCE, DnsmasqFormat.INSTANCE, DnsJsonFormat.INSTANCE,
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
        for (String wrapper : new String[] {"docker-json:", "cri:"}) {
            if (s.startsWith(wrapper)) {
                // a container runtime's log whose lines are in a format the user names
                LineFormat inner = forName(s.substring(wrapper.length())).orElse(null);
                return Optional.of(wrapper.equals("cri:") ? new CriFormat(inner, INNER) : new DockerJsonFormat(inner, INNER));
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

    /** The formats sniffing tries, in order of preference when several fit equally well. */
    static List<LineFormat> sniffable() {
        return SNIFFABLE;
    }

    /**
     * Guesses the format from the start of a source ({@link Sniffer} says how and why). Returns
     * empty when none fits.
     */
    public static Optional<LineFormat> sniff(byte[] head, int len) {
        return Optional.ofNullable(Sniffer.sniff(head, len).format());
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

}
