package dev.vigil.analyze.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Glob spellings written for this test from the bash manual's Pattern Matching section; never corpus rows. */
class GlobPathsTest {

    @Test
    void aGlobReadsAsTheFirstKnownPathItMatches() {
        assertEquals("/usr/bin/wget -q x", GlobPaths.resolve("/???/b??/w?et -q x"));
        assertEquals("/bin/cat /etc/passwd", GlobPaths.resolve("/bin/c?t /etc/pas*"));
        assertEquals("/usr/bin/id", GlobPaths.resolve("/u*/b*/i[d]"));
        assertEquals("x=$(/bin/hostname)", GlobPaths.resolve("x=$(/bin/h?stn?me)"));
        assertEquals("/bin/sh", GlobPaths.first("/bin/[r-t]h"));
        assertEquals("/bin/dash", GlobPaths.first("/bin/[!b]ash"));
    }

    @Test
    void unknownPathsAndWholeFoldersStayAsWritten() {
        String logs = "ls /var/log/*.gz";
        assertSame(logs, GlobPaths.resolve(logs));
        assertSame("cat /etc/*", GlobPaths.resolve("cat /etc/*"));
        assertSame("rm -f /tmp/build-*", GlobPaths.resolve("rm -f /tmp/build-*"));
        assertSame("find . -name *.py", GlobPaths.resolve("find . -name *.py"));
        assertSame("ls ./b?n/c?t", GlobPaths.resolve("ls ./b?n/c?t"));
        assertNull(GlobPaths.first("/bin/.b*"));
        assertNull(GlobPaths.first("/b?n"));
        assertNull(GlobPaths.first("/bin*cat"));
        assertSame("echo [x]", GlobPaths.resolve("echo [x]"));
        assertEquals(null, GlobPaths.resolve(null));
    }

    @Test
    void hostileGlobsStayCheap() {
        String many = ("/" + "*a".repeat(40) + " ").repeat(5_000) + "/[" + "x".repeat(50_000);
        long t = System.nanoTime();
        GlobPaths.resolve(many);
        assertTrue(System.nanoTime() - t < 2_000_000_000L);
    }
}
