package dev.vigil.ingest.process;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.event.Event;
import dev.vigil.event.ProcessStart;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.Timestamps;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Vigil's own process JSON lines, one process start per line (see {@code docs/process-json.md}):
 * <pre>
 * {"time":"2026-11-01T00:00:00Z","host":"web1","pid":4242,"ppid":911,"exe":"/usr/bin/curl",
 *  "cmdline":"curl -s http://x/a.sh","parent_exe":"/bin/sh","user":"www-data","cwd":"/var/www"}
 * </pre>
 * {@code time} is ISO-8601 or epoch seconds or milliseconds (a number or a numeric string);
 * {@code argv} (an array) may stand in for {@code cmdline}; every field may be missing, but a
 * line with none of {@code pid}, {@code exe}, {@code cmdline}, {@code argv} is rejected; fields
 * Vigil does not know are kept in {@code extra} as text (objects and arrays as compact JSON).
 * A line that is not one JSON object is rejected with a short reason.
 *
 * <p>Plain lines (ASCII, no nested objects) are read by {@link FlatJson}; any other line, and
 * any line that reader is unsure of, by Jackson's streaming parser, which also words the reasons
 * for rejecting a line. No tree per line. Stateless, immutable and thread-safe.
 */
public final class ProcessJsonFormat implements LineFormat, LineParser {
    public static final ProcessJsonFormat INSTANCE = new ProcessJsonFormat();

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    /** Epoch numbers above this are milliseconds: 1e11 seconds is the year 5138. */
    private static final double MILLIS_THRESHOLD = 1e11;

    private ProcessJsonFormat() {}

    @Override
    public String name() {
        return "process-json";
    }

    @Override
    public LineParser newParser() {
        return this;
    }

    @Override
    public Event parse(Line line, Rejects rejects) {
        return parse(line, rejects, true);
    }

    /** As {@link #parse(Line, Rejects)}; {@code flat} false reads every line with Jackson (for tests). */
    Event parse(Line line, Rejects rejects, boolean flat) {
        byte[] b = line.buf();
        int from = line.off();
        int to = line.end();
        while (from < to && isSpace(b[from])) {
            from++;
        }
        while (to > from && isSpace(b[to - 1])) {
            to--;
        }
        if (from == to) {
            return null;
        }
        if (b[from] != '{') {
            rejects.reject("not a JSON object (expected '{' at column " + (from - line.off() + 1) + ")");
            return null;
        }
        ProcessStart.Builder pb = ProcessStart.builder(line.origin());
        if (flat) { // FlatJson hands any non-ASCII byte to Jackson itself
            try {
                FlatJson json = new FlatJson(b, from, to);
                String bad = readObject(json, pb);
                if (bad == null) {
                    json.nextToken(); // nothing may follow the object
                    return pb.build();
                }
                rejects.reject(bad);
                return null;
            } catch (RuntimeException e) {
                if (e != FlatJson.FALLBACK) {
                    throw e;
                }
                pb = ProcessStart.builder(line.origin()); // read it again, with Jackson
            } catch (IOException e) {
                throw new IllegalStateException(e); // FlatJson does no I/O
            }
        }
        try (JsonParser p = open(b, from, to)) {
            String bad = readObject(JsonTokens.of(p, MAPPER), pb);
            if (bad != null) {
                rejects.reject(bad);
                return null;
            }
            if (p.nextToken() != null) {
                rejects.reject("trailing content after the JSON object");
                return null;
            }
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            rejects.reject("JSON nested too deeply or with a value too long to read");
            return null;
        } catch (JsonProcessingException e) {
            long col = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
            rejects.reject(col > 0 ? "invalid JSON near column " + col : "invalid JSON");
            return null;
        } catch (IOException e) {
            rejects.reject("invalid JSON");
            return null;
        }
        return pb.build();
    }

    private static JsonParser open(byte[] b, int from, int to) throws IOException {
        if (!ascii(b, from, to)) {
            // Jackson fails on malformed UTF-8; logs should not, so decode with replacement
            // characters first when any non-ASCII byte is present.
            return FACTORY.createParser(new String(b, from, to - from, java.nio.charset.StandardCharsets.UTF_8));
        }
        return FACTORY.createParser(b, from, to - from);
    }

