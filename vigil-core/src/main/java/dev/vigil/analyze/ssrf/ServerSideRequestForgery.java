package dev.vigil.analyze.ssrf;

import java.util.List;
import java.util.Optional;

/**
 * Decides whether a decoded value is a URL that would make the server fetch from somewhere only
 * the server can reach: loopback, private and link-local networks, cloud instance metadata
 * services, cluster-internal names, or DNS names that resolve back to such addresses. Also URL
 * schemes that turn a fetch into a raw protocol client ({@code gopher}, {@code dict}, {@code ldap},
 * {@code tftp}, {@code jar}, {@code netdoc}).
 *
 * <p>The URL is parsed the way lenient fetchers parse it: the host after the last {@code @} (and
 * also any other piece between {@code @}, {@code #}, {@code \} that parsers disagree on), up to the
 * first character that cannot be part of a host ({@code http://127.0.0.1!/}). An IPv4 host is read
 * as {@code inet_aton} does: one to four parts, each decimal, octal ({@code 0177}) or hexadecimal
 * ({@code 0x7f}), the last filling the remaining bytes ({@code 127.1}, {@code 2130706433},
 * {@code 0x7f000001}). An IPv6 host is expanded ({@code [::]}, {@code [0:0::1]}), and IPv4-mapped,
 * -compatible and NAT64 forms are read as their IPv4 address. Hosts were already case-folded and
 * NFKC-folded by the shared decoder, so enclosed digits ({@code ①②⑦}) arrive as ASCII.
 *
 * <p>In a parameter the value must start with a URL (or a host followed by a port or path, so
 * that a bare word such as {@code localhost} is not taken for one); in the request path a URL
 * embedded after a segment counts ({@code /proxy/http://10.0.0.1/}), as does one that is the value
 * of a path (matrix) parameter ({@code /fetch;src=http://10.0.0.1/}), and so does a URL nested in
 * another URL's query ({@code https://redirector.example/?to=http://127.0.0.1/}). A single-label
 * host ({@code http://docker/}) resolves only through an internal DNS search domain.
 *
 * <p>Linear in the value's length. Stateless and thread-safe.
 */
public final class ServerSideRequestForgery {

    static final int MAX_LEN = 4096;

    /** Names that resolve to loopback, the metadata service or anything written in them. */
    private static final List<String> REBINDING_SUFFIXES = List.of("nip.io", "xip.io", "sslip.io", "nip.direct",
            "localtest.me", "lvh.me", "vcap.me", "localh.st", "traefik.me", "1u.ms", "rbndr.us", "lock.cmpxchg8b.com",
            "fbi.com.localtest.me", "readme.localtest.me", "yoogle.com", "spoofed.burpcollaborator.net",
            "localhost.run");

    /** Cloud and orchestrator metadata service names (AWS, GCP, Azure, Alibaba, Tencent, Oracle, OpenStack, Rancher, Kubernetes). */
    private static final List<String> METADATA_NAMES = List.of("metadata.google.internal", "metadata.goog",
            "metadata", "instance-data", "instance-data.ec2.internal", "metadata.azure.com", "metadata.tencentyun.com",
            "metadata.platformequinix.com", "rancher-metadata", "kubernetes", "kubernetes.default",
            "kubernetes.default.svc", "kubernetes.default.svc.cluster.local", "169.254.169.254.nip.io",
            "metadata.oraclecloud.com", "metadata.packet.net");

    /**
     * Internal-only top-level names and suffixes (.consul: HashiCorp Consul's service and node names,
     * served by its own DNS inside the network only).
     */
    private static final List<String> INTERNAL_SUFFIXES = List.of(".internal", ".local", ".localdomain", ".localhost",
            ".svc", ".svc.cluster.local", ".cluster.local", ".intranet", ".corp", ".lan", ".home.arpa", ".consul");

    private static final List<String> RAW_SCHEMES = List.of("gopher", "dict", "ldap", "ldaps", "tftp", "jar", "netdoc",
            "sftp", "smb", "telnet", "imap", "pop3", "smtp", "rtsp", "mysql", "redis", "mongodb", "postgres", "memcache",
            "fastcgi", "zookeeper");

