package dev.vigil.detect.behaviour;

import dev.vigil.detect.Detection;
import dev.vigil.detect.SequentialDetector;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.Origin;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds request sequences for behaviour tests: one clock, requests at given offsets. */
final class Traffic {
    static final long T0 = Instant.parse("2026-11-28T10:00:00Z").toEpochMilli();
    private final List<HttpRequest> requests = new ArrayList<>();

    Traffic add(long atSeconds, String ip, String method, String target, int status) {
        return add(atSeconds, ip, method, target, status, null, null);
    }

    Traffic add(long atSeconds, String ip, String method, String target, int status, String referer, String user) {
        requests.add(HttpRequest.builder(new Origin("t.log", requests.size() + 1, 0))
                .timeMillis(T0 + atSeconds * 1000).clientIp(ip).method(method).target(target).status(status)
                .referer(referer).user(user).host("shop.example.com").build());
        return this;
    }

    List<Detection> run(SequentialDetector d) {
        List<Detection> out = new ArrayList<>();
        for (HttpRequest r : requests) {
            d.inspect(r, out::add);
        }
        d.finish(out::add);
        return out;
    }
}
