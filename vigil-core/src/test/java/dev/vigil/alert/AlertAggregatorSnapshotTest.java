package dev.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.AlertType;
import dev.vigil.catalogue.Severity;
import dev.vigil.detect.Detection;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.Origin;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A long-running watch drains what changed and snapshots the rest with its offsets: an aggregator
 * restored from a snapshot at any point must end exactly where one that never stopped ends.
 */
class AlertAggregatorSnapshotTest {
    static final long T0 = Instant.parse("2026-11-28T10:00:00Z").toEpochMilli();
    static final AlertCatalogue CATALOGUE = AlertCatalogue.builtIn();
    static final AlertType SQLI = CATALOGUE.get("SqlInjectionAttempt");
    static final AlertType XSS = CATALOGUE.get("CrossSiteScriptingAttempt");

    /** A reproducible stream: a few addresses, two types, evidence with odd characters, hours of time. */
    private static List<Detection> stream(int n) {
        Random r = new Random(7);
        List<Detection> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String ip = "203.0.113." + r.nextInt(40);
            long at = T0 + i * 20_000L + r.nextInt(5_000);
            boolean sqli = r.nextBoolean();
            String value = (sqli ? "1' or 1=1-- " : "<svg onload=alert(1)>") + "\u00e9\u2028" + i;
            HttpRequest req = HttpRequest.builder(new Origin(i % 3 == 0 ? "b.log" : "a.log", i + 1, i * 80L))
                    .timeMillis(at).clientIp(ip).method("GET").target("/?q=" + i).status(200)
                    .host(i % 5 == 0 ? null : "shop.example").build();
            out.add(new Detection(sqli ? "http.sqli" : "http.xss", sqli ? SQLI : XSS,
                    r.nextInt(10) == 0 ? Severity.HIGH : Severity.MEDIUM, req, "query.q", value, null));
        }
        return out;
    }

    private static AlertAggregator aggregator() {
        return new AlertAggregator(AlertAggregator.DEFAULT_WINDOW_MILLIS, 5, 50).window("CrossSiteScriptingAttempt", 600_000L);
    }

    private static byte[] snapshot(AlertAggregator a) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        a.snapshot(new DataOutputStream(b));
        return b.toByteArray();
    }

    @Test
    void restoredAtAnyCutItEndsAsIfNeverStopped() throws IOException {
        List<Detection> all = stream(3_000);
        AlertAggregator whole = aggregator();
        all.forEach(whole::add);
        List<Alert> expected = whole.alerts();
        assertThat(whole.folded()).as("the bound of 50 is passed: storms are part of the state").isPositive();

        for (int cut : new int[] {1, 777, 1_500, 2_999}) {
            AlertAggregator first = aggregator();
            all.subList(0, cut).forEach(first::add);
            byte[] snap = snapshot(first);
            AlertAggregator second = aggregator();
            int unknown = second.restore(new DataInputStream(new ByteArrayInputStream(snap)), CATALOGUE::find);
            assertThat(unknown).isZero();
            assertThat(snapshot(second)).as("a restored aggregator snapshots the same bytes").isEqualTo(snap);
            all.subList(cut, all.size()).forEach(second::add);
            assertThat(second.alerts()).as("cut at %d", cut).isEqualTo(expected);
            assertThat(second.folded()).isEqualTo(whole.folded());
        }
    }

    @Test
    void drainGivesEachChangedAlertOnceInItsWholeStateAndClosesOldWindows() {
        List<Detection> all = stream(600);
        AlertAggregator agg = new AlertAggregator(AlertAggregator.DEFAULT_WINDOW_MILLIS, 5, 100_000);
        java.util.Map<String, Alert> latest = new java.util.HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            agg.add(all.get(i));
            if (i % 50 == 49) {
                long watermark = all.get(i).event().timeMillis();
                List<Alert> changed = agg.drain(watermark - 2 * AlertAggregator.DEFAULT_WINDOW_MILLIS);
                assertThat(changed).extracting(Alert::id).doesNotHaveDuplicates();
                for (Alert a : changed) {
                    Alert before = latest.put(a.id(), a);
                    if (before != null) {
                        assertThat(a.count()).as("an alert only grows").isGreaterThan(before.count());
                    }
                }
                assertThat(agg.changedCount()).isZero();
                assertThat(agg.drain(Long.MIN_VALUE)).as("nothing changed since").isEmpty();
            }
        }
        List<Alert> rest = agg.drain(Long.MAX_VALUE);
        rest.forEach(a -> latest.put(a.id(), a));
        assertThat(agg.size()).as("every window closed").isZero();

        AlertAggregator once = new AlertAggregator(AlertAggregator.DEFAULT_WINDOW_MILLIS, 5, 100_000);
        all.forEach(once::add);
        assertThat(new ArrayList<>(latest.values())).containsExactlyInAnyOrderElementsOf(once.alerts());
    }

    @Test
    void aDamagedOrForeignSnapshotIsRefusedNotMisread() throws IOException {
        AlertAggregator a = aggregator();
        stream(200).forEach(a::add);
        byte[] snap = snapshot(a);
        AlertAggregator b = aggregator();
        assertThatThrownBy(() -> b.restore(new DataInputStream(new ByteArrayInputStream(snap, 0, snap.length / 2)),
                CATALOGUE::find)).isInstanceOf(IOException.class);
        byte[] foreign = snap.clone();
        foreign[3] = 99;
        assertThatThrownBy(() -> b.restore(new DataInputStream(new ByteArrayInputStream(foreign)), CATALOGUE::find))
                .isInstanceOf(IOException.class).hasMessageContaining("version");
        // a type no longer known is left out and counted, the rest restored
        int unknown = b.restore(new DataInputStream(new ByteArrayInputStream(snap)),
                name -> name.equals("CrossSiteScriptingAttempt") ? Optional.<AlertType>empty() : CATALOGUE.find(name));
        assertThat(unknown).isPositive();
        assertThat(b.alerts()).isNotEmpty().allSatisfy(x -> assertThat(x.type()).isEqualTo(SQLI));
    }

    /**
     * A window let go after it was handed over is continued from what was handed over when a late
     * detection opens it again; the store is asked only for windows that may have been let go, and
     * what was let go survives a snapshot.
     */
    @Test
    void aLateDetectionContinuesTheAlertHandedOverBeforeItsWindowWasLetGo() throws IOException {
        List<Detection> all = stream(200);
        java.util.Map<String, Alert> handedOver = new java.util.HashMap<>();
        List<String> asked = new ArrayList<>();
        java.util.function.Function<String, Optional<Alert>> store = id -> {
            asked.add(id);
            return Optional.ofNullable(handedOver.get(id));
        };
        AlertAggregator a = unbounded().continueFrom(store);
        all.subList(0, 150).forEach(a::add);
        assertThat(asked).as("nothing let go yet: the store is not asked").isEmpty();
        long end = all.get(149).event().timeMillis() + AlertAggregator.DEFAULT_WINDOW_MILLIS;
        a.drain(Long.MIN_VALUE).forEach(x -> handedOver.put(x.id(), x));
        a.drain(end);
        assertThat(a.size()).as("every window let go").isZero();

        // restored from a snapshot taken after the windows were let go, it still knows to ask
        AlertAggregator b = unbounded().continueFrom(store);
        b.restore(new DataInputStream(new ByteArrayInputStream(snapshot(a))), CATALOGUE::find);
        all.subList(0, 150).forEach(b::add); // the same detections once more, late: counted on top
        AlertAggregator twice = unbounded();
        all.subList(0, 150).forEach(twice::add);
        all.subList(0, 150).forEach(twice::add);
        java.util.Map<String, Long> expected = new java.util.TreeMap<>();
        twice.alerts().forEach(x -> expected.put(x.id(), x.count()));
        java.util.Map<String, Long> got = new java.util.TreeMap<>();
        b.alerts().forEach(x -> got.put(x.id(), x.count()));
        assertThat(got).isEqualTo(expected);
        assertThat(asked).isNotEmpty();
        assertThat(b.alerts()).allSatisfy(x -> assertThat(x.sources().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(x.count()));

        // a window that never ended is not looked up
        asked.clear();
        AlertAggregator c = unbounded().continueFrom(store);
        all.subList(150, 200).forEach(c::add);
        assertThat(asked).isEmpty();
    }

    private static AlertAggregator unbounded() {
        return new AlertAggregator(AlertAggregator.DEFAULT_WINDOW_MILLIS, 5, 20_000);
    }
}
