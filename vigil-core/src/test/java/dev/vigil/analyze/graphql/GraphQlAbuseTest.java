package dev.vigil.analyze.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Documents written from the GraphQL specification (sections 2 and 5: fragment cycles, field
 * merging) and the OWASP GraphQL cheat sheet (depth, batching, alias and directive overloading,
 * pagination limits); not from any corpus. Values are decoded with their case kept.
 */
class GraphQlAbuseTest {

    private static String times(String s, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(s.replace("#", Integer.toString(i)));
        }
        return b.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "query{...X}fragment X on Query{...Y}fragment Y on Query{...X}",
        "{ ...Loop } fragment Loop on Query { viewer { id } ...Loop }",
        "query Q { shop { ...A } } fragment A on Shop { name ...B } fragment B on Shop { ...C } fragment C on Shop { ...A }",
        "{post(id:1){author{posts{author{posts{author{posts{author{posts{title}}}}}}}}}}",
        "query{node(id:\"1\"){...F1}} fragment F1 on User{friends{posts{author{...F2}}}}"
            + " fragment F2 on User{friends{posts{author{...F3}}}} fragment F3 on User{friends{posts{id}}}",
        "{ me { avatarUrl(size: 10) } orders(first: 50000) { id total } }",
        "{ customers(limit:100000){ id email } }",
        "{ users(first: 1000) { edges { node { posts(first: 1000) { edges { node { id } } } } } } }",
        "query { me { id @a @b @c @d @e @f @g @h @i @j } }",
        "{ product(id: 7) { name @skip(if: false) @skip(if: false) @skip(if: false) @skip(if: false) @skip(if: false)"
            + " @skip(if: false) @skip(if: false) @skip(if: false) @skip(if: false) @skip(if: false) } }",
        "mutation { r1: redeemGiftCard(code: \"AAAA-0001\") { ok } r2: redeemGiftCard(code: \"AAAA-0002\") { ok }"
            + " r3: redeemGiftCard(code: \"AAAA-0003\") { ok } }",
        "mutation{a:login(user:\"root\",pass:\"123456\"){token}b:login(user:\"root\",pass:\"password\"){token}"
            + "c:login(user:\"root\",pass:\"qwerty\"){token}}",
        "query+{+me+{+id+id+id+id+id+id+id+id+id+id+id+id+}+}",
    })
    void detects(String value) {
        assertThat(GraphQlAbuse.detect(value)).as(value).isPresent();
    }

    @Test
    void countsRepeatsAliasesAndExpansion() {
        assertThat(GraphQlAbuse.detect("{ viewer { " + times("email ", 12) + "} }")).get().asString()
                .contains("email selected 12 times");
        assertThat(GraphQlAbuse.detect("{" + times("t#: __typename ", 21) + "}")).get().asString()
                .contains("under aliases");
        assertThat(GraphQlAbuse.detect("mutation{" + times("g#: checkCoupon(code: \"C#\") { valid } ", 26) + "}"))
                .get().asString().contains("alias batching");
        // each fragment spreads the next one ten times: 10^5 selections from a few hundred characters
        String laughs = "{...L0} fragment L0 on Query{" + times("...L1 ", 10) + "} fragment L1 on Query{"
                + times("...L2 ", 10) + "} fragment L2 on Query{" + times("...L3 ", 10) + "} fragment L3 on Query{"
                + times("...L4 ", 10) + "} fragment L4 on Query{" + times("...L5 ", 10) + "} fragment L5 on Query{id}";
        assertThat(GraphQlAbuse.detect(laughs)).get().asString().contains("fragments expand to");
        assertThat(GraphQlAbuse.detect("{...A} fragment A on Q {...B} fragment B on Q {...A}")).get().asString()
                .contains("cycle (A, B)");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{ me { id name email } }",
        "query Viewer($n: Int = 10) { viewer { login repositories(first: $n) { nodes { name stargazerCount } } } }",
        "{viewer{repository(name:\"x\"){issues(first:5){nodes{comments(first:3){nodes{author{login}}}}}}}}",
        "query { a: user(id: 1) { name } b: user(id: 2) { name } c: user(id: 3) { name } }",
        "query($a:Boolean!){me{id avatar @include(if:$a) bio @skip(if:true) email @include(if:$a) @deprecated}}",
        "{ products(first: 250) { edges { node { id title variants(first: 100) { edges { node { price } } } } } } }",
        "query { ...UserParts } fragment UserParts on Query { me { ...Name } } fragment Name on User { first last }",
        "{ me { __typename id friends { __typename id } } }",
        "mutation { s: signIn(email: \"a@example.org\", password: \"x\") { jwt } }",
        "graphql tutorial { curly braces }",
        "{\"id\": 1, \"first\": 100000}",
        "user(id: 1) { name }",
        "{ search(query: \"first: 100000\") { id } }",
        "{ orders(first: 100, after: \"Y3Vyc29yOjEwMDAwMA==\") { id } }",
        "",
    })
    void ignores(String value) {
        assertThat(GraphQlAbuse.detect(value)).as(value).isEmpty();
    }

    @Test
    void hostileDocumentsAreReadQuickly() {
        String deep = "{a".repeat(100_000) + "}".repeat(10);
        String opens = "{".repeat(50_000);
        String spreads = "{" + "...A ".repeat(3000) + "} fragment A on Q {" + "...A ".repeat(3000) + "}";
        String strings = "{ f(a: \"" + "\\\"".repeat(20_000) + ") }";
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThat(GraphQlAbuse.detect(deep)).isPresent();
            GraphQlAbuse.detect(opens);
            assertThat(GraphQlAbuse.detect(spreads)).get().asString().contains("cycle");
            GraphQlAbuse.detect(strings);
            GraphQlAbuse.detect(null);
        });
    }
}
