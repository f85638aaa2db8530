package dev.vigil.rules;

/** Which form of a field value a condition reads. */
public enum Variant {
    /** Decoded, case-folded, whitespace-compressed (paths also canonicalised): the default. */
    DECODED,
    /** Like {@link #DECODED} with SQL/C comments removed, so {@code union/**}{@code /select} reads {@code union select}. */
    NOCOMMENTS,
    /** The value exactly as logged. */
    RAW
}
