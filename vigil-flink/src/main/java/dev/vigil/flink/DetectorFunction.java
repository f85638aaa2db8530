package dev.vigil.flink;

import dev.vigil.detect.Detection;
import dev.vigil.detect.KeyedDetector;
import dev.vigil.event.Event;
import dev.vigil.state.StateSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
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
    private transient KeyedDetector detector;
    private transient FlinkKeyContext context;

    /** The built-in keyed detector {@code detectorId} ({@link BuiltInDetectors}), built where the function runs. */
    public DetectorFunction(String detectorId) {
        this.detectorId = detectorId;
    }

    @Override
    public void open(OpenContext openContext) {
        detector = BuiltInDetectors.byId(detectorId);
        List<StateSpec> specs = detector.states();
        List<Object> handles = new ArrayList<>();
        for (StateSpec spec : specs) {
            if (spec instanceof StateSpec.Value<?>) {
                handles.add(getRuntimeContext().getState(
                        new ValueStateDescriptor<>(spec.name(), Types.PRIMITIVE_ARRAY(Types.BYTE))));
            } else {
                handles.add(getRuntimeContext().getMapState(
                        new MapStateDescriptor<>(spec.name(), Types.STRING, Types.PRIMITIVE_ARRAY(Types.BYTE))));
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
