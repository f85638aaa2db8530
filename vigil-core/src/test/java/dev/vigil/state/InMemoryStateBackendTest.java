package dev.vigil.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryStateBackendTest {
    static final StateSpec.Value<Long> COUNT = new StateSpec.Value<>("count", Codec.LONG);
    static final StateSpec.Map<String, String> SEEN = new StateSpec.Map<>("seen", Codec.STRING, Codec.STRING, 5);

    private static InMemoryStateBackend backend(int maxKeys) {
        return new InMemoryStateBackend(List.of(new InMemoryStateBackend.Declaration("d", maxKeys, List.of(COUNT, SEEN))));
    }

    @Test
    void stateIsScopedToTheCurrentKey() {
        InMemoryStateBackend b = backend(10);
        b.context(0, "a").value(COUNT).update(1L);
        b.context(0, "b").value(COUNT).update(2L);
        assertThat(b.context(0, "a").value(COUNT).value()).isEqualTo(1L);
        assertThat(b.context(0, "b").value(COUNT).value()).isEqualTo(2L);
        assertThat(b.context(0, "c").value(COUNT).value()).isNull();
        b.context(0, "a").value(COUNT).clear();
        assertThat(b.stats(0).keys()).isEqualTo(1); // an emptied key is dropped, not kept as a husk
    }

    @Test
    void keysAreBoundedLeastRecentlyUsedFirstAndCounted() {
        InMemoryStateBackend b = backend(3);
        for (String k : List.of("a", "b", "c")) {
            b.context(0, k).value(COUNT).update(1L);
        }
        b.context(0, "a").value(COUNT).value(); // a use
        b.context(0, "d").value(COUNT).update(1L);
        assertThat(b.context(0, "b").value(COUNT).value()).isNull();
        assertThat(b.context(0, "a").value(COUNT).value()).isEqualTo(1L);
        assertThat(b.stats(0).keys()).isEqualTo(3);
        assertThat(b.stats(0).evictedKeys()).isEqualTo(1);
    }

    @Test
    void mapsAreBoundedOverAllKeysLeastRecentlyUsedEntryFirst() {
        InMemoryStateBackend b = backend(100);
        for (int i = 0; i < 3; i++) {
            b.context(0, "a").map(SEEN).put("k" + i, "a" + i);
        }
        b.context(0, "b").map(SEEN).put("k0", "b0");
        assertThat(b.context(0, "a").map(SEEN).get("k0")).isEqualTo("a0"); // a use
        b.context(0, "b").map(SEEN).put("k1", "b1");
        b.context(0, "b").map(SEEN).put("k2", "b2"); // the sixth entry: a's k1 was used least recently
        assertThat(b.context(0, "a").map(SEEN).get("k1")).isNull();
        assertThat(b.context(0, "a").map(SEEN).get("k0")).isEqualTo("a0");
        assertThat(b.context(0, "b").map(SEEN).get("k2")).isEqualTo("b2");
        assertThat(b.stats(0).mapEntries()).isEqualTo(5);
        assertThat(b.stats(0).evictedEntries()).isEqualTo(1);
        for (int i = 0; i < 100; i++) {
            b.context(0, "k" + i).map(SEEN).put("x", "v");
        }
        assertThat(b.stats(0).mapEntries()).isEqualTo(5);
        assertThat(b.stats(0).keys()).isZero(); // map entries alone keep no key alive
        b.context(0, "k99").map(SEEN).remove("x");
        assertThat(b.stats(0).mapEntries()).isEqualTo(4);
    }

    @Test
    void timersFireInTimeOrderOnceEachAndGoWithTheirKey() {
        InMemoryStateBackend b = backend(2);
        b.context(0, "a").registerTimer(30);
        b.context(0, "a").registerTimer(10);
        b.context(0, "a").registerTimer(10); // the same time twice fires once
        b.context(0, "b").registerTimer(20);
        b.context(0, "b").registerTimer(25);
        b.context(0, "b").deleteTimer(25);
        List<String> fired = new ArrayList<>();
        b.advanceWatermark(20, (o, t, ctx) -> fired.add(ctx.key() + "@" + t));
        assertThat(fired).containsExactly("a@10", "b@20");
        b.advanceWatermark(5, (o, t, ctx) -> fired.add("never: the watermark does not go back"));
        b.context(0, "c").value(COUNT).update(1L);
        b.context(0, "d").value(COUNT).update(1L); // evicts a, and a's timer at 30 with it
        b.fireAllTimers((o, t, ctx) -> fired.add(ctx.key() + "@" + t));
        assertThat(fired).containsExactly("a@10", "b@20");
        assertThat(b.stats(0).timers()).isZero();
    }

    @Test
    void manyDeletedTimersDoNotPileUp() {
        InMemoryStateBackend b = backend(10);
        for (long t = 0; t < 100_000; t++) {
            KeyContext c = b.context(0, "a");
            c.registerTimer(1_000_000 + t);
            c.deleteTimer(1_000_000 + t);
        }
        List<Long> fired = new ArrayList<>();
        b.fireAllTimers((o, t, ctx) -> fired.add(t));
        assertThat(fired).isEmpty();
    }

    @Test
    void snapshotsRestoreStateTimersAndOrder() throws IOException {
        InMemoryStateBackend b = backend(3);
        b.context(0, "a").value(COUNT).update(7L);
        b.context(0, "b").map(SEEN).put("x", "1");
        b.context(0, "b").registerTimer(99);
        b.advanceWatermark(50, (o, t, c) -> { });
        byte[] snap = snapshot(b);

        InMemoryStateBackend r = backend(3);
        r.restore(new DataInputStream(new ByteArrayInputStream(snap)));
        assertThat(r.watermark()).isEqualTo(50);
        assertThat(r.context(0, "a").value(COUNT).value()).isEqualTo(7L);
        assertThat(r.context(0, "b").map(SEEN).get("x")).isEqualTo("1");
        List<String> fired = new ArrayList<>();
        r.fireAllTimers((o, t, c) -> fired.add(c.key() + "@" + t));
        assertThat(fired).containsExactly("b@99");
        assertThat(snapshot(r)).isNotEqualTo(snap); // the timer is gone now
    }

    @Test
    void snapshotsSurviveOwnersAndStatesAddedOrRemoved() throws IOException {
        StateSpec.Value<String> other = new StateSpec.Value<>("other", Codec.STRING);
        InMemoryStateBackend old = new InMemoryStateBackend(List.of(
                new InMemoryStateBackend.Declaration("gone", 5, List.of(COUNT)),
                new InMemoryStateBackend.Declaration("d", 5, List.of(COUNT, other))));
        old.context(0, "k").value(COUNT).update(1L);
        old.context(1, "k").value(COUNT).update(2L);
        old.context(1, "k").value(other).update("x");
        InMemoryStateBackend now = backend(5);
        now.restore(new DataInputStream(new ByteArrayInputStream(snapshot(old))));
        assertThat(now.context(0, "k").value(COUNT).value()).isEqualTo(2L);
        assertThat(now.context(0, "k").map(SEEN).get("x")).isNull();
        assertThat(now.stats(0).mapEntries()).isZero();
    }

    @Test
    void corruptSnapshotsAreRefused() {
        assertThatThrownBy(() -> backend(1).restore(new DataInputStream(new ByteArrayInputStream(new byte[] {1, 2, 3, 4}))))
                .isInstanceOf(IOException.class).hasMessageContaining("not a Vigil state snapshot");
        assertThatThrownBy(() -> {
            InMemoryStateBackend b = backend(3);
            b.context(0, "a").value(COUNT).update(7L);
            byte[] s = snapshot(b);
            backend(3).restore(new DataInputStream(new ByteArrayInputStream(java.util.Arrays.copyOf(s, s.length - 3))));
        }).isInstanceOf(IOException.class);
    }

    @Test
    void declarationsAreChecked() {
        assertThatThrownBy(() -> new InMemoryStateBackend.Declaration("d", 0, List.of())).hasMessageContaining("maxKeys");
        assertThatThrownBy(() -> new InMemoryStateBackend.Declaration("d", 1, List.of(COUNT, COUNT)))
                .hasMessageContaining("two states named count");
        assertThatThrownBy(() -> backend(1).context(0, "a").value(new StateSpec.Value<>("undeclared", Codec.LONG)))
                .hasMessageContaining("did not declare");
    }

    private static byte[] snapshot(InMemoryStateBackend b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        b.snapshot(new DataOutputStream(out));
        return out.toByteArray();
    }
}
