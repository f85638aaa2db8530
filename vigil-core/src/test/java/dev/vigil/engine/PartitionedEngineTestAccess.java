package dev.vigil.engine;

/** Lets tests of other packages use the generated access log of {@link PartitionedEngineTest}. */
public final class PartitionedEngineTestAccess {
    private PartitionedEngineTestAccess() {}

    public static byte[] accessLog(long seed, int n) {
        return PartitionedEngineTest.accessLog(seed, n);
    }
}
