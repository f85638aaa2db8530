package dev.vigil.flink;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertAggregator;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.Detection;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Groups detections into alerts with the core's {@link AlertAggregator}, keyed by its group key
 * ({@link AlertAggregator#groupKey}: alert type, resource, client address, time window), so each
 * alert lives in one key's state and has the id, count, first and last times {@code vigil scan}
 * gives it. The key's state is the snapshot of a one-alert aggregator; each detection is added to
 * it with the core's code.
 *
 * <p>An alert goes out when it was raised or grew, at most once per watermark step: a detection
 * marks the alert changed and sets an event-time timer at its time, and the timer sends the alert
 * as it stands then (a burst of detections between two watermarks is one update, not thousands).
 * The state is let go {@code retention} after the window ends (event time); a detection later than
 * that starts the alert again under the same id, as {@code vigil watch} does (stores merge by id).
 *
 * <p>Detections without a time group in one window (as in a scan) and are never let go.
 */
final class AlertFunction extends KeyedProcessFunction<String, Parsed, AlertUpdate> {
    private static final long serialVersionUID = 1L;

    private final long windowMillis;
    private final long retentionMillis;
    private transient ValueState<byte[]> group;
    private transient ValueState<Long> releaseAt;
    private transient ValueState<Long> lastIngest;

    AlertFunction(long windowMillis, long retentionMillis) {
        this.windowMillis = windowMillis;
        this.retentionMillis = retentionMillis;
    }

    /** Keys detections by the alert they belong to. */
    static KeySelector<Parsed, String> byGroup(long windowMillis) {
        return new ByGroup(windowMillis);
    }

    private static final class ByGroup implements KeySelector<Parsed, String> {
        private static final long serialVersionUID = 1L;
        private final long windowMillis;
        private transient AlertAggregator grouping;

        ByGroup(long windowMillis) {
            this.windowMillis = windowMillis;
        }

        @Override
        public String getKey(Parsed p) {
            if (grouping == null) {
                grouping = new AlertAggregator(windowMillis, 0);
            }
            return grouping.groupKey(p.detection());
        }
    }

    private AlertAggregator aggregator() {
        return new AlertAggregator(windowMillis, dev.vigil.store.AlertStore.EVIDENCE_KEPT, 1);
    }

    @Override
    public void open(OpenContext openContext) {
        group = getRuntimeContext().getState(new ValueStateDescriptor<>("alert", org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        releaseAt = getRuntimeContext().getState(new ValueStateDescriptor<>("release-at", Types.LONG));
        lastIngest = getRuntimeContext().getState(new ValueStateDescriptor<>("last-ingest", Types.LONG));
    }

    /** A detection with the time its line entered Kafka. */
    private void add(Detection d, long ingestMillis, Context ctx) throws IOException {
        AlertAggregator a = restore(group.value());
        a.add(d);
        group.update(snapshot(a));
        lastIngest.update(ingestMillis);
        long wm = ctx.timerService().currentWatermark();
        long t = d.event().timeMillis();
        // send when the watermark passes this detection (or at once with the next watermark if late)
        ctx.timerService().registerEventTimeTimer(t == dev.vigil.event.Event.NO_TIME || t <= wm ? wm + 1 : t);
        if (releaseAt.value() == null) {
            long end = a.windowEnd(d);
            if (end != Long.MAX_VALUE) {
                long release = end > Long.MAX_VALUE - retentionMillis ? Long.MAX_VALUE - 1 : end + retentionMillis;
                releaseAt.update(release);
                ctx.timerService().registerEventTimeTimer(release);
            }
        }
    }

    @Override
    public void processElement(Parsed p, Context ctx, Collector<AlertUpdate> out) throws Exception {
        add(p.detection(), p.ingestMillis(), ctx);
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<AlertUpdate> out) throws Exception {
        byte[] b = group.value();
        if (b == null) {
            return;
        }
        AlertAggregator a = restore(b);
        if (a.changedCount() > 0) {
            byte[] drained;
            java.util.List<Alert> changed = a.drain(Long.MIN_VALUE);
            drained = snapshot(a);
            group.update(drained);
            Long ingest = lastIngest.value();
            for (Alert x : changed) {
                out.collect(new AlertUpdate(x.id(), x.type().name(), x.count(), x.firstSeen(), x.lastSeen(), drained,
                        ingest == null ? Long.MIN_VALUE : ingest));
            }
        }
        Long release = releaseAt.value();
        if (release != null && time >= release) {
            group.clear();
            releaseAt.clear();
            lastIngest.clear();
        }
    }

    private AlertAggregator restore(byte[] b) throws IOException {
        AlertAggregator a = aggregator();
        if (b != null) {
            a.restore(new DataInputStream(new ByteArrayInputStream(b)), AlertCatalogue.builtIn()::find);
        }
        return a;
    }

    private static byte[] snapshot(AlertAggregator a) {
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(buf);
            a.snapshot(out);
            out.flush();
            return buf.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
