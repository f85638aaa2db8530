package dev.vigil.export.sink;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertAggregator;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.AlertType;
import dev.vigil.detect.Detection;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.Origin;
import java.util.ArrayList;
import java.util.List;

/** Alerts that grow, as a watch's commits hand them over: each step the alerts as they then stand. */
final class SinkTestAlerts {
    static final AlertType SQLI = AlertCatalogue.builtIn().get("SqlInjectionAttempt");
    static final long T0 = 1_700_000_000_000L;

    private final AlertAggregator agg = new AlertAggregator();
    private int line;

    /** Adds {@code n} detections from {@code ip} and returns the alerts that changed, as they now stand. */
    List<Alert> add(String ip, int n) {
        for (int i = 0; i < n; i++) {
            line++;
            HttpRequest r = HttpRequest.builder(new Origin("access.log", line, line * 100L)).timeMillis(T0 + line * 1000L)
                    .clientIp(ip).host("shop.example").method("GET").target("/p?id=1'or'1'='1").status(200).build();
            agg.add(new Detection("test.sqli", SQLI, SQLI.severity(), r, "query", "id=1'or'1'='1", "id=1'or'1'='1"));
        }
        return new ArrayList<>(agg.drain(Long.MIN_VALUE));
    }
}
