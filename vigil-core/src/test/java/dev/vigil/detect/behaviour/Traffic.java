package dev.vigil.detect.behaviour;

import dev.vigil.detect.Detection;
import dev.vigil.detect.KeyedDetector;
import dev.vigil.engine.KeyedStage;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.Origin;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import static org.assertj.core.api.Assertions.assertThat;

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

    List<Detection> run(KeyedDetector d) {
        List<Detection> out = new ArrayList<>();
        KeyedStage stage = new KeyedStage(List.of(d));
        for (HttpRequest r : requests) {
            stage.process(r, out::add);
        }
        stage.finish(out::add);
        assertThat(stage.failures()).isEmpty();
        return out;
    }
}
