package dev.vigil.analyze.redirect;

import java.util.Optional;

/**
 * Decides whether a decoded parameter value is a URL shaped to pass an open-redirect filter while
 * a browser reads it as another origin: the parser differences of RFC 3986 and the WHATWG URL
 * standard that redirect allow-lists miss.
 *
 * <ul>
 * <li>slash confusion at the start: three or more slashes, a backslash among them ({@code /\},
 *     {@code \\}), a blank after {@code //}, or a Unicode look-alike of a slash after {@code /};</li>
 * <li>a scheme after a leading slash ({@code /https://x}), or a scheme with a malformed slash run
 *     ({@code https:///x}, {@code http:\\x}, {@code http:x.example});</li>
 * <li>user information in an absolute or protocol-relative URL ({@code https://trusted@other},
 *     {@code //trusted.example?@other}), which allow-lists compare by prefix;</li>
 * <li>a protocol-relative URL ({@code //other.example}), which no same-site redirect needs;</li>
 * <li>a fragment or query right after the host that starts like a domain suffix
 *     ({@code https://other.example#.trusted.example}), made for allow-lists that test the end;</li>
 * <li>in a path: an absolute URL as a later segment ({@code /go/https://other.example}), the
 *     form of redirect endpoints that take their target from the path.</li>
 * </ul>
 *
 * <p>The value is first read as the WHATWG URL parser reads input: leading C0 controls and spaces
 * are dropped and every tab and line break removed ({@code /%09/other.example} is {@code //other.example}
 * to a browser).
 *
 * <p>Linear in the value's length. Stateless and thread-safe.
 */
public final class OpenRedirect {

    private OpenRedirect() {
    }

    /** @return a short reason, or empty. Never throws. */
    public static Optional<String> detect(String decoded) {
        return detect(decoded, null);
    }

    /**
     * As {@link #detect(String)}, and also the value as logged ({@code raw}, may be null): an
     * absolute URL sent with its scheme in clear but a delimiter percent-encoded inside its host
     * ({@code http://trusted.example%2eother.example}, {@code http://other.example%2f%2f.trusted.example}),
     * which an allow-list reads encoded and the server decodes before redirecting; a target ending
     * in an encoded slash and a dot-dot ({@code /other.example/%2f..}), for redirectors that
     * normalise the path after checking it.
     *
     * @return a short reason, or empty. Never throws.
     */
    public static Optional<String> detect(String decoded, String raw) {
        if (decoded == null || decoded.length() < 3) {
            return Optional.empty();
        }
        if (raw != null && raw.length() < 2048 && raw.indexOf('%') >= 0 && encodedCandidate(raw)) {
            String why = encodedInHost(raw.toLowerCase(java.util.Locale.ROOT));
            if (why != null) {
                return Optional.of(why);
            }
        }
        try {
            String v = browserInput(decoded.length() > 2048 ? decoded.substring(0, 2048) : decoded);
            String why = judge(v);
            if (why == null) {
                why = escapedScheme(v);
            }
            if (why == null) {
                why = nested(v);
            }
            return Optional.ofNullable(why);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * A target written in JavaScript string escapes ({@code \x6a\x61...}, {@code \152\141...},
     * {@code \u006a...}), for a page that puts the parameter into {@code location} from a script:
     * the unescaped text is a {@code javascript:} URL or a target {@link #judge} names.
     */
    private static String escapedScheme(String s) {
        if (s.length() < 8 || s.charAt(0) != '\\') {
            return null;
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), 300));
        int n = Math.min(s.length(), 1200);
        int escapes = 0;
        for (int i = 0; i < n && b.length() < 300; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < n) {
                char d = s.charAt(i + 1);
                int v = -1;
                int len = 0;
                if ((d == 'x' || d == 'X') && i + 3 < n) {
                    v = hex(s, i + 2, 2);
                    len = 4;
                } else if (d == 'u' && i + 5 < n) {
                    v = hex(s, i + 2, 4);
                    len = 6;
                } else if (d >= '0' && d <= '7') {
                    int k = i + 1;
                    v = 0;
                    while (k < n && k < i + 4 && s.charAt(k) >= '0' && s.charAt(k) <= '7') {
                        v = v * 8 + (s.charAt(k) - '0');
                        k++;
                    }
                    len = k - i;
                }
                if (v >= 0) {
                    b.append((char) v);
                    escapes++;
                    i += len - 1;
                    continue;
                }
            }
            b.append(c);
        }
        if (escapes < 2) {
            return null;
        }
        String u = b.toString().toLowerCase(java.util.Locale.ROOT).strip();
        if (u.startsWith("javascript:") || u.startsWith("vbscript:") || u.startsWith("data:")) {
            return "script scheme in string escapes";
        }
        String why = judge(browserInput(u.isEmpty() ? " " : u));
        return why == null ? null : why + " in string escapes";
    }

