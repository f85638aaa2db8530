package dev.vigil.rules;

import com.google.re2j.Pattern;
import dev.vigil.text.LiteralMatcher;
import dev.vigil.ti.IpPrefix;
import java.util.List;
import java.util.Objects;

/**
 * A rule's condition, compiled from YAML once. A leaf with a {@code null} field reads the value
 * under test (each value of each field the rule lists, in turn); a leaf naming a field reads that
 * field of the request and holds when any of its values does.
 *
 * <p>All implementations are immutable and thread-safe.
 */
public sealed interface Condition {

    /** How a {@link Text} leaf compares. */
    enum TextOp { CONTAINS, STARTSWITH, ENDSWITH, EQUALS }

    /** Numeric comparisons. */
    enum CompareOp { LT, LE, GT, GE, EQ, NE }

    /** Which tokenizing detector a {@link Detect} leaf calls. */
    enum DetectorKind { SQLI, XSS, CMDI, TRAVERSAL, SSRF, CODE, REDIRECT, XXE, LDAP, XPATH, CRLF, FORMAT, PHPNAME, JWT, GRAPHQL }

    /**
     * Text comparison against any of {@code values} (inline, or the lines of data file {@code list}).
     * With {@code word}, a contains match must sit between non-word characters, and a startswith
     * match must end at one.
     */
    record Text(TextOp op, Field field, Variant variant, List<String> values, String list, boolean word,
                LiteralMatcher matcher) implements Condition {
        public Text {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(variant, "variant");
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException(op.name().toLowerCase() + ": no values");
            }
            Objects.requireNonNull(matcher, "matcher");
        }
    }

    /**
     * An RE2 regular expression (linear time on any input), found anywhere in the value. The
     * optional {@code gate} holds literals one of which every match contains: when none occurs
     * the regex is not run at all. The optional {@code firstChars} mask holds the characters every
     * match starts with (see {@link dev.vigil.rules.compile.FirstChars}), checked first.
     * {@code requiredChars} are rare character classes each match contains somewhere.
     * {@code perThread} gives each worker its own compiled copy ({@link PatternCopies}).
     */
    record Regex(Field field, Variant variant, String source, Pattern pattern, LiteralMatcher gate, long[] firstChars,
                 long[][] requiredChars, PatternCopies perThread) implements Condition {
        public Regex {
            Objects.requireNonNull(variant, "variant");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(pattern, "pattern");
        }
    }

    /**
     * True when the value is, or is a URL whose host is, an IPv4 address inside one of the IPv4
     * blocks ({@code networks}, {@code masks}); or when the whole value is an IPv6 address (bare
     * or in brackets) inside one of the IPv6 blocks ({@code v6}). The two families never meet: an
     * IPv4-mapped address ({@code ::ffff:10.0.0.1}) is an IPv6 address, as Python's
     * {@code ipaddress} and Sigma's backends take it.
     */
    record Cidr(Field field, List<String> blocks, int[] networks, int[] masks, List<IpPrefix> v6) implements Condition {
        public Cidr {
            blocks = List.copyOf(blocks);
            Objects.requireNonNull(networks, "networks");
            Objects.requireNonNull(masks, "masks");
            v6 = List.copyOf(v6);
            if (v6.stream().anyMatch(p -> !p.v6())) {
                throw new IllegalArgumentException("an IPv4 block among the IPv6 ones");
            }
        }

        /** IPv4 blocks only, as Vigil's rules write them. */
        public Cidr(Field field, List<String> blocks, int[] networks, int[] masks) {
            this(field, blocks, networks, masks, List.of());
        }
    }

    /** Numeric comparison of the value (status, or a number in the value); non-numbers never match. */
    record Compare(Field field, CompareOp op, long value) implements Condition {
        public Compare {
            Objects.requireNonNull(op, "op");
        }
    }

    /** Calls a tokenizing detector (SQL injection, XSS, command injection, ...) on the value. */
    record Detect(DetectorKind kind, Field field, Variant variant) implements Condition {
        public Detect {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(variant, "variant");
        }
    }

    /**
     * True when the named field has a (non-empty) value: Sigma's {@code exists} modifier, and with
     * {@link Not} its {@code null}.
     */
    record Exists(Field field) implements Condition {
        public Exists {
            Objects.requireNonNull(field, "field");
        }
    }

    /**
     * Compares a field with another field of the same event (Sigma's {@code fieldref}): true when a
     * value of {@code field} equals, contains, starts or ends with a value of {@code other}, compared
     * case-insensitively unless {@code cased}. Its verdict depends on two fields, so it is never
     * remembered per value.
     */
    record FieldRef(Field field, TextOp op, Field other, boolean cased) implements Condition {
        public FieldRef {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(other, "other");
        }
    }

    /**
     * Reads the value as a command line, per program ({@link dev.vigil.analyze.reading.Behaviours}),
     * and holds when it shows the behaviour {@code family}.
     */
    record Reads(dev.vigil.analyze.reading.Behaviours.Family family, Field field) implements Condition {
        public Reads {
            Objects.requireNonNull(family, "family");
        }
    }

    record All(List<Condition> children) implements Condition {
        public All {
            children = List.copyOf(children);
            if (children.isEmpty()) {
                throw new IllegalArgumentException("all: no conditions");
            }
        }
    }

    record Any(List<Condition> children) implements Condition {
        public Any {
            children = List.copyOf(children);
            if (children.isEmpty()) {
                throw new IllegalArgumentException("any: no conditions");
            }
        }
    }

    record Not(Condition child) implements Condition {
        public Not {
            Objects.requireNonNull(child, "child");
        }
    }
}
