package dev.vigil.cli;

import dev.vigil.alert.TriagedAlert;
import dev.vigil.export.AlertWriter;
import dev.vigil.export.Exporters;
import dev.vigil.export.cef.CefExporter;
import dev.vigil.export.syslog.SyslogSender;
import dev.vigil.export.webhook.WebhookSink;
import dev.vigil.output.JsonOutput;
import dev.vigil.output.TerminalText;
import dev.vigil.store.AlertStore;
import dev.vigil.store.OutboxEntry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URI;
import java.util.List;

/** Writing alerts to a stream, a syslog receiver and a webhook: shared by export, scan and simulate. */
final class Exports {
    static final String WEBHOOK = "webhook";

    private Exports() {}

    static void write(List<TriagedAlert> alerts, String format, Writer out) throws IOException {
        AlertWriter w = Exporters.get(format).open(out);
        for (TriagedAlert a : alerts) {
            w.write(a);
        }
        w.finish();
    }

    /** Sends each alert as a CEF line in RFC 5424 syslog; returns how many were sent. */
    static int syslog(List<TriagedAlert> alerts, String target) throws IOException {
        String host = System.getenv("HOSTNAME");
        try (SyslogSender s = SyslogSender.connect(target, host == null ? "-" : host)) {
            for (TriagedAlert a : alerts) {
                s.send(CefExporter.line(a), a.alert().severity());
            }
            return alerts.size();
        }
    }

    /**
     * Retries what the outbox holds, then POSTs each alert (Defender JSON); a delivery that still
     * fails goes to the outbox. Returns {delivered, kept in outbox}.
     */
    static int[] webhook(List<TriagedAlert> alerts, String url, AlertStore store, PrintStream err)
            throws InterruptedException {
        WebhookSink sink = WebhookSink.of(url);
        int delivered = 0;
        int kept = 0;
        for (OutboxEntry e : store.outbox(WEBHOOK)) {
            WebhookSink.Result r = sink.deliver(URI.create(e.target()), e.payload());
            store.outboxResult(e.id(), r.delivered(), r.error());
            if (r.delivered()) {
                delivered++;
            } else {
                kept++;
            }
        }
        for (TriagedAlert a : alerts) {
            String json = JsonOutput.line(JsonOutput.alert(a));
            WebhookSink.Result r = sink.deliver(json);
            if (r.delivered()) {
                delivered++;
            } else {
                store.enqueue(WEBHOOK, sink.url().toString(), json, r.error());
                kept++;
            }
        }
        if (kept > 0) {
            err.println(TerminalText.sanitize("vigil: warning: " + kept + " webhook deliveries to " + url
                    + " failed; kept in the outbox of the alert database and retried on the next export", 500));
        }
        return new int[] {delivered, kept};
    }
}
