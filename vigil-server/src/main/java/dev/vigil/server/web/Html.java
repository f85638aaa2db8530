package dev.vigil.server.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Contextual escaping for the dashboard's server-rendered HTML. Every value from a log (URLs,
 * user agents, hosts, evidence) and every value a person typed goes through one of these, chosen
 * by where it lands:
 * <ul>
 * <li>{@link #text} for element content,</li>
 * <li>{@link #attr} for a quoted attribute value (pages always quote attributes),</li>
 * <li>{@link #query} for a value inside a URL's query string (then {@link #attr} for the attribute),</li>
 * <li>{@link #href} for a whole URL in {@code href}: only relative paths and http(s) survive, so a
 * logged {@code javascript:} URL can never become a link.</li>
 * </ul>
 * Control characters other than tab and newline are shown as U+FFFD: a log line can hold any byte.
 *
 * <p>Static and thread-safe.
 */
public final class Html {
    private Html() {}

    /** Escapes for element content. */
    public static String text(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                        b.append('\uFFFD');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** Escapes for a double- or single-quoted attribute value (the same set as {@link #text}, plus backtick and equals). */
    public static String attr(String s) {
        return text(s).replace("`", "&#96;").replace("=", "&#61;");
    }

    /** Percent-encodes for a query-string value. */
    public static String query(String s) {
        return s == null ? "" : URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * A URL safe to put in {@code href} (already attribute-escaped): a path on this server
     * ({@code /...}, not {@code //host}) or an {@code http}/{@code https} URL; anything else
     * ({@code javascript:}, {@code data:}, odd schemes, whitespace tricks) becomes {@code #}.
     */
    public static String href(String url) {
        if (url == null) {
            return "#";
        }
        String u = url.strip();
        boolean local = u.startsWith("/") && !u.startsWith("//") && !u.startsWith("/\\");
        String lower = u.toLowerCase(java.util.Locale.ROOT);
        boolean web = lower.startsWith("https://") || lower.startsWith("http://");
        if (!(local || web) || u.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            return "#";
        }
        return attr(u);
    }
}
