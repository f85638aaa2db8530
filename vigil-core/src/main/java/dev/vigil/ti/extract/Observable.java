package dev.vigil.ti.extract;

import java.util.Objects;

/**
 * A network observable found in free text.
 *
 * @param kind URL, DOMAIN or IP
 * @param value normalised: canonical URL ({@code dev.vigil.ti.Urls}), lower-case punycode domain,
 *     canonical IP text
 * @param host the host to check against domain/IP feeds: for a URL its host, otherwise the value
 * @param start offset of the first character in the scanned text
 * @param end offset after the last character
 */
public record Observable(Kind kind, String value, String host, int start, int end) {
    /** What was found. */
    public enum Kind {
        URL,
        DOMAIN,
        IP
    }

    public Observable {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(host, "host");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span " + start + ".." + end);
        }
    }
}
