package dev.vigil.rules.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.event.HttpRequest;
import dev.vigil.event.Origin;
import dev.vigil.normalize.Normalizer;
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

    @Test
    void aNameSentWithDifferentValuesIsAlsoReadAsAspNetJoinsIt() {
        RequestView v = view("/p.aspx?id=1/*&x=2&id=*/union&id=&id=%2A/select");
        assertThat(v.values(Field.PARAM_VALUES)).extracting(FieldValue::raw)
                .containsExactly("1/*", "2", "*/union", "%2A/select", "1/*,*/union,%2A/select");
        assertThat(v.values(Field.PARAM_VALUES)).extracting(FieldValue::decoded).last().isEqualTo("1/*,*/union,*/select");
        assertThat(RequestView.pollutedValue(Normalizer.params("a=1&a=1&b=2"))).isNull();
        assertThat(RequestView.pollutedValue(Normalizer.params("a=1&b=2"))).isNull();
        String many = "v=x&".repeat(20) + "v=" + "y".repeat(5000);
        assertThat(RequestView.pollutedValue(Normalizer.params(many))).hasSize(RequestView.MAX_POLLUTED_LENGTH).startsWith("x,x,");
    }

    @Test
    void anArrayParameterIsReadUnderTheNameTheApplicationGivesIt() {
        RequestView v = view("/signin?next[]=//x.example&cmd%5B0%5D=id&__proto__[admin]=1&q=a[b]");
        assertThat(v.values(Field.PARAM_NAMES)).extracting(FieldValue::raw)
                .containsExactly("next[]", "next", "cmd%5B0%5D", "cmd", "__proto__[admin]", "__proto__", "q");
        assertThat(v.values(Field.TARGET)).extracting(FieldValue::raw).containsExactly(
                "/signin?next[]=//x.example&cmd%5B0%5D=id&__proto__[admin]=1&q=a[b]",
                "/signin?next=//x.example&cmd=id&__proto__=1&q=a[b]");
        assertThat(v.values(Field.QUERY)).extracting(FieldValue::raw).containsExactly(
                "next[]=//x.example&cmd%5B0%5D=id&__proto__[admin]=1&q=a[b]", "next=//x.example&cmd=id&__proto__=1&q=a[b]");
        // a bracket in a value, or a name that starts with one, is no array key
        assertThat(view("/p?q=a[b]&[x]=1").values(Field.TARGET)).hasSize(1);
        assertThat(view("/p?" + "a[]=1&".repeat(5000)).values(Field.PARAM_NAMES)).extracting(FieldValue::raw).containsExactly("a[]", "a");
    }

    @Test
    void theStringMembersOfAJsonValueAreReadAsValues() {
        RequestView v = view("/api/items?filter=%7B%22id%22%3A%221%20OR%20TRUE%22%2C%22tags%22%3A%5B%22A%22%5D%7D&page=2");
        assertThat(v.values(Field.PARAM_NAMES)).extracting(FieldValue::raw).containsExactly("filter", "page");
        assertThat(v.values(Field.PARAM_VALUES)).extracting(FieldValue::raw)
                .containsExactly("%7B%22id%22%3A%221%20OR%20TRUE%22%2C%22tags%22%3A%5B%22A%22%5D%7D", "2", "1 OR TRUE", "A");
        assertThat(v.values(Field.PARAM_VALUES)).extracting(FieldValue::decoded).contains("1 or true", "a");
        // a document broken by its payload still gives the members before the break
        assertThat(view("/p?q={\"a\":\"x\",\"b\":1 OR 1=1}").values(Field.PARAM_VALUES)).extracting(FieldValue::raw).contains("x");
        assertThat(view("/p?q=%7Bnot%20json").values(Field.PARAM_VALUES)).hasSize(1);
        // many documents: a bounded number of members
        StringBuilder many = new StringBuilder("/p?");
        for (int i = 0; i < 100; i++) {
            many.append("d").append(i).append("=%5B%22a").append(i).append("%22,%22b").append(i).append("%22%5D&");
        }
        assertThat(view(many.toString()).values(Field.PARAM_VALUES)).hasSize(100 + RequestView.MAX_JSON_VALUES);
    }
}
