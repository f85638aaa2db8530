package dev.vigil.flink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.KafkaSourceEnumState;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The Kafka source with each partition's parser state in its split state: a W3C source's
 * {@code #Fields:} directives and the lines of a multi-line record half read (auditd, Docker and
 * CRI partial lines) go into every checkpoint and savepoint beside the partition's offset, and come
 * back with it on restore, also on another reader after rescaling.
 *
 * <p>It is Flink's {@link KafkaSource}, unchanged, with its reader wrapped: the lines are parsed in
 * the reader's deserializer ({@link KafkaLines}), on the task thread that also takes the reader's
 * snapshot, so the parser state snapshotted is exactly that of the lines before the offset. The
 * split serializer reads splits of the plain Kafka source too (a job started from a savepoint of
 * an earlier version: its partitions start without parser state).
 */
final class ParserStateSource implements Source<Parsed, KafkaPartitionSplit, KafkaSourceEnumState>,
        ResultTypeQueryable<Parsed> {
    private static final long serialVersionUID = 1L;

    private final KafkaSource<Parsed> kafka;
    /** The deserializer {@code kafka} was built with (the same object, also after serialisation). */
    private final KafkaLines lines;

    ParserStateSource(KafkaSource<Parsed> kafka, KafkaLines lines) {
        this.kafka = kafka;
        this.lines = lines;
    }

    @Override
    public Boundedness getBoundedness() {
        return kafka.getBoundedness();
    }

    @Override
    public SourceReader<Parsed, KafkaPartitionSplit> createReader(SourceReaderContext context) throws Exception {
        return new Reader(kafka.createReader(context), lines.parsing());
    }

    @Override
    public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> createEnumerator(
            SplitEnumeratorContext<KafkaPartitionSplit> context) {
        return kafka.createEnumerator(context);
    }

    @Override
    public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> restoreEnumerator(
            SplitEnumeratorContext<KafkaPartitionSplit> context, KafkaSourceEnumState state) throws IOException {
        return kafka.restoreEnumerator(context, state);
    }

    @Override
    public SimpleVersionedSerializer<KafkaPartitionSplit> getSplitSerializer() {
        return new SplitSerializer(kafka.getSplitSerializer());
    }

    @Override
    public SimpleVersionedSerializer<KafkaSourceEnumState> getEnumeratorCheckpointSerializer() {
        return kafka.getEnumeratorCheckpointSerializer();
    }

    @Override
    public TypeInformation<Parsed> getProducedType() {
        return kafka.getProducedType();
    }

    /** A Kafka partition's split with its parser state ({@link LineParsing#snapshot}), null for none. */
    static final class Split extends KafkaPartitionSplit {
        final byte[] parserState;

        Split(KafkaPartitionSplit s, byte[] parserState) {
            super(s.getTopicPartition(), s.getStartingOffset(), s.getStoppingOffset().orElse(NO_STOPPING_OFFSET));
            this.parserState = parserState;
        }
    }

    /** Kafka's split bytes, then the parser state; splits of a plain Kafka source read as they are. */
    static final class SplitSerializer implements SimpleVersionedSerializer<KafkaPartitionSplit> {
        /** Above any version of Kafka's own split serializer. */
        private static final int VERSION = 1_000_001;
        private final SimpleVersionedSerializer<KafkaPartitionSplit> kafka;

        SplitSerializer(SimpleVersionedSerializer<KafkaPartitionSplit> kafka) {
            this.kafka = kafka;
        }

        @Override
        public int getVersion() {
            return VERSION;
        }

        @Override
        public byte[] serialize(KafkaPartitionSplit split) throws IOException {
            byte[] state = split instanceof Split s ? s.parserState : null;
            byte[] k = kafka.serialize(split);
            ByteArrayOutputStream buf = new ByteArrayOutputStream(k.length + 16 + (state == null ? 0 : state.length));
            DataOutputStream out = new DataOutputStream(buf);
            out.writeInt(kafka.getVersion());
            out.writeInt(k.length);
            out.write(k);
            out.writeInt(state == null ? -1 : state.length);
            if (state != null) {
                out.write(state);
            }
            out.flush();
            return buf.toByteArray();
        }

        @Override
        public KafkaPartitionSplit deserialize(int version, byte[] serialized) throws IOException {
            if (version != VERSION) {
                return kafka.deserialize(version, serialized);
            }
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
            int kafkaVersion = in.readInt();
            byte[] k = new byte[checked(in.readInt(), serialized.length)];
            in.readFully(k);
            KafkaPartitionSplit split = kafka.deserialize(kafkaVersion, k);
            int n = in.readInt();
            if (n < 0) {
                return split;
            }
            byte[] state = new byte[checked(n, serialized.length)];
            in.readFully(state);
            return new Split(split, state);
        }

        private static int checked(int n, int total) throws IOException {
            if (n < 0 || n > total) {
                throw new IOException("damaged Vigil Kafka split: " + n + " bytes of " + total);
            }
            return n;
        }
    }

    /** Kafka's reader; its splits' snapshots carry the parser state, restored splits give it back. */
    private static final class Reader implements SourceReader<Parsed, KafkaPartitionSplit> {
        private final SourceReader<Parsed, KafkaPartitionSplit> kafka;
        private final LineParsing parsing;

        Reader(SourceReader<Parsed, KafkaPartitionSplit> kafka, LineParsing parsing) {
            this.kafka = kafka;
            this.parsing = parsing;
        }

        @Override
        public void start() {
            kafka.start();
        }

        @Override
        public InputStatus pollNext(ReaderOutput<Parsed> output) throws Exception {
            return kafka.pollNext(output);
        }

        /** Called on the task thread, as the deserializer is: the state is that of the lines before each offset. */
        @Override
        public List<KafkaPartitionSplit> snapshotState(long checkpointId) {
            List<KafkaPartitionSplit> splits = kafka.snapshotState(checkpointId);
            List<KafkaPartitionSplit> out = new ArrayList<>(splits.size());
            for (KafkaPartitionSplit s : splits) {
                byte[] state = parsing.snapshot(s.splitId());
                out.add(state == null ? s : new Split(s, state));
            }
            return out;
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return kafka.isAvailable();
        }

        @Override
        public void addSplits(List<KafkaPartitionSplit> splits) {
            List<KafkaPartitionSplit> plain = new ArrayList<>(splits.size());
            for (KafkaPartitionSplit s : splits) {
                if (s instanceof Split withState && withState.parserState != null) {
                    try {
                        parsing.restore(s.splitId(), withState.parserState);
                    } catch (IOException e) {
                        throw new IllegalStateException("the parser state of " + s.splitId() + " does not read: "
                                + e.getMessage(), e);
                    }
                    plain.add(new KafkaPartitionSplit(s.getTopicPartition(), s.getStartingOffset(),
                            s.getStoppingOffset().orElse(KafkaPartitionSplit.NO_STOPPING_OFFSET)));
                } else {
                    plain.add(s);
                }
            }
            kafka.addSplits(plain);
        }

        @Override
        public void notifyNoMoreSplits() {
            kafka.notifyNoMoreSplits();
        }

        @Override
        public void handleSourceEvents(SourceEvent event) {
            kafka.handleSourceEvents(event);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) throws Exception {
            kafka.notifyCheckpointComplete(checkpointId);
        }

        @Override
        public void notifyCheckpointAborted(long checkpointId) throws Exception {
            kafka.notifyCheckpointAborted(checkpointId);
        }

        @Override
        public void pauseOrResumeSplits(Collection<String> toPause, Collection<String> toResume) {
            kafka.pauseOrResumeSplits(toPause, toResume);
        }

        @Override
        public void close() throws Exception {
            kafka.close();
        }
    }
}
