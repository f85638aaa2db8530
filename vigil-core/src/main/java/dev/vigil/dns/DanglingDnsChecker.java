package dev.vigil.dns;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.AlertType;
import dev.vigil.detect.Detection;
import dev.vigil.catalogue.Severity;
import dev.vigil.event.DnsRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds DNS records that point at app hosts which no longer exist (DanglingDns), from a zone's
 * records and an inventory of the live app host names and addresses:
 * <ul>
 *   <li>a CNAME whose target is on an app-hosting suffix ({@link AppHostSuffixes}) and not in the
 *       inventory → High, since whoever creates an app of that name serves content under the
 *       record's name; Low when the zone holds the service's domain-verification TXT record for
 *       the name ({@code asuid.<name>} for App Service), which blocks that takeover;</li>
 *   <li>with {@code checkAddresses}, an A or AAAA record whose address is not in the inventory →
 *       High (a released cloud address can be allocated to someone else). Off by default: an
 *       address alone does not say it belonged to an app, so this needs an inventory that lists
 *       every address the zone should point at.</li>
 * </ul>
 * CNAME chains inside the zone are not followed: the last link, the one pointing out of the zone,
 * is the one reported. Detections carry the {@link DnsRecord}, so alerts point at the zone file's
 * line and name the record as their host.
 *
 * <p>Immutable and thread-safe.
 */
public final class DanglingDnsChecker {
    public static final String CNAME_RULE = "dns.dangling-cname";
    public static final String ADDRESS_RULE = "dns.dangling-address";

    private final AlertType type;
    private final AppHostSuffixes suffixes;
    private final boolean checkAddresses;

    public DanglingDnsChecker(AlertCatalogue catalogue, AppHostSuffixes suffixes, boolean checkAddresses) {
        this.type = catalogue.get("DanglingDns");
        this.suffixes = suffixes;
        this.checkAddresses = checkAddresses;
    }

    public List<Detection> check(List<DnsRecord> records, LiveInventory inventory) {
        Set<String> txtNames = new HashSet<>();
        for (DnsRecord r : records) {
            if (r.type().equals("TXT")) {
                txtNames.add(r.name());
            }
        }
        List<Detection> out = new ArrayList<>();
        for (DnsRecord r : records) {
            if (r.type().equals("CNAME")) {
                Optional<AppHostSuffixes.Service> svc = suffixes.serviceOf(r.data());
                if (svc.isEmpty() || inventory.hasHost(r.data())) {
                    continue;
                }
                String guard = verification(r.name(), svc.get(), txtNames);
                Severity sev = guard == null ? type.severity() : Severity.LOW;
                String why = r.name() + " CNAME " + r.data() + ": no live app of that name on " + svc.get().suffix()
                        + (guard == null
                                ? "; anyone who creates it serves content as " + r.name()
                                : "; the TXT record " + guard + " blocks a takeover");
                out.add(new Detection(CNAME_RULE, type, sev, r, "cname", r.data(), why));
            } else if (checkAddresses && (r.type().equals("A") || r.type().equals("AAAA"))
                    && !inventory.hasAddress(r.data())) {
                out.add(new Detection(ADDRESS_RULE, type, type.severity(), r, "address", r.data(),
                        r.name() + " " + r.type() + " " + r.data() + ": the address is not in the inventory of live addresses"));
            }
        }
        return out;
    }

    /** The verification TXT record's name that protects {@code name}, or null. */
    private static String verification(String name, AppHostSuffixes.Service svc, Set<String> txtNames) {
        for (String prefix : svc.txtPrefixes()) {
            if (prefix.endsWith("*")) {
                String p = prefix.substring(0, prefix.length() - 1);
                String tail = "." + name;
                for (String t : txtNames) {
                    if (t.endsWith(tail) && t.startsWith(p) && t.indexOf('.') == t.length() - tail.length()) {
                        return t;
                    }
                }
            } else if (txtNames.contains(prefix + "." + name)) {
                return prefix + "." + name;
            }
        }
        return null;
    }
}
