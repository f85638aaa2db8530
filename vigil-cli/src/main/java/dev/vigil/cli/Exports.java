package dev.vigil.cli;

import dev.vigil.alert.TriagedAlert;
import dev.vigil.export.AlertWriter;
import dev.vigil.export.formats.Exporters;
import dev.vigil.export.cef.CefExporter;
import dev.vigil.export.syslog.SyslogSender;
import dev.vigil.export.webhook.WebhookSink;
import dev.vigil.export.webhook.WebhookTarget;
import dev.vigil.export.JsonOutput;
import dev.vigil.text.TerminalText;
import dev.vigil.store.AlertStore;
import dev.vigil.store.OutboxDestination;
import dev.vigil.store.OutboxEntry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/** Writing alerts to a stream, a syslog receiver and a webhook: shared by export, scan and simulate. */
final class Exports {
    static final String WEBHOOK = "webhook";
    /** Outbox deliveries one export retries (oldest first); the rest wait for the next. */
    static final int OUTBOX_RETRY = 5_000;

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
        try (SyslogSender s = SyslogSender.connect(target, SyslogSender.localHostName())) {
            for (TriagedAlert a : alerts) {
                // HOSTNAME: the resource the alert is about when known, else this machine
                s.send(CefExporter.line(a), a.alert().severity(),
                        SyslogSender.hostnameFor(a.alert().entities().get(dev.vigil.alert.AlertEntities.HOST)));
            }
            return alerts.size();
        }
    }

    /** What a webhook export did for its destination. */
    record WebhookReport(int delivered, int fromOutbox, int kept) {}

    /**
     * POSTs each alert (Defender JSON) to the webhook {@code spec} names (a URL or
     * {@code env:NAME}), after first retrying what the outbox still owes to that same destination;
     * a delivery that fails goes to the outbox, kept per destination and without the URL's
     * secrets. Deliveries owed to other destinations are left alone and only mentioned. Reports on
     * {@code err}, naming the destination redacted.
     *
     * @throws IllegalArgumentException for a spec that is no http(s) URL (message redacted)
     */
    static WebhookReport webhook(List<TriagedAlert> alerts, String spec, int batch, AlertStore store, PrintStream err)
            throws InterruptedException {
        WebhookTarget target = WebhookTarget.parse(spec);
        WebhookSink sink = new WebhookSink(target, WebhookSink.Options.defaults().withBatch(batch));
        // at most OUTBOX_RETRY of the oldest per run: memory and time bounded however long the endpoint was down
        List<OutboxEntry> owed = store.outbox(WEBHOOK, target.key(), OUTBOX_RETRY);
        List<String> docs = new ArrayList<>(owed.size() + alerts.size());
        owed.forEach(e -> docs.add(e.payload()));
        for (TriagedAlert a : alerts) {
            docs.add(JsonOutput.line(JsonOutput.alert(a)));
        }
        List<WebhookSink.Result> results = sink.deliverAll(docs);
        int delivered = 0;
        int fromOutbox = 0;
        int kept = 0;
        String lastError = null;
        for (int i = 0; i < docs.size(); i++) {
            WebhookSink.Result r = results.get(i);
            if (r.delivered()) {
                delivered++;
            } else {
                kept++;
                lastError = r.error();
            }
            if (i < owed.size()) {
                if (r.delivered()) {
                    fromOutbox++;
                    store.outboxResult(owed.get(i).id(), true, null);
                } else if (r.attempted()) {
                    store.outboxResult(owed.get(i).id(), false, r.error());
                }
            } else if (!r.delivered()) {
                store.enqueue(WEBHOOK, target.redacted(), target.key(), target.reference(), docs.get(i), r.error());
            }
        }
        String where = "vigil: webhook " + target.redacted() + ": ";
        if (kept > 0) {
            err.println(TerminalText.sanitize("vigil: error: webhook " + target.redacted() + ": " + kept + " of "
                    + docs.size() + " deliveries failed (" + lastError + "); kept in the outbox ('vigil outbox list'), "
                    + "retried by the next export to this destination or 'vigil outbox retry'"
                    + (delivered > 0 ? "; " + delivered + " delivered" : ""), 1000));
        } else if (fromOutbox > 0) {
            err.println(TerminalText.sanitize(where + delivered + " delivered, " + fromOutbox
                    + " of them from the outbox", 1000));
        }
        List<OutboxDestination> others = store.outboxDestinations(WEBHOOK).stream()
                .filter(d -> !target.key().equals(d.destKey())).toList();
        if (!others.isEmpty()) {
            long dests = others.size();
            err.println("vigil: note: the outbox still holds " + others.stream().mapToInt(OutboxDestination::pending).sum()
                    + " deliveries for " + dests
                    + (dests == 1 ? " other destination" : " other destinations") + "; 'vigil outbox list' shows them");
        }
        return new WebhookReport(delivered, fromOutbox, kept);
    }
}
