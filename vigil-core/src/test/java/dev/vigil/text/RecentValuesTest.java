package dev.vigil.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentValuesTest {

    @Test
    void aRepeatedArgumentIsComputedOnceAndALongOneEveryTime() {
        List<String> computed = new ArrayList<>();
        RecentValues<Integer> lengths = new RecentValues<>(4, 8, s -> {
            computed.add(s);
            return s == null ? -1 : s.length();
        });
        assertThat(lengths.get("abc")).isEqualTo(3);
        assertThat(lengths.get(new String("abc"))).isEqualTo(3); // equal, not the same object
        assertThat(lengths.get("123456789")).isEqualTo(9);
        assertThat(lengths.get("123456789")).isEqualTo(9);
        assertThat(lengths.get(null)).isEqualTo(-1);
        assertThat(computed).containsExactly("abc", "123456789", "123456789", null);
    }

    @Test
    void valuesSharingASlotDisplaceEachOtherButNeverGetTheOthersResult() {
        RecentValues<String> upper = new RecentValues<>(1, 100, String::toUpperCase);
        for (int round = 0; round < 3; round++) {
            for (String s : List.of("a", "b", "c", "d", "e")) {
                assertThat(upper.get(s)).isEqualTo(s.toUpperCase());
            }
        }
    }

    @Test
    void aTableOfNoSlotsIsRefused() {
        assertThatThrownBy(() -> new RecentValues<>(0, 10, s -> s)).isInstanceOf(IllegalArgumentException.class);
    }
}
