package dev.vigil.sigma;

import dev.vigil.event.HttpRequest;
import dev.vigil.event.ProcessStart;
import dev.vigil.rules.Field;
import dev.vigil.rules.match.FieldSource;
import dev.vigil.rules.match.FieldValue;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The event views Sigma rules read. Sigma compares values as logged, without case, so the
 * "decoded" form of every field is the logged value case-folded, never Vigil's normalised forms
 * (which undo quoting and escapes that Sigma rules often spell out). A field the event lacks, or
 * holds empty, has no value. {@link Field#EVENT} always has one empty value.
 *
 * <p>Not thread-safe: one view per event, on the thread that inspects it.
 */
final class SigmaViews {
    private static final List<FieldValue> NONE = List.of();
    private static final List<FieldValue> EVENT = List.of(FieldValue.of(Field.EVENT, "", ""));

    private SigmaViews() {
    }

    /** Sysmon's names for the process fields Vigil keeps in {@code extra}. */
    static final Map<Field, String> EXTRA_NAMES = Map.of(
            Field.ORIGINAL_FILE_NAME, "OriginalFileName", Field.DESCRIPTION, "Description",
            Field.PRODUCT, "Product", Field.COMPANY, "Company", Field.FILE_VERSION, "FileVersion",
            Field.HASHES, "Hashes", Field.INTEGRITY_LEVEL, "IntegrityLevel", Field.LOGON_ID, "LogonId",
            Field.PARENT_USER, "ParentUser");

    static List<FieldValue> one(Field f, String raw) {
        if (raw == null || raw.isEmpty()) {
            return NONE;
        }
        return List.of(FieldValue.of(f, raw, raw.toLowerCase(Locale.ROOT)));
    }

    /** A process start as Sigma's process_creation fields. */
    static final class Process implements FieldSource {
        private final ProcessStart p;
        @SuppressWarnings({"unchecked", "rawtypes"})
        private final List<FieldValue>[] cache = new List[Field.COUNT];

        Process(ProcessStart p) {
            this.p = p;
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
            switch (f) {
                case EVENT: return EVENT;
                case EXE: return one(f, p.exe());
                case CMDLINE: return one(f, p.commandLine());
                case PARENT_EXE: return one(f, p.parentExe());
                case PARENT_CMDLINE: return one(f, p.parentCommandLine());
                case USER: return one(f, p.user());
                case CWD: return one(f, p.cwd());
                default:
                    String name = EXTRA_NAMES.get(f);
                    if (name == null) {
                        return NONE;
                    }
                    String v = p.extra().get(name);
                    return one(f, v != null ? v : p.extra().get(f.key()));
            }
        }
    }

    /** A request as Sigma's webserver fields (W3C names: cs-uri-stem, cs-uri-query, ...). */
    static final class Request implements FieldSource {
        private final HttpRequest r;
        @SuppressWarnings({"unchecked", "rawtypes"})
        private final List<FieldValue>[] cache = new List[Field.COUNT];

        Request(HttpRequest r) {
            this.r = r;
        }

        @Override
        public int status() {
            return r.status();
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
            switch (f) {
                case EVENT: return EVENT;
                case METHOD: return one(f, r.method());
                case PATH: return one(f, r.path());
                case QUERY: return one(f, r.query());
                case TARGET: return one(f, r.target());
                case USER_AGENT: return one(f, r.userAgent());
                case REFERER: return one(f, r.referer());
                case HOST: return one(f, r.host());
                case CLIENT_IP: return one(f, r.clientIp());
                case STATUS: return r.status() < 0 ? NONE : one(f, Integer.toString(r.status()));
                default: return NONE;
            }
        }
    }
}
