package dev.vigil.cli;

import dev.vigil.detect.Detector;
import dev.vigil.enrich.AlertEnricher;
import dev.vigil.enrich.CrawlerClaims;
import dev.vigil.enrich.CrawlerVerifier;
import dev.vigil.enrich.GeoIpEnricher;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The enrichment options of {@code scan} and {@code watch} (a mixin inside
 * {@link DetectionOptions}): GeoIP/ASN from MaxMind files and crawler verification by DNS, both
 * off unless asked for, since one reads files the user provides and the other sends DNS queries.
 * See docs/enrichment.md.
 *
 * <p>One instance per command invocation; not thread-safe.
 */
final class EnrichmentOptions {
    /** Client addresses whose crawler claim is remembered per run (each costs a map entry). */
    static final int MAX_CLAIMS = 100_000;

    @Option(names = "--geoip", paramLabel = "FILE",
            description = "Add the country and city of each alert's client address from this MaxMind City or "
                    + "Country database (GeoLite2-City.mmdb; you provide it, Vigil ships no data).")
    Path geoip;

    @Option(names = "--asn", paramLabel = "FILE",
            description = "Add the autonomous system and organisation of each alert's client address from this "
                    + "MaxMind ASN database (GeoLite2-ASN.mmdb).")
    Path asn;

    @Option(names = "--verify-crawlers",
            description = "For alerts about a client whose user agent claims to be Googlebot, Bingbot, Applebot, "
                    + "YandexBot, Baiduspider or DuckDuckBot: check it by reverse then forward DNS against the "
                    + "owner's domains and add the verdict (verified, not verified, unknown). Sends DNS queries: "
                    + "at most 1000 an hour, 2 s each, answers cached for a day.")
    boolean verifyCrawlers;

    @Option(names = "--dns-server", paramLabel = "ADDRESS[:PORT]",
            description = "With --verify-crawlers: the DNS resolver to ask (default: the system's).")
    String dnsServer;

    private CrawlerClaims claims;
    private GeoIpEnricher geo;

    /** The detectors enrichment needs beside the others: the crawler claims, when verifying. */
    List<Detector> detectors() {
        if (!verifyCrawlers) {
            return List.of();
        }
        if (claims == null) {
            claims = new CrawlerClaims(MAX_CLAIMS);
        }
        return List.of(claims); // the same instance the verifier reads
    }

    /** The enricher for these options, the files opened and checked now (a wrong one is a usage error). */
    AlertEnricher enricher(CommandLine cmd) {
        if (dnsServer != null && !verifyCrawlers) {
            throw new CommandLine.ParameterException(cmd, "--dns-server is for --verify-crawlers");
        }
        List<AlertEnricher> list = new ArrayList<>();
        if (geoip != null || asn != null) {
            try {
                geo = GeoIpEnricher.open(geoip, asn);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cmd, e.getMessage());
            }
            list.add(geo);
        }
        if (verifyCrawlers) {
            if (claims == null) {
                detectors();
            }
            list.add(new CrawlerVerifier(claims, resolver(cmd), CrawlerVerifier.Options.defaults(),
                    System::currentTimeMillis));
        }
        return AlertEnricher.chain(list);
    }

    private Resolver resolver(CommandLine cmd) {
        if (dnsServer == null) {
            return new ExtendedResolver();
        }
        String host = dnsServer;
        int port = 53;
        int colon = dnsServer.lastIndexOf(':');
        // ADDRESS:PORT for IPv4 and names; [v6]:PORT for IPv6; a bare v6 address has no port
        if (dnsServer.startsWith("[") && dnsServer.contains("]")) {
            host = dnsServer.substring(1, dnsServer.indexOf(']'));
            String rest = dnsServer.substring(dnsServer.indexOf(']') + 1);
            port = rest.startsWith(":") ? port(cmd, rest.substring(1)) : 53;
        } else if (colon > 0 && dnsServer.indexOf(':') == colon) {
            host = dnsServer.substring(0, colon);
            port = port(cmd, dnsServer.substring(colon + 1));
        }
        try {
            return new SimpleResolver(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (UnknownHostException e) {
            throw new CommandLine.ParameterException(cmd, "--dns-server '" + dnsServer + "': unknown host");
        }
    }

    private int port(CommandLine cmd, String s) {
        try {
            int p = Integer.parseInt(s);
            if (p > 0 && p < 65536) {
                return p;
            }
        } catch (NumberFormatException e) {
            // the usage error below
        }
        throw new CommandLine.ParameterException(cmd, "--dns-server '" + dnsServer + "': expected ADDRESS or ADDRESS:PORT");
    }

    /** Unmaps the GeoIP files. */
    void close() {
        if (geo != null) {
            geo.close();
        }
    }
}
