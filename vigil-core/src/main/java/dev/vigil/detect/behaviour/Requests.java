package dev.vigil.detect.behaviour;

import dev.vigil.event.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Small request helpers shared by the behaviour detectors. Static and thread-safe. */
final class Requests {
    private Requests() {}

    /**
     * The path, percent-decoded once and lower-cased; "" when the request had none. Every
     * behaviour detector asks for the same event's path in turn on the engine's consumer thread,
     * so the last answer is kept per thread.
     */
    static String path(HttpRequest r) {
        Object[] last = LAST_PATH.get();
        if (last[0] == r) {
            return (String) last[1];
        }
        String p = r.path();
        String v = p == null ? "" : decode(p).toLowerCase(Locale.ROOT);
        last[0] = r;
        last[1] = v;
        return v;
    }

    private static final ThreadLocal<Object[]> LAST_PATH = ThreadLocal.withInitial(() -> new Object[2]);

    /** Query parameters of a target or URL (first value wins), names lower-cased, values decoded. */
    static Map<String, String> params(String targetOrUrl) {
        Map<String, String> out = new LinkedHashMap<>();
        if (targetOrUrl == null) {
            return out;
        }
        int q = targetOrUrl.indexOf('?');
        if (q < 0) {
            return out;
        }
        for (String pair : targetOrUrl.substring(q + 1).split("&", 64)) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1).replace('+', ' '));
            out.putIfAbsent(name, value);
        }
        return out;
    }

    /** The path of a URL or target ({@code http://h/a/b?c} gives {@code /a/b}), lower-cased. */
    static String urlPath(String url) {
        if (url == null) {
            return "";
        }
        String s = url;
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            int slash = s.indexOf('/', scheme + 3);
            s = slash < 0 ? "/" : s.substring(slash);
        }
        int q = s.indexOf('?');
        return decode(q < 0 ? s : s.substring(0, q)).toLowerCase(Locale.ROOT);
    }

    static boolean isPost(HttpRequest r) {
        return "POST".equalsIgnoreCase(r.method());
    }

    /** The key that scopes per-client state: resource and client address. */
    static String clientKey(HttpRequest r) {
        String ip = r.clientIp() == null ? "" : r.clientIp();
        return r.host() == null ? ip : r.host() + '|' + ip;
    }

    /** One round of percent-decoding; runs of escapes are read as UTF-8, the rest kept as is. */
    static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        java.io.ByteArrayOutputStream run = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                run.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            } else {
                if (run.size() > 0) {
                    out.append(run.toString(java.nio.charset.StandardCharsets.UTF_8));
                    run.reset();
                }
                out.append(c);
            }
        }
        if (run.size() > 0) {
            out.append(run.toString(java.nio.charset.StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}
