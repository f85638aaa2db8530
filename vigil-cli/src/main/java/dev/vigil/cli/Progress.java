package dev.vigil.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on standard error for long scans, by bytes read. Updated from the engine's reader
 * thread; the bar itself redraws on its own thread. Thread-safe.
 */
abstract class Progress implements AutoCloseable {
    /** Inputs smaller than this finish too fast for a bar to help. */
    static final long THRESHOLD_BYTES = 32L << 20;

    static final Progress NONE = new Progress() {
        @Override
        void update(long bytes) {}

        @Override
        public void close() {}
    };

    abstract void update(long bytes);

    @Override
    public abstract void close();

    static Progress start(long totalBytes, boolean unknownTotal) {
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName("Scanning")
                .setInitialMax(unknownTotal ? -1 : Math.max(1, totalBytes >> 20))
                .setUnit(" MiB", 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true)))
                .clearDisplayOnFinish()
                .build();
        return new Progress() {
            @Override
            void update(long bytes) {
                bar.stepTo(bytes >> 20);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}
