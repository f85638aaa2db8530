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
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Sends messages (CEF lines) as RFC 5424 syslog over UDP (RFC 5426: one message per datagram),
 * TCP (RFC 6587 octet counting: {@code LENGTH SP MESSAGE}, so a message may hold any byte) or TLS
 * (RFC 5425: the same octet counting inside TLS, the server's certificate checked against the
 * trusted certificates and its name or address).
 * Facility 4 (security/authorization); the syslog severity follows the alert's.
 *
 * <p>Not thread-safe: one sender per exporting thread.
 */
public final class SyslogSender implements Closeable {
    /** Transport protocol. */
    public enum Protocol { UDP, TCP, TLS }

    static final int FACILITY = 4;
    /** Larger datagrams are cut (at a character boundary): IPv4 UDP cannot carry more. */
    static final int MAX_UDP_BYTES = 65_000;

    private final Protocol protocol;
    private final InetSocketAddress target;
    private final String hostname;
    private final String procId;
    private final SSLContext tls;
    private DatagramSocket udp;
    private Socket tcp;
    private OutputStream tcpOut;

    public SyslogSender(Protocol protocol, InetSocketAddress target, String hostname) {
        this(protocol, target, hostname, null);
    }

    /**
     * @param tls for {@link Protocol#TLS}: the context whose trust decides which servers are
     *            believed (null: the JDK's default trust store)
     */
    public SyslogSender(Protocol protocol, InetSocketAddress target, String hostname, SSLContext tls) {
        this.protocol = protocol;
        this.target = target;
        this.hostname = field(hostname);
        this.procId = PROC_ID;
        this.tls = tls;
    }

    private static final String PROC_ID = Long.toString(ProcessHandle.current().pid());

    /**
     * Parses {@code host:port}, {@code udp://host:port}, {@code tcp://host:port} or
     * {@code tls://host:port} (UDP when no scheme is given, as syslog's default; TLS trusting the
     * JDK's certificates); {@code [v6addr]:port} for IPv6.
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
                case "tls" -> Protocol.TLS;
                default -> throw new IllegalArgumentException("syslog target '" + spec + "': expected udp://, tcp:// or tls://");
            };
            s = s.substring(scheme + 3);
        }
        java.util.Map.Entry<String, Integer> hp = hostPort("syslog target '" + spec + "'", s);
        return new SyslogSender(p, new InetSocketAddress(hp.getKey(), hp.getValue()), hostname);
    }

    /**
     * The host and port of {@code host:port} or {@code [v6]:port}; {@code what} names the setting
     * in the error (such as {@code sink 'syslog+tls://...'}).
     */
    public static java.util.Map.Entry<String, Integer> hostPort(String what, String s) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException(what + ": expected HOST:PORT");
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
            throw new IllegalArgumentException(what + ": the port must be 1 to 65535");
        }
        return java.util.Map.entry(host, port);
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
        return message(msg, severity, now, host, procId);
    }

    /**
     * The RFC 5424 message for one line about {@code host}, from this process, made now and sent
     * later ({@link #sendMessage}): a watch keeps it in its outbox until the receiver takes it.
     */
    public static String message(String msg, Severity severity, Instant now, String host) {
        return message(msg, severity, now, host, PROC_ID);
    }

    private static String message(String msg, Severity severity, Instant now, String host, String procId) {
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
        sendMessage(format(msg, severity, Instant.now(), host));
    }

    /**
     * Sends a whole RFC 5424 message ({@link #message}). Over TCP and TLS it is buffered until
     * {@link #flush}; after an error the connection is dropped and the next send opens a new one.
     */
    public void sendMessage(String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        try {
            write(bytes);
        } catch (IOException e) {
            drop();
            throw e;
        }
    }

    private void write(byte[] bytes) throws IOException {
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
                tcp = protocol == Protocol.TLS ? tlsSocket() : plainSocket();
                tcpOut = new BufferedOutputStream(tcp.getOutputStream(), 1 << 16);
            }
            tcpOut.write((bytes.length + " ").getBytes(StandardCharsets.US_ASCII));
            tcpOut.write(bytes);
        }
    }

    private Socket plainSocket() throws IOException {
        Socket s = new Socket();
        try {
            s.connect(target, 10_000);
            s.setSoTimeout(10_000);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** A TLS connection whose server must show a trusted certificate for the host name or address given. */
    private Socket tlsSocket() throws IOException {
        Socket plain = plainSocket();
        try {
            SSLContext ctx = tls != null ? tls : SSLContext.getDefault();
            SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, target.getHostString(), target.getPort(), true);
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS"); // the name (or IP) must be in the certificate
            p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            s.setSSLParameters(p);
            s.startHandshake();
            return s;
        } catch (IOException | java.security.GeneralSecurityException | IllegalArgumentException e) {
            plain.close();
            throw e instanceof IOException io ? io : new IOException("TLS to " + target.getHostString() + ": " + e.getMessage(), e);
        }
    }

    /** Forgets a connection that failed, so the next send opens a new one. */
    private void drop() {
        try {
            if (tcp != null) {
                tcp.close();
            }
        } catch (IOException e) {
            // it failed already: nothing more to learn from its close
        }
        tcp = null;
        tcpOut = null;
    }

    public void flush() throws IOException {
        if (tcpOut != null) {
            try {
                tcpOut.flush();
            } catch (IOException e) {
                drop();
                throw e;
            }
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
