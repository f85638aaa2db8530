package dev.vigil.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class NormalizerTest {

    @Test
    void decodesRepeatedlyUntilStable() {
        assertThat(Normalizer.decode("%252e%252e%252f")).isEqualTo("../");
        assertThat(Normalizer.decode("%25252e")).isEqualTo(".");
    }

    @Test
    void theCasedReadingDecodesAsDeepAndFoldsNothing() {
        // case, line breaks, runs of blanks and NUL stay; '+' is a blank in a query string only
        assertThat(Normalizer.decodeCased("Zm9v%252BYmFy%253D", true)).isEqualTo("Zm9v+YmFy=");
        assertThat(Normalizer.decodeCased("a%0D%0AQUIT%20%20x", false)).isEqualTo("a\r\nQUIT  x");
        assertThat(Normalizer.decodeCased("%AC%ED%00%05", false)).isEqualTo("\u00ac\u00ed\u0000\u0005");
        assertThat(Normalizer.decodeCased("a+B", true)).isEqualTo("a B");
        assertThat(Normalizer.decodeCased("a+B", false)).isEqualTo("a+B");
        assertThat(Normalizer.decodeCased("&lt;Svg&gt;", false)).isEqualTo("<Svg>");
        String plain = "NoEscapes";
        assertThat(Normalizer.decodeCased(plain, true)).isSameAs(plain);
        // lower-cased, it holds what the decoded form holds, but for folded blanks
        assertThat(Normalizer.decodeCased("%3CScRiPt%3E", false).toLowerCase()).isEqualTo(Normalizer.decode("%3CScRiPt%3E"));
    }

    @Test
    void decodesUnicodeOverlongAndFullwidthForms() {
        assertThat(Normalizer.decode("%u002e%u002e%u2215")).isEqualTo("..\u2215");
        assertThat(Normalizer.decode("%c0%ae%c0%ae/")).isEqualTo("../");
        assertThat(Normalizer.decode("%uff1cscript%uff1e")).isEqualTo("<script>");
        assertThat(Normalizer.decode("caf%C3%A9")).isEqualTo("café");
    }

    @Test
    void foldsCompatibilityFormsAndIdeographicDots() {
        assertThat(Normalizer.decode("%E2%91%A0%E2%91%A1%E2%91%A6.%E2%93%AA.%E2%93%AA.%E2%91%A0")).isEqualTo("127.0.0.1");
        assertThat(Normalizer.decode("169\u3002254\uff61169\u3002254")).isEqualTo("169.254.169.254");
        assertThat(Normalizer.decode("%E2%93%9B%E2%93%9E%E2%93%92%E2%93%90%E2%93%9B")).isEqualTo("local");
        // Latin-1 stays as it is: only characters beyond it trigger the compatibility pass
        assertThat(Normalizer.decode("caf%E9%BC")).isEqualTo("caf\u00e9\u00bc");
    }

    @Test
    void parametersWithoutValuesAreSplitInLinearTime() {
        // "a&a&a...": each parameter without "=" once searched the rest of the query for one
        String q = "a&".repeat(128 * 1024);
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        List<Param> ps = Normalizer.params(q);
        long cpuMillis = (threads.getCurrentThreadCpuTime() - start) / 1_000_000;
        assertThat(ps).hasSize(128 * 1024);
        assertThat(ps.get(0)).isEqualTo(new Param("a", "a", "", ""));
        assertThat(cpuMillis).as("CPU ms for 256 KB").isLessThan(1000);
        // "=" after the parameter's end belongs to the next parameter
        assertThat(Normalizer.params("a&b=1")).containsExactly(new Param("a", "a", "", ""), new Param("b", "b", "1", "1"));
    }

    @Test
    void anAmpersandStartingAnEntityDoesNotSplitParameters() {
        List<Param> ps = Normalizer.params("q=<a%20href=javascript&colon;alert&lpar;1&rpar;>&b=2");
        assertThat(ps).hasSize(2);
        assertThat(ps.get(0).value()).isEqualTo("<a href=javascript:alert(1)>");
        assertThat(ps.get(1).name()).isEqualTo("b");
        assertThat(Normalizer.params("x=&#60;script&#62;&y=1")).extracting(Param::name).containsExactly("x", "y");
        assertThat(Normalizer.params("a=1&b=2&c")).extracting(Param::name).containsExactly("a", "b", "c");
        assertThat(Normalizer.params("a=1&")).extracting(Param::name).containsExactly("a");
    }

    @Test
    void plusIsASpaceOnlyInQueryStrings() {
        assertThat(Normalizer.decodeQuery("a+b")).isEqualTo("a b");
        assertThat(Normalizer.decode("/c++/a+b")).isEqualTo("/c++/a+b");
    }

    @Test
    void decodesHtmlEntitiesWithAndWithoutSemicolons() {
        assertThat(Normalizer.decode("&lt;svg&gt;")).isEqualTo("<svg>");
        assertThat(Normalizer.decode("&#x6a;&#97&#0000118;")).isEqualTo("jav");
        assertThat(Normalizer.decode("javascript&colon;")).isEqualTo("javascript:");
        assertThat(Normalizer.decode("tom &amp jerry")).isEqualTo("tom & jerry");
    }

    @Test
    void removesNulFoldsCaseAndCompressesWhitespace() {
        assertThat(Normalizer.decode("SeL%00eCt%09%0a  *")).isEqualTo("select *");
    }

    @Test
    void stripsSqlComments() {
        assertThat(Normalizer.stripComments("1 union/**/select/*x*/1")).isEqualTo("1 union select 1");
        assertThat(Normalizer.stripComments("/*!50000union*/ /*!select*/")).isEqualTo(" union select ");
        assertThat(Normalizer.stripComments("a/b")).isSameAs("a/b");
    }

    @Test
    void canonicalisesPathsButKeepsDotDot() {
        assertThat(Normalizer.path("/a//b/./c\\..\\d")).isEqualTo("/a/b/c/../d");
        assertThat(Normalizer.path("/static/%2e%2e/x")).isEqualTo("/static/../x");
    }

    @Test
    void readsAFileNameAtTheEndWithoutAPathParameterOrTrailingSlash() {
        assertThat(Normalizer.path("/db.sql;jsessionid=abc1")).isEqualTo("/db.sql");
        assertThat(Normalizer.path("/.env;x=1")).isEqualTo("/.env");
        assertThat(Normalizer.path("/up/shell.asp;.jpg")).isEqualTo("/up/shell.asp");
        assertThat(Normalizer.path("//a//info.php/")).isEqualTo("/a/info.php");
        assertThat(Normalizer.path("/cgi-bin/test.cgi/")).isEqualTo("/cgi-bin/test.cgi");
        assertThat(Normalizer.path("/backup.tar.gz/")).isEqualTo("/backup.tar.gz");
        // folders, parameters before a later slash and other semicolons stay as they are
        assertThat(Normalizer.path("/.git/")).isEqualTo("/.git/");
        assertThat(Normalizer.path("/api/v2/")).isEqualTo("/api/v2/");
        assertThat(Normalizer.path("/files/wrap.backup/")).isEqualTo("/files/wrap.backup/");
        assertThat(Normalizer.path("/lib/jquery.ui/")).isEqualTo("/lib/jquery.ui/");
        assertThat(Normalizer.path("/a/..;/b")).isEqualTo("/a/..;/b");
        assertThat(Normalizer.path("/items/1.5;shutdown")).isEqualTo("/items/1.5;shutdown");
        assertThat(Normalizer.path("/x/a;b=1/c")).isEqualTo("/x/a;b=1/c");
        assertThat(Normalizer.path("/x/..../")).isEqualTo("/x/..../");
    }

    @Test
    void fastPathReturnsTheSameInstance() {
        String s = "/index.html";
        assertThat(Normalizer.decode(s)).isSameAs(s);
        assertThat(Normalizer.path(s)).isSameAs(s);
    }

    @Test
    void splitsQueryStringsKeepingRawAndDecoded() {
        List<Param> ps = Normalizer.params("id=1%27+or+1&flag&=x&q=%3Cb%3E");
        assertThat(ps).extracting(Param::name).containsExactly("id", "flag", "", "q");
        assertThat(ps.get(0).rawValue()).isEqualTo("1%27+or+1");
        assertThat(ps.get(0).value()).isEqualTo("1' or 1");
        assertThat(ps.get(3).value()).isEqualTo("<b>");
    }

    @Property
    void neverThrows(@ForAll String s) {
        Normalizer.decode(s);
        Normalizer.decodeQuery(s);
        Normalizer.path(s);
        Normalizer.stripComments(s);
        Normalizer.params(s);
    }

    @Property
    void decodingIsIdempotentOnItsOwnOutputWithoutPercent(@ForAll String s) {
        String once = Normalizer.decode(s);
        if (once != null && once.indexOf('%') < 0 && once.indexOf('&') < 0) {
            assertThat(Normalizer.decode(once)).isEqualTo(once);
        }
    }

    @Test
    void arrayKeysComeOffParameterNamesOnly() {
        assertThat(Normalizer.withoutArrayKeys("a=1&b=[2]")).isNull();
        assertThat(Normalizer.withoutArrayKeys("a[]=1&b=[2]&c[x][y]=3")).isEqualTo("a=1&b=[2]&c=3");
        assertThat(Normalizer.withoutArrayKeys("a%5b%5d=1&&[=2&x[")).isEqualTo("a=1&&[=2&x");
        assertThat(Normalizer.withoutArrayKeys("[]=1&%5B%5D=2")).isNull();
        assertThat(Normalizer.withoutArrayKeys("a%5")).isNull();
        assertThat(Normalizer.withoutArrayKeys("k[]=1&")).isEqualTo("k=1&");
    }
}
