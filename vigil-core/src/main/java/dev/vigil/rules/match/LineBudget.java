package dev.vigil.rules.match;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

/**
 * The time one event may spend in rule evaluation: the last resort behind linear-time matching.
 * Every rule's cost is linear in the length of what it reads (see {@code AdversarialTimeTest}),
 * so an event runs out of budget only when it is very long or the machine is starved; then the
 * rules that run regular expressions or tokenizers stop, the literal-only rules (cheap checks)
 * still run, and the detector reports the event as incomplete ({@link OverBudget}), which the
 * engine records as a problem with the file and line.
 *
 * <p>The budget is CPU time of the thread matching the event, so a machine busy with other work
 * does not change what is found: two seconds per event (and per command decoded from a command
 * line) unless {@code -Dvigil.rules.budget-ms=N} says otherwise. A zero budget runs the literal
 * rules only. The clock is read every {@value #CHECK_EVERY} units of work (a rule, or a value a
 * rule is tested on), from the first such look on: never for most events.
 *
 * <p>Not thread-safe: one per event being matched, on the thread that matches it.
 */
public final class LineBudget {
    /** The budget when none is given: the system property {@code vigil.rules.budget-ms}, else two seconds. */
    public static final Duration DEFAULT = Duration.ofMillis(Math.max(0, Long.getLong("vigil.rules.budget-ms", 2000L)));

    /** Units of work between looks at the clock: a thread's CPU clock costs a system call. */
    static final int CHECK_EVERY = 128;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CPU_CLOCK = THREADS.isCurrentThreadCpuTimeSupported();

    private final long limitNanos;
    /** The CPU clock at the first look. */
    private long cpuStart;
    private boolean looked;
    private int work;
    private boolean over;
    private int skipped;

    LineBudget(long limitNanos) {
        this.limitNanos = limitNanos;
        this.over = limitNanos <= 0;
    }

    private static long cpuNow() {
        return CPU_CLOCK ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /**
     * Counts one unit of work (one rule, or one value a rule is tested on) and says whether there
     * is budget left for it; once spent, it stays spent.
     */
    boolean spend() {
        if (over) {
            return false;
        }
        if (++work % CHECK_EVERY != 0) {
            return true;
        }
        long cpu = cpuNow();
        if (!looked) {
            // the clock starts at the first look, so that the events (nearly all) that never get
            // there never read it: the work before it, a bounded number of units each linear in
            // its value, is not counted
            cpuStart = cpu;
            looked = true;
        }
        if (cpu - cpuStart >= limitNanos) {
            over = true;
            return false;
        }
        return true;
    }

    /** Whether the budget ran out. */
    boolean over() {
        return over;
    }

    void skipped() {
        skipped++;
    }

    /** How many rules were left unevaluated, or stopped part way, for want of time. */
    int skippedRules() {
        return skipped;
    }

    /**
     * Thrown by a detector after it has reported what it found on an event that ran out of
     * budget: the engine counts it as a problem of that line, and the detections already
     * reported stand.
     */
    public static final class OverBudget extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public OverBudget(int skippedRules, Duration budget) {
            super("rule evaluation stopped after " + budget.toMillis() + " ms (budget per line, -Dvigil.rules.budget-ms); "
                    + skippedRules + " rules with regular expressions or tokenizers not run, literal rules ran", null,
                    false, false);
        }
    }
}
