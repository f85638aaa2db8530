package dev.vigil.detect;

import dev.vigil.event.Event;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A stateless detector built on the first event it could act on, so that a scan pays only for
 * the rule sets its input needs: compiling the HTTP rules takes about half a second, which a
 * scan of process events alone need not spend. Events it cannot act on are passed over without
 * building it.
 *
 * <p>Thread-safe: the first worker thread to need it builds it while the others wait. If
 * building fails, every later inspection fails with the same error, which the engine reports.
 */
public final class LazyDetector implements Detector {
    private final String id;
    private final Predicate<Event> relevant;
    private final Lazy<Detector> built;

    /**
     * @param id       the built detector's id, known before it is built
     * @param relevant which events the detector could act on (others never build it)
     * @param build    makes the detector; called at most once
     */
    public LazyDetector(String id, Predicate<Event> relevant, Supplier<? extends Detector> build) {
        this.id = Objects.requireNonNull(id, "id");
        this.relevant = Objects.requireNonNull(relevant, "relevant");
        this.built = new Lazy<>("detector " + id, build);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void inspect(Event event, Consumer<Detection> out) {
        if (!relevant.test(event)) {
            return;
        }
        built.get().inspect(event, out);
    }
}