    private static boolean ascii(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /** Reads the top-level object into {@code pb}; returns a reject reason or {@code null}. */
    private static String readObject(JsonTokens p, ProcessStart.Builder pb) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return "not a JSON object";
        }
        String cmdline = null;
        List<String> argv = null;
        boolean seenProcessField = false;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (v != JsonToken.VALUE_NULL && (name.equals("pid") || name.equals("exe")
                    || name.equals("cmdline") || name.equals("argv"))) {
                seenProcessField = true;
            }
            switch (name) {
                case "time": {
                    long ms = time(p, v);
                    if (ms != Event.NO_TIME) {
                        pb.timeMillis(ms);
                    } else if (v != JsonToken.VALUE_NULL) {
                        // keep what could not be read rather than lose it
                        pb.extra("time", valueText(p, v));
                    }
                    break;
                }
                case "pid":
                case "ppid": {
                    long n = id(p, v);
                    if (n == Long.MIN_VALUE) {
                        return "'" + name + "' must be a whole number";
                    }
                    if (name.equals("pid")) {
                        pb.pid(n);
                    } else {
                        pb.ppid(n);
                    }
                    break;
                }
                case "argv": {
                    if (v == JsonToken.VALUE_NULL) {
                        break;
                    }
                    if (v != JsonToken.START_ARRAY) {
                        return "'argv' must be an array of strings";
                    }
                    argv = new ArrayList<>();
                    JsonToken e;
                    while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                        if (e == null || e.isStructStart()) {
                            return "'argv' must be an array of strings";
                        }
                        argv.add(e == JsonToken.VALUE_NULL ? "" : p.getText());
                    }
                    break;
                }
                case "cmdline":
                case "host":
                case "exe":
                case "parent_exe":
                case "parent_cmdline":
                case "user":
                case "cwd":
                case "container": {
                    if (v.isStructStart()) {
                        return "'" + name + "' must be a string";
                    }
                    String s = v == JsonToken.VALUE_NULL ? null : p.getText();
                    switch (name) {
                        case "cmdline": cmdline = s; break;
                        case "host": pb.host(s); break;
                        case "exe": pb.exe(s); break;
                        case "parent_exe": pb.parentExe(s); break;
                        case "parent_cmdline": pb.parentCommandLine(s); break;
                        case "user": pb.user(s); break;
                        case "cwd": pb.cwd(s); break;
                        default: pb.container(s); break;
                    }
                    break;
                }
                default:
                    if (v != JsonToken.VALUE_NULL) {
                        pb.extra(name, valueText(p, v));
                    }
                    break;
            }
        }
        if (t != JsonToken.END_OBJECT) {
            return "invalid JSON object";
        }
        if (argv != null) {
            pb.argv(argv);
        }
        if (!seenProcessField) {
            return "no process fields (pid, exe, cmdline or argv)";
        }
        pb.commandLine(cmdline != null ? cmdline : CommandLines.join(argv));
        return null;
    }

    private static long time(JsonTokens p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
            return epoch(p.getDoubleValue());
        }
        if (v == JsonToken.VALUE_STRING) {
            String s = p.getText().trim();
            if (s.isEmpty()) {
                return Event.NO_TIME;
            }
            char c = s.charAt(0);
            if (s.length() <= 20 && (c >= '0' && c <= '9') && s.indexOf('-') < 0 && s.indexOf(':') < 0) {
                try {
                    return epoch(Double.parseDouble(s));
                } catch (NumberFormatException e) {
                    return Event.NO_TIME;
                }
            }
            return Timestamps.iso(s);
        }
        if (v.isStructStart()) {
            p.skipChildren();
        }
        return Event.NO_TIME;
    }

    private static long epoch(double d) {
        if (!Double.isFinite(d) || d < 0 || d > 1e16) {
            return Event.NO_TIME;
        }
        return d >= MILLIS_THRESHOLD ? Timestamps.inRange(Math.round(d)) : Timestamps.fromEpochSeconds(d);
    }

    /** A whole number, {@code -1} for null, or {@link Long#MIN_VALUE} when it is not one. */
    private static long id(JsonTokens p, JsonToken v) throws IOException {
        switch (v) {
            case VALUE_NULL:
                return -1;
            case VALUE_NUMBER_INT:
                return p.isBigInteger() ? Long.MIN_VALUE : p.getLongValue();
            case VALUE_STRING: {
                String s = p.getText().trim();
                if (s.isEmpty() || s.length() > 18) {
                    return s.isEmpty() ? -1 : Long.MIN_VALUE;
                }
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    if (c < '0' || c > '9') {
                        return Long.MIN_VALUE;
                    }
                }
                return Long.parseLong(s);
            }
            default:
                if (v.isStructStart()) {
                    p.skipChildren();
                }
                return Long.MIN_VALUE;
        }
    }

    /** Scalars as their text, objects and arrays as compact JSON. */
    private static String valueText(JsonTokens p, JsonToken v) throws IOException {
        if (v.isStructStart()) {
            return p.structText();
        }
        return p.getText();
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
