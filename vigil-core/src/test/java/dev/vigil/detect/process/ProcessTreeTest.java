package dev.vigil.detect.process;

import dev.vigil.analyze.process.WebWorkers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.event.Event;
import dev.vigil.event.Origin;
import dev.vigil.event.ProcessStart;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessTreeTest {
    private static long line = 1;

    private static ProcessStart start(String host, long time, long pid, long ppid, String exe, String cmd) {
        return ProcessStart.builder(new Origin("t", line++, 0)).host(host).timeMillis(time).pid(pid).ppid(ppid)
                .exe(exe).commandLine(cmd).build();
    }

    @Test
    void fillsParentAndAncestorsNearestFirst() {
        ProcessTree t = new ProcessTree();
        t.observe(start("web1", 1000, 900, 1, "/usr/sbin/php-fpm8.1", "php-fpm: pool www"));
        t.observe(start("web1", 2000, 950, 900, "/bin/sh", "sh -c id"));
        ProcessStart id = t.observe(start("web1", 2001, 951, 950, "/usr/bin/id", "id"));
        assertThat(id.parentExe()).isEqualTo("/bin/sh");
        assertThat(id.parentCommandLine()).isEqualTo("sh -c id");
        assertThat(id.ancestors()).containsExactly("/bin/sh", "/usr/sbin/php-fpm8.1");
    }

    @Test
    void hostsAreSeparate() {
        ProcessTree t = new ProcessTree();
        t.observe(start("a", 1000, 900, 1, "/usr/sbin/nginx", "nginx"));
        ProcessStart p = t.observe(start("b", 2000, 950, 900, "/bin/sh", "sh"));
        assertThat(p.parentExe()).isNull();
        assertThat(p.ancestors()).isEmpty();
    }

    @Test
    void pidReuseByStartTime() {
        ProcessTree t = new ProcessTree();
        t.observe(start("h", 1000, 500, 1, "/usr/sbin/cron", "cron"));
        // pid 500 reused later by nginx
        t.observe(start("h", 5000, 500, 1, "/usr/sbin/nginx", "nginx"));
        assertThat(t.observe(start("h", 6000, 600, 500, "/bin/sh", "sh")).ancestors()).containsExactly("/usr/sbin/nginx");
        // a child that started before the reuse must not get nginx as its parent
        assertThat(t.observe(start("h", 3000, 601, 500, "/bin/sh", "sh")).parentExe()).isNull();
        // a late event of the old process does not overwrite the newer one
        t.observe(start("h", 900, 500, 1, "/usr/sbin/old", "old"));
        assertThat(t.get("h", 500).exe()).isEqualTo("/usr/sbin/nginx");
    }

    @Test
    void eventParentFieldsWinAndTeachTheTree() {
        ProcessTree t = new ProcessTree();
        ProcessStart cmd = ProcessStart.builder(new Origin("t", 1, 0)).host("w").timeMillis(1000).pid(20).ppid(10)
                .exe("C:\\Windows\\System32\\cmd.exe").parentExe("C:\\Windows\\System32\\inetsrv\\w3wp.exe")
                .parentCommandLine("w3wp.exe -ap \"DefaultAppPool\"").build();
        assertThat(t.observe(cmd).ancestors()).containsExactly("C:\\Windows\\System32\\inetsrv\\w3wp.exe");
        ProcessStart who = t.observe(start("w", 1001, 30, 20, "C:\\Windows\\System32\\whoami.exe", "whoami"));
        assertThat(who.ancestors()).containsExactly("C:\\Windows\\System32\\cmd.exe", "C:\\Windows\\System32\\inetsrv\\w3wp.exe");
        assertThat(who.parentExe()).isEqualTo("C:\\Windows\\System32\\cmd.exe");
    }

    @Test
    void cyclesAndDepthAreBounded() {
        ProcessTree t = new ProcessTree();
        t.observe(start("h", Event.NO_TIME, 1, 2, "/a", "a"));
        t.observe(start("h", Event.NO_TIME, 2, 1, "/b", "b"));
        ProcessStart c = t.observe(start("h", Event.NO_TIME, 3, 2, "/c", "c"));
        assertThat(c.ancestors()).containsExactly("/b", "/a");
        for (int i = 100; i < 140; i++) {
            t.observe(start("h", i, i, i - 1, "/p" + i, null));
        }
        ProcessStart deep = t.observe(start("h", 200, 200, 139, "/leaf", null));
        assertThat(deep.ancestors()).hasSize(ProcessTree.MAX_DEPTH).startsWith("/p139", "/p138");
    }

    @Test
    void memoryIsBoundedLeastRecentlyUsedFirst() {
        ProcessTree t = new ProcessTree(3);
        t.observe(start("h", 1, 1, 0, "/init", null));
        t.observe(start("h", 2, 2, 1, "/a", null));
        t.observe(start("h", 3, 3, 1, "/b", null));
        t.get("h", 1);
        t.observe(start("h", 4, 4, 1, "/c", null));
        assertThat(t.size()).isEqualTo(3);
        assertThat(t.get("h", 2)).isNull();
        assertThat(t.get("h", 1)).isNotNull();
        assertThatThrownBy(() -> new ProcessTree(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void failedExecIsNotRecorded() {
        ProcessTree t = new ProcessTree();
        ProcessStart failed = ProcessStart.builder(new Origin("t", 1, 0)).pid(7).ppid(1).exe("/tmp/x")
                .extra("success", "no").build();
        t.observe(failed);
        assertThat(t.get(null, 7)).isNull();
    }

    @Test
    void webWorkersByNamePrefixAndCommandLine() {
        WebWorkers w = WebWorkers.defaults();
        assertThat(w.matches("/usr/sbin/nginx", null)).isTrue();
        assertThat(w.matches("/usr/sbin/php-fpm8.2", "php-fpm: pool www")).isTrue();
        assertThat(w.matches("C:\\Windows\\System32\\inetsrv\\W3WP.EXE", null)).isTrue();
        assertThat(w.matches("/usr/bin/java", "java -jar app.jar")).isFalse();
        assertThat(w.matches("/usr/bin/java", "java -Dcatalina.base=/opt/tomcat org.apache.catalina.startup.Bootstrap start")).isTrue();
        assertThat(w.matches("/usr/bin/python3.11", "python3 backup.py")).isFalse();
        assertThat(w.matches("/usr/bin/python3.11", "/srv/venv/bin/python3 /srv/venv/bin/gunicorn app:app")).isTrue();
        assertThat(w.matches("/usr/bin/bash", "bash")).isFalse();
        assertThat(w.matches("/usr/bin/node", "/usr/bin/node /srv/api/server.js")).isTrue();
        assertThat(w.matches("/usr/bin/node", "npm run build")).isFalse();
        assertThat(w.matches("/usr/bin/node", null)).isTrue();
        assertThat(w.matches(null, null)).isFalse();
        assertThat(w.matches("C:\\Program Files\\Apache Software Foundation\\Tomcat 9.0\\bin\\Tomcat9.exe", "//RS//Tomcat9")).isTrue();
        assertThat(w.matches("/usr/local/lsws/fcgi-bin/lsphp8", "lsphp")).isTrue();
        assertThat(w.matches("/usr/bin/perl", "/usr/local/bin/starman --listen :5000 app.psgi")).isTrue();
        assertThat(w.matches("/usr/bin/perl", "perl backup.pl")).isFalse();

        WebWorkers custom = WebWorkers.of(List.of("myapp*", "perl:starman"));
        assertThat(custom.matches("/opt/myapp-server", null)).isTrue();
        assertThat(custom.matches("/usr/bin/perl", "starman --workers 4")).isTrue();
        assertThat(custom.matches("/usr/sbin/nginx", null)).isFalse();
        assertThatThrownBy(() -> WebWorkers.of(List.of("java:"))).isInstanceOf(IllegalArgumentException.class);
        WebWorkers mixed = WebWorkers.of(List.of("java:tomcat|!-version"));
        assertThat(mixed.matches("java", "java -Dtomcat.x=1 Main")).isTrue();
        assertThat(mixed.matches("java", "java -Dtomcat.x=1 -version")).isFalse();
        assertThatThrownBy(() -> WebWorkers.of(List.of("/usr/bin/x"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void workerInLineageThroughAncestorsAndTree() {
        ProcessTree t = new ProcessTree();
        t.observe(start("h", 1, 10, 1, "/usr/bin/java", "java -Dcatalina.home=/opt/tomcat org.apache.catalina.startup.Bootstrap"));
        t.observe(start("h", 2, 11, 10, "/bin/sh", "sh -c x"));
        ProcessTree.Lineage curl = t.record(start("h", 3, 12, 11, "/usr/bin/curl", "curl x"));
        assertThat(curl.event().ancestors()).containsExactly("/bin/sh", "/usr/bin/java");
        // the JVM counts as a worker by its command line, which only the tree knows
        assertThat(curl.webWorker()).isEqualTo("/usr/bin/java");

        t.observe(start("h", 4, 20, 1, "/usr/sbin/apache2", "/usr/sbin/apache2 -k start"));
        t.observe(start("h", 5, 21, 20, "/bin/sh", "sh"));
        assertThat(t.record(start("h", 6, 22, 21, "/usr/bin/id", "id")).webWorker()).isEqualTo("/usr/sbin/apache2");

        assertThat(t.record(start("h", 7, 30, 1, "/usr/sbin/cron", "cron")).webWorker()).isNull();
    }

    @Test
    void recordNamesTheNearestWebWorkerByExecutableAndCommandLine() {
        ProcessTree t = new ProcessTree();
        t.observe(start("h", 1, 10, 1, "/usr/bin/java", "java -Dcatalina.home=/opt/tomcat org.apache.catalina.startup.Bootstrap"));
        t.observe(start("h", 2, 11, 10, "/bin/sh", "sh -c x"));
        assertThat(t.record(start("h", 3, 12, 11, "/usr/bin/curl", "curl x")).webWorker()).isEqualTo("/usr/bin/java");
        // a JVM that is not a servlet container is not a worker, nor is npm running as node
        t.observe(start("h", 4, 20, 1, "/usr/bin/java", "java -jar batch.jar"));
        assertThat(t.record(start("h", 5, 21, 20, "/bin/sh", "sh")).webWorker()).isNull();
        t.observe(start("h", 6, 30, 1, "/usr/bin/node", "node /usr/lib/node_modules/npm/bin/npm-cli.js ci"));
        assertThat(t.record(start("h", 7, 31, 30, "/bin/sh", "sh -c node-gyp rebuild")).webWorker()).isNull();
        // the process itself is not its own worker
        assertThat(t.record(start("h", 8, 40, 1, "/usr/sbin/nginx", "nginx")).webWorker()).isNull();
        // a parent named by the event counts even when the tree never saw it
        ProcessStart cmd = ProcessStart.builder(new Origin("t", 1, 0)).host("w").timeMillis(9).pid(50).ppid(49)
                .exe("C:\\Windows\\System32\\cmd.exe").parentExe("C:\\Windows\\System32\\inetsrv\\w3wp.exe").build();
        assertThat(t.record(cmd).webWorker()).isEqualTo("C:\\Windows\\System32\\inetsrv\\w3wp.exe");
    }

    @Test
    void workerFurtherThanMaxDepthIsNotNamed() {
        ProcessTree t = new ProcessTree();
        t.observe(start("h", 1, 100, 1, "/usr/sbin/apache2", "apache2 -k start"));
        for (int i = 101; i < 100 + ProcessTree.MAX_DEPTH; i++) {
            t.observe(start("h", i, i, i - 1, "/bin/sh", "sh"));
        }
        // the worker is the 16th ancestor: still named; one level deeper it is not
        long last = 99 + ProcessTree.MAX_DEPTH;
        assertThat(t.record(start("h", 500, 500, last, "/usr/bin/id", "id")).webWorker()).isEqualTo("/usr/sbin/apache2");
        t.observe(start("h", 501, 501, last, "/bin/sh", "sh"));
        assertThat(t.record(start("h", 502, 502, 501, "/usr/bin/id", "id")).webWorker()).isNull();
    }

    @Test
    void lineageKeptWhenAnAncestorPidIsReused() {
        ProcessTree t = new ProcessTree();
        t.observe(start("h", 1000, 100, 1, "/usr/sbin/php-fpm8.2", "php-fpm: pool www"));
        t.observe(start("h", 1001, 101, 100, "/bin/sh", "sh -c x"));
        // php-fpm's pid is reused by a later process; the shell's lineage does not change
        t.observe(start("h", 5000, 100, 1, "/usr/sbin/cron", "cron"));
        ProcessTree.Lineage l = t.record(start("h", 5001, 102, 101, "/usr/bin/id", "id"));
        assertThat(l.event().ancestors()).containsExactly("/bin/sh", "/usr/sbin/php-fpm8.2");
        assertThat(l.webWorker()).isEqualTo("/usr/sbin/php-fpm8.2");
    }

    @Test
    void parentSeenBeforeItsOwnParentIsLinkedLater() {
        ProcessTree t = new ProcessTree();
        // out of order: the shell's start is logged before the worker's
        t.observe(start("h", 2000, 201, 200, "/bin/sh", "sh -c x"));
        t.observe(start("h", 1000, 200, 1, "/usr/sbin/nginx", "nginx: worker process"));
        ProcessTree.Lineage l = t.record(start("h", 2001, 202, 201, "/usr/bin/whoami", "whoami"));
        assertThat(l.event().ancestors()).containsExactly("/bin/sh", "/usr/sbin/nginx");
        assertThat(l.webWorker()).isEqualTo("/usr/sbin/nginx");
    }

    @Test
    void boundedWhateverTheNumberOfHostsAndExecutables() {
        ProcessTree t = new ProcessTree(1000);
        for (int i = 0; i < 100_000; i++) {
            t.observe(start("host-" + i, i, 10 + i % 50_000, 1, "/opt/app-" + i + "/bin/worker", "worker"));
        }
        assertThat(t.size()).isLessThanOrEqualTo(1000);
        assertThat(t.sideTables()).isLessThanOrEqualTo(2 * (1 << 14));
    }
}
