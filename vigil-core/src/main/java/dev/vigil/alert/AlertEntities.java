package dev.vigil.alert;

import dev.vigil.event.DnsQuery;
import dev.vigil.event.DnsRecord;
import dev.vigil.event.Event;
import dev.vigil.event.FtpLogin;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.ProcessStart;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The entity keys of {@link Alert#entities()} and how an event fills them. Flat string keys keep
 * alerts simple to store and match; the exporters shape them into Defender's entity objects
 * ({@code ip}, {@code host}, {@code url}, {@code file}, {@code process} with its image file).
 *
 * <p>Static and thread-safe.
 */
public final class AlertEntities {
    public static final String IP = "ip";
    public static final String HOST = "host";
    /** The request path, without the query (which holds the payload, already in the evidence). */
    public static final String URL = "url";
    /** The file a request or command named: its full path. */
    public static final String FILE = "file";
    public static final String PROCESS_ID = "process.pid";
    public static final String PROCESS_COMMAND_LINE = "process.commandLine";
    public static final String PROCESS_IMAGE_FILE = "process.imageFile";
    public static final String PROCESS_PARENT_IMAGE_FILE = "process.parentImageFile";
    /** Executables of the ancestors, nearest first, joined by {@code " -> "}. */
    public static final String PROCESS_ANCESTRY = "process.ancestry";
    public static final String PROCESS_USER = "process.user";
    /** A DNS name an event looked up or a zone record points at. */
    public static final String DNS = "dns";
    /** The account an event logged in (or tried to log in) as. */
    public static final String ACCOUNT = "account";

    // Enrichment (dev.vigil.enrich): facts about the client address from outside the logs, added
    // after grouping; the exporters put them on the ip entity.
    /** ISO 3166 country code of the client address (GeoIP). */
    public static final String IP_COUNTRY_CODE = "ip.countryCode";
    public static final String IP_COUNTRY = "ip.country";
    public static final String IP_CITY = "ip.city";
    /** The autonomous system, as {@code AS15169}. */
    public static final String IP_ASN = "ip.asn";
    /** The organisation holding the autonomous system. */
    public static final String IP_ORG = "ip.org";
    /** The crawler the client's user agent claimed to be, such as {@code Googlebot}. */
    public static final String CRAWLER = "crawler";
    /** {@code verified}, {@code not verified (why)} or {@code unknown (why)}. */
    public static final String CRAWLER_VERIFICATION = "crawler.verification";
    /** The reverse DNS name checked. */
    public static final String CRAWLER_HOST = "crawler.host";

    private AlertEntities() {}

    /** The entities one event names; absent fields are left out, never stored as null. */
    public static Map<String, String> of(Event e) {
        Map<String, String> m = new LinkedHashMap<>();
        if (e instanceof HttpRequest r) {
            put(m, IP, r.clientIp());
            put(m, HOST, r.host());
            String path = r.path();
            put(m, URL, path);
            if (path != null) {
                int slash = path.lastIndexOf('/');
                String last = path.substring(slash + 1);
                if (last.indexOf('.') > 0) {
                    put(m, FILE, path);
                }
            }
        } else if (e instanceof ProcessStart p) {
            put(m, HOST, p.host());
            if (p.pid() >= 0) {
                m.put(PROCESS_ID, Long.toString(p.pid()));
            }
            put(m, PROCESS_COMMAND_LINE, p.commandLine());
            put(m, PROCESS_IMAGE_FILE, p.exe());
            put(m, PROCESS_PARENT_IMAGE_FILE, p.parentExe());
            if (!p.ancestors().isEmpty()) {
                m.put(PROCESS_ANCESTRY, String.join(" -> ", p.ancestors()));
            }
            put(m, PROCESS_USER, p.user());
            put(m, FILE, p.exe());
        } else if (e instanceof DnsQuery q) {
            put(m, IP, q.clientIp());
            put(m, HOST, q.host());
            put(m, DNS, q.queryName());
        } else if (e instanceof FtpLogin f) {
            put(m, IP, f.clientIp());
            put(m, HOST, f.host());
            put(m, ACCOUNT, f.user());
        } else if (e instanceof DnsRecord d) {
            // The record's own name is what can be taken over: it is the resource of the alert.
            put(m, HOST, d.name());
            put(m, DNS, d.data());
        }
        return m;
    }

    private static void put(Map<String, String> m, String key, String value) {
        if (value != null && !value.isEmpty()) {
            m.put(key, value);
        }
    }

    /** The file name after the last {@code /} or {@code \}. */
    public static String fileName(String path) {
        int i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(i + 1);
    }

    /** The folder before the last {@code /} or {@code \}, or empty. */
    public static String directory(String path) {
        int i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return i <= 0 ? (i == 0 ? path.substring(0, 1) : "") : path.substring(0, i);
    }
}
