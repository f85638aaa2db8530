package dev.vigil.event;

/**
 * One parsed input record with its origin. Sealed: detectors switch over the kinds they know.
 * Later kinds (process starts, DNS queries, FTP logins) join the permitted list.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface Event permits HttpRequest, ProcessStart, DnsQuery, FtpLogin, DnsRecord {
    Origin origin();

    /** Event time in epoch milliseconds, or {@link #NO_TIME} when the record carried none. */
    long timeMillis();

    long NO_TIME = Long.MIN_VALUE;
}