    /**
     * Schemes a server-side fetcher follows to a host name. Only under these is a single-label host
     * an internal name: other schemes with {@code //} are identifiers and app links
     * ({@code gid://shopify/Product/1}, {@code spotify://}, {@code vscode://}), never resolved.
     */
    private static final List<String> FETCH_SCHEMES = List.of("http", "https", "ftp", "ftps", "ws", "wss");

    private static final List<String> NO_HOST_SCHEMES = List.of("data", "javascript", "vbscript", "about", "blob",
            "mailto", "file", "php", "expect", "zip", "phar", "glob");

    private ServerSideRequestForgery() {
    }

    /** @return a short reason (e.g. "loopback 127.0.0.1 in url", "gopher: url"), or empty. Never throws. */
    public static Optional<String> detect(String decoded) {
        return detect(decoded, false);
    }

    /** @param isPath whether the value is the request path (URLs embedded after a segment count there) */
    public static Optional<String> detect(String decoded, boolean isPath) {
        if (decoded == null || decoded.length() < 4) {
            return Optional.empty();
        }
        try {
            String s = decoded.length() > MAX_LEN ? decoded.substring(0, MAX_LEN) : decoded;
            if (!isPath && s.indexOf('\\') >= 0) {
                String u = dev.vigil.analyze.JsEscapes.decode(s);
                if (u != null && u.indexOf('\\') < 0) {
                    // read only as unescaped: as sent, "\\u002f" would be a backslash and a host
                    return detect(u, false).map(x -> x + " (js escapes)");
                }
            }
            if (isPath) {
                int i = s.indexOf(":/");
                for (int tries = 0; i > 0 && tries < 4; tries++) {
                    int start = i - 1;
                    while (start > 0 && schemeChar(s.charAt(start - 1))) {
                        start--;
                    }
                    if (start > 0 && (s.charAt(start - 1) == '/' || matrixValue(s, start))) {
                        String hit = url(s, start, true);
                        if (hit != null) {
                            return Optional.of(hit);
                        }
                    }
                    i = s.indexOf(":/", i + 2);
                }
                return Optional.empty();
            }
            int start = 0;
            while (start < s.length() && (s.charAt(start) == ' ' || s.charAt(start) == '"' || s.charAt(start) == '\'')) {
                start++;
            }
            String hit = url(s, start, false);
            if (hit == null) {
                // a URL carried in another URL's query: a redirector or proxy fetches it in turn
                int at = s.indexOf("://", start + 1);
                for (int tries = 0; at > 0 && hit == null && tries < 4; tries++) {
                    int b = at;
                    while (b > 0 && schemeChar(s.charAt(b - 1))) {
                        b--;
                    }
                    if (b > start && b < at) {
                        String inner = url(s, b, false);
                        hit = inner == null ? null : inner + " (nested)";
                    }
                    at = s.indexOf("://", at + 3);
                }
            }
            return Optional.ofNullable(hit);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether {@code start} opens the value of a path (matrix) parameter, {@code /a;name=VALUE}
     * (RFC 3986 section 3.3): Tomcat, Jetty, Spring and JAX-RS {@code @MatrixParam} hand it to the
     * application like a query parameter.
     */
    static boolean matrixValue(String s, int start) {
        if (start < 3 || s.charAt(start - 1) != '=') {
            return false;
        }
        for (int k = start - 2; k >= 0 && start - k < 64; k--) {
            char c = s.charAt(k);
            if (c == ';') {
                return k < start - 2;
            }
            if (c == '/' || c == '=' || c == '?') {
                return false;
            }
        }
        return false;
    }

    private static boolean schemeChar(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '.' || c == '-';
    }

    /** Judges the URL (or bare host) at {@code at}. */
    static String url(String s, int at, boolean inPath) {
        int n = s.length();
        int i = at;
        String scheme = null;
        int j = i;
        while (j < n && j - i < 20 && schemeChar(s.charAt(j))) {
            j++;
        }
        if (j < n && j > i && s.charAt(j) == ':' && s.charAt(i) >= 'a' && s.charAt(i) <= 'z') {
            String sc = s.substring(i, j);
            // c:/ is a drive, not a scheme; a host:port has digits after the colon
            if (sc.length() > 1 && !(j + 1 < n && Character.isDigit(s.charAt(j + 1)))) {
                scheme = sc;
                i = j + 1;
            }
        }
        int slashCount = 0;
        while (i < n && (s.charAt(i) == '/' || s.charAt(i) == '\\') && i - at < 40) {
            i++;
            slashCount++;
        }
        // one slash starts a path; after a scheme lenient parsers take http:/host too
        boolean slashes = slashCount >= 2 || scheme != null && slashCount == 1;
        if (slashCount == 1 && scheme == null) {
            return null;
        }
        if (scheme == null && slashCount == 0 && s.indexOf(':', i) < 0 && s.indexOf('/', i) < 0 && s.indexOf('?', i) < 0) {
            return null; // a bare value without a port or path is no host (the common case)
        }
        if (scheme != null && RAW_SCHEMES.contains(scheme) && (slashes || scheme.equals("jar") || scheme.equals("netdoc"))) {
            return scheme + ": url";
        }
        if (scheme != null && NO_HOST_SCHEMES.contains(scheme)) {
            return null; // data://text/plain names no host; file:// is a file read (the traversal detector's)
        }
        if (scheme == null && !slashes && inPath) {
            return null;
        }
        if (scheme != null && !slashes && !scheme.startsWith("http")) {
            return null; // mailto:x, urn:y
        }
        // the authority: up to the first / ? # or blank; '\' ends it for WHATWG parsers, not for others
        int end = i;
        while (end < n) {
            char c = s.charAt(end);
            if (c == '/' || c == '?' || c == ' ' || c == '"' || c == '\'' || c == '<' || c == '>') {
                break;
            }
            end++;
        }
        if (end == i || end - i > 255) {
            return null;
        }
        String authority = s.substring(i, end);
        // a bare host counts only with a port or a path that names something: 10.0.0.0/8 is a network
        boolean followed = end < n && (s.charAt(end) == '?'
                || s.charAt(end) == '/' && end + 1 < n && s.charAt(end + 1) >= 'a' && s.charAt(end + 1) <= 'z');
        boolean urlShaped = scheme != null || slashes;
        // every piece parsers may take for the host: after each @, before and after # and \
        String best = null;
        int from = 0;
        for (int k = 0; k <= authority.length(); k++) {
            char c = k < authority.length() ? authority.charAt(k) : '@';
            if (c == '@' || c == '#' || c == '\\' || c == '&' || c == ';') {
                String piece = authority.substring(from, k);
                String v = host(piece, urlShaped, scheme != null && FETCH_SCHEMES.contains(scheme),
                        followed || piece.indexOf(':') >= 0, followed);
                if (v != null) {
                    best = v;
                    break;
                }
                from = k + 1;
            }
        }
        if (best != null) {
            return best + (urlShaped ? " in url" : " as host");
        }
        return null;
    }

    /** Characters that Unicode compatibility mapping folds to ASCII letters or digits. */
    private static boolean compatibility(char c) {
        return c >= '\u2460' && c <= '\u24ff' // enclosed alphanumerics
                || c >= '\uff10' && c <= '\uff5a' // full-width digits and letters
                || c == '\ud835' // the high surrogate of the mathematical alphanumeric symbols
                || c >= '\u2070' && c <= '\u209c'; // superscripts and subscripts
    }

    /** Four dotted parts, all decimal digits, one of them above 255. */
    private static boolean outOfRangeQuad(String name) {
        int parts = 0;
        int v = 0;
        int len = 0;
        boolean over = false;
        for (int k = 0; k <= name.length(); k++) {
            char c = k < name.length() ? name.charAt(k) : '.';
            if (c == '.') {
                if (len == 0 || len > 10) {
                    return false;
                }
                over |= v > 255;
                parts++;
                v = 0;
                len = 0;
            } else if (c >= '0' && c <= '9') {
                v = len < 9 ? v * 10 + (c - '0') : Integer.MAX_VALUE;
                len++;
            } else {
                return false;
            }
        }
        return parts == 4 && over;
    }

    private static int dots(String s) {
        int d = 0;
        for (int i = 0; i < s.length(); i++) {
            d += s.charAt(i) == '.' ? 1 : 0;
        }
        return d;
    }

    /**
     * Judges one host[:port] piece; {@code urlShaped} when a scheme or // came before it,
     * {@code pathFollows} when a path or query follows the authority.
     */
    static String host(String piece, boolean urlShaped, boolean fetchScheme, boolean withPortOrPath, boolean pathFollows) {
        String h = piece;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0 || !urlShaped && !(close + 1 < h.length() && h.charAt(close + 1) == ':')) {
                return null; // bare brackets without a scheme or a port are no URL
            }
            String v6 = h.substring(1, close);
            int zone = v6.indexOf('%');
            if (zone >= 0) {
                v6 = v6.substring(0, zone);
            }
            return Ipv6.judge(v6);
        }
        if (urlShaped && !h.isEmpty() && compatibility(h.charAt(0))) {
            // circled, full-width or mathematical letters and digits: IDNA's compatibility mapping
            // (NFKC) turns them into ASCII, so a filter sees no known host and the fetcher reaches one
            String folded = java.text.Normalizer.normalize(h, java.text.Normalizer.Form.NFKC).toLowerCase(java.util.Locale.ROOT);
            if (!folded.isEmpty() && folded.charAt(0) < 0x80 && !compatibility(folded.charAt(0))) {
                return "host in compatibility characters (" + (folded.length() > 40 ? folded.substring(0, 40) : folded) + ")";
            }
        }
        // the host ends at the first character no host has (parsers that stop there connect to what came before)
        int e = 0;
        while (e < h.length()) {
            char c = h.charAt(e);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_')) {
                break;
            }
            e++;
        }
        if (e < h.length() && h.charAt(e) > 0x7f && Character.isLetterOrDigit(h.charAt(e))) {
            return null; // an internationalised name (caf\u00e9.example): not the ASCII prefix before it
        }
        boolean port = e < h.length() && h.charAt(e) == ':';
        String name = h.substring(0, e);
        while (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.isEmpty()) {
            return null;
        }
        if (!urlShaped && !(withPortOrPath || port)) {
            return null; // a bare word: server=localhost is a setting, not a URL
        }
        if (!urlShaped && !name.startsWith("localhost") && dots(name) != 3 && (dots(name) == 0 || Character.isDigit(name.charAt(0)))) {
            return null; // bare: a dotted quad, localhost or a dotted name; not 10.5/api or metadata/name
        }
        if (urlShaped && outOfRangeQuad(name)) {
            // 425.510.425.510: no address and no name (a name's last label is never all digits);
            // parsers that keep the low byte of each part reach an address a filter never saw
            return "out-of-range IPv4 parts " + name;
        }
        long ip = Ipv4Forms.parse(name);
        if (ip >= 0) {
            String why = Ipv4Forms.internal(ip);
            if (why != null && !urlShaped && !pathFollows && port && (why.equals("private") || why.startsWith("shared"))
                    && name.equals(Ipv4Forms.dotted(ip))) {
                // a bare 10.0.1.15:9100 is how monitoring and admin tools name a service (Grafana's
                // instance variable, a Prometheus target): a setting, not a URL; loopback, link-local,
                // metadata and re-spelled addresses stay, as do a scheme, // or a path after the port
                return null;
            }
            if (why != null && (urlShaped || port || withPortOrPath)) {
                return why + " " + Ipv4Forms.dotted(ip);
            }
            return null;
        }
        if (name.equals("localhost") || name.startsWith("localhost") && name.length() <= 10
                || name.equals("ip6-localhost") || name.equals("ip6-loopback") || name.equals("ipv6-localhost")
                || name.equals("loopback")) {
            return "loopback name " + name;
        }
        if (METADATA_NAMES.contains(name)) {
            return "metadata service " + name;
        }
        for (String r : REBINDING_SUFFIXES) {
            if (name.equals(r) || name.endsWith("." + r)) {
                return "rebinding name " + name;
            }
        }
        if (fetchScheme && name.indexOf('.') < 0 && !Character.isDigit(name.charAt(0)) && name.length() <= 63) {
            return "single-label host " + name; // resolves only through an internal search domain
        }
        for (String sfx : INTERNAL_SUFFIXES) {
            if (name.endsWith(sfx) && name.length() > sfx.length()) {
                return "internal name " + name;
            }
        }
        return null;
    }
}
