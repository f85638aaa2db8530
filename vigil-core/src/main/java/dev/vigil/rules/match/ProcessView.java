package dev.vigil.rules.match;

import dev.vigil.event.ProcessStart;
import dev.vigil.normalize.CommandLineNormalizer;
import dev.vigil.rules.Condition;
import dev.vigil.rules.Field;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * The normalised fields of one process start, each computed once, on first use. Command lines go
 * through {@link CommandLineNormalizer} (quotes, escapes, {@code ${IFS}}, carets, case); paths and
 * names are case-folded. A view may stand for a command decoded out of the event's command line
 * (a {@code base64 -d | sh} payload, a PowerShell {@code -EncodedCommand}): then {@code CMDLINE}
 * and {@code ARGV} read the decoded command and the other fields stay the event's.
 *
 * <p>Not thread-safe: one per event, on the thread that inspects it.
 */
public final class ProcessView implements FieldSource {
    private static final List<FieldValue> NONE = List.of();

    private final ProcessStart process;
    private final String commandLine;
    private final String webWorker;
    private final boolean windows;
    // one slot per field; Java cannot create a generic array, hence the raw one
    @SuppressWarnings({"unchecked", "rawtypes"})
    private final List<FieldValue>[] cache = new List[Field.COUNT];

    public ProcessView(ProcessStart process) {
        this(process, process.commandLine(), null);
    }

    /**
     * @param commandLine the command line to read (the event's, or one decoded from it)
     * @param webWorker   the nearest web worker in the lineage, or null when none is known
     */
    public ProcessView(ProcessStart process, String commandLine, String webWorker) {
        this.process = process;
        this.commandLine = commandLine;
        this.webWorker = webWorker;
        this.windows = CommandLineNormalizer.isWindows(process.exe(), process.commandLine());
    }

    public ProcessStart process() {
        return process;
    }

    /** Whether the process looks like a Windows one (drives command-line normalisation). */
    public boolean windows() {
        return windows;
    }

    /** The command line this view reads, normalised. */
    public String normalizedCommandLine() {
        List<FieldValue> v = values(Field.CMDLINE);
        return v.isEmpty() ? "" : v.get(0).decoded;
    }

    /**
     * The event's fields the values of {@code fields} are computed from (see {@link #compute}),
     * with the platform the command line is read for and whether this view reads the event's own
     * command line or one decoded from it. The request fields have no values here, nor have the
     * process fields that {@link #compute} leaves empty.
     */
    @Override
    public VerdictKey verdictKey(long fields) {
        ProcessStart p = process;
        Object[] parts = new Object[12];
        int n = 0;
        // the platform, and whether the executable is a Windows program's (the command line's
        // readings depend on both, see CommandLineNormalizer#readings)
        parts[n++] = Integer.valueOf((windows ? 1 : 0) + (CommandLineNormalizer.isWindowsImage(p.exe()) ? 2 : 0));
        parts[n++] = commandLine == p.commandLine() ? Boolean.TRUE : Boolean.FALSE;
        // a part for each field read, or null, so that the positions stay fixed
        parts[n++] = FieldSource.has(fields, Field.EXE) ? p.exe() : null;
        parts[n++] = FieldSource.has(fields, Field.EXE_NAME) ? exeSource() : null;
        parts[n++] = FieldSource.has(fields, Field.CMDLINE) || FieldSource.has(fields, Field.ARGV) ? commandLine : null;
        parts[n++] = FieldSource.has(fields, Field.PARENT_EXE) || FieldSource.has(fields, Field.PARENT_NAME)
                || FieldSource.has(fields, Field.PARENT_CMDLINE) ? p.parentExe() : null;
        parts[n++] = FieldSource.has(fields, Field.PARENT_CMDLINE) ? p.parentCommandLine() : null;
        parts[n++] = FieldSource.has(fields, Field.USER) ? p.user() : null;
        parts[n++] = FieldSource.has(fields, Field.CWD) ? p.cwd() : null;
        parts[n++] = FieldSource.has(fields, Field.WEB_WORKER) ? webWorker : null;
        parts[n++] = FieldSource.has(fields, Field.ANCESTORS) ? p.ancestors() : null;
        parts[n++] = FieldSource.has(fields, Field.ARGV) ? p.argv() : null;
        return VerdictKey.of(parts);
    }

    /** Created on first use: most events never evaluate a leaf that reads another field. */
    private Map<Condition, Boolean> fieldVerdicts;

    @Override
    public Map<Condition, Boolean> fieldVerdicts() {
        Map<Condition, Boolean> m = fieldVerdicts;
        if (m == null) {
            m = new IdentityHashMap<>();
            fieldVerdicts = m;
        }
        return m;
    }

