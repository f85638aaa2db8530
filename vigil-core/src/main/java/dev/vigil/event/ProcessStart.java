package dev.vigil.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One process creation, from Vigil's process JSON, auditd EXECVE records or Sysmon event 1.
 * Text fields the source did not carry are {@code null}; numbers it did not carry are -1.
 *
 * @param origin            where the record came from (the first line of a multi-line record)
 * @param timeMillis        start time in epoch milliseconds, {@link Event#NO_TIME} if unknown
 * @param host              host name, the resource the process ran on
 * @param pid               process id
 * @param ppid              parent process id
 * @param exe               executable path or name as logged
 * @param commandLine       the whole command line as one string
 * @param argv              the arguments when the source gives them one by one (auditd, argv
 *                          arrays), else empty
 * @param parentExe         parent executable
 * @param parentCommandLine parent command line
 * @param user              user name or id
 * @param cwd               working directory
 * @param container         container id or name
 * @param ancestors         executables of the ancestors, nearest first, when known (filled in by
 *                          the process tree)
 * @param extra             any other fields by name; never null
 *
 * <p>Immutable and thread-safe.
 */
public record ProcessStart(
        Origin origin,
        long timeMillis,
        String host,
        long pid,
        long ppid,
        String exe,
        String commandLine,
        List<String> argv,
        String parentExe,
        String parentCommandLine,
        String user,
        String cwd,
        String container,
        List<String> ancestors,
        Map<String, String> extra) implements Event {

    public ProcessStart {
        Objects.requireNonNull(origin, "origin");
        argv = argv == null ? List.of() : List.copyOf(argv);
        ancestors = ancestors == null ? List.of() : List.copyOf(ancestors);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /** Start time, or {@code null} when unknown. */
    public Instant time() {
        return timeMillis == NO_TIME ? null : Instant.ofEpochMilli(timeMillis);
    }

    /** A copy naming the host, for sources that do not ({@code vigil scan --resource}). */
    public ProcessStart withHost(String newHost) {
        return new ProcessStart(origin, timeMillis, newHost, pid, ppid, exe, commandLine, argv, parentExe,
                parentCommandLine, user, cwd, container, ancestors, extra);
    }

    /** A copy with the ancestry and parent fields the process tree knows. */
    public ProcessStart withLineage(String parentExe, String parentCommandLine, List<String> ancestors) {
        return new ProcessStart(origin, timeMillis, host, pid, ppid, exe, commandLine, argv,
                this.parentExe != null ? this.parentExe : parentExe,
                this.parentCommandLine != null ? this.parentCommandLine : parentCommandLine,
                user, cwd, container, ancestors, extra);
    }

    public static Builder builder(Origin origin) {
        return new Builder(origin);
    }

    /** Mutable, not thread-safe; one per parsed record. */
    public static final class Builder {
        private final Origin origin;
        private long timeMillis = NO_TIME;
        private String host;
        private long pid = -1;
        private long ppid = -1;
        private String exe;
        private String commandLine;
        private List<String> argv;
        private String parentExe;
        private String parentCommandLine;
        private String user;
        private String cwd;
        private String container;
        private Map<String, String> extra;

        private Builder(Origin origin) {
            this.origin = origin;
        }

        public Builder timeMillis(long v) { this.timeMillis = v; return this; }
        public Builder host(String v) { this.host = v; return this; }
        public Builder pid(long v) { this.pid = v; return this; }
        public Builder ppid(long v) { this.ppid = v; return this; }
        public Builder exe(String v) { this.exe = v; return this; }
        public Builder commandLine(String v) { this.commandLine = v; return this; }
        public Builder argv(List<String> v) { this.argv = v; return this; }
        public Builder parentExe(String v) { this.parentExe = v; return this; }
        public Builder parentCommandLine(String v) { this.parentCommandLine = v; return this; }
        public Builder user(String v) { this.user = v; return this; }
        public Builder cwd(String v) { this.cwd = v; return this; }
        public Builder container(String v) { this.container = v; return this; }

        public Builder extra(String name, String value) {
            if (extra == null) {
                extra = new java.util.LinkedHashMap<>();
            }
            extra.put(name, value);
            return this;
        }

        public ProcessStart build() {
            String cmd = commandLine;
            if (cmd == null && argv != null && !argv.isEmpty()) {
                cmd = String.join(" ", argv);
            }
            return new ProcessStart(origin, timeMillis, host, pid, ppid, exe, cmd, argv, parentExe,
                    parentCommandLine, user, cwd, container, List.of(), extra);
        }
    }
}
