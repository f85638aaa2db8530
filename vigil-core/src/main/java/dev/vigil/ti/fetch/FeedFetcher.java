package dev.vigil.ti.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Downloads a threat-intel feed from an http(s) URL into a file, conditionally: given the
 * validators of the copy already held ({@code ETag}, {@code Last-Modified}) it sends
 * {@code If-None-Match} / {@code If-Modified-Since}, and a 304 answer leaves the copy as it is.
 * It only downloads; whether the bytes are a feed is the loaders' judgement, made on the file
 * before it replaces the copy.
 *
 * <p>HTTP/1.1 only (the JDK client would otherwise offer an {@code h2c} upgrade that some
 * servers and proxies refuse), with a connect timeout, a timeout for the answer's headers, a
 * deadline for the whole body (a server that drips bytes is cut off) and a byte limit (the body is
 * never held in memory). Redirects are followed except from https to http.
 *
 * <p>Thread-safe: one client and one deadline thread shared by every fetch.
 */
public final class FeedFetcher {
    /** Limits of one fetch. */
    public record Options(Duration connectTimeout, Duration headersTimeout, Duration bodyDeadline, long maxBytes) {
        public static Options defaults(long maxBytes) {
            return new Options(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(5), maxBytes);
        }
    }

    /**
     * What a fetch got: {@code notModified} when the server answered 304 (no file written), else the
     * file written and the new validators (null when the server sent none).
     */
    public record Result(boolean notModified, Path file, long bytes, String etag, String lastModified) {}

    /** A fetch that got no feed: the reason in words, fit to show a person and to store as the outcome. */
    public static final class FetchException extends IOException {
        public FetchException(String message) {
            super(message);
        }
    }

    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vigil-feed-deadline");
        t.setDaemon(true);
        return t;
    });

    private final Options options;
    private final HttpClient client;

    public FeedFetcher(Options options) {
        this.options = options;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** Whether {@code s} names a feed to fetch rather than a file: an http or https URL. */
    public static boolean isUrl(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        return l.startsWith("http://") || l.startsWith("https://");
    }

    /** Checks a feed URL: http or https with a host. Returns the URI or throws with the reason. */
    public static URI parse(String url) throws FetchException {
        try {
            URI u = new URI(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new FetchException("not an http or https URL");
            }
            if (u.getHost() == null || u.getHost().isEmpty()) {
                throw new FetchException("the URL has no host");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new FetchException("not a valid URL (" + e.getReason() + ")");
        }
    }

    /**
     * Fetches {@code url} into {@code target} (created or replaced; deleted again on any failure).
     *
     * @param etag         the held copy's ETag to send as If-None-Match, or null
     * @param lastModified the held copy's Last-Modified to send as If-Modified-Since, or null
     * @throws FetchException for anything but a 200 or 304: an HTTP error status, a timeout, a body over
     *                        the limit, a refused connection
     */
    public Result fetch(String url, String etag, String lastModified, Path target) throws FetchException {
        URI uri = parse(url);
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(options.headersTimeout()).GET()
                .header("User-Agent", "vigil-feed-fetcher")
                .header("Accept-Encoding", "identity");
        if (etag != null && !etag.isEmpty()) {
            rb.header("If-None-Match", etag);
        }
        if (lastModified != null && !lastModified.isEmpty()) {
            rb.header("If-Modified-Since", lastModified);
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new FetchException("no answer within " + seconds(options.headersTimeout()));
        } catch (IOException e) {
            throw new FetchException("cannot fetch: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted");
        }
        int status = response.statusCode();
        try (InputStream body = response.body()) {
            if (status == 304) {
                return new Result(true, null, 0, etag, lastModified);
            }
            if (status != 200) {
                throw new FetchException("HTTP " + status);
            }
            if (response.uri().getScheme().equalsIgnoreCase("http") && uri.getScheme().equalsIgnoreCase("https")) {
                throw new FetchException("redirected from https to http"); // the client refuses it too; kept explicit
            }
            long bytes = copy(body, target);
            return new Result(false, target, bytes, response.headers().firstValue("ETag").orElse(null),
                    response.headers().firstValue("Last-Modified").orElse(null));
        } catch (IOException e) {
            if (e instanceof FetchException f) {
                throw f;
            }
            throw new FetchException("cannot fetch: " + describe(e));
        }
    }

    private long copy(InputStream body, Path target) throws FetchException {
        AtomicBoolean late = new AtomicBoolean();
        ScheduledFuture<?> deadline = DEADLINES.schedule(() -> {
            late.set(true);
            try {
                body.close(); // unblocks a read that waits on a server sending nothing more
            } catch (IOException ignored) {
                // closing is all we can do
            }
        }, options.bodyDeadline().toMillis(), TimeUnit.MILLISECONDS);
        long n = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            byte[] buf = new byte[64 * 1024];
            int r;
            while ((r = body.read(buf)) > 0) {
                n += r;
                if (n > options.maxBytes()) {
                    throw new FetchException("larger than " + options.maxBytes() + " bytes");
                }
                out.write(buf, 0, r);
            }
        } catch (IOException e) {
            deleteQuietly(target);
            if (late.get()) {
                throw new FetchException("not complete within " + seconds(options.bodyDeadline()));
            }
            if (e instanceof FetchException f) {
                throw f;
            }
            throw new FetchException("cannot fetch: " + describe(e));
        } finally {
            deadline.cancel(false);
        }
        if (late.get()) {
            deleteQuietly(target);
            throw new FetchException("not complete within " + seconds(options.bodyDeadline()));
        }
        return n;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temporary file left behind is overwritten by the next fetch
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.net.ConnectException) {
            return "connection refused" + (m == null || m.isEmpty() ? "" : " (" + m + ")");
        }
        return m == null || m.isEmpty() ? e.getClass().getSimpleName() : m;
    }
}
