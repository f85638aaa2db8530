package dev.vigil.ingest.container;

import dev.vigil.event.DnsQuery;
import dev.vigil.event.Event;
import dev.vigil.event.FtpLogin;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.ProcessStart;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts what the container runtime knows onto an event read from a container's log line: the
 * container (or pod) as the resource when the line names none (a vhost the line names is more
 * precise and is kept), {@code extra.container} and {@code extra.pod}, and the runtime's time
 * stamp when the line carries no time of its own.
 *
 * <p>Static and thread-safe.
 */
final class Stamp {
    private Stamp() {}

    static Event apply(Event e, ContainerRef ref, long runtimeTime) {
        if (ref == null && runtimeTime == Event.NO_TIME) {
            return e;
        }
        String resource = ref == null ? null : ref.resource();
        if (e instanceof HttpRequest r) {
            return new HttpRequest(r.origin(), time(r.timeMillis(), runtimeTime), r.clientIp(), r.user(), r.method(),
                    r.target(), r.protocol(), r.status(), r.bytes(), r.referer(), r.userAgent(),
                    r.host() != null ? r.host() : resource, r.durationMs(), extra(r.extra(), ref));
        }
        if (e instanceof ProcessStart p) {
            return new ProcessStart(p.origin(), time(p.timeMillis(), runtimeTime), p.host() != null ? p.host() : resource,
                    p.pid(), p.ppid(), p.exe(), p.commandLine(), p.argv(), p.parentExe(), p.parentCommandLine(), p.user(),
                    p.cwd(), p.container() != null || ref == null ? p.container() : ref.container(), p.ancestors(),
                    extra(p.extra(), ref));
        }
        if (e instanceof DnsQuery q) {
            return new DnsQuery(q.origin(), time(q.timeMillis(), runtimeTime), q.clientIp(), q.queryName(), q.queryType(),
                    q.responseCode(), q.host() != null ? q.host() : resource, extra(q.extra(), ref));
        }
        if (e instanceof FtpLogin f) {
            return new FtpLogin(f.origin(), time(f.timeMillis(), runtimeTime), f.clientIp(), f.user(), f.success(),
                    f.host() != null ? f.host() : resource, extra(f.extra(), ref));
        }
        return e; // zone records do not come from container logs
    }

    private static long time(long own, long runtime) {
        return own != Event.NO_TIME ? own : runtime;
    }

    private static Map<String, String> extra(Map<String, String> extra, ContainerRef ref) {
        if (ref == null) {
            return extra;
        }
        Map<String, String> m = new LinkedHashMap<>(extra);
        m.putIfAbsent("container", ref.container());
        if (ref.pod() != null) {
            m.putIfAbsent("pod", ref.pod());
        }
        return m;
    }
}
