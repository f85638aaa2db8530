package dev.vigil.export.syslog;

import dev.vigil.catalogue.Severity;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Locale;

/**
 * Sends messages (CEF lines) as RFC 5424 syslog over UDP (RFC 5426: one message per datagram) or
 * TCP (RFC 6587 octet counting: {@code LENGTH SP MESSAGE}, so a message may hold any byte).
 * Facility 4 (security/authorization); the syslog severity follows the alert's.
 *
 * <p>Not thread-safe: one sender per exporting thread.
 */
public final class SyslogSender implements Closeable {
    /** Transport protocol. */
    public enum Protocol { UDP, TCP }

    static final int FACILITY = 4;
    /** Larger datagrams are cut (at a character boundary): IPv4 UDP cannot carry more. */
    static final int MAX_UDP_BYTES = 65_000;

    private final Protocol protocol;
    private final InetSocketAddress target;
    private final String hostname;
    private final String procId;
    private DatagramSocket udp;
    private Socket tcp;
    private OutputStream tcpOut;

    public SyslogSender(Protocol protocol, InetSocketAddress target, String hostname) {
        this.protocol = protocol;
        this.target = target;
        this.hostname = field(hostname);
        this.procId = Long.toString(ProcessHandle.current().pid());
    }

    /**
     * Parses {@code host:port}, {@code udp://host:port} or {@code tcp://host:port} (UDP when no
     * scheme is given, as syslog's default); {@code [v6addr]:port} for IPv6.
     */
    public static SyslogSender connect(String spec, String hostname) {
        Protocol p = Protocol.UDP;
        String s = spec.trim();
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            String name = s.substring(0, scheme).toLowerCase(Locale.ROOT);
            p = switch (name) {
                case "udp" -> Protocol.UDP;
                case "tcp" -> Protocol.TCP;
                default -> throw new IllegalArgumentException("syslog target '" + spec + "': expected udp:// or tcp://");
            };
            s = s.substring(scheme + 3);
        }
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("syslog target '" + spec + "': expected host:port");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("syslog target '" + spec + "': port must be 1 to 65535");
        }
        return new SyslogSender(p, new InetSocketAddress(host, port), hostname);
    }

    public Protocol protocol() {
        return protocol;
    }

    /** Syslog severity: High is critical (2), Medium warning (4), Low notice (5), else info (6). */
    static int syslogSeverity(Severity s) {
        return switch (s) {
            case HIGH -> 2;
            case MEDIUM -> 4;
            case LOW -> 5;
            case INFORMATIONAL -> 6;
        };
    }

    /**
     * RFC 5424 TIMESTAMP: a full date and time in UTC with at most 6 fraction digits
     * (TIME-SECFRAC is 1*6DIGIT); {@link Instant#toString} may write 9, which receivers reject.
     */
    static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** The RFC 5424 message for one line sent now, from this sender's host name. */
    public String format(String msg, Severity severity, Instant now) {
        return format(msg, severity, now, hostname);
    }

    /** The RFC 5424 message for one line about {@code host} (see {@link #hostnameFor}). */
    public String format(String msg, Severity severity, Instant now, String host) {
        int pri = FACILITY * 8 + syslogSeverity(severity);
        return "<" + pri + ">1 " + TIMESTAMP.format(now) + " " + field(host) + " vigil " + procId + " alert - " + msg;
    }

    /**
     * The HOSTNAME for an alert: the resource it is about when that is a host name or address
     * (RFC 5424 prefers the FQDN, then an IP address, then a host name), else this machine's
     * name, and "-" only when neither is known.
     */
    public static String hostnameFor(String resource) {
        if (resource != null && HOST_NAME.matcher(resource).matches()) {
            return resource;
        }
        return localHostName();
    }

    private static final java.util.regex.Pattern HOST_NAME =
            java.util.regex.Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_.:-]{0,253}[A-Za-z0-9])?");

    /** This machine's name: $HOSTNAME, else what the system reports, else "-". */
    public static String localHostName() {
        String h = System.getenv("HOSTNAME");
        if (h != null && HOST_NAME.matcher(h).matches()) {
            return h;
        }
        try {
            h = java.net.InetAddress.getLocalHost().getHostName();
            if (h != null && HOST_NAME.matcher(h).matches()) {
                return h;
            }
        } catch (IOException | SecurityException e) {
            // no name to be had: "-" is RFC 5424's NILVALUE
        }
        return "-";
    }

    public void send(String msg, Severity severity) throws IOException {
        send(msg, severity, hostname);
    }

    /** Sends one line about {@code host} (its HOSTNAME field). */
    public void send(String msg, Severity severity, String host) throws IOException {
        byte[] bytes = format(msg, severity, Instant.now(), host).getBytes(StandardCharsets.UTF_8);
        if (protocol == Protocol.UDP) {
            if (udp == null) {
                udp = new DatagramSocket();
            }
            int n = bytes.length;
            if (n > MAX_UDP_BYTES) {
                n = MAX_UDP_BYTES;
                while (n > 0 && (bytes[n] & 0xC0) == 0x80) {
                    n--; // do not cut a UTF-8 sequence in half
                }
            }
            udp.send(new DatagramPacket(bytes, n, target));
        } else {
            if (tcp == null) {
                if (target.isUnresolved()) {
                    throw new IOException("cannot resolve syslog host " + target.getHostString());
                }
                tcp = new Socket();
                tcp.connect(target, 10_000);
                tcpOut = new BufferedOutputStream(tcp.getOutputStream(), 1 << 16);
            }
            tcpOut.write((bytes.length + " ").getBytes(StandardCharsets.US_ASCII));
            tcpOut.write(bytes);
        }
    }

    public void flush() throws IOException {
        if (tcpOut != null) {
            tcpOut.flush();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            if (udp != null) {
                udp.close();
            }
            if (tcp != null) {
                tcp.close();
            }
        }
    }

    // RFC 5424 header fields are printable US-ASCII without spaces, or "-".
    private static String field(String s) {
        if (s == null || s.isBlank()) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 255; i++) {
            char c = s.charAt(i);
            if (c > 32 && c < 127) {
                b.append(c);
            }
        }
        return b.length() == 0 ? "-" : b.toString();
    }
}
