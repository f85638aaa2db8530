package dev.vigil.export.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * POSTs JSON documents to a webhook URL, retrying with exponential backoff when the connection
 * fails or the server answers 408, 429 or 5xx. A delivery that still fails is reported, never
 * dropped: the caller keeps it (the store's outbox) and retries it next run.
 *
 * <p>Thread-safe (the JDK HTTP client is).
 */
public final class WebhookSink {
    private final URI url;
    private final HttpClient client;
    private final int attempts;
    private final Duration backoff;
    private final Duration timeout;

    /**
     * @param attempts tries per delivery, at least 1
     * @param backoff  wait before the second try; doubled before each later one
     */
    public WebhookSink(URI url, int attempts, Duration backoff, Duration timeout) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException("webhook URL '" + url + "' must be an http:// or https:// URL");
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        this.url = url;
        this.attempts = attempts;
        this.backoff = backoff;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public static WebhookSink of(String url) {
        URI u;
        try {
            u = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("webhook URL '" + url + "' is not a URL: " + e.getMessage(), e);
        }
        return new WebhookSink(u, 4, Duration.ofMillis(500), Duration.ofSeconds(10));
    }

    public URI url() {
        return url;
    }

    /** What became of one delivery. */
    public record Result(boolean delivered, int attempts, int status, String error) {}

    /** Delivers one JSON document to this sink's URL. */
    public Result deliver(String json) throws InterruptedException {
        return deliver(url, json);
    }

    /** Delivers to {@code target} (an outbox entry keeps the URL it was meant for). */
    public Result deliver(URI target, String json) throws InterruptedException {
        String error = null;
        int status = -1;
        long wait = backoff.toMillis();
        for (int i = 1; i <= attempts; i++) {
            if (i > 1) {
                Thread.sleep(wait);
                wait = Math.min(wait * 2, 60_000);
            }
            try {
                HttpRequest req = HttpRequest.newBuilder(target)
                        .timeout(timeout)
                        .header("Content-Type", "application/json; charset=utf-8")
                        .header("User-Agent", "vigil-webhook")
                        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                        .build();
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
                error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
        }
        return new Result(false, attempts, status, error);
    }
}
