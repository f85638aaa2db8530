package dev.vigil.export.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * POSTs JSON documents to one webhook destination, retrying with exponential backoff when the
 * connection fails or the server answers 408, 429 or 5xx. A delivery that still fails is
 * reported, never dropped: the caller keeps it (the store's outbox) and retries it next run.
 *
 * <p>What an unreachable or silent endpoint may cost is bounded: every request has a connect and
 * a response timeout; {@link #deliverAll} sends with at most {@link Options#concurrency} requests
 * in flight and, once a delivery has failed for want of an answer (refused, reset, timed out),
 * does not start the rest ("not attempted"), so a dead endpoint costs one delivery's retries per
 * run, not retries times alerts. With {@link Options#batch} above 1, documents go as JSON arrays
 * of up to that many per POST.
 *
 * <p>The client speaks HTTP/1.1 only: the JDK client's default would offer an upgrade to h2c on
 * plain http, which some receivers and proxies reject. Errors never contain the URL's secrets
 * (see {@link WebhookTarget}).
 *
 * <p>Thread-safe (the JDK HTTP client is; the circuit state is per {@link #deliverAll} call).
 */
public final class WebhookSink {
    /**
     * How deliveries are made.
     *
     * @param attempts    tries per delivery, at least 1
     * @param backoff     wait before the second try; doubled before each later one
     * @param timeout     connect timeout, and the wait for a response to each request
     * @param concurrency requests in flight at once, at least 1
     * @param batch       documents per POST; 1 sends each document as it is, more send JSON arrays
     */
    public record Options(int attempts, Duration backoff, Duration timeout, int concurrency, int batch) {
        public Options {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1");
            }
            if (concurrency < 1 || concurrency > 64) {
                throw new IllegalArgumentException("webhook concurrency must be 1 to 64, got " + concurrency);
            }
            if (batch < 1 || batch > 1000) {
                throw new IllegalArgumentException("webhook batch must be 1 to 1000, got " + batch);
            }
        }

        /** 3 tries 0.5 s apart and more, 10 s timeouts, 4 in flight, one document per POST. */
        public static Options defaults() {
            return new Options(3, Duration.ofMillis(500), Duration.ofSeconds(10), 4, 1);
        }

        public Options withBatch(int n) {
            return new Options(attempts, backoff, timeout, concurrency, n);
        }

        public Options withAttempts(int n) {
            return new Options(n, backoff, timeout, concurrency, batch);
        }

        public Options withTimeout(Duration d) {
            return new Options(attempts, backoff, d, concurrency, batch);
        }
    }

    private final WebhookTarget target;
    private final Options options;
    private final HttpClient client;

    public WebhookSink(WebhookTarget target, Options options) {
        this.target = target;
        this.options = options;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public WebhookSink(URI url, int attempts, Duration backoff, Duration timeout) {
        this(WebhookTarget.parse(url.toString(), n -> null), new Options(attempts, backoff, timeout, 4, 1));
    }

    /** A sink for {@code env:NAME} or a URL, with {@link Options#defaults()}. */
    public static WebhookSink of(String spec) {
        return new WebhookSink(WebhookTarget.parse(spec), Options.defaults());
    }

    public WebhookTarget target() {
        return target;
    }

    /** The real URL: for sending only, never for messages. */
    public URI url() {
        return target.url();
    }

    public Options options() {
        return options;
    }

    /**
     * What became of one delivery.
     *
     * @param attempts 0 when it was not attempted because the destination had stopped answering
     * @param error    why it failed, free of the URL's secrets; null when delivered
     */
    public record Result(boolean delivered, int attempts, int status, String error) {
        public boolean attempted() {
            return attempts > 0;
        }
    }

    /** Delivers one JSON document. */
    public Result deliver(String json) throws InterruptedException {
        return post(json, java.util.Map.of());
    }

    /**
     * Delivers one JSON document with extra request headers (a watch sends {@code Idempotency-Key},
     * so a receiver can drop a delivery it already has).
     */
    public Result deliver(String json, java.util.Map<String, String> headers) throws InterruptedException {
        return post(json, headers);
    }

    /**
     * Delivers each document (batched as {@link Options#batch} says), at most
     * {@link Options#concurrency} at once. Returns one result per document, in order.
     */
    public List<Result> deliverAll(List<String> docs) throws InterruptedException {
        List<List<Integer>> groups = new ArrayList<>();
        for (int i = 0; i < docs.size(); i += options.batch()) {
            List<Integer> g = new ArrayList<>();
            for (int j = i; j < Math.min(docs.size(), i + options.batch()); j++) {
                g.add(j);
            }
            groups.add(g);
        }
        Result[] out = new Result[docs.size()];
        AtomicReference<String> down = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.concurrency(), Math.max(1, groups.size())), r -> {
            Thread t = new Thread(r, "vigil-webhook");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (List<Integer> g : groups) {
                futures.add(pool.submit(() -> {
                    Result r;
                    String why = down.get();
                    if (why != null) {
                        r = new Result(false, 0, -1, "not attempted: " + target.redacted() + " did not answer (" + why + ")");
                    } else {
                        String body = options.batch() == 1 ? docs.get(g.get(0)) : array(docs, g);
                        r = post(body, java.util.Map.of());
                        if (!r.delivered() && r.status() < 0) {
                            down.compareAndSet(null, r.error());
                        }
                    }
                    for (int i : g) {
                        out[i] = r;
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("webhook delivery failed unexpectedly: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return Arrays.asList(out);
    }

    private static String array(List<String> docs, List<Integer> g) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < g.size(); i++) {
            b.append(i == 0 ? "" : ",").append(docs.get(g.get(i)));
        }
        return b.append(']').toString();
    }

    private Result post(String json, java.util.Map<String, String> headers) throws InterruptedException {
        String error = null;
        int status = -1;
        long wait = options.backoff().toMillis();
        for (int i = 1; i <= options.attempts(); i++) {
            if (i > 1) {
                Thread.sleep(wait);
                wait = Math.min(wait * 2, 30_000);
            }
            try {
                HttpRequest.Builder rb = HttpRequest.newBuilder(target.url())
                        .timeout(options.timeout())
                        .header("Content-Type", "application/json; charset=utf-8")
                        .header("User-Agent", "vigil-webhook");
                headers.forEach(rb::header);
                HttpRequest req = rb.POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
                HttpResponse<Void> resp = client.send(req, HttpResponse.BodyHandlers.discarding());
                status = resp.statusCode();
                if (status >= 200 && status < 300) {
                    return new Result(true, i, status, null);
                }
                error = "HTTP " + status;
                if (!(status == 408 || status == 429 || status >= 500)) {
                    return new Result(false, i, status, error); // the server refused it: trying again now will not help
                }
            } catch (IOException e) {
                status = -1;
                error = target.scrub(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            } catch (IllegalArgumentException e) {
                // the client refused the request itself (a header or URL it will not send): no retry helps
                return new Result(false, i, -1, target.scrub("refused by the HTTP client: " + e.getMessage()));
            }
        }
        return new Result(false, options.attempts(), status, error);
    }
}
