package dev.vigil.detect.intel;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.AlertType;
import dev.vigil.detect.Detection;
import dev.vigil.detect.Detector;
import dev.vigil.catalogue.Severity;
import dev.vigil.event.DnsQuery;
import dev.vigil.event.Event;
import dev.vigil.event.FtpLogin;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.ProcessStart;
import dev.vigil.ti.Indicator;
import dev.vigil.ti.extract.Observable;
import dev.vigil.ti.extract.ObservableExtractor;
import dev.vigil.ti.match.ThreatIntel;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Matches events against loaded threat-intel feeds:
 * <ul>
 *   <li>a request from a listed client address (or network) → ThreatIntelClientIp;</li>
 *   <li>a command line that downloads from a listed URL, host or address (curl, wget, certutil,
 *       PowerShell web requests...) → DownloadFromMaliciousSource;</li>
 *   <li>any other command line naming a listed domain, URL or address (a stratum pool, a C2 host)
 *       → SuspiciousDomainInCommandLine;</li>
 *   <li>a DNS query for a listed domain or any name under it → ThreatIntelDnsQuery;</li>
 *   <li>an FTP login attempt from a listed address → ThreatIntelClientIp (field
 *       {@code ftp_client_ip}, the Defender IncomingTiClientIpFtp case); High instead of the
 *       type's Medium when the login succeeded.</li>
 * </ul>
 * The detection's decoded value names the feed, the indicator and its confidence.
 *
 * <p>Stateless over an immutable {@link ThreatIntel}, or over the current one of a supplier that a
 * long-running watch swaps when its fetched feeds are refreshed (each event sees one whole
 * snapshot); thread-safe.
 */
public final class ThreatIntelDetector implements Detector {
    public static final String CLIENT_IP_RULE = "ti.client-ip";
    public static final String DOWNLOAD_RULE = "ti.download-source";
    public static final String COMMAND_LINE_RULE = "ti.command-line-indicator";
    public static final String DNS_QUERY_RULE = "ti.dns-query";
    public static final String FTP_CLIENT_IP_RULE = "ti.ftp-client-ip";

    private static final Set<String> DOWNLOADERS = Set.of("curl", "wget", "certutil", "bitsadmin", "tftp",
            "invoke-webrequest", "iwr", "invoke-restmethod", "irm", "downloadstring", "downloadfile", "start-bitstransfer",
            "fetch", "aria2c", "axel", "lwp-download", "scp", "rsync", "ftp");

    private final java.util.function.Supplier<ThreatIntel> intel;
    private final AlertType clientIp;
    private final AlertType download;
    private final AlertType commandLine;
    private final AlertType dnsQuery;

    public ThreatIntelDetector(ThreatIntel intel, AlertCatalogue catalogue) {
        this(() -> intel, catalogue);
    }

    /** Matches against whatever snapshot {@code intel} holds when each event is inspected. */
    public ThreatIntelDetector(java.util.function.Supplier<ThreatIntel> intel, AlertCatalogue catalogue) {
        this.intel = intel;
        this.clientIp = catalogue.get("ThreatIntelClientIp");
        this.download = catalogue.get("DownloadFromMaliciousSource");
        this.commandLine = catalogue.get("SuspiciousDomainInCommandLine");
        this.dnsQuery = catalogue.get("ThreatIntelDnsQuery");
    }

    @Override
    public String id() {
        return "threat-intel";
    }

    @Override
    public void inspect(Event event, Consumer<Detection> out) {
        ThreatIntel intel = this.intel.get();
        if (event instanceof HttpRequest r) {
            if (r.clientIp() != null) {
                List<Indicator> hits = intel.matchIp(r.clientIp());
                if (!hits.isEmpty()) {
                    out.accept(new Detection(CLIENT_IP_RULE, clientIp, clientIp.severity(), event, "client_ip",
                            r.clientIp(), describe(hits.get(0))));
                }
            }
        } else if (event instanceof ProcessStart p && p.commandLine() != null) {
            String cmd = p.commandLine();
            for (Observable o : ObservableExtractor.extract(cmd)) {
                List<Indicator> hits = intel.match(o);
                if (hits.isEmpty()) {
                    continue;
                }
                boolean downloading = isDownload(cmd);
                AlertType t = downloading ? download : commandLine;
                out.accept(new Detection(downloading ? DOWNLOAD_RULE : COMMAND_LINE_RULE, t, t.severity(), event,
                        "cmdline", cmd, o.value() + ": " + describe(hits.get(0))));
                return; // one detection per command line: the first listed observable tells the story
            }
        } else if (event instanceof DnsQuery q) {
            List<Indicator> hits = intel.matchDomain(q.queryName());
            if (!hits.isEmpty()) {
                out.accept(new Detection(DNS_QUERY_RULE, dnsQuery, dnsQuery.severity(), event, "query",
                        q.queryName(), q.queryName() + ": " + describe(hits.get(0))));
            }
        } else if (event instanceof FtpLogin f && f.clientIp() != null) {
            List<Indicator> hits = intel.matchIp(f.clientIp());
            if (!hits.isEmpty()) {
                // A listed address that got in is worse than one that only tried: say which, and
                // raise a successful login to High so the alert does not read as attempts only.
                Severity sev = f.success() ? Severity.HIGH : clientIp.severity();
                out.accept(new Detection(FTP_CLIENT_IP_RULE, clientIp, sev, event, "ftp_client_ip",
                        f.clientIp(), (f.success() ? "logged in as " : "failed login as ")
                        + (f.user() == null ? "(unknown user)" : f.user()) + "; " + describe(hits.get(0))));
            }
        }
    }

    private static boolean isDownload(String cmd) {
        String c = cmd.toLowerCase(Locale.ROOT);
        for (String d : DOWNLOADERS) {
            int i = c.indexOf(d);
            if (i >= 0 && (i == 0 || !Character.isLetterOrDigit(c.charAt(i - 1)))) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Indicator i) {
        return "listed in " + i.feed() + " as " + i.value() + " (confidence " + i.confidence() + ")"
                + (i.description() == null || i.description().isBlank() ? "" : ": " + i.description());
    }
}
