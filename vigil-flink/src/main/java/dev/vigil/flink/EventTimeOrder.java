package dev.vigil.flink;

import dev.vigil.event.DnsQuery;
import dev.vigil.event.Event;
import dev.vigil.event.FtpLogin;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.ProcessStart;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Hands events on in event-time order, per resource: each event waits in keyed state until the
 * watermark passes its time, then goes out with the others of its time (ordered by source and
 * line, so the order does not depend on how partitions interleaved). The keyed detectors, as
 * {@code vigil scan} runs them, see each key's events in time order; lines shuffled within the
 * out-of-orderness bound, or one host's lines spread over several partitions, give them the same
 * sequence. Events without a time, and late ones (behind the watermark already), go on at once.
 *
 * <p>Keyed by resource ({@link #BY_RESOURCE}): every built-in detector's key names the resource
 * (host) first, so each detector key's events pass through one instance and keep this order on
 * the way to the detector.
 */
final class EventTimeOrder extends KeyedProcessFunction<String, Event, Event> {
    private static final long serialVersionUID = 1L;

    /** The resource an event names (the empty string for none). */
    static final KeySelector<Event, String> BY_RESOURCE = EventTimeOrder::resource;

    private transient MapState<Long, List<Event>> waiting;

    static String resource(Event e) {
        String host = null;
        if (e instanceof HttpRequest r) {
            host = r.host();
        } else if (e instanceof ProcessStart p) {
            host = p.host();
        } else if (e instanceof DnsQuery q) {
            host = q.host();
        } else if (e instanceof FtpLogin f) {
            host = f.host();
        }
        return host == null ? "" : host;
    }

    @Override
    public void open(OpenContext openContext) {
        waiting = getRuntimeContext().getMapState(new MapStateDescriptor<>("waiting", Types.LONG,
                Types.LIST(TypeInformation.of(Event.class))));
    }

    @Override
    public void processElement(Event e, Context ctx, Collector<Event> out) throws Exception {
        long t = e.timeMillis();
        if (t == Event.NO_TIME || t <= ctx.timerService().currentWatermark()) {
            out.collect(e);
            return;
        }
        List<Event> at = waiting.get(t);
        if (at == null) {
            at = new ArrayList<>(2);
            ctx.timerService().registerEventTimeTimer(t);
        }
        at.add(e);
        waiting.put(t, at);
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<Event> out) throws Exception {
        List<Event> at = waiting.get(time);
        if (at == null) {
            return;
        }
        waiting.remove(time);
        at.sort(Comparator.comparing((Event e) -> e.origin().source()).thenComparingLong(e -> e.origin().line())
                .thenComparingLong(e -> e.origin().offset()));
        at.forEach(out::collect);
    }
}
