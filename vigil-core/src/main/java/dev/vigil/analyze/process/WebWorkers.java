package dev.vigil.analyze.process;

import dev.vigil.event.ProcessStart;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which processes are web servers or application workers, whose children deserve suspicion
 * (a web shell runs commands as their child). Each entry is written as
 * <ul>
 * <li>{@code name}: the executable's base name, case-insensitive, with or without {@code .exe}
 *     ({@code nginx} matches {@code /usr/sbin/nginx} and {@code C:\nginx\nginx.exe});</li>
 * <li>{@code prefix*}: base names starting with {@code prefix} ({@code php-fpm*} matches
 *     {@code php-fpm8.2});</li>
 * <li>{@code name:word|word}: the name, and only when the command line contains one of the words,
 *     case-insensitive ({@code java:catalina|tomcat} for a servlet container, not any JVM);</li>
 * <li>{@code name:!word|!word}: the name, unless the command line contains one of the words
 *     ({@code node:!npm} leaves out the package manager, which runs as {@code node} too). Both
 *     kinds of words may be mixed.</li>
 * </ul>
 * {@link #DEFAULTS} are the usual servers and workers on Linux and Windows.
 *
 * <p>Immutable and thread-safe.
 */
public final class WebWorkers {
    public static final List<String> DEFAULTS = List.of(
            "nginx", "openresty", "httpd", "apache", "apache2", "lighttpd", "caddy",
            "php-fpm*", "php-cgi*", "w3wp.exe", "iisexpress.exe",
            // LiteSpeed and its PHP workers (shared hosting), FrankenPHP, HHVM, ColdFusion, and Tomcat's
            // Windows service wrapper (procrun names it tomcat9.exe; on Linux Tomcat runs as java, below)
            "lshttpd", "litespeed", "openlitespeed", "lsphp*", "frankenphp", "hhvm", "coldfusion", "jrun", "tomcat*",
            "perl:starman|plackup|hypnotoad|morbo",
            "java:catalina|tomcat|jetty|wildfly|jboss|spring-boot|springframework.boot|.war|glassfish|payara|weblogic|websphere|resin|undertow|quarkus",
            // build tools run as node and dotnet too; they are not the app
            "node:!npm|!npx|!yarn|!pnpm|!node_modules/.bin/|!node-gyp",
            "nodejs:!npm|!npx|!yarn|!pnpm|!node_modules/.bin/|!node-gyp",
            "gunicorn", "uwsgi", "uvicorn", "hypercorn", "daphne", "waitress-serve",
            "dotnet:!dotnet build|!dotnet restore|!dotnet publish|!dotnet test|!dotnet new|!dotnet tool|!dotnet ef", "puma", "unicorn", "passenger*", "ruby",
            "python*:gunicorn|uwsgi|uvicorn|waitress|hypercorn|daphne|mod_wsgi|manage.py runserver|flask run|wsgi");

    private static final WebWorkers DEFAULT = of(DEFAULTS);

    private record Entry(String name, boolean prefix, List<String> words, List<String> unless) {
        boolean named(String base) {
            return prefix ? base.startsWith(name) : base.equals(name);
        }

        boolean matches(String base, String commandLine) {
            if (!named(base)) {
                return false;
            }
            String cl = commandLine == null ? null : commandLine.toLowerCase(Locale.ROOT);
            if (cl != null) {
                for (String w : unless) {
                    if (cl.contains(w)) {
                        return false;
                    }
                }
            }
            if (words.isEmpty()) {
                return true;
            }
            if (cl == null) {
                return false;
            }
            for (String w : words) {
                if (cl.contains(w)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final List<Entry> entries;

    private WebWorkers(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static WebWorkers defaults() {
        return DEFAULT;
    }

    /**
     * Parses a list of entries (see the class comment).
     *
     * @throws IllegalArgumentException naming the entry that is not valid
     */
    public static WebWorkers of(List<String> specs) {
        List<Entry> out = new ArrayList<>();
        for (String raw : specs) {
            String s = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
            String name = s;
            List<String> words = List.of();
            List<String> unless = List.of();
            int colon = s.indexOf(':');
            if (colon >= 0) {
                name = s.substring(0, colon).trim();
                List<String> ws = new ArrayList<>();
                List<String> not = new ArrayList<>();
                for (String w : s.substring(colon + 1).split("\\|")) {
                    String t = w.strip();
                    if (t.startsWith("!") && t.length() > 1) {
                        not.add(w.substring(w.indexOf('!') + 1).stripLeading());
                    } else if (!t.isEmpty() && !t.equals("!")) {
                        ws.add(w.stripLeading());
                    }
                }
                if (ws.isEmpty() && not.isEmpty()) {
                    throw new IllegalArgumentException("web worker entry '" + raw + "' has ':' but no words after it");
                }
                words = ws;
                unless = not;
            }
            name = stripExe(name);
            boolean prefix = name.endsWith("*");
            if (prefix) {
                name = name.substring(0, name.length() - 1);
            }
            if (name.isEmpty() || name.indexOf('*') >= 0 || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
                throw new IllegalArgumentException("web worker entry '" + raw
                        + "' must be a process name, 'prefix*' or 'name:word|word'");
            }
            out.add(new Entry(name, prefix, words, unless));
        }
        return new WebWorkers(out);
    }

    /** Whether the process with this executable (path or name) and command line is a worker. */
    public boolean matches(String exe, String commandLine) {
        if (exe == null || exe.isEmpty()) {
            return false;
        }
        String base = stripExe(baseName(exe).toLowerCase(Locale.ROOT));
        for (Entry e : entries) {
            if (e.matches(base, commandLine)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether some entry names this executable, leaving its command-line words aside: when not,
     * {@link #matches} is false whatever the command line.
     */
    public boolean nameMatches(String exe) {
        if (exe == null || exe.isEmpty()) {
            return false;
        }
        String base = stripExe(baseName(exe).toLowerCase(Locale.ROOT));
        for (Entry e : entries) {
            if (e.named(base)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The nearest web worker among {@code p} itself, its parent and its {@code ancestors}: its
     * executable, or empty. Ancestors beyond the parent are known by executable only, so entries
     * that need command-line words (a JVM running Tomcat) match there only through
     * {@link ProcessTree#record}, which knows their command lines (this is for rule examples,
     * which name their ancestors).
     */
    public Optional<String> workerInLineage(ProcessStart p) {
        if (matches(p.exe(), p.commandLine())) {
            return Optional.of(p.exe());
        }
        if (matches(p.parentExe(), p.parentCommandLine())) {
            return Optional.of(p.parentExe());
        }
        List<String> anc = p.ancestors();
        for (int i = 0; i < anc.size(); i++) {
            String cl = i == 0 && anc.get(0).equals(p.parentExe()) ? p.parentCommandLine() : null;
            if (matches(anc.get(i), cl)) {
                return Optional.of(anc.get(i));
            }
        }
        return Optional.empty();
    }

    static String baseName(String path) {
        int cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(cut + 1);
    }

    private static String stripExe(String s) {
        return s.endsWith(".exe") ? s.substring(0, s.length() - 4) : s;
    }
}
