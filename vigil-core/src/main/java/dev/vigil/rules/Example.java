package dev.vigil.rules;

import dev.vigil.event.HttpRequest;
import dev.vigil.event.Origin;
import dev.vigil.event.ProcessStart;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A small request from a rule file's {@code examples}: a map of field names ({@code target},
 * {@code method}, {@code status}, {@code user_agent}, {@code referer}, {@code host},
 * {@code client_ip}) to values as a log would show them; for process rules, fields of a process
 * start (see {@link #toProcess}).
 *
 * <p>Immutable and thread-safe.
 */
public record Example(Map<String, String> fields) {
    public Example {
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(fields)));
    }

    /** The example as a request, with method GET, target {@code /} and status 200 unless given. */
    public HttpRequest toRequest(String source, int line) {
        HttpRequest.Builder b = HttpRequest.builder(new Origin(source, Math.max(1, line), 0));
        b.method(fields.getOrDefault("method", "GET"));
        b.target(fields.getOrDefault("target", "/"));
        b.protocol("HTTP/1.1");
        b.status(parseInt(fields.getOrDefault("status", "200")));
        b.userAgent(fields.get("user_agent"));
        b.referer(fields.get("referer"));
        b.host(fields.get("host"));
        b.clientIp(fields.getOrDefault("client_ip", "192.0.2.10"));
        return b.build();
    }

    /**
     * The example as a process start: {@code exe}, {@code cmdline} (a bare string example is a
     * command line), {@code parent_exe}, {@code parent_cmdline}, {@code user}, {@code cwd} and
     * {@code ancestors} (executables, nearest first, comma-separated). Without {@code exe} the
     * first word of the command line is taken.
     */
    public ProcessStart toProcess(String source, int line) {
        String cmd = fields.getOrDefault("cmdline", fields.get("target"));
        String exe = fields.get("exe");
        if (exe == null && cmd != null) {
            String t = cmd.strip();
            int sp = t.indexOf(' ');
            exe = sp < 0 ? t : t.substring(0, sp);
        }
        ProcessStart p = ProcessStart.builder(new Origin(source, Math.max(1, line), 0))
                .host("example").pid(2000 + line).ppid(1000)
                .exe(exe).commandLine(cmd)
                .parentExe(fields.get("parent_exe")).parentCommandLine(fields.get("parent_cmdline"))
                .user(fields.get("user")).cwd(fields.get("cwd"))
                .build();
        String anc = fields.get("ancestors");
        java.util.List<String> ancestors = new java.util.ArrayList<>();
        if (p.parentExe() != null) {
            ancestors.add(p.parentExe());
        }
        if (anc != null) {
            for (String a : anc.split(",")) {
                if (!a.isBlank()) {
                    ancestors.add(a.strip());
                }
            }
        }
        return p.withLineage(null, null, ancestors);
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
