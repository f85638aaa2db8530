package dev.vigil.flink;

import dev.vigil.alert.Alert;
import dev.vigil.alert.suppress.Suppressor;
import dev.vigil.store.PostgresAlertStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Alerts into the PostgreSQL store {@code vigil serve} reads, with vigil-store's own
 * {@link PostgresAlertStore}: upserts merged by id (counts per source by maximum), so storing an
 * alert again, or an older version of it after a restore, changes nothing. The writer keeps the
 * latest version of each alert and stores them in one transaction at every checkpoint (and at the
 * end of input); after a failure the alerts since the last checkpoint are recomputed and stored
 * again, which the upsert makes harmless: exactly-once in effect.
 */
final class PostgresAlertSink implements Sink<AlertUpdate> {
    private static final long serialVersionUID = 1L;
    private final String url;

    /** @param url the store's address, as {@code --db postgresql://...} takes it */
    PostgresAlertSink(String url) {
        this.url = url;
    }

    @Override
    public SinkWriter<AlertUpdate> createWriter(WriterInitContext context) {
        return new Writer(PostgresAlertStore.open(url));
    }

    /** Not thread-safe: Flink calls a writer from one thread. */
    private static final class Writer implements SinkWriter<AlertUpdate> {
        /** Alerts buffered before a checkpoint forces a write anyway. */
        private static final int MAX_PENDING = 5_000;
        private final PostgresAlertStore store;
        private final Map<String, AlertUpdate> pending = new LinkedHashMap<>();

        Writer(PostgresAlertStore store) {
            this.store = store;
        }

        @Override
        public void write(AlertUpdate u, Context context) {
            pending.put(u.id(), u); // the latest version of an alert includes the earlier ones
            if (pending.size() >= MAX_PENDING) {
                store();
            }
        }

        @Override
        public void flush(boolean endOfInput) {
            store();
        }

        private void store() {
            if (pending.isEmpty()) {
                return;
            }
            List<Alert> alerts = new ArrayList<>(pending.size());
            for (AlertUpdate u : pending.values()) {
                alerts.add(u.alert());
            }
            store.upsert(alerts, Suppressor.none(), "vigil-flink");
            pending.clear();
        }

        @Override
        public void close() throws IOException {
            store.close();
        }
    }
}
