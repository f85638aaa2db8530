package dev.vigil.analyze.unix;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Programs that only start the program after them, changing how it runs but not what it does:
 * privilege runners ({@code sudo}, {@code doas}), the environment setter ({@code env}), the shell's
 * own {@code command} and {@code exec}, and the schedulers and limiters that take a command
 * ({@code nohup}, {@code time}, {@code timeout}, {@code nice}, {@code ionice}, {@code stdbuf},
 * {@code setsid}, {@code taskset}, {@code chrt}, {@code unbuffer}). A behaviour judged per program
 * must be judged on the program they start: {@code nohup zip F -T -TT 'sh #'} is zip's
 * behaviour, {@code command docker run -v /:/x} is docker's.
 *
 * <p>{@link #unwrap} skips each wrapper with its options, option values and fixed operands (a
 * duration, a CPU mask, a priority) and {@code NAME=value} words. When what a wrapper starts is a
 * shell, the wrapper is kept ({@code keepBeforeShell}): a shell as the operand of a program that
 * runs it ({@code nice /bin/sh}) is what the GTFOBins shell function looks for, and a bare shell is
 * not. {@code command -v X} and {@code command -V X} look a program up and run nothing: not a
 * wrapper. Stateless, thread-safe; never throws.
 */
public final class Wrappers {
    private Wrappers() {
    }

    /** Options, per wrapper, that take the next word as their value when it is not joined. */
    private static final Map<String, String> VALUE_OPTIONS = Map.ofEntries(
            Map.entry("sudo", " -u -g -h -p -C -D -r -t -T -U -c "),
            Map.entry("doas", " -u -C "),
            Map.entry("env", " -u -C -S --unset --chdir "),
            Map.entry("exec", " -a "),
            Map.entry("time", " -f -o --format --output "),
            Map.entry("timeout", " -s -k --signal --kill-after "),
            Map.entry("nice", " -n --adjustment "),
            Map.entry("ionice", " -c -n --class --classdata "),
            Map.entry("stdbuf", " -i -o -e --input --output --error "),
            Map.entry("setsid", " "),
            Map.entry("taskset", " "),
            Map.entry("chrt", " "),
            Map.entry("nohup", " "),
            Map.entry("command", " "),
            Map.entry("unbuffer", " "),
            Map.entry("builtin", " "));

    /** Operands, per wrapper, that come before the program (a duration, a CPU mask, a priority). */
    private static int fixedOperands(String p) {
        switch (p) {
            case "timeout": case "taskset": case "chrt":
                return 1;
            default:
                return 0;
        }
    }

    /**
     * Whether {@code option}, as written (options are case-sensitive), takes the next word as its
     * value for the wrapper {@code name} (a base name): {@code sudo -u root}, but not {@code sudo -E};
     * null when {@code name} is no wrapper this class knows.
     */
    public static Boolean takesValue(String name, String option) {
        String values = VALUE_OPTIONS.get(name);
        return values == null ? null : takesValueIn(values, option);
    }

    /** Whether {@code option}, not joined to its value, is one of {@code values} (a wrapper's {@link #VALUE_OPTIONS}). */
    private static boolean takesValueIn(String values, String option) {
        return option.indexOf('=') < 0 && values.contains(" " + option + " ");
    }

    /** Whether {@code name} (a base name) is a wrapper {@link #unwrap} steps over. */
    public static boolean isWrapper(String name) {
        return VALUE_OPTIONS.containsKey(name);
    }

    /**
     * The words from the program the wrappers start on; {@code w} itself when its program is no
     * wrapper. With {@code keepBeforeShell}, stops at
     * the last wrapper whose program is a shell (its words are returned from that wrapper on). A
     * wrapper that starts nothing ({@code sudo -l}, {@code env}, {@code command -v x}) is the program.
     */
    public static List<String> unwrap(List<String> w, boolean keepBeforeShell) {
        int start = 0;
        for (int guard = 0; guard < 8 && start < w.size(); guard++) {
            String p = baseName(w.get(start));
            String values = VALUE_OPTIONS.get(p);
            if (values == null) {
                break;
            }
            int i = start + 1;
            int fixed = fixedOperands(p);
            boolean lookup = false;
            while (i < w.size()) {
                String a = w.get(i);
                if (a.equals("--")) {
                    i++;
                    break;
                }
                if (a.startsWith("-") && a.length() > 1) {
                    if (p.equals("command") && (a.equals("-v") || a.equals("-V"))) {
                        lookup = true;
                    }
                    if (p.equals("taskset") && (a.equals("-p") || a.equals("--pid") || a.contains("p") && !a.startsWith("--"))) {
                        lookup = true; // taskset -p changes a running process
                    }
                    i += takesValueIn(values, a) ? 2 : 1;
                    continue;
                }
                if ((p.equals("env") || p.equals("sudo")) && isAssignment(a)) {
                    i++;
                    continue;
                }
                if (fixed > 0) {
                    fixed--;
                    i++;
                    continue;
                }
                break;
            }
            if (lookup || i >= w.size()) {
                break; // the wrapper itself is the program: command -v X, a bare sudo -l, env alone
            }
            if (keepBeforeShell && isPosixShell(baseName(w.get(i)))) {
                break;
            }
            start = i;
        }
        return start == 0 ? w : w.subList(start, w.size());
    }

    /** Whether {@code a} is a shell variable assignment ({@code NAME=value}): what env, sudo and a command's prefix take. */
    public static boolean isAssignment(String a) {
        int eq = a.indexOf('=');
        if (eq <= 0) {
            return false;
        }
        for (int i = 0; i < eq; i++) {
            char c = a.charAt(i);
            if (!(c == '_' || Character.isLetterOrDigit(c)) || i == 0 && Character.isDigit(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The words from the program that runs on, past every wrapper and its options; none when only
     * a wrapper is there ({@code sudo -l}, a bare {@code env}).
     */
    public static List<String> programWords(List<String> w) {
        List<String> inner = unwrap(w, false);
        return inner.size() == 1 && isWrapper(baseName(inner.get(0))) ? List.of() : inner;
    }

    /** Whether a program name (a base name, lower case) is a POSIX shell. */
    public static boolean isPosixShell(String name) {
        switch (name) {
            case "sh": case "bash": case "dash": case "zsh": case "ksh": case "ash": case "csh": case "tcsh":
            case "mksh": case "fish": case "rbash": case "yash": case "posh": case "sash":
                return true;
            default:
                return false;
        }
    }

    private static String baseName(String path) {
        int cut = path.lastIndexOf('/');
        return path.substring(cut + 1).toLowerCase(Locale.ROOT);
    }
}
