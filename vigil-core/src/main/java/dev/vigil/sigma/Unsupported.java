package dev.vigil.sigma;

/**
 * A Sigma rule that Vigil cannot run as written (an aggregation, an unknown modifier, a field its
 * events lack): the rule is skipped and the message, its reason, is listed by lint.
 */
final class Unsupported extends RuntimeException {
    Unsupported(String reason) {
        super(reason, null, false, false);
    }
}
