package dev.vigil.flink;

import dev.vigil.detect.Detection;
import dev.vigil.detect.KeyedDetector;
import dev.vigil.event.Event;
import dev.vigil.state.StateSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import java.time.Duration;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One of Vigil's keyed detectors as a Flink {@code KeyedProcessFunction}: the stream is keyed by
 * {@link KeyedDetector#key}, and the detector's declared state lives in Flink keyed state (so in
 * checkpoints and savepoints, on the heap or in RocksDB), its timers in Flink's timer service. The
 * detector itself is the one {@code vigil scan} runs, unchanged: it reaches state only through
 * {@link dev.vigil.state.KeyContext}, which {@link FlinkKeyContext} implements here.
 *
 * <p>State values are stored as the bytes of the spec's codec (map keys as the codec's bytes read
 * as ISO-8859-1 text), so any state backend holds them with no serializer of Vigil's types, and
 * every read gives the detector a fresh value, as the write-back contract expects.
 */
public final class DetectorFunction extends KeyedProcessFunction<String, Event, Detection> {
    private static final long serialVersionUID = 1L;

    private final String detectorId;
    private final JobDetectors detectors;
    private final long stateTtlMillis;
    private transient KeyedDetector detector;
    private transient FlinkKeyContext context;

    /** The built-in keyed detector {@code detectorId} ({@link BuiltInDetectors}), built where the function runs. */
    public DetectorFunction(String detectorId) {
        this(detectorId, 0);
    }

    /**
     * As {@link #DetectorFunction(String)}, with state that Flink lets go when it was not read or written
     * for {@code stateTtlMillis} (processing time; 0 for never). The detectors clear what they
     * know to be over (a closed window) themselves; this bounds what they cannot know is over:
     * a host that stopped sending, a process that exited without a trace.
     */
    public DetectorFunction(String detectorId, long stateTtlMillis) {
        this(JobDetectors.BUILT_IN, detectorId, stateTtlMillis);
    }

    /** As {@link #DetectorFunction(String, long)}, for the keyed detector in {@code slot} of {@code detectors}. */
    public DetectorFunction(JobDetectors detectors, String slot, long stateTtlMillis) {
        this.detectors = detectors;
        if (stateTtlMillis < 0) {
            throw new IllegalArgumentException("state TTL must not be negative");
        }
        this.detectorId = slot;
        this.stateTtlMillis = stateTtlMillis;
    }

    private StateTtlConfig ttl() {
        return StateTtlConfig.newBuilder(Duration.ofMillis(stateTtlMillis))
                .setUpdateType(StateTtlConfig.UpdateType.OnReadAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build();
    }

    @Override
    public void open(OpenContext openContext) {
        detector = detectors.keyed(detectorId);
        List<StateSpec> specs = detector.states();
        List<Object> handles = new ArrayList<>();
        for (StateSpec spec : specs) {
            if (spec instanceof StateSpec.Value<?>) {
                ValueStateDescriptor<byte[]> d = new ValueStateDescriptor<>(spec.name(),
                        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
                if (stateTtlMillis > 0) {
                    d.enableTimeToLive(ttl());
                }
                handles.add(getRuntimeContext().getState(d));
            } else {
                MapStateDescriptor<String, byte[]> d = new MapStateDescriptor<>(spec.name(), Types.STRING,
                        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
                if (stateTtlMillis > 0) {
                    d.enableTimeToLive(ttl());
                }
                handles.add(getRuntimeContext().getMapState(d));
            }
        }
        context = new FlinkKeyContext(specs, handles);
    }

    @Override
    public void processElement(Event event, Context ctx, Collector<Detection> out) {
        context.bind(ctx.getCurrentKey(), ctx.timerService());
        detector.process(event, context, out::collect);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Detection> out) {
        context.bind(ctx.getCurrentKey(), ctx.timerService());
        detector.onTimer(timestamp, context, out::collect);
    }
}
