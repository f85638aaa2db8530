package dev.vigil.cli;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertEntities;
import dev.vigil.alert.Evidence;
import dev.vigil.alert.TriagedAlert;
import dev.vigil.alert.suppress.Suppressor;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.AlertType;
import dev.vigil.export.formats.Exporters;
import dev.vigil.text.TerminalText;
import dev.vigil.store.AlertStore;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vigil simulate}: one sample alert of every catalogue type, marked as samples, written
 * through the store and the exporters, so a SIEM pipeline can be checked end to end.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Write one sample alert of every alert type (marked as samples) to the database and the exporters "
            + "to check a SIEM pipeline end to end. Rerunning updates the same sample alerts."})
final class SimulateCommand implements Callable<Integer> {
    static final String SOURCE = "vigil-simulate";

    @Mixin
    StoreOptions store;

    @Mixin
    ActorOption actor;

    @Option(names = "--no-db", description = "Do not store the sample alerts.")
    boolean noDb;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "ndjson",
            description = "json, ndjson, csv, cef or ocsf (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--syslog", paramLabel = "HOST:PORT", description = "Also send them as CEF over syslog.")
    String syslog;

    @Option(names = "--webhook", paramLabel = "URL", description = "Also POST them as JSON.")
    String webhook;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (Exporters.find(format).isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format: unknown export format '" + format
                    + "' (expected " + String.join(", ", Exporters.names()) + ")");
        }
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        List<Alert> samples = samples(AlertCatalogue.builtIn(), System.currentTimeMillis());
        List<TriagedAlert> out = samples.stream().map(TriagedAlert::active).toList();
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        Exports.write(out, format, w);
        w.flush();
        int rc = Main.EXIT_OK;
        if (syslog != null) {
            Exports.syslog(out, syslog);
        }
        if (!noDb || webhook != null) {
            try (AlertStore s = store.open()) {
                if (!noDb) {
                    s.upsert(samples, Suppressor.none(), actor.actor());
                }
                if (webhook != null && Exports.webhook(out, webhook, 1, s, err).kept() > 0) {
                    rc = Main.EXIT_FAILED;
                }
            }
        }
        err.println("vigil: wrote " + samples.size() + " sample alerts" + (noDb ? "" : " to " + TerminalText.sanitize(store.describe())));
        return rc;
    }

    /** One sample per type, with entities of its family and a deterministic id. */
    static List<Alert> samples(AlertCatalogue catalogue, long now) {
        List<Alert> out = new ArrayList<>();
        int n = 0;
        for (AlertType t : catalogue.all()) {
            n++;
            Map<String, String> e = new LinkedHashMap<>();
            String field;
            String value;
            if (t.family().equals("runtime")) {
                e.put(AlertEntities.HOST, "sample-host.vigil.invalid");
                e.put(AlertEntities.PROCESS_ID, Integer.toString(4000 + n));
                e.put(AlertEntities.PROCESS_COMMAND_LINE, "/bin/sh -c echo vigil-sample-" + t.name());
                e.put(AlertEntities.PROCESS_IMAGE_FILE, "/bin/sh");
                e.put(AlertEntities.PROCESS_PARENT_IMAGE_FILE, "/usr/sbin/php-fpm");
                field = "cmdline";
                value = e.get(AlertEntities.PROCESS_COMMAND_LINE);
            } else {
                e.put(AlertEntities.IP, "192.0.2." + n);
                e.put(AlertEntities.HOST, "sample-site.vigil.invalid");
                e.put(AlertEntities.URL, "/vigil-sample/" + t.name());
                field = "path";
                value = e.get(AlertEntities.URL);
            }
            Evidence ev = new Evidence(SOURCE, n, now, "sample." + t.name(), field, value, value);
            out.add(new Alert(id(t.name()), t, t.severity(), e, now, now, 1, List.of("sample." + t.name()),
                    List.of(ev), t.test() ? 100 : 50, true, Map.of(SOURCE, 1L)));
        }
        return out;
    }

    static String id(String type) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(("sample\u0000" + type).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