    @Override
    public List<FieldValue> values(Field f) {
        List<FieldValue> v = cache[f.ordinal()];
        if (v == null) {
            v = compute(f);
            cache[f.ordinal()] = v;
        }
        return v;
    }

    private List<FieldValue> compute(Field f) {
        ProcessStart p = process;
        switch (f) {
            case EXE:
                return one(f, p.exe(), fold(p.exe()));
            case EXE_NAME:
                return one(f, exeSource(), baseName(exeSource()));
            case CMDLINE:
                return commandLine(f, commandLine, windows, CommandLineNormalizer.isWindowsImage(p.exe()));
            case PARENT_EXE:
                return one(f, p.parentExe(), fold(p.parentExe()));
            case PARENT_NAME:
                return one(f, p.parentExe(), baseName(p.parentExe()));
            case PARENT_CMDLINE:
                return commandLine(f, p.parentCommandLine(),
                        CommandLineNormalizer.isWindows(p.parentExe(), p.parentCommandLine()),
                        CommandLineNormalizer.isWindowsImage(p.parentExe()));
            case USER:
                return one(f, p.user(), fold(p.user()));
            case CWD:
                return one(f, p.cwd(), fold(p.cwd()));
            case WEB_WORKER:
                return one(f, webWorker, baseName(webWorker));
            case ANCESTORS: {
                List<String> anc = p.ancestors();
                if (anc.isEmpty()) {
                    return NONE;
                }
                List<FieldValue> out = new ArrayList<>(anc.size());
                for (String a : anc) {
                    if (a != null && !a.isEmpty()) {
                        out.add(new FieldValue(f, a, baseName(a)));
                    }
                }
                return out;
            }
            case ARGV: {
                if (commandLine == p.commandLine() && !p.argv().isEmpty()) {
                    List<FieldValue> out = new ArrayList<>(p.argv().size());
                    for (String a : p.argv()) {
                        if (a != null && !a.isEmpty()) {
                            out.addAll(commandLine(f, a, windows, false));
                        }
                    }
                    return out;
                }
                // the words of each reading of the command line
                List<FieldValue> out = new ArrayList<>();
                for (FieldValue line : values(Field.CMDLINE)) {
                    String norm = line.decoded;
                    int i = 0;
                    int n = norm.length();
                    while (i < n) {
                        while (i < n && (norm.charAt(i) == ' ' || norm.charAt(i) == '\n')) {
                            i++;
                        }
                        int start = i;
                        while (i < n && norm.charAt(i) != ' ' && norm.charAt(i) != '\n') {
                            i++;
                        }
                        if (i > start) {
                            String a = norm.substring(start, i);
                            out.add(new FieldValue(f, a, a));
                        }
                    }
                }
                return out.isEmpty() ? NONE : out;
            }
            default:
                return NONE;
        }
    }

    private String exeSource() {
        if (process.exe() != null && !process.exe().isEmpty()) {
            return process.exe();
        }
        if (!process.argv().isEmpty()) {
            return process.argv().get(0);
        }
        String cl = process.commandLine();
        if (cl == null) {
            return null;
        }
        cl = cl.strip();
        if (cl.startsWith("\"")) {
            int end = cl.indexOf('"', 1);
            return end > 0 ? cl.substring(1, end) : cl.substring(1);
        }
        int sp = cl.indexOf(' ');
        return sp < 0 ? cl : cl.substring(0, sp);
    }

    /** Base name, case-folded, without a {@code .exe} suffix; null for null. */
    public static String baseName(String path) {
        if (path == null) {
            return null;
        }
        int cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        String b = path.substring(cut + 1).toLowerCase(Locale.ROOT);
        return b.endsWith(".exe") ? b.substring(0, b.length() - 4) : b;
    }

    private static String fold(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    /**
     * A command line's values: its readings ({@link CommandLineNormalizer#readings}), the line as
     * read first. A rule reads each apart, so a pattern never spans two.
     */
    private static List<FieldValue> commandLine(Field f, String raw, boolean windows, boolean windowsImage) {
        if (raw == null || raw.isEmpty()) {
            return NONE;
        }
        List<String> readings = CommandLineNormalizer.readings(raw, windows, windowsImage);
        if (readings.size() == 1) {
            return List.of(FieldValue.commandLine(f, raw, readings.get(0), windows, 0));
        }
        FieldValue[] out = new FieldValue[readings.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = FieldValue.commandLine(f, raw, readings.get(i), windows, i);
        }
        return List.of(out);
    }

    private static List<FieldValue> one(Field f, String raw, String decoded) {
        if (raw == null || raw.isEmpty()) {
            return NONE;
        }
        return List.of(new FieldValue(f, raw, decoded == null ? raw : decoded));
    }
}
