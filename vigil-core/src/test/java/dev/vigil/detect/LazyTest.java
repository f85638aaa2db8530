package dev.vigil.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyTest {

    @Test
    void madeOnceOnFirstUse() {
        AtomicInteger calls = new AtomicInteger();
        Lazy<String> lazy = new Lazy<>("the value", () -> "v" + calls.incrementAndGet());
        assertThat(calls.get()).isZero();
        assertThat(lazy.get()).isEqualTo("v1");
        assertThat(lazy.get()).isEqualTo("v1");
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void aFailureIsMadeOnceAndRepeatedWithItsName() {
        AtomicInteger calls = new AtomicInteger();
        Lazy<String> lazy = new Lazy<>("the process rules", () -> {
            calls.incrementAndGet();
            throw new IllegalArgumentException("process/x.yaml: rule ?: not a YAML mapping");
        });
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(lazy::get).isInstanceOf(IllegalStateException.class)
                    .hasMessage("the process rules could not be built: process/x.yaml: rule ?: not a YAML mapping");
        }
        assertThat(calls.get()).isEqualTo(1);
    }
}
