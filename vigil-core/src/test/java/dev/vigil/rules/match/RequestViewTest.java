package dev.vigil.rules.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.event.HttpRequest;
import dev.vigil.event.Origin;
import dev.vigil.rules.Field;
import org.junit.jupiter.api.Test;

class RequestViewTest {

    private static RequestView view(String target) {
        return new RequestView(new HttpRequest(new Origin("t", 1, 0), 0, "203.0.113.1", null, "GET", target,
                "HTTP/1.1", 200, 1, null, null, null, -1, null));
    }

    @Test
    void repeatedParametersAreReadOnceInTheOrderFirstSeen() {
        RequestView v = view("/p?" + "a=1&".repeat(5000) + "b=%27x&a=1&c=1");
        assertThat(v.values(Field.PARAM_NAMES)).extracting(FieldValue::raw).containsExactly("a", "b", "c");
        assertThat(v.values(Field.PARAM_VALUES)).extracting(FieldValue::raw).containsExactly("1", "%27x");
        assertThat(v.values(Field.PARAM_VALUES)).extracting(FieldValue::decoded).containsExactly("1", "'x");
    }

    @Test
    void aFewParametersAreReadAsLogged() {
        RequestView v = view("/p?a=1&a=1&b=&c");
        assertThat(v.values(Field.PARAM_NAMES)).extracting(FieldValue::raw).containsExactly("a", "a", "b", "c");
        assertThat(v.values(Field.PARAM_VALUES)).extracting(FieldValue::raw).containsExactly("1", "1");
    }
}
