package dev.vigil.normalize;

/**
 * One query-string parameter, as logged and decoded.
 *
 * @param rawName  the name as logged
 * @param name     the decoded name
 * @param rawValue the value as logged (empty when the parameter had no {@code =})
 * @param value    the decoded value
 *
 * <p>Immutable and thread-safe.
 */
public record Param(String rawName, String name, String rawValue, String value) {
    public Param {
        rawName = rawName == null ? "" : rawName;
        name = name == null ? "" : name;
        rawValue = rawValue == null ? "" : rawValue;
        value = value == null ? "" : value;
    }
}
