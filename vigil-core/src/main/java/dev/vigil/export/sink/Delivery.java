package dev.vigil.export.sink;

import dev.vigil.export.syslog.SyslogSender;
import dev.vigil.export.webhook.WebhookSink;
import dev.vigil.export.webhook.WebhookTarget;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Sends kept payloads ({@link Outlet#payload}) to one destination. A delivery loop hands it one
 * at a time, in outbox order, and counts them delivered only when {@link #send} returned (for a
 * destination that confirms each, {@link #confirmsEach}) or when {@link #flush} returned after
 * them: so nothing is taken off the outbox before the destination has it (a file synced, a syslog
 * stream flushed, a webhook answered 2xx).
 *
 * <p>Not thread-safe: one loop thread per destination.
 */
public interface Delivery extends Closeable {
    /** Sends one payload; throws when it was not taken (the loop retries it later). */
    void send(Outlet.Payload payload) throws IOException, InterruptedException;

    /** Makes everything sent since the last flush durable or delivered; throws when it could not. */
    default void flush() throws IOException {}

    /** Whether a {@link #send} that returned means delivered (a webhook's 2xx), without a flush. */
    default boolean confirmsEach() {
        return false;
    }

    @Override
    default void close() throws IOException {}

    /** The delivery for an outlet, reading {@code env:NAME} through {@code env}. */
    static Delivery of(Outlet outlet, Function<String, String> env, Duration timeout) throws IOException {
        SinkSpec s = outlet.spec();
        return switch (s.type()) {
            case NDJSON -> new NdjsonFile(Path.of(s.target()));
            case SYSLOG -> {
                Map.Entry<String, Integer> hp = SinkSpec.hostPort(s.shown(), s.target());
                SyslogSender.Protocol p = SyslogSender.Protocol.valueOf(s.transport().toUpperCase(java.util.Locale.ROOT));
                SSLContext ctx = p == SyslogSender.Protocol.TLS && s.ca() != null ? trusting(s.ca()) : null;
                yield new Syslog(new SyslogSender(p, new InetSocketAddress(hp.getKey(), hp.getValue()), "-", ctx));
            }
            case WEBHOOK, SLACK -> new Webhook(new WebhookSink(WebhookTarget.parse(s.target(), env),
                    WebhookSink.Options.defaults().withTimeout(timeout).withAttempts(1)));
            case STDOUT -> throw new IllegalArgumentException("standard output is printed, not delivered");
        };
    }

    /** A TLS context that trusts the certificates of a PEM file (a private CA, or the receiver's own). */
    static SSLContext trusting(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca" + i++, c);
            }
            if (i == 0) {
                throw new IOException(pem + ": no certificate in it (expected PEM)");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException(pem + ": not a certificate file this JDK reads (" + e.getMessage() + ")", e);
        }
    }

    /** Appends one JSON object per line; {@link #flush} syncs the file to disk. */
    final class NdjsonFile implements Delivery {
        private final Path file;
        private FileChannel ch;

        NdjsonFile(Path file) {
            this.file = file;
        }

        @Override
        public void send(Outlet.Payload p) throws IOException {
            if (ch == null) {
                ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            }
            // the body is one JSON line (no raw line breaks); a line break would split a record
            ByteBuffer b = ByteBuffer.wrap((p.body().replace("\n", " ") + "\n").getBytes(StandardCharsets.UTF_8));
            try {
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            } catch (IOException e) {
                close();
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            if (ch != null) {
                try {
                    ch.force(false);
                } catch (IOException e) {
                    close();
                    throw e;
                }
            }
        }

        @Override
        public void close() throws IOException {
            FileChannel c = ch;
            ch = null;
            if (c != null) {
                c.close();
            }
        }
    }

    /** RFC 5424 messages over UDP, TCP or TLS; the messages were made when queued. */
    final class Syslog implements Delivery {
        private final SyslogSender sender;

        Syslog(SyslogSender sender) {
            this.sender = sender;
        }

        @Override
        public void send(Outlet.Payload p) throws IOException {
            sender.sendMessage(p.body());
        }

        @Override
        public void flush() throws IOException {
            sender.flush();
        }

        @Override
        public void close() throws IOException {
            sender.close();
        }
    }

    /** One POST per update with its {@code Idempotency-Key}; only a 2xx counts as delivered. */
    final class Webhook implements Delivery {
        private final WebhookSink sink;

        Webhook(WebhookSink sink) {
            this.sink = sink;
        }

        @Override
        public void send(Outlet.Payload p) throws IOException, InterruptedException {
            WebhookSink.Result r = sink.deliver(p.body(), p.key().isEmpty() ? Map.of() : Map.of("Idempotency-Key", p.key()));
            if (!r.delivered()) {
                throw new IOException(r.error());
            }
        }

        @Override
        public boolean confirmsEach() {
            return true;
        }
    }
}