    private static int hex(String s, int from, int len) {
        int v = 0;
        for (int k = from; k < from + len; k++) {
            int d = Character.digit(s.charAt(k), 16);
            if (d < 0) {
                return -1;
            }
            v = v * 16 + d;
        }
        return v;
    }

    /**
     * A relative target that is itself a redirector's URL ({@code /redirect?url=/\\other.example}):
     * each value of its query is read as a target in turn (one level).
     */
    private static String nested(String s) {
        int q = s.indexOf('?');
        if (q < 0 || q > 200 || s.indexOf('=', q) < 0) {
            return null;
        }
        int n = s.length();
        int start = q + 1;
        while (start < n) {
            int amp = s.indexOf('&', start);
            int end = amp < 0 ? n : amp;
            int eq = s.indexOf('=', start);
            if (eq > start && eq < end - 2) {
                String why = judge(s.substring(eq + 1, end));
                if (why != null) {
                    return why + " nested in a redirector's query";
                }
            }
            start = end + 1;
        }
        return null;
    }

    /**
     * A decoded request path: an absolute http(s) URL as a segment after the first
     * ({@code /out/https://other.example/}), or any form {@link #detect} names there.
     *
     * @return a short reason, or empty. Never throws.
     */
    public static Optional<String> detectInPath(String decoded) {
        return detectInPath(decoded, null);
    }

