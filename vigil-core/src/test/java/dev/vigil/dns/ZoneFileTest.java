package dev.vigil.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.event.DnsRecord;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ZoneFileTest {
    static final String ZONE = """
            $ORIGIN example.com.
            $TTL 1h
            @   IN  SOA ns1 hostmaster (
                    2026112801 ; serial
                    7200 3600 1209600 300 )
                IN  NS  ns1
            ns1     300 IN A 192.0.2.53
            www     IN 600 CNAME shop-prod.azurewebsites.net.
            blog        CNAME Blog.Example.COM.  ; absolute, mixed case
            legacy  CNAME   app   ; relative target
            asuid.www  TXT "a1b2c3" "d4;e5"
            say TXT "a \\"quoted\\" word"
            $ORIGIN sub
            api     AAAA    2001:db8::1
            $INCLUDE other.zone
            bad     IN
            """;

    @Test
    void readsTheSubsetOfMasterFiles() {
        ZoneFile.Result r = ZoneFile.read(ZONE, "zone.db", null);
        List<DnsRecord> rs = r.records();
        assertThat(rs).extracting(DnsRecord::name).containsExactly("example.com", "example.com", "ns1.example.com",
                "www.example.com", "blog.example.com", "legacy.example.com", "asuid.www.example.com",
                "say.example.com", "api.sub.example.com");
        assertThat(rs.get(0).type()).isEqualTo("SOA");
        assertThat(rs.get(0).data()).isEqualTo("ns1.example.com. hostmaster.example.com. 2026112801 7200 3600 1209600 300");
        assertThat(rs.get(0).ttl()).isEqualTo(3600);
        assertThat(rs.get(1).type()).isEqualTo("NS"); // blank owner: the previous one
        assertThat(rs.get(1).data()).isEqualTo("ns1.example.com");
        assertThat(rs.get(1).origin().line()).isEqualTo(6);
        assertThat(rs.get(2).ttl()).isEqualTo(300);
        assertThat(rs.get(3).data()).isEqualTo("shop-prod.azurewebsites.net");
        assertThat(rs.get(3).ttl()).isEqualTo(600); // class before TTL works too
        assertThat(rs.get(4).data()).isEqualTo("blog.example.com");
        assertThat(rs.get(5).data()).isEqualTo("app.example.com");
        assertThat(rs.get(6).data()).isEqualTo("a1b2c3d4;e5"); // a ';' inside quotes is no comment
        assertThat(rs.get(7).data()).isEqualTo("a \"quoted\" word");
        assertThat(rs.get(8).zone()).isEqualTo("sub.example.com");
        assertThat(r.problems()).extracting(ZoneFile.Problem::line).containsExactly(15L, 16L);
        assertThat(r.problems().get(0).reason()).contains("$INCLUDE").contains("not followed");
        assertThat(r.problems()).allSatisfy(p -> assertThat(p.source()).isEqualTo("zone.db"));
    }

    @Test
    void relativeNamesNeedAnOrigin() {
        ZoneFile.Result r = ZoneFile.read("www CNAME x.azurewebsites.net.\n", "z", null);
        assertThat(r.records()).isEmpty();
        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.reason()).contains("no $ORIGIN"));
        assertThat(ZoneFile.read("www CNAME x.azurewebsites.net.\n", "z", "example.org").records())
                .singleElement().satisfies(x -> assertThat(x.name()).isEqualTo("www.example.org"));
    }

    @Test
    void unbalancedParenthesesAreReportedNotFatal() {
        ZoneFile.Result r = ZoneFile.read("$ORIGIN a.\nx TXT ( \"1\"\ny A 192.0.2.1\n", "z", null);
        assertThat(r.problems()).extracting(ZoneFile.Problem::reason).anyMatch(s -> s.contains("unbalanced"));
        assertThat(ZoneFile.read(") x A 1\n", "z", "a").problems()).isNotEmpty();
    }

    @Test
    void generateIsExpandedAndBounded() {
        ZoneFile.Result r = ZoneFile.read("""
                $ORIGIN example.com.
                $TTL 300
                $GENERATE 1-3 app$ CNAME app$-prod.azurewebsites.net.
                $GENERATE 1-1000000 h$ A 192.0.2.1
                after A 192.0.2.2
                """, "z", null);
        assertThat(r.records()).extracting(DnsRecord::name).containsExactly("app1.example.com", "app2.example.com",
                "app3.example.com", "after.example.com");
        assertThat(r.records().get(2).data()).isEqualTo("app3-prod.azurewebsites.net");
        assertThat(r.records().get(0).origin().line()).isEqualTo(3);
        assertThat(r.records().get(3).origin().line()).isEqualTo(5);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.reason()).contains("more than 65536");
        });
    }

    @Test
    void includeIsReadFromTheZonesFolderWithItsOwnLinesAndOrigin(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("apps.zone"), "; apps\nshop CNAME shop-prod.azurewebsites.net.\n"
                + "bad IN\n$INCLUDE loop.zone\n");
        java.nio.file.Files.writeString(dir.resolve("loop.zone"), "$INCLUDE loop.zone\n");
        ZoneFile.Result r = ZoneFile.read("$ORIGIN example.com.\n$INCLUDE apps.zone apps.example.com.\nwww CNAME x.example.net.\n"
                + "$INCLUDE missing.zone\n", "main.zone", null, dir);
        assertThat(r.records()).extracting(DnsRecord::name).containsExactly("shop.apps.example.com", "www.example.com");
        assertThat(r.records().get(0).origin().source()).endsWith("apps.zone");
        assertThat(r.records().get(0).origin().line()).isEqualTo(2);
        assertThat(r.problems()).anySatisfy(p -> {
            assertThat(p.source()).endsWith("apps.zone");
            assertThat(p.line()).isEqualTo(3);
        });
        assertThat(r.problems()).anySatisfy(p -> assertThat(p.reason()).contains("levels"));
        assertThat(r.problems()).anySatisfy(p -> {
            assertThat(p.source()).isEqualTo("main.zone");
            assertThat(p.reason()).contains("missing.zone").contains("cannot read");
        });
    }

    @Test
    void ttlUnits() {
        assertThat(ZoneFile.ttl("3600")).isEqualTo(3600);
        assertThat(ZoneFile.ttl("1h30m")).isEqualTo(5400);
        assertThat(ZoneFile.ttl("1W")).isEqualTo(604800);
        assertThat(ZoneFile.ttl("h")).isEqualTo(-1);
        assertThat(ZoneFile.ttl("99999999999999")).isEqualTo(-1);
    }

    @Property(tries = 2000)
    void neverThrowsOnArbitraryText(@ForAll String text) {
        ZoneFile.read(text, "z", "example.com");
        ZoneFile.read("$ORIGIN x.\n" + text, "z", null);
    }
}
