/**
 * Sigma rules run natively: {@link dev.vigil.sigma.SigmaLoader} reads a folder of Sigma rules,
 * {@link dev.vigil.sigma.SigmaCompiler} turns each detection into the same
 * {@link dev.vigil.rules.Condition} tree the built-in rules compile to, and
 * {@link dev.vigil.sigma.SigmaDetector} runs them through {@link dev.vigil.rules.match.RuleMatcher}
 * (literal prefilter, re2j). Field names, levels and alert types come from one table,
 * {@code sigma/mapping.yaml} ({@link dev.vigil.sigma.SigmaMapping}); {@code docs/sigma.md}
 * documents it.
 */
package dev.vigil.sigma;
