package dev.vigil.rules;

/** Which form of a field value a condition reads. */
public enum Variant {
    /** Decoded, case-folded, whitespace-compressed (paths also canonicalised): the default. */
    DECODED,
    /** Like {@link #DECODED} with SQL/C comments removed, so {@code union/**}{@code /select} reads {@code union select}. */
    NOCOMMENTS,
    /** The value exactly as logged. */
    RAW,
    /**
     * Command-line fields only ({@code cmdline}, {@code argv}, {@code parent_cmdline}): decoded like
     * {@link #DECODED} (quotes, escapes, {@code ${IFS}} undone) with letter case kept, for options
     * that differ by case ({@code tar -P}, {@code useradd -o}). Lower-cased it is the decoded form,
     * so the rule keeps its literal prefilter.
     */
    CASED
}
