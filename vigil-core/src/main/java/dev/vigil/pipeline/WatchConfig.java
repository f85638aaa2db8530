package dev.vigil.pipeline;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The YAML file that sets up a long-running {@code vigil watch} (or {@code vigil serve --watch}):
 * the sources with their format and resource, the database, the detection options, the rule
 * folders and feeds, and the sinks alerts go to as they happen. A wrong file is refused before anything runs, naming the file, the line and
 * the reason: an unknown key, a value of the wrong kind, a source without a path. Values are
 * checked further by whoever applies them, with {@link Located#line} to point at them.
 *
 * <pre>
 * name: web01                        # the name the watch's state is saved under
 * database: /var/lib/vigil/vigil.db  # or: none
 * sources:
 *   - path: /var/log/nginx/access.log*
 *     format: combined               # default: recognised per file
 *     resource: shop                 # for records that do not name it
 *   - path: /var/log/audit/audit.log
 *     format: auditd
 * rules: [/etc/vigil/rules, "sigma:/etc/vigil/sigma"]
 * ti: [/etc/vigil/feeds/bad-ips.txt]
 * throttle: {ScannerDetected: 7d}
 * sinks:                             # default: standard output only
 *   - stdout
 *   - ndjson:/var/log/vigil/alerts.ndjson      # the command line's --sink form
 *   - type: syslog
 *     url: syslog+tls://siem.example:6514
 *     ca: /etc/vigil/siem-ca.pem
 *     min-severity: medium
 *   - type: webhook                  # or slack
 *     url: env:SIEM_WEBHOOK
 * options:                           # any of watch's options, without the leading --
 *   group-window: 1h
 *   min-severity: low
 *   commit-every: 1s
 * </pre>
 *
 * <p>Immutable and thread-safe once read.
 */
public record WatchConfig(Path file, Located name, Located database, List<SourceSpec> sources,
                          List<Located> rules, List<Located> ti, Map<String, Located> throttle,
                          Map<String, Located> options, List<SinkEntry> sinks) {

    /** The keys {@code options:} may hold: watch's options that take a value or are flags. */
    public static final Set<String> OPTIONS = Set.of("input", "resource", "format", "min-severity", "group-window",
            "max-alerts", "max-line-length", "commit-every", "idle-timeout", "poll", "web-workers", "preview",
            "no-builtin-rules", "min-level", "sigma-deprecated", "threads", "quiet",
            "geoip", "asn", "verify-crawlers", "dns-server");

    private static final Set<String> TOP = Set.of("name", "database", "sources", "rules", "ti", "throttle", "options",
            "sinks");
    private static final Set<String> SOURCE = Set.of("path", "format", "resource");
    private static final Set<String> SINK = Set.of("type", "url", "path", "ca", "min-severity");

    /** One entry of {@code sinks:}, checked, with the line it is on. */
    public record SinkEntry(dev.vigil.export.sink.SinkSpec spec, int line) {}

    /** A scalar value and the line it is on. */
    public record Located(String value, int line) {
        @Override
        public String toString() {
            return value;
        }
    }

    /** One source: a path or glob, its format (null: recognised per file) and resource (null: none). */
    public record SourceSpec(Located path, Located format, Located resource, int line) {}

    /** A config that cannot be used: where and why. */
    public static final class ConfigException extends Exception {
        private final Path file;
        private final int line;

        public ConfigException(Path file, int line, String reason) {
            super(file + (line > 0 ? ":" + line : "") + ": " + reason);
            this.file = file;
            this.line = line;
        }

        public Path file() {
            return file;
        }

        public int line() {
            return line;
        }
    }

    /** A parsed YAML value with the line it started on. */
    private record Node(Object value, int line) {
        @SuppressWarnings("unchecked")
        Map<String, Node> map() {
            return (Map<String, Node>) value;
        }

        @SuppressWarnings("unchecked")
        List<Node> list() {
            return (List<Node>) value;
        }
    }

    /** The most a config file may hold; a bigger one is not a config. */
    static final long MAX_BYTES = 1 << 20;

    public static WatchConfig read(Path file) throws ConfigException {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new ConfigException(file, 0, "cannot read the file (" + e.getMessage() + ")");
        }
        if (size > MAX_BYTES) {
            throw new ConfigException(file, 0, "is " + size + " bytes, more than a config holds (" + MAX_BYTES + ")");
        }
        Node root;
        try (InputStream in = Files.newInputStream(file); JsonParser p = new YAMLFactory().createParser(in)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new ConfigException(file, 0, "is empty");
            }
            root = node(p, file, 0);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ConfigException(file, line, "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(file, 0, "cannot read the file (" + e.getMessage() + ")");
        }
        Map<String, Node> top = map(file, root, "the file");
        keys(file, top, TOP, "top-level");
        List<SourceSpec> sources = new ArrayList<>();
        Node src = top.get("sources");
        if (src == null) {
            throw new ConfigException(file, root.line(), "no 'sources:' (the files to watch)");
        }
        for (Node s : list(file, src, "sources")) {
            if (s.value() instanceof String path) {
                sources.add(new SourceSpec(new Located(path, s.line()), null, null, s.line()));
                continue;
            }
            Map<String, Node> m = map(file, s, "a source");
            keys(file, m, SOURCE, "source");
            Located path = scalar(file, m.get("path"), "path");
            if (path == null || path.value().isBlank()) {
                throw new ConfigException(file, s.line(), "a source without 'path:'");
            }
            sources.add(new SourceSpec(path, scalar(file, m.get("format"), "format"),
                    scalar(file, m.get("resource"), "resource"), s.line()));
        }
        if (sources.isEmpty()) {
            throw new ConfigException(file, src.line(), "'sources:' is empty");
        }
        Map<String, Located> options = new LinkedHashMap<>();
        Node opt = top.get("options");
        if (opt != null) {
            Map<String, Node> m = map(file, opt, "options");
            keys(file, m, OPTIONS, "option");
            for (Map.Entry<String, Node> e : m.entrySet()) {
                options.put(e.getKey(), scalarOf(file, e.getValue(), e.getKey()));
            }
        }
        Map<String, Located> throttle = new LinkedHashMap<>();
        Node th = top.get("throttle");
        if (th != null) {
            for (Map.Entry<String, Node> e : map(file, th, "throttle").entrySet()) {
                throttle.put(e.getKey(), scalarOf(file, e.getValue(), "throttle " + e.getKey()));
            }
        }
        return new WatchConfig(file, scalar(file, top.get("name"), "name"), scalar(file, top.get("database"), "database"),
                List.copyOf(sources), strings(file, top.get("rules"), "rules"), strings(file, top.get("ti"), "ti"),
                throttle, options, sinks(file, top.get("sinks"), System::getenv));
    }

    /**
     * {@code sinks:}: each entry the command line's form ({@code ndjson:PATH}, {@code
     * syslog+tls://HOST:PORT}, {@code webhook:URL}...) or a mapping with {@code type}, {@code url}
     * or {@code path}, and optionally {@code ca} (syslog over TLS) and {@code min-severity}.
     */
    static List<SinkEntry> sinks(Path file, Node n, java.util.function.Function<String, String> env)
            throws ConfigException {
        if (n == null || n.value() == null) {
            return List.of();
        }
        List<SinkEntry> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Node e : list(file, n, "sinks")) {
            dev.vigil.export.sink.SinkSpec spec;
            try {
                if (e.value() instanceof String s) {
                    spec = dev.vigil.export.sink.SinkSpec.parse(s, dev.vigil.catalogue.Severity.INFORMATIONAL, null, env);
                } else {
                    Map<String, Node> m = map(file, e, "a sink");
                    keys(file, m, SINK, "sink setting");
                    Located type = scalar(file, m.get("type"), "type");
                    if (type == null) {
                        throw new ConfigException(file, e.line(), "a sink without 'type:' (stdout, ndjson, syslog, "
                                + "webhook or slack)");
                    }
                    Located url = scalar(file, m.get("url"), "url");
                    Located path = scalar(file, m.get("path"), "path");
                    Located ca = scalar(file, m.get("ca"), "ca");
                    Located sev = scalar(file, m.get("min-severity"), "min-severity");
                    dev.vigil.catalogue.Severity min = dev.vigil.catalogue.Severity.INFORMATIONAL;
                    if (sev != null) {
                        try {
                            min = dev.vigil.catalogue.Severity.parse(sev.value());
                        } catch (IllegalArgumentException x) {
                            throw new ConfigException(file, sev.line(), "min-severity: " + x.getMessage());
                        }
                    }
                    String t = type.value().strip().toLowerCase(java.util.Locale.ROOT);
                    String form = switch (t) {
                        case "stdout" -> "stdout";
                        case "ndjson" -> {
                            if (path == null) {
                                throw new ConfigException(file, e.line(), "an ndjson sink needs 'path:'");
                            }
                            yield "ndjson:" + path.value();
                        }
                        case "syslog" -> {
                            if (url == null) {
                                throw new ConfigException(file, e.line(), "a syslog sink needs 'url:' "
                                        + "(syslog+tls://HOST:PORT, syslog+tcp://, syslog://)");
                            }
                            yield url.value();
                        }
                        case "webhook", "slack" -> {
                            if (url == null) {
                                throw new ConfigException(file, e.line(), "a " + t + " sink needs 'url:' (a URL or env:NAME)");
                            }
                            yield t + ":" + url.value();
                        }
                        default -> throw new ConfigException(file, type.line(), "unknown sink type '" + type.value()
                                + "' (expected one of: ndjson, slack, stdout, syslog, webhook)");
                    };
                    Path caFile = null;
                    if (ca != null) {
                        caFile = file.toAbsolutePath().resolveSibling(ca.value());
                        if (!Files.isReadable(caFile)) {
                            throw new ConfigException(file, ca.line(), "ca: cannot read " + caFile);
                        }
                    }
                    spec = dev.vigil.export.sink.SinkSpec.parse(form, min, caFile, env);
                }
            } catch (IllegalArgumentException x) {
                throw new ConfigException(file, e.line(), x.getMessage());
            }
            if (!seen.add(spec.shown())) {
                throw new ConfigException(file, e.line(), "sink " + spec.shown() + " is named twice");
            }
            out.add(new SinkEntry(spec, e.line()));
        }
        return List.copyOf(out);
    }

    private static Node node(JsonParser p, Path file, int depth) throws IOException, ConfigException {
        int line = p.currentTokenLocation().getLineNr();
        if (depth > 8) {
            throw new ConfigException(file, line, "nested deeper than a config goes");
        }
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, Node> m = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int keyLine = p.currentTokenLocation().getLineNr();
                p.nextToken();
                Node value = node(p, file, depth + 1);
                // a value is found again by its key's line (a nested list or mapping starts below it)
                if (m.put(key, new Node(value.value(), keyLine)) != null) {
                    throw new ConfigException(file, keyLine, "'" + key + "' is given twice");
                }
            }
            return new Node(m, line);
        }
        if (t == JsonToken.START_ARRAY) {
            List<Node> l = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                l.add(node(p, file, depth + 1));
            }
            return new Node(l, line);
        }
        if (t == JsonToken.VALUE_NULL) {
            return new Node(null, line);
        }
        return new Node(p.getText(), line);
    }

    private static Map<String, Node> map(Path file, Node n, String what) throws ConfigException {
        if (!(n.value() instanceof Map)) {
            throw new ConfigException(file, n.line(), what + " must be a mapping (key: value lines)");
        }
        return n.map();
    }

    private static List<Node> list(Path file, Node n, String what) throws ConfigException {
        if (!(n.value() instanceof List)) {
            throw new ConfigException(file, n.line(), "'" + what + ":' must be a list (lines starting with '- ')");
        }
        return n.list();
    }

    private static void keys(Path file, Map<String, Node> m, Set<String> allowed, String what) throws ConfigException {
        for (Map.Entry<String, Node> e : m.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw new ConfigException(file, e.getValue().line(), "unknown " + what + " '" + e.getKey()
                        + "' (expected one of: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static Located scalar(Path file, Node n, String what) throws ConfigException {
        if (n == null || n.value() == null) {
            return null;
        }
        return scalarOf(file, n, what);
    }

    private static Located scalarOf(Path file, Node n, String what) throws ConfigException {
        if (n.value() instanceof String s) {
            return new Located(s, n.line());
        }
        if (n.value() == null) {
            return new Located("", n.line());
        }
        throw new ConfigException(file, n.line(), "'" + what + "' takes one value, not a list or mapping");
    }

    private static List<Located> strings(Path file, Node n, String what) throws ConfigException {
        if (n == null || n.value() == null) {
            return List.of();
        }
        if (n.value() instanceof String s) {
            return List.of(new Located(s, n.line()));
        }
        List<Located> out = new ArrayList<>();
        for (Node e : list(file, n, what)) {
            if (!(e.value() instanceof String s)) {
                throw new ConfigException(file, e.line(), "each entry of '" + what + ":' must be a path");
            }
            out.add(new Located(s, e.line()));
        }
        return List.copyOf(out);
    }
}
