package dev.vigil.event;

import java.util.Locale;
import java.util.Objects;

/**
 * One resource record of a DNS zone file, so that findings about a zone (DanglingDns) point back
 * to the zone file's line like any other detection. Zone files carry no time: {@link #timeMillis()}
 * is {@link Event#NO_TIME}, which also keeps alert ids stable from one check to the next.
 *
 * @param origin the zone file and the line the record starts on
 * @param name   the owner name, absolute, lower-case, without the trailing dot
 * @param ttl    time to live in seconds, -1 when neither the record nor {@code $TTL} gave one
 * @param type   record type, upper-case ({@code CNAME}, {@code A}, {@code TXT}...)
 * @param data   the record data as written, with names made absolute for CNAME (lower-case, no
 *               trailing dot) and TXT strings joined without their quotes
 * @param zone   the zone's origin when the record was read, the resource; may be null
 *
 * <p>Immutable and thread-safe.
 */
public record DnsRecord(Origin origin, String name, long ttl, String type, String data, String zone)
        implements Event {

    public DnsRecord {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        name = DnsQuery.normalizeName(name);
        type = type.toUpperCase(Locale.ROOT);
        if (ttl < -1) {
            throw new IllegalArgumentException("ttl must be -1 (unknown) or more, got " + ttl);
        }
    }

    @Override
    public long timeMillis() {
        return NO_TIME;
    }
}
