package dev.vigil.export.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Function;

/**
 * A webhook destination as the user named it, with its secrets kept apart from what is shown and
 * stored. Webhook URLs often carry a credential: {@code user:password@}, a {@code ?token=} or
 * {@code ?sig=} query, or a random path segment (Slack's {@code /services/T.../B.../XXXX}, Teams,
 * Discord). Every message, log line and database row uses {@link #redacted()}; the real URL
 * lives only in memory, and the outbox keeps a {@link #reference()} (an environment variable
 * name, or the URL itself when nothing in it is secret) to find it again.
 *
 * <p>The user may name the URL directly or as {@code env:NAME}, the name of an environment
 * variable holding it; only the latter lets {@code vigil outbox retry} resend deliveries to a
 * URL with secrets without being given the URL again.
 *
 * <p>Immutable and thread-safe.
 *
 * @param url       the real URL, with any secret in it: never print or store it
 * @param redacted  the URL with userinfo, query values, fragment and token-like path segments
 *                  replaced by {@code ***}: safe to show and store
 * @param key       a stable key for the destination (a hash of the real URL), so two URLs that
 *                  redact alike are still two outbox destinations
 * @param reference {@code env:NAME} when named through the environment, the URL when it holds no
 *                  secret, else null (retrying needs the URL again)
 */
public record WebhookTarget(URI url, String redacted, String key, String reference) {
    /** What stands for a secret in a redacted URL. */
    public static final String MASK = "***";
    private static final String ENV = "env:";

    @Override
    public String toString() {
        return redacted;
    }

    /** Parses {@code env:NAME} or a URL, reading the variable through {@code env}. */
    public static WebhookTarget parse(String spec, Function<String, String> env) {
        String s = spec == null ? "" : spec.trim();
        if (s.regionMatches(true, 0, ENV, 0, ENV.length())) {
            String name = s.substring(ENV.length());
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]{0,127}")) {
                throw new IllegalArgumentException("webhook '" + s + "': expected env:NAME, an environment variable name");
            }
            String value = env.apply(name);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("webhook env:" + name + ": the environment variable " + name + " is not set");
            }
            WebhookTarget t = ofUrl(value.trim());
            return new WebhookTarget(t.url, t.redacted, t.key, ENV + name);
        }
        return ofUrl(s);
    }

    /** Parses {@code env:NAME} (from this process's environment) or a URL. */
    public static WebhookTarget parse(String spec) {
        return parse(spec, System::getenv);
    }

    private static WebhookTarget ofUrl(String s) {
        URI u;
        try {
            u = new URI(s);
        } catch (URISyntaxException e) {
            // the input may itself hold a secret: name the problem, not the text
            throw new IllegalArgumentException("webhook URL '" + redact(s) + "' is not a URL: " + e.getReason(), e);
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
            throw new IllegalArgumentException("webhook URL '" + redact(s) + "' must be an http:// or https:// URL");
        }
        String red = redact(u);
        boolean secret = !red.equals(u.toString());
        return new WebhookTarget(u, red, sha256(u.toString()).substring(0, 16), secret ? null : u.toString());
    }

    /** The URL with its secrets masked, or the text masked as a whole where it is no URL. */
    public static String redact(String url) {
        try {
            return redact(new URI(url.trim()));
        } catch (URISyntaxException e) {
            int at = url.indexOf('@');
            return at >= 0 ? MASK + url.substring(at) : url.replaceAll("[?#].*", "?" + MASK);
        }
    }

    /** {@code scheme://***@host:port/path-with-***?name=***} */
    public static String redact(URI u) {
        if (u.getScheme() == null || u.getRawAuthority() == null) {
            return u.getRawQuery() == null && u.getRawFragment() == null && u.getRawUserInfo() == null
                    ? u.toString() : MASK;
        }
        StringBuilder b = new StringBuilder(u.getScheme()).append("://");
        if (u.getRawUserInfo() != null) {
            b.append(MASK).append('@');
        }
        String authority = u.getRawAuthority();
        int at = authority.lastIndexOf('@');
        b.append(at >= 0 ? authority.substring(at + 1) : authority);
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        String[] segs = path.split("/", -1);
        for (int i = 0; i < segs.length; i++) {
            if (i > 0) {
                b.append('/');
            }
            b.append(tokenLike(segs[i]) ? MASK : segs[i]);
        }
        if (u.getRawQuery() != null) {
            b.append('?');
            String[] params = u.getRawQuery().split("&", -1);
            for (int i = 0; i < params.length; i++) {
                if (i > 0) {
                    b.append('&');
                }
                int eq = params[i].indexOf('=');
                // every value: which query names carry secrets differs by service (sig, code, key...)
                b.append(eq < 0 ? MASK : params[i].substring(0, eq + 1) + MASK);
            }
        }
        if (u.getRawFragment() != null) {
            b.append('#').append(MASK);
        }
        return b.toString();
    }

    /**
     * A path segment that looks generated rather than named: 16 or more characters mixing
     * letters and digits, or 24 or more of the URL-safe token alphabet.
     */
    static boolean tokenLike(String seg) {
        if (seg.length() < 16) {
            return false;
        }
        boolean letter = false;
        boolean digit = false;
        boolean tokenChars = true;
        for (int i = 0; i < seg.length(); i++) {
            char c = seg.charAt(i);
            letter |= Character.isLetter(c);
            digit |= Character.isDigit(c);
            tokenChars &= Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == '%' || c == '~';
        }
        return tokenChars && (letter && digit || seg.length() >= 24 && letter);
    }

    /** {@code text} with every secret of this target's URL replaced by the redacted URL. */
    public String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text.replace(url.toString(), redacted);
        if (url.getRawUserInfo() != null) {
            out = out.replace(url.getRawUserInfo(), MASK);
        }
        return out;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
