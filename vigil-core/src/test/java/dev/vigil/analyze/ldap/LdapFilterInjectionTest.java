package dev.vigil.analyze.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Values written from the filter grammar of RFC 4515 and RFC 4526 and the OWASP LDAP injection
 * cheat sheet, imagining a filter built as {@code (&(uid=VALUE)(userPassword=...))}; not from any
 * corpus. Values are in the rules' decoded form: case-folded.
 */
class LdapFilterInjectionTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "*)(uid=*", "jdoe)(mail=*", "*)(|(uid=*", "x)(|(objectclass=*)", "admin)(!(accountstatus=locked)",
        "jdoe)(&)", "jdoe)(|)", "*)(cn=a*", "x) (sn>=m", "x)(givenname~=jon", "x)(cn;lang-de=*",
        "x)(2.5.4.3=*", "x)(cn:dn:=admin", "(&(objectcategory=person)(sn=a*))", "(|(uid=jdoe)(uid=root))",
        "*(|(mail=*))", "jdoe))(|(uid=*", "jdoe*)((|userpassword=*)", "x)(|mail=*",
        "*)(&", "jdoe)(|", "*)(|(&", "admin) (& (",
    })
    void detects(String value) {
        assertThat(LdapFilterInjection.detect(value)).as(value).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "*", "jdoe", "a*b", "f(x)(y=2)", "see (note)(a=1)", "(a & b) or (c | d)", "jane@example.org",
        "(555) 123-4567", "foo()(bar)", "x)(y)", "(1)(2)", "price (usd)(eur=1.1)", "a=b", "(&)", "(|)(a)",
        "x) (1=1", "name (nickname)", "", "f(x)(&", "tom (and jerry)(&", "a)(&b", "x)(&c)", "(&", "rock)(&roll",
    })
    void ignores(String value) {
        assertThat(LdapFilterInjection.detect(value)).as(value).isEmpty();
    }

    @Test
    void aNulAfterACloseIsReadFromTheLoggedValue() {
        assertThat(LdapFilterInjection.detect("jdoe)", "jdoe%29%00")).isPresent();
        assertThat(LdapFilterInjection.detect("*))", "*))%2500")).isPresent();
        assertThat(LdapFilterInjection.detect("*))", "%25252A%252529%252529%25252500")).isPresent(); // payload triple-encoded: the NUL four times
        assertThat(LdapFilterInjection.detect("a b", "a%252500b")).isEmpty();
        assertThat(LdapFilterInjection.detect("jdoe)", "jdoe%29")).isEmpty();
        assertThat(LdapFilterInjection.detect("a b", "a%00b")).isEmpty();
    }

    @Test
    void longHostileValuesStayLinear() {
        String[] shapes = {")(", "(|(", ")(a=", "(&(a", "a)%00", "(", ")"};
        for (String shape : shapes) {
            String value = shape.repeat(LdapFilterInjection.MAX_LEN / shape.length() + 1);
            long t = System.nanoTime();
            LdapFilterInjection.detect(value, value);
            assertThat(Duration.ofNanos(System.nanoTime() - t)).as(shape).isLessThan(Duration.ofMillis(500));
        }
    }
}
