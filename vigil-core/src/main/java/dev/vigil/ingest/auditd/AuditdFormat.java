package dev.vigil.ingest.auditd;

import dev.vigil.event.Event;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.RecordAssembler;

/**
 * Linux audit logs ({@code /var/log/audit/audit.log}, audispd or journald syslog lines): process
 * starts from the SYSCALL, EXECVE, CWD, PATH and PROCTITLE records of each {@code execve} or
 * {@code execveat}, joined by their {@code msg=audit(time:serial)} key in an
 * {@link AuditdAssembler}. Records of other types are ignored.
 *
 * <p>Events span several lines, so the engine uses {@link #newAssembler()}. {@link #newParser()}
 * only recognises single records: it returns {@code null} for any well-formed audit record and
 * rejects other lines, which is what format sniffing needs.
 *
 * <p>Immutable and thread-safe; the assemblers it makes are not.
 */
public final class AuditdFormat implements LineFormat {
    public static final AuditdFormat INSTANCE = new AuditdFormat(AuditdAssembler.DEFAULT_MAX_PENDING);

    private final int maxPending;

    /** @param maxPending how many incomplete events an assembler keeps before it gives up the oldest */
    public AuditdFormat(int maxPending) {
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be at least 1, got " + maxPending);
        }
        this.maxPending = maxPending;
    }

    @Override
    public String name() {
        return "auditd";
    }

    @Override
    public LineParser newParser() {
        return RECOGNISER;
    }

    @Override
    public RecordAssembler newAssembler() {
        return new AuditdAssembler(maxPending);
    }

    private static final LineParser RECOGNISER = new LineParser() {
        @Override
        public Event parse(Line line, Rejects rejects) {
            AuditRecord r = new AuditRecord();
            String bad = r.parse(line.buf(), line.off(), line.end());
            if (bad != null && bad != AuditRecord.BLANK) {
                rejects.reject(bad);
            }
            return null;
        }
    };
}
