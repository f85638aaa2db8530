package dev.vigil.event;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One FTP login attempt, successful or not, from vsftpd or IIS FTP logs. Text fields the log did
 * not carry are {@code null}.
 *
 * @param origin     where the line came from
 * @param timeMillis attempt time in epoch milliseconds, {@link Event#NO_TIME} if unknown
 * @param clientIp   the address that tried to log in
 * @param user       the user name it gave
 * @param success    whether the server accepted the login
 * @param host       the FTP server or site, the resource
 * @param extra      any other logged fields by name; never null
 *
 * <p>Immutable and thread-safe.
 */
public record FtpLogin(
        Origin origin,
        long timeMillis,
        String clientIp,
        String user,
        boolean success,
        String host,
        Map<String, String> extra) implements Event {

    public FtpLogin {
        Objects.requireNonNull(origin, "origin");
        if (clientIp != null && clientIp.isEmpty()) {
            clientIp = null;
        }
        if (user != null && user.isEmpty()) {
            user = null;
        }
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /** Attempt time, or {@code null} when unknown. */
    public Instant time() {
        return timeMillis == NO_TIME ? null : Instant.ofEpochMilli(timeMillis);
    }

    /** A copy naming the server, for logs that do not ({@code vigil scan --resource}). */
    public FtpLogin withHost(String newHost) {
        return new FtpLogin(origin, timeMillis, clientIp, user, success, newHost, extra);
    }
}
