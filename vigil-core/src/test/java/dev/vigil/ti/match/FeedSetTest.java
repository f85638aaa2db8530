package dev.vigil.ti.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ti.load.LoadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedSetTest {
    @Test
    void feedsGoIntoOneSnapshotAndARefusedOneIsLeftOut(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.txt"), "198.51.100.9\nevil.example\n");
        Path b = Files.writeString(dir.resolve("b.txt"), "203.0.113.0/24\n");
        Path junk = Files.write(dir.resolve("junk.bin"), new byte[] {0, 1, 2, 3, (byte) 0xff, 0, 0, 7, 0, 0});
        List<LoadResult> heard = new ArrayList<>();
        FeedSet.Loaded l = FeedSet.load(List.of(a, junk, b), Instant.now(), heard::add);
        assertThat(heard).hasSize(3); // each file reported once
        assertThat(l.refused()).isEqualTo(1);
        assertThat(l.feeds()).isEqualTo(2);
        assertThat(l.indicators()).isEqualTo(3);
        assertThat(l.intel().matchIp("198.51.100.9")).isNotEmpty();
        assertThat(l.intel().matchIp("203.0.113.200")).isNotEmpty();
        assertThat(l.intel().matchDomain("evil.example")).isNotEmpty();
        assertThat(l.intel().matchIp("192.0.2.1")).isEmpty();
    }

    @Test
    void noFeedsGiveAnEmptySnapshot() {
        FeedSet.Loaded l = FeedSet.load(List.of(), Instant.now(), r -> { });
        assertThat(l.intel().isEmpty()).isTrue();
        assertThat(l.refused()).isZero();
    }
}
