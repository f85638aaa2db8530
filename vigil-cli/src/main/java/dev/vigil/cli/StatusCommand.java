package dev.vigil.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.pipeline.Watcher;
import dev.vigil.store.AlertQuery;
import dev.vigil.store.AlertStore;
import dev.vigil.store.OutboxDestination;
import dev.vigil.store.StoredAlert;
import dev.vigil.tail.Checkpoint;
import dev.vigil.text.TerminalText;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil status}: what the watches of a database stand at, read from what they committed:
 * each file's position and how far it lags behind the file (bytes, and time since the last
 * commit), the last alert, what the outbox still owes each destination (webhook exports and the
 * watches' sinks). Reads only; works while watches run.
 */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show where each watch of the database stands: files, offsets, lag, last commit, "
                + "last alert and the outbox.", ""})
final class StatusCommand implements Callable<Integer> {
    @CommandLine.Mixin
    DbOption store;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default) or json.")
    String format;

    @Override
    public Integer call() {
        boolean json = format.equalsIgnoreCase("json");
        if (!json && !format.equalsIgnoreCase("table")) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--format: expected table or json, got '" + format + "'");
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        long now = System.currentTimeMillis();
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode watches = root.putArray("watches");
        try (AlertStore s = store.openExisting()) {
            List<AlertStore.NamedState> states = s.states();
            for (AlertStore.NamedState st : states) {
                ObjectNode w = watches.addObject();
                w.put("name", st.name());
                w.put("lastCommit", Instant.ofEpochMilli(st.updatedMillis()).toString());
                w.put("secondsSinceCommit", Math.max(0, (now - st.updatedMillis()) / 1000));
                ArrayNode files = w.putArray("files");
                try {
                    Checkpoint c = Watcher.positions(st.state());
                    for (Checkpoint.Position p : c.positions()) {
                        if (p.state() != Checkpoint.State.FOLLOWING && p.state() != Checkpoint.State.FINISHED) {
                            continue;
                        }
                        ObjectNode f = files.addObject();
                        f.put("path", p.path());
                        f.put("state", p.state().name().toLowerCase(Locale.ROOT));
                        f.put("offset", p.offset());
                        f.put("line", p.line());
                        Path path = Path.of(p.path());
                        try {
                            long size = Files.size(path);
                            f.put("size", size);
                            f.put("lagBytes", p.state() == Checkpoint.State.FINISHED ? 0 : Math.max(0, size - p.offset()));
                        } catch (java.io.IOException | RuntimeException e) {
                            f.putNull("size");
                        }
                    }
                } catch (java.io.IOException e) {
                    w.put("error", "state cannot be read: " + e.getMessage());
                }
            }
            List<StoredAlert> last = s.list(new AlertQuery(java.util.Set.of(), null, null, null, null, 1));
            if (!last.isEmpty()) {
                StoredAlert a = last.get(0);
                ObjectNode l = root.putObject("lastAlert");
                l.put("id", a.alert().id());
                l.put("type", a.alert().type().name());
                l.put("severity", a.alert().severity().label());
                if (a.alert().lastSeen() != dev.vigil.event.Event.NO_TIME) {
                    l.put("lastSeen", Instant.ofEpochMilli(a.alert().lastSeen()).toString());
                }
            }
            ArrayNode outbox = root.putArray("outbox");
            for (OutboxDestination d : s.outboxDestinations(null)) {
                ObjectNode o = outbox.addObject();
                o.put("sink", d.sink());
                o.put("destination", d.destination());
                o.put("pending", d.pending());
                o.put("oldest", Instant.ofEpochMilli(d.oldestMillis()).toString());
                if (d.lastError() != null) {
                    o.put("lastError", d.lastError());
                }
            }
        }
        if (json) {
            out.println(dev.vigil.export.JsonOutput.line(root));
            return Main.EXIT_OK;
        }
        if (watches.isEmpty()) {
            out.println("No watch has committed to " + store.describe() + " yet ('vigil watch' does).");
        }
        for (var w : watches) {
            out.println(TerminalText.sanitize(String.format(Locale.ROOT, "watch %s: last commit %s (%s ago)",
                    w.get("name").asText(), w.get("lastCommit").asText(),
                    age(Duration.ofSeconds(w.get("secondsSinceCommit").asLong()))), 2000));
            if (w.has("error")) {
                out.println("  " + TerminalText.sanitize(w.get("error").asText(), 500));
            }
            for (var f : w.get("files")) {
                String lag = f.get("size").isNull() ? "file gone"
                        : f.get("lagBytes").asLong() == 0 ? "up to date" : bytes(f.get("lagBytes").asLong()) + " behind";
                out.println(TerminalText.sanitize(String.format(Locale.ROOT, "  %s  line %,d, byte %,d  (%s)",
                        f.get("path").asText(), f.get("line").asLong(), f.get("offset").asLong(), lag), 2000));
            }
        }
        if (root.has("lastAlert")) {
            var l = root.get("lastAlert");
            out.println(TerminalText.sanitize("last alert: " + l.get("severity").asText() + " " + l.get("type").asText()
                    + (l.has("lastSeen") ? " at " + l.get("lastSeen").asText() : "") + " (" + l.get("id").asText() + ")", 1000));
        }
        if (!root.get("outbox").isEmpty()) {
            for (var o : root.get("outbox")) {
                boolean watch = o.get("sink").asText().startsWith(dev.vigil.export.sink.Outlet.PREFIX);
                out.println(TerminalText.sanitize("outbox: " + o.get("pending").asInt()
                        + (watch ? " alert updates owed to sink " : " deliveries owed to ")
                        + o.get("destination").asText() + " since " + o.get("oldest").asText()
                        + (o.has("lastError") ? " (last error: " + o.get("lastError").asText() + ")" : ""), 1000));
            }
        }
        return Main.EXIT_OK;
    }

    private static String age(Duration d) {
        long s = d.toSeconds();
        return s < 120 ? s + " s" : s < 7200 ? s / 60 + " min" : s / 3600 + " h";
    }

    private static String bytes(long n) {
        return n < 1024 ? n + " B" : n < 1 << 20 ? String.format(Locale.ROOT, "%.1f KiB", n / 1024.0)
                : String.format(Locale.ROOT, "%.1f MiB", n / 1048576.0);
    }
}
