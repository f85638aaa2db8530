package dev.vigil.ti.load;

import java.util.Objects;

/**
 * A bad entry in a feed file.
 *
 * @param location {@code file:line} for line formats, {@code file:$.json.path} for JSON formats
 * @param reason why the entry was rejected
 */
public record LoadProblem(String location, String reason) {
    public LoadProblem {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return location + ": " + reason;
    }
}
