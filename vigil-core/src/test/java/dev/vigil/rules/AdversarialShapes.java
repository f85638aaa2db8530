package dev.vigil.rules;

import dev.vigil.detect.http.HttpRules;
import dev.vigil.detect.process.ProcessRules;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.Detector;
import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.Origin;
import dev.vigil.event.ProcessStart;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.combined.CombinedFormat;
import dev.vigil.ingest.process.ProcessJsonFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Generated hostile input for the time tests: shapes an attacker controls (many parameters, many
 * repeated names, deep nesting, long runs of each metacharacter and of each encoding, quotes,
 * parentheses, backslashes, the words rules look for) put into each field a rule reads (query
 * string, one parameter value, path, user agent, referer, POSIX and Windows command lines,
 * argument lists, and whole log lines that the parsers read first), and the time the built-in
 * detectors take on each, per kilobyte.
 *
 * <p>{@link #main} prints the worst seconds per kilobyte per field, so the same generator measures
 * any build: {@code java -cp vigil.jar:test-classes dev.vigil.rules.AdversarialShapes [KB] [runs]}.
 *
 * <p>Not thread-safe (one measurement at a time); the detectors it drives are.
 */
public final class AdversarialShapes {

    /** Where a shape is put. */
    public enum Place {
        QUERY, QUERY_VALUE, PATH, USER_AGENT, REFERER, CMDLINE_POSIX, CMDLINE_WINDOWS, ARGV,
        /** An access-log line (combined format, nginx escaping) with the shape in its query and its agent, parsed first. */
        LOG_COMBINED,
        /** A process-JSON line with the shape in its command line, parsed first. */
        LOG_PROCESS_JSON
    }

    /** One timed shape: its unit, where it went, its length and the median seconds it took. */
    public record Timing(String unit, Place place, int chars, double seconds) {
        public double secondsPerKb() {
            return seconds / (chars / 1024.0);
        }
    }

    private long distinct;
    private final Detector http;
    private final List<Detector> process;
    /** The keyed (stateful) process detectors, run as the engine runs them: through a keyed stage. */
    private final dev.vigil.engine.KeyedStage keyed;

    public AdversarialShapes() {
        AlertCatalogue catalogue = AlertCatalogue.builtIn();
        this.http = HttpRules.builtIn(catalogue, false);
        this.process = ProcessRules.defaults(catalogue, false);
        this.keyed = new dev.vigil.engine.KeyedStage(process.stream().filter(d -> d instanceof dev.vigil.detect.KeyedDetector)
                .map(d -> (dev.vigil.detect.KeyedDetector) d).toList());
    }

    /** The repeated units: each is one family of hostile shape. */
    public static List<String> units() {
        List<String> u = new ArrayList<>();
        // many parameters, many repeated names, empty names and values, distinct names (a {n} is
        // replaced by a running number)
        u.addAll(List.of("a=1&", "a[]=1&", "a&", "=&", "&", "a=&", "=1&", "a[b]=1&", "p{n}=v{n}&", "a{n}[]=x&",
                "a=1;", "a=%27&", "a=%3Cscript%3E&", "a=1'+or+'1'='1&", "a=1/**/&", "a=%2525&", "a=b=c&",
                "a=eval(1)&", "a=1=1&", "%26=%3D&", "a=&#39;&"));
        // deep nesting
        u.addAll(List.of("[b]", "[]", "[", "]", "{\"a\":", "(", ")", "((a)", "a.", "../", "..%2f", "..\\",
                "/", "//", "/./", "%2f", "a/*", "<a>", "<", "\"'`"));
        // long runs of each metacharacter, as is and percent-encoded
        for (char c : "'\"`()<>[]{};|&$*/\\%=#-+.,:!?~^@ \t_".toCharArray()) {
            u.add(String.valueOf(c));
            u.add(String.format(Locale.ROOT, "%%%02X", (int) c));
        }
        // long runs of encodings, entities and escapes
        u.addAll(List.of("%25", "%2525", "%252525", "%u0027", "%u", "%uff1c", "%c0%ae", "%c0", "%e0%80", "%00",
                "%0a", "%0d%0a", "%%", "%2", "&#39;", "&#x27;", "&#", "&#0000000", "&lt;", "&amp;", "&lt", "&quot",
                "\\x27", "\\u0027", "\\\\", "\\'", "\\\"", "\\n", "^", "^^", "`", "${IFS}", "$@", "${", "$(",
                "\\\n", "+", "++", "''", "\"\""));
        // the words and fragments rules look for, repeated
        u.addAll(List.of("select ", "union select ", "union/**/select ", "or 1=1 ", "1=1", "' or '", "') or ('",
                "<script>", "<img src=x onerror=", "javascript:", "on", "eval(", "system(", "system (", "exec /*x*/ (",
                "/*", "*/", "/**/", "--", "#", "${jndi:", "`id`", "<!--", "char(", "chr(1).", "sleep(", "a(", "a (",
                "::int ", "http://", "@", "0x7f", "127.0.0.1 ", "like '", "is not 1 ", "information_schema.",
                "cmd.exe /c ", "powershell -enc ", "base64 -d | sh ", "QUFB", "TVqQ", "f0VMRg", "aWQ= ",
                "echo QUFBQQ== | base64 -d | sh ; ", "wget http://1.2.3.4/x; ", "a;b|c&&d ", "() { :; }; ",
                "php://", "file:///etc/passwd ", "{{7*7}}", "#{", "<%= ", "O:8:\"stdClass\":", "rO0AB",
                "class.module.classLoader.", "_method=", "\r\n", "%0d%0aSet-Cookie:", ";jsessionid=", "/etc/passwd",
                "a+b", "a b", "A", "\u00e9", "\uff1c", "\u2460", "\ud83d\ude00"));
        return u;
    }

    /** {@code unit} repeated to at least {@code chars} characters ({n} becomes a running number). */
    public static String repeat(String unit, int chars) {
        StringBuilder sb = new StringBuilder(chars + unit.length() + 16);
        int n = 0;
        while (sb.length() < chars) {
            sb.append(unit.replace("{n}", Integer.toString(n++)));
        }
        return sb.toString();
    }

    private static final String UA = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0";

    /**
     * What goes through the detectors for {@code payload} in {@code place}: an event, or for the
     * log places the line that the timing parses first.
     */
    public static Object input(Place place, String payload) {
        switch (place) {
            case LOG_COMBINED: {
                String target = "/index.php?q=" + nginx(payload).replace(" ", "%20");
                return Line.of("adversarial.log", 1, "203.0.113.9 - - [28/Nov/2026:10:00:00 +0000] \"GET " + target
                        + " HTTP/1.1\" 200 512 \"-\" \"" + nginx(payload) + "\"");
            }
            case LOG_PROCESS_JSON:
                return Line.of("adversarial.jsonl", 1, "{\"time\": \"2026-11-28T10:00:00Z\", \"host\": \"web01\", "
                        + "\"pid\": 4242, \"ppid\": 4000, \"exe\": \"/bin/sh\", \"cmdline\": \"sh -c " + json(payload)
                        + "\", \"user\": \"www-data\"}");
            default:
                return event(place, payload);
        }
    }

    /** As nginx writes a variable: quote, backslash, control and non-ASCII bytes as {@code \xHH}. */
    static String nginx(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == '"' || c == '\\' || c < 0x20 || c >= 0x7f) {
                sb.append(String.format(Locale.ROOT, "\\x%02X", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    static String json(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The event that carries {@code payload} in {@code place}, with ordinary values elsewhere. */
    public static Event event(Place place, String payload) {
        Origin o = new Origin("adversarial", 1, 0);
        String ua = UA;
        switch (place) {
            case QUERY:
                return http(o, "/index.php?" + payload, ua, "-");
            case QUERY_VALUE:
                return http(o, "/index.php?q=" + payload, ua, "-");
            case PATH:
                return http(o, "/" + payload.replace("?", "%3F"), ua, "-");
            case USER_AGENT:
                return http(o, "/index.php", payload, "-");
            case REFERER:
                return http(o, "/index.php", ua, payload);
            case CMDLINE_POSIX:
                return proc(o, "/bin/sh", "sh -c " + payload, null);
            case CMDLINE_WINDOWS:
                return proc(o, "C:\\Windows\\System32\\cmd.exe", "cmd.exe /c " + payload, null);
            default: {
                List<String> argv = new ArrayList<>();
                argv.add("/usr/bin/python3");
                argv.addAll(Arrays.asList(payload.split(" ", -1)));
                return proc(o, "/usr/bin/python3", String.join(" ", argv), argv);
            }
        }
    }

    private static HttpRequest http(Origin o, String target, String ua, String referer) {
        return new HttpRequest(o, 0, "203.0.113.9", null, "GET", target, "HTTP/1.1", 200, 512, referer, ua,
                "www.example.com", -1, null);
    }

    private static ProcessStart proc(Origin o, String exe, String cmd, List<String> argv) {
        return new ProcessStart(o, 0, "web01", 4242, 4000, exe, cmd, argv, "/usr/sbin/apache2",
                "/usr/sbin/apache2 -k start", "www-data", "/var/www", null, null, null);
    }

    /** Parses a log line first (see {@link #input}), then runs the detectors; returns the detections found. */
    public int inspect(Object in) {
        if (in instanceof Line line) {
            String src = line.source();
            Event e = (src.endsWith(".jsonl") ? ProcessJsonFormat.INSTANCE : CombinedFormat.COMBINED)
                    .parse(line, reason -> { });
            if (e == null) {
                throw new IllegalStateException("not parsed: " + src);
            }
            return inspect(e);
        }
        return inspect((Event) in);
    }

    /** Runs every detector that reads {@code e} once; returns the detections found. */
    public int inspect(Event e) {
        int[] n = {0};
        if (e instanceof HttpRequest) {
            http.inspect(e, d -> n[0]++);
        } else {
            for (Detector d : process) {
                if (!(d instanceof dev.vigil.detect.KeyedDetector)) {
                    d.inspect(e, x -> n[0]++);
                }
            }
            keyed.process(e, x -> n[0]++);
        }
        return n[0];
    }

    /** The median of {@code runs} timings of the detectors on {@code unit} at {@code chars} in {@code place}. */
    public Timing time(String unit, Place place, int chars, int runs) {
        String payload = repeat(unit, chars);
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            // a different value each run: the detectors remember verdicts on repeated user agents,
            // referers and command lines, and a remembered verdict would time nothing
            Object e = input(place, payload + "~" + (++distinct));
            long start = now();
            inspect(e);
            t[i] = (now() - start) / 1e9;
        }
        Arrays.sort(t);
        return new Timing(unit, place, chars, t[runs / 2]);
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /**
     * This thread's CPU time where the JVM measures it, else the wall clock: on a machine shared
     * with other work, time spent waiting for a core is not time the detectors took.
     */
    private static long now() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** Every unit in every place once at a small size, so the JIT has compiled what is timed. */
    public void warmUp() {
        for (int round = 0; round < 2; round++) {
            for (String u : units()) {
                for (Place p : Place.values()) {
                    inspect(input(p, repeat(u, 512)));
                }
            }
        }
    }

    /** The worst timing per place over all units. */
    public Map<Place, Timing> worstPerPlace(int chars, int runs, List<Place> places) {
        Map<Place, Timing> worst = new LinkedHashMap<>();
        for (Place p : places) {
            for (String u : units()) {
                Timing t = time(u, p, chars, runs);
                Timing w = worst.get(p);
                if (w == null || t.secondsPerKb() > w.secondsPerKb()) {
                    worst.put(p, t);
                }
            }
        }
        return worst;
    }

    /** Prints the worst seconds per kilobyte per place: {@code [KB=16] [runs=3] [PLACE...]}. */
    public static void main(String[] args) {
        int kb = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Place> places = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            places.add(Place.valueOf(args[i]));
        }
        AdversarialShapes s = new AdversarialShapes();
        s.warmUp();
        for (Map.Entry<Place, Timing> e : s.worstPerPlace(kb * 1024, runs,
                places.isEmpty() ? List.of(Place.values()) : places).entrySet()) {
            Timing t = e.getValue();
            System.out.printf(Locale.ROOT, "%-16s worst %.6f s/KB  (%s x %d chars: %.3f s)%n", e.getKey(),
                    t.secondsPerKb(), printable(t.unit()), t.chars(), t.seconds());
        }
    }

    /** A unit as Java would write it, so control characters print visibly. */
    public static String printable(String unit) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : unit.toCharArray()) {
            if (c < ' ' || c > '~') {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c == '"' || c == '\\' ? "\\" + c : String.valueOf(c));
            }
        }
        return sb.append('"').toString();
    }
}
