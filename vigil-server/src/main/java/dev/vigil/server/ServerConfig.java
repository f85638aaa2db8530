package dev.vigil.server;

import dev.vigil.server.decisions.DecisionPolicy;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How {@code vigil serve} listens and what it allows.
 *
 * @param host      the address to listen on; loopback unless told otherwise
 * @param port      the port, 0 for any free one (tests)
 * @param tls       the certificate to serve TLS with, or null for plain HTTP
 * @param policy    which alerts become blocking decisions for CrowdSec bouncers
 * @param maxBodyBytes requests with a larger body are refused with 413
 *
 * <p>Immutable and thread-safe.
 */
public record ServerConfig(String host, int port, Tls tls, DecisionPolicy policy, long maxBodyBytes) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_MAX_BODY = 1 << 20;

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(policy, "policy");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
        }
    }

    /** Loopback, a free port, plain HTTP and the default policy: for tests. */
    public static ServerConfig loopback(int port) {
        return new ServerConfig(DEFAULT_HOST, port, null, DecisionPolicy.defaults(), DEFAULT_MAX_BODY);
    }

    /**
     * The TLS identity: a PKCS#12 or JKS keystore, or a PEM certificate chain and private key.
     *
     * @param keystore   keystore file, or null when PEM files are given
     * @param password   the keystore's password (may be empty)
     * @param certPem    PEM certificate chain, or null
     * @param keyPem     PEM private key (PKCS#8, unencrypted), or null
     */
    public record Tls(Path keystore, String password, Path certPem, Path keyPem) {
        public Tls {
            if ((keystore == null) == (certPem == null || keyPem == null)) {
                throw new IllegalArgumentException("TLS needs a keystore, or a PEM certificate and key, not both");
            }
        }
    }

    /** {@code host:port}, an {@code :port} or a bare port; IPv6 in brackets ({@code [::1]:8080}). */
    public static HostPort parseListen(String s) {
        String v = s.trim();
        int colon = v.lastIndexOf(':');
        String host;
        String port;
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            if (close < 0 || colon < close) {
                throw new IllegalArgumentException("--listen: expected [IPv6]:PORT, got '" + s + "'");
            }
            host = v.substring(1, close);
            port = v.substring(colon + 1);
        } else if (colon < 0) {
            host = DEFAULT_HOST;
            port = v;
        } else {
            host = colon == 0 ? DEFAULT_HOST : v.substring(0, colon);
            port = v.substring(colon + 1);
        }
        try {
            int p = Integer.parseInt(port);
            if (p < 0 || p > 65_535) {
                throw new NumberFormatException();
            }
            return new HostPort(host, p);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--listen: '" + port + "' is not a port (0 to 65535)");
        }
    }

    public record HostPort(String host, int port) {}
}
