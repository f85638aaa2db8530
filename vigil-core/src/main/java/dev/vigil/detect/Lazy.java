package dev.vigil.detect;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value made on first use, at most once, for parts of detection that only some inputs need
 * (a rule set compiled when the first event that needs it arrives). If making it fails, every
 * later use fails with the same error, naming what could not be made.
 *
 * <p>Thread-safe: the first thread to need it makes it while the others wait.
 */
public final class Lazy<T> implements Supplier<T> {
    private final String name;
    private final Supplier<? extends T> make;
    private volatile T value;
    private RuntimeException failure;

    /**
     * @param name what is made, for the error message ("detector http-rules")
     * @param make makes the value; called at most once
     */
    public Lazy(String name, Supplier<? extends T> make) {
        this.name = Objects.requireNonNull(name, "name");
        this.make = Objects.requireNonNull(make, "make");
    }

    @Override
    public T get() {
        T v = value;
        return v != null ? v : make();
    }

    private synchronized T make() {
        if (value == null) {
            if (failure != null) {
                throw failure;
            }
            try {
                value = Objects.requireNonNull(make.get(), "made nothing");
            } catch (RuntimeException e) {
                failure = new IllegalStateException(name + " could not be built: " + e.getMessage(), e);
                throw failure;
            }
        }
        return value;
    }
}