    /**
     * As {@link #detectInPath(String)}, and also the path as logged ({@code raw}, may be null), whose
     * encoded backslashes and tabs the canonical path no longer shows: a later segment that a
     * browser would read as the start of a protocol-relative URL ({@code /go/%5Cother.example},
     * {@code /go/%09/other.example}, {@code /go/%5C/%5C/other.example}) or that starts with a
     * look-alike of a slash ({@code /go/\u3035other.example}).
     *
     * @return a short reason, or empty. Never throws.
     */
    public static Optional<String> detectInPath(String decoded, String raw) {
        try {
            if (raw != null && raw.length() > 5 && raw.length() < 2048 && (raw.charAt(1) == '/' || raw.charAt(1) == '\\'
                    || raw.charAt(1) == '%')) {
                String why = rawPathStart(raw);
                if (why != null) {
                    return Optional.of(why);
                }
            }
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (decoded == null || decoded.length() < 10 || imageProxy(decoded)) {
            return Optional.empty();
        }
        try {
            String p = browserInput(decoded.length() > 2048 ? decoded.substring(0, 2048) : decoded);
            int n = p.length();
            for (int i = p.indexOf('/', 1); i > 0 && i < n - 4; i = p.indexOf('/', i + 1)) {
                if (slashLike(p.charAt(i + 1)) && dottedHost(p, i + 2)) {
                    return Optional.of("look-alike slash before a host in the path");
                }
            }
            if (raw != null && raw.indexOf('%') > 0 && rawPathCandidate(raw)) {
                String why = rawPathSlashes(raw);
                if (why != null) {
                    return Optional.of(why);
                }
            }
            for (int i = p.indexOf('/', 1); i > 0 && i < n - 1; i = p.indexOf('/', i + 1)) {
                int j = i + 1;
                if (p.charAt(j) != 'h' && p.charAt(j) != 'H') {
                    continue;
                }
                String rest = lower(p, j);
                if (schemeEnd(rest, 0) < 0) {
                    continue;
                }
                String why = judge(rest);
                if (why != null) {
                    return Optional.of(why + " in the path");
                }
                // a path's slashes are canonical (runs collapsed, backslashes turned): one or none is left
                int k = schemeEnd(rest, 0) + 1;
                if (k < rest.length() && rest.charAt(k) == '/') {
                    k++;
                }
                if (k < rest.length() && hostStart(rest.charAt(k))) {
                    return Optional.of("absolute url as a path segment");
                }
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Cheap test before any copy: a clear-text scheme near the start, or a value that ends in dots. */
    private static boolean encodedCandidate(String raw) {
        int c = raw.indexOf("://");
        return c == 4 || c == 5 || raw.endsWith("..") || raw.endsWith("%2e") || raw.endsWith("%2E");
    }

    /** The raw value, lower-cased: see {@link #detect(String, String)}. */
    private static String encodedInHost(String r) {
        int n = r.length();
        if (r.endsWith("/%2f..") || r.endsWith("/%2f%2e%2e")) {
            int body = r.startsWith("http") ? r.indexOf("://") + 3 : r.startsWith("/") ? 1 : -1;
            if (body > 0 && dottedHost(r, body)) {
                return "encoded slash and dot-dot after a host";
            }
        }
        int c = r.indexOf("://");
        if (c < 4 || c > 5 || !r.startsWith("http")) {
            return null;
        }
        int k = c + 3;
        int labels = 0;
        while (k < n && k < c + 260) {
            char ch = r.charAt(k);
            if (ch == '/' || ch == '?' || ch == '#' || ch == '\\') {
                return null;
            }
            if (ch == '%' && k + 2 < n) {
                String e = r.substring(k + 1, k + 3);
                if ((e.equals("2e") || e.equals("2f") || e.equals("5c") || e.equals("40") || e.equals("3f")
                        || e.equals("23")) && labels > 0) {
                    return "encoded delimiter inside the host of a url";
                }
                k += 3;
                continue;
            }
            if (ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '-') {
                labels++;
            }
            k++;
        }
        return null;
    }

    /** Cheap test before reading segments: an encoded backslash or tab, a backslash, or a trailing encoded dot-dot. */
    private static boolean rawPathCandidate(String raw) {
        int q = raw.indexOf('?');
        String p = q >= 0 ? raw.substring(0, q) : raw;
        return p.indexOf('\\') >= 0 || p.contains("%5c") || p.contains("%5C") || p.contains("%09")
                || p.endsWith("..") || p.endsWith("%2e") || p.endsWith("%2E");
    }

    /**
     * In the path as logged, after the first segment: an encoded backslash or tab, or a run of them
     * with slashes, followed by a dotted host name: {@code /x/%5Cother.example}, {@code /x/%09/other.example}.
     */
    private static String rawPathSlashes(String raw) {
        String r = raw.length() > 2048 ? raw.substring(0, 2048) : raw;
        int n = r.length();
        int q = r.indexOf('?');
        if (q >= 0) {
            n = q;
        }
        String lowTail = r.substring(Math.max(0, n - 12), n).toLowerCase(java.util.Locale.ROOT);
        boolean dotDotTail = lowTail.endsWith("/%2f..") || lowTail.endsWith("/%2f%2e%2e");
        for (int i = r.indexOf('/', 1); i > 0 && i < n - 4; i = r.indexOf('/', i + 1)) {
            int j = i + 1;
            boolean odd = false;
            while (j < n) {
                if (r.charAt(j) == '/') {
                    j++;
                } else if (r.charAt(j) == '\\') {
                    odd = true;
                    j++;
                } else if (r.startsWith("%5c", j) || r.startsWith("%5C", j) || r.startsWith("%09", j)) {
                    odd = true;
                    j += 3;
                } else if (r.startsWith("%2f", j) || r.startsWith("%2F", j)) {
                    j += 3;
                } else {
                    break;
                }
            }
            if (odd && j < n && dottedHost(r.substring(j, n).toLowerCase(java.util.Locale.ROOT), 0)) {
                return "backslash or tab before a host in the path";
            }
            if (dotDotTail && dottedHost(r.substring(i + 1, n).toLowerCase(java.util.Locale.ROOT), 0)) {
                return "encoded slash and dot-dot after a host in the path";
            }
            if (j > i + 1) {
                i = j - 1;
            }
        }
        return null;
    }

    /**
     * The path as logged opening with two or more slashes in any spelling ({@code //}, {@code /%2F},
     * {@code /%5C}, {@code /\\}, tabs among them) and then a dotted host followed by nothing but slashes
     * and dots ({@code //other.example/}, {@code //other.example/%2e%2e}, {@code /%5Cother.example}):
     * a server that redirects to its own path (adding a trailing slash, resolving the dot-dot) sends
     * {@code Location: //other.example/}, which a browser follows to that host. A file after the host
     * ({@code //cdn.example/app.js}, a protocol-relative link a crawler resolved badly) is not read.
     */
    static String rawPathStart(String raw) {
        int q = raw.indexOf('?');
        int n = q >= 0 ? q : raw.length();
        int j = 0;
        int slashes = 0;
        while (j < n && j < 40) {
            char c = raw.charAt(j);
            if (c == '/' || c == '\\') {
                j++;
                slashes++;
            } else if (raw.regionMatches(true, j, "%2f", 0, 3) || raw.regionMatches(true, j, "%5c", 0, 3)) {
                j += 3;
                slashes++;
            } else if (raw.startsWith("%09", j)) {
                j += 3;
            } else {
                break;
            }
        }
        if (slashes < 2 || j >= n) {
            return null;
        }
        String rest = raw.substring(j, n).toLowerCase(java.util.Locale.ROOT);
        if (!dottedHost(rest, 0)) {
            return null;
        }
        int k = 0;
        while (k < rest.length()) {
            char c = rest.charAt(k);
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c > 0x7f) {
                k++;
            } else {
                break;
            }
        }
        if (k < rest.length() && rest.charAt(k) == ':') {
            k++;
            while (k < rest.length() && Character.isDigit(rest.charAt(k))) {
                k++;
            }
        }
        while (k < rest.length()) {
            if (rest.charAt(k) == '/' || rest.charAt(k) == '\\' || rest.charAt(k) == '.') {
                k++;
            } else if (rest.startsWith("%2f", k) || rest.startsWith("%5c", k) || rest.startsWith("%2e", k)) {
                k += 3;
            } else {
                return null;
            }
        }
        return "protocol-relative host at the start of the path";
    }

    /** Extensions of files a path names, which a host name's last label is not taken to be. */
    private static final java.util.Set<String> FILE_TYPES = java.util.Set.of("txt", "png", "jpg", "jpeg", "gif", "svg",
            "css", "js", "mjs", "html", "htm", "shtml", "xhtml", "php", "asp", "aspx", "ashx", "jsp", "json", "xml", "pdf",
            "zip", "gz", "tgz", "bz", "rar", "ico", "woff", "ttf", "eot", "otf", "map", "md", "csv", "log", "bak", "sh",
            "py", "rb", "pl", "cgi", "exe", "dll", "do", "action", "yaml", "yml", "ini", "conf", "cfg", "mp", "webp",
            "webm", "tar", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "rss", "atom", "jar", "war", "class", "swf",
            "tif", "tiff", "bmp", "avif", "wasm", "ts", "tsx", "jsx", "vue", "scss", "less", "sql", "db", "env", "lock",
            "old", "orig", "tmp", "swp", "dat", "bin", "img", "iso", "msi", "apk", "dmg", "deb", "rpm", "wav", "ogg",
            "flac", "mov", "avi", "mkv", "mpg", "mpeg", "m3u", "vtt", "srt", "epub", "key", "pem", "crt", "cer", "inc");

    /** A host name with a dot and a letter label after it starts at {@code i}: {@code other.example}. */
    private static boolean dottedHost(String s, int i) {
        int n = Math.min(s.length(), i + 256);
        int k = i;
        int dot = -1;
        while (k < n) {
            char c = Character.toLowerCase(s.charAt(k));
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c > 0x7f) {
                k++;
            } else if (c == '.' && k > i && dot != k - 1) {
                dot = k;
                k++;
            } else {
                break;
            }
        }
        if (dot < 0 || k - dot < 3) {
            return false;
        }
        for (int t = dot + 1; t < k; t++) {
            char c = Character.toLowerCase(s.charAt(t));
            if (!(c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        if (FILE_TYPES.contains(s.substring(dot + 1, k).toLowerCase(java.util.Locale.ROOT))) {
            return false; // logo.png, index.php: a file name, not a host
        }
        // a file name (logo.png) is not a host: a host ends the segment or is followed by @ : or a slash
        return k == s.length() || s.charAt(k) == '/' || s.charAt(k) == '@' || s.charAt(k) == ':' || s.charAt(k) == '?'
                || s.charAt(k) == '%';
    }

    private static String lower(String s, int from) {
        int end = Math.min(s.length(), from + 300);
        return s.substring(from, end).toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The input as a browser's URL parser takes it: leading C0 controls and spaces dropped, tabs
     * and line breaks removed wherever they are (WHATWG URL standard, basic URL parser).
     */
    static String browserInput(String s) {
        if (s.charAt(0) > ' ' && s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s; // the common case: nothing to take out, no copy
        }
        int i = 0;
        while (i < s.length() && s.charAt(i) <= ' ') {
            i++;
        }
        StringBuilder b = new StringBuilder(s.length() - i);
        for (int k = i; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c != '\t' && c != '\n' && c != '\r') {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean slash(char c) {
        return c == '/' || c == '\\';
    }

    /** Characters that render as, or are folded by some parsers to, a slash. */
    private static boolean slashLike(char c) {
        return c == '\u3035' || c == '\u309d' || c == '\u30fd' || c == '\uff0f' || c == '\u2215' || c == '\u2044'
                || c == '\u29f8' || c == '\ufe68' || c == '\uff3c' || c == '\u3031' || c == '\u3033'
                // prolonged-sound marks, reverse solidus operators and box-drawing diagonals, which
                // render as slanted strokes and which some normalisers fold to ASCII
                || c == '\u30fc' || c == '\uff70' || c == '\u2216' || c == '\u29f5' || c == '\u29f9' || c == '\u2571'
                || c == '\u2572';
    }

    static String judge(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && s.charAt(i) == ' ') {
            i++;
        }
        // an empty tag that a markup filter deletes before the target is used: <>//other.example
        while (i + 1 < n && s.charAt(i) == '<' && s.charAt(i + 1) == '>') {
            i += 2;
        }
        if (i < n && slashLike(s.charAt(i)) && leadingLookAlikeHost(s, i)) {
            return "look-alike slashes before a host";
        }
        int run = i;
        boolean backslash = false;
        while (run < n && slash(s.charAt(run))) {
            backslash |= s.charAt(run) == '\\';
            run++;
        }
        int slashes = run - i;
        if (slashes >= 1) {
            // blanks among the leading slashes ("/ /x", "// /x"): a tab or line break there, which
            // the decoded form shows as a blank, is removed by a browser
            int r2 = run;
            int more = 0;
            boolean blank = false;
            while (r2 < n && (slash(s.charAt(r2)) || s.charAt(r2) == ' ')) {
                if (s.charAt(r2) == ' ') {
                    blank = true;
                } else {
                    more++;
                }
                r2++;
            }
            if (blank && slashes + more >= 2 && r2 < n && hostStart(s.charAt(r2))) {
                return "blank among leading slashes";
            }
            if (run < n && slashLike(s.charAt(run))) {
                return "look-alike slash after /";
            }
            if (slashes >= 2 && (backslash || slashes >= 3) && run < n && hostStart(s.charAt(run))) {
                return "slash confusion";
            }
            if (slashes >= 2 && (backslash || slashes >= 3) && userInfoAhead(s, run)) {
                return "user information after a slash run";
            }
            if (startsWithScheme(s, run)) {
                return "scheme after leading slash";
            }
            if (slashes == 2 && !backslash) {
                String auth = authority(s, run);
                if (auth.indexOf('@') > 0) {
                    return "user information in protocol-relative url";
                }
                if (suffixTrick(auth)) {
                    return "domain suffix after ? or # in protocol-relative url";
                }
                if (auth.indexOf('.') > 0 && hostStart(auth.charAt(0)) && !auth.startsWith(".")) {
                    return "protocol-relative url";
                }
            }
            return null;
        }
        int colon = schemeEnd(s, i);
        if (colon < 0) {
            return null;
        }
        int j = colon + 1;
        boolean bs = false;
        while (j < n && slash(s.charAt(j))) {
            bs |= s.charAt(j) == '\\';
            j++;
        }
        int k = j - colon - 1;
        // blanks among the slashes after the scheme (https:/ /x): a tab there is removed by a browser
        int j2 = j;
        boolean blank = false;
        while (j2 < n && (slash(s.charAt(j2)) || s.charAt(j2) == ' ')) {
            blank |= s.charAt(j2) == ' ';
            j2++;
        }
        if (blank && k >= 1 && j2 < n && hostStart(s.charAt(j2))) {
            return "blank among slashes after scheme";
        }
        if (j < n && hostStart(s.charAt(j)) && (k == 0 || k >= 3 || bs)) {
            // http:example.com, https:///x, http:\\x; but not a port (host:8080)
            if (k == 0 && Character.isDigit(s.charAt(j)) && s.charAt(j) != '0' && port(s, j)) {
                return null; // http:8080 reads as a port; http:0330.072... or http:1.2.3.4 is a host
            }
            return "malformed slashes after scheme";
        }
        if (k == 2) {
            String auth = authority(s, j);
            int at = auth.indexOf('@');
            if (at > 0 && at < auth.length() - 1) {
                return "user information in url";
            }
            if (suffixTrick(auth)) {
                return "domain suffix after ? or # in url";
            }
            if (embeddedDomain(auth)) {
                return "a site's domain written inside another host";
            }
            int e = j + auth.length();
            // a backslash inside the authority: WHATWG parsers end the host there, allow-lists
            // read on (https://other.example\.trusted.example, \@trusted.example)
            if (e + 1 < n && s.charAt(e) == '\\' && (s.charAt(e + 1) == '.' || s.charAt(e + 1) == '@')) {
                return "backslash inside the authority";
            }
            // another absolute URL as the first segment of the path (https://trusted/https://other)
            if (e < n && s.charAt(e) == '/' && schemeEnd(s, e + 1) > 0 && !auth.isEmpty()) {
                int c2 = schemeEnd(s, e + 1) + 1;
                if (c2 < n && slash(s.charAt(c2))) {
                    return "absolute url as the path of a url";
                }
            }
        }
        return null;
    }

    /** Digits up to the end, a slash, ? or #: a port, not a host. */
    private static boolean port(String s, int j) {
        int k = j;
        while (k < s.length() && Character.isDigit(s.charAt(k))) {
            k++;
        }
        return k == s.length() || s.charAt(k) == '/' || s.charAt(k) == '?' || s.charAt(k) == '#';
    }

    /** After a slash run: a short run of odd characters, then {@code @} and a host ({@code ///\\;@other.example}). */
    private static boolean userInfoAhead(String s, int from) {
        int end = Math.min(s.length() - 1, from + 64);
        for (int k = from; k < end; k++) {
            char c = s.charAt(k);
            if (c == '@') {
                return k + 1 < s.length() && hostStart(s.charAt(k + 1)) && k > from - 1;
            }
            if (c == '/' || c == ' ') {
                return false;
            }
        }
        return false;
    }

    /**
     * An image proxy's unsigned source URL in the path (imgproxy's /insecure/OPTIONS/plain/URL, thumbor's
     * /unsafe/OPTIONS/URL): the proxy fetches that image, it redirects nowhere.
     */
    private static boolean imageProxy(String path) {
        return path.regionMatches(true, 0, "/insecure/", 0, 10) || path.regionMatches(true, 0, "/unsafe/", 0, 8);
    }

    /** Top-level domains an allow-list that compares prefixes is fooled with (https://trusted.com.other.example). */
    private static final java.util.Set<String> EMBEDDED_TLDS = java.util.Set.of("com", "net", "org", "edu", "gov");

    /** Delivery and cloud hosts that name a customer's domain inside their own (example.com.cdn.cloudflare.net). */
    private static final String[] INFRA_SUFFIXES = {".amazonaws.com", ".cloudfront.net", ".cloudflare.net", ".edgekey.net",
        ".edgesuite.net", ".akamaiedge.net", ".akamaized.net", ".azureedge.net", ".azurefd.net", ".trafficmanager.net",
        ".fastly.net", ".herokudns.com", ".googleusercontent.com", ".netlify.app", ".vercel-dns.com", ".cdn77.org",
        ".in-addr.arpa"};

    /**
     * A host that holds a whole domain followed by two or more labels of another ({@code trusted.com.other.example}):
     * made to pass a check that the target starts with the site's own address.
     */
    static boolean embeddedDomain(String auth) {
        String host = auth;
        int at = host.lastIndexOf('@');
        if (at >= 0) {
            host = host.substring(at + 1);
        }
        int end = 0;
        while (end < host.length() && (Character.isLetterOrDigit(host.charAt(end)) || host.charAt(end) == '.'
                || host.charAt(end) == '-')) {
            end++;
        }
        host = host.substring(0, end).toLowerCase(java.util.Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        int dots = 0;
        for (int k = 0; k < host.length(); k++) {
            if (host.charAt(k) == '.') {
                dots++;
            }
        }
        if (dots < 3) {
            return false; // a label before the top-level domain and two after it need four labels
        }
        for (String infra : INFRA_SUFFIXES) {
            if (host.endsWith(infra)) {
                return false;
            }
        }
        String[] labels = host.split("\\.");
        for (int k = 1; k < labels.length - 2; k++) {
            if (EMBEDDED_TLDS.contains(labels[k]) && !labels[k - 1].isEmpty() && !labels[k + 1].isEmpty()
                    && labels[labels.length - 1].chars().allMatch(Character::isLetter)) {
                return true;
            }
        }
        return false;
    }

    /** A host followed at once by ? or # and then a dot: {@code other.example#.trusted.example}. */
    private static boolean suffixTrick(String auth) {
        for (int k = 1; k < auth.length() - 2; k++) {
            char c = auth.charAt(k);
            if ((c == '?' || c == '#') && auth.charAt(k + 1) == '.' && hostStart(auth.charAt(k + 2))) {
                return true;
            }
        }
        return false;
    }

    /**
     * One or two look-alikes of a slash opening the value, then a dotted host name and nothing but a
     * path or query after it ({@code \u3031\u3031other.example}): normalisers that fold them to
     * ASCII make a protocol-relative URL of it.
     */
    private static boolean leadingLookAlikeHost(String s, int i) {
        int n = s.length();
        int j = i;
        while (j < n && j - i < 2 && slashLike(s.charAt(j))) {
            j++;
        }
        if (j >= n || !(s.charAt(j) >= 'a' && s.charAt(j) <= 'z' || s.charAt(j) >= '0' && s.charAt(j) <= '9')) {
            return false;
        }
        int dots = 0;
        int k = j;
        for (; k < n && k - j < 255; k++) {
            char c = s.charAt(k);
            if (c == '.') {
                if (k == j || s.charAt(k - 1) == '.') {
                    return false;
                }
                dots++;
            } else if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                break;
            }
        }
        if (dots == 0 || s.charAt(k - 1) == '.') {
            return false;
        }
        // the top-level label is letters
        int last = s.lastIndexOf('.', k - 1);
        for (int t = last + 1; t < k; t++) {
            if (!(s.charAt(t) >= 'a' && s.charAt(t) <= 'z')) {
                return false;
            }
        }
        return k - last > 2 && (k == n || s.charAt(k) == '/' || s.charAt(k) == '?' || s.charAt(k) == '#' || s.charAt(k) == ':');
    }

    private static boolean hostStart(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '[' || c == '%' || c > 0x7f;
    }

    /** The end of an http(s) scheme at {@code i} (index of its colon), or -1. */
    private static int schemeEnd(String s, int i) {
        if (s.startsWith("https:", i)) {
            return i + 5;
        }
        if (s.startsWith("http:", i)) {
            return i + 4;
        }
        return -1;
    }

    private static boolean startsWithScheme(String s, int i) {
        return schemeEnd(s, i) > 0 || s.startsWith("javascript:", i) || s.startsWith("data:", i);
    }

    /** The authority after {@code //} at {@code i}: up to the first / \ or blank (a ? or # stays in, for ?@ tricks). */
    private static String authority(String s, int i) {
        int e = i;
        while (e < s.length() && e - i < 256) {
            char c = s.charAt(e);
            if (c == '/' || c == '\\' || c == ' ') {
                break;
            }
            e++;
        }
        return s.substring(i, e);
    }
}
