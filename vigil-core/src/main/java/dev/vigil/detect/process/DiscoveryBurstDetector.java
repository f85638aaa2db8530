package dev.vigil.detect.process;

import dev.vigil.catalogue.AlertType;
import dev.vigil.detect.Detection;
import dev.vigil.detect.KeyedDetector;
import dev.vigil.analyze.reading.Behaviours;
import dev.vigil.event.Event;
import dev.vigil.event.ProcessStart;
import dev.vigil.normalize.CommandLineNormalizer;
import dev.vigil.state.Codec;
import dev.vigil.state.KeyContext;
import dev.vigil.state.StateSpec;
import dev.vigil.state.ValueState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * DiscoveryBurst: several distinct survey commands ({@code whoami}, {@code systeminfo},
 * {@code ipconfig /all}, {@code net user}, {@code tasklist}, {@code id}, {@code uname -a}...)
 * started by one parent process within a short window. Discovery (ATT&CK TA0007) is a burst
 * behaviour: an intruder who lands a shell, or a script it drops, surveys the user, host, network
 * and processes in quick succession, while each of those commands alone is what administrators
 * type every day (one of them on its own is not raised here; from a web worker it is
 * {@code process.webshell.shell}). Several surveys in one command line are
 * {@code process.discovery.windows} and {@code process.discovery.linux-targeted}; this detector
 * finds the same burst spread over separate process starts.
 *
 * <p>Keyed by host and parent process id (one shell, one web shell request handler, one script):
 * surveys by unrelated processes of a host never add up. Events without a time or a parent id
 * are left alone. Raised once per window, on the start that reaches the threshold; the detection
 * lists the surveys seen. A window's state is cleared by a timer when it closes, and an expired
 * window is treated as absent whenever it is seen, so detections never depend on when timers run.
 *
 * <p>Holds configuration only; thread-safe (state lives in the {@link KeyContext}).
 */
public final class DiscoveryBurstDetector implements KeyedDetector {
    /** Thresholds; the defaults need a script's pace, not an administrator's. */
    public record Config(long windowMillis, int minDistinct, int maxParents) {
        public Config {
            if (windowMillis < 1000 || minDistinct < 2 || maxParents < 1) {
                throw new IllegalArgumentException("window_seconds >= 1, min_distinct_surveys >= 2 and max_parents >= 1"
                        + " are required");
            }
        }

        public static final Config DEFAULT = new Config(60_000, 3, 200_000);
    }

    public static final String RULE_ID = "process.behaviour.discovery-burst";

    /** One parent's open window: when it opened, the distinct surveys seen (first seen first), whether it fired. */
    record Window(long start, List<String> surveys, boolean fired) {
        Window with(Set<String> more, int keep) {
            if (surveys.size() >= keep || surveys.containsAll(more)) {
                return this;
            }
            java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(surveys);
            for (String s : more) {
                if (all.size() < keep) {
                    all.add(s);
                }
            }
            return new Window(start, List.copyOf(all), fired);
        }
    }

    static final Codec<Window> WINDOW = new Codec<>() {
        @Override
        public void write(DataOutput out, Window w) throws IOException {
            out.writeLong(w.start());
            Codec.STRINGS.write(out, w.surveys());
            out.writeBoolean(w.fired());
        }

        @Override
        public Window read(DataInput in) throws IOException {
            return new Window(in.readLong(), List.copyOf(Codec.STRINGS.read(in)), in.readBoolean());
        }
    };

    private static final StateSpec.Value<Window> WINDOWS = new StateSpec.Value<>("window", WINDOW);

    private final AlertType type;
    private final Config config;

    public DiscoveryBurstDetector(AlertType type, Config config) {
        this.type = type;
        this.config = config;
    }

    @Override
    public String id() {
        return RULE_ID;
    }

    @Override
    public List<StateSpec> states() {
        return List.of(WINDOWS);
    }

    @Override
    public int maxKeys() {
        return config.maxParents();
    }

    @Override
    public String key(Event event) {
        if (!(event instanceof ProcessStart p) || p.timeMillis() == Event.NO_TIME || p.ppid() < 0
                || !Behaviours.maySurvey(p.commandLine())) {
            return null; // most starts are neither a survey program nor a wrapper that could run one: never routed
        }
        return (p.host() == null ? "" : p.host()) + "\u0000" + p.ppid();
    }

    @Override
    public void process(Event event, KeyContext ctx, Consumer<Detection> out) {
        ProcessStart p = (ProcessStart) event;
        Set<String> seen = Behaviours.surveys(p.commandLine(), CommandLineNormalizer.isWindows(p.exe(), p.commandLine()));
        if (seen.isEmpty()) {
            return; // only surveys open or fill a window: other starts never touch state
        }
        long t = p.timeMillis();
        ValueState<Window> state = ctx.value(WINDOWS);
        Window w = state.value();
        if (w != null && (t - w.start() > config.windowMillis() || t < w.start())) {
            w = null; // closed, whether or not its timer has fired yet
            state.clear();
        }
        if (w == null) {
            w = new Window(t, List.of(), false);
            ctx.registerTimer(t + config.windowMillis() + 1);
        }
        w = w.with(seen, config.minDistinct());
        if (!w.fired() && w.surveys().size() >= config.minDistinct()) {
            w = new Window(w.start(), w.surveys(), true);
            String summary = String.format(java.util.Locale.ROOT, "%d distinct survey commands from parent %d in %d s: %s",
                    w.surveys().size(), p.ppid(), Math.max(1, (t - w.start()) / 1000), String.join(", ", w.surveys()));
            out.accept(new Detection(RULE_ID, type, type.severity(), event, "cmdline", p.commandLine(), summary));
        }
        state.update(w);
    }

    @Override
    public void onTimer(long time, KeyContext ctx, Consumer<Detection> out) {
        ValueState<Window> state = ctx.value(WINDOWS);
        Window w = state.value();
        if (w != null && time - w.start() > config.windowMillis()) {
            state.clear(); // closed; a window opened later has a timer of its own
        }
    }
}
