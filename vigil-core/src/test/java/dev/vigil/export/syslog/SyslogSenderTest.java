package dev.vigil.export.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.catalogue.Severity;
import java.io.DataInputStream;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SyslogSenderTest {
    static final String CEF = "CEF:0|Vigil|Vigil|0.1|SqlInjectionAttempt|SQL injection attempt|5|msg=a\\=b\\nc é";

    @Test
    void formatsRfc5424() {
        SyslogSender s = SyslogSender.connect("127.0.0.1:514", "web 1\n");
        String m = s.format(CEF, Severity.MEDIUM, Instant.parse("2025-11-17T12:00:00.123Z"));
        assertThat(m).startsWith("<36>1 2025-11-17T12:00:00.123Z web1 vigil ").contains(" alert - CEF:0|").endsWith(CEF);
        assertThat(s.format("x", Severity.HIGH, Instant.EPOCH)).startsWith("<34>1 ");
    }

    @Test
    void sendsOneDatagramPerAlertOverUdp() throws Exception {
        try (DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(5000);
            try (SyslogSender s = SyslogSender.connect("udp://127.0.0.1:" + server.getLocalPort(), "h")) {
                s.send(CEF, Severity.MEDIUM);
                s.send(CEF + "2", Severity.LOW);
            }
            byte[] buf = new byte[70_000];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            server.receive(p);
            String first = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            assertThat(first).startsWith("<36>1 ").endsWith(CEF);
            server.receive(p);
            assertThat(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8)).startsWith("<37>1 ").endsWith(CEF + "2");
        }
    }

    @Test
    void framesByOctetCountingOverTcp() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(5000);
            try (SyslogSender s = SyslogSender.connect("tcp://127.0.0.1:" + server.getLocalPort(), "h")) {
                s.send(CEF + "\nnot a new message", Severity.HIGH);
                s.send(CEF, Severity.INFORMATIONAL);
            }
            try (Socket c = server.accept(); InputStream in = c.getInputStream()) {
                DataInputStream d = new DataInputStream(in);
                String m1 = frame(d);
                assertThat(m1).startsWith("<34>1 ").endsWith(CEF + "\nnot a new message");
                assertThat(frame(d)).startsWith("<38>1 ").endsWith(CEF);
            }
        }
    }

    private static String frame(DataInputStream d) throws Exception {
        StringBuilder len = new StringBuilder();
        int c;
        while ((c = d.read()) != ' ') {
            assertThat(c).isBetween((int) '0', (int) '9');
            len.append((char) c);
        }
        byte[] b = new byte[Integer.parseInt(len.toString())];
        d.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void rejectsBadTargetsNamingThem() {
        assertThatThrownBy(() -> SyslogSender.connect("nohostport", "h")).hasMessageContaining("nohostport");
        assertThatThrownBy(() -> SyslogSender.connect("h:99999", "h")).hasMessageContaining("port");
        assertThatThrownBy(() -> SyslogSender.connect("ftp://h:1", "h")).hasMessageContaining("udp://");
    }

    /** RFC 5424 section 6: HEADER = PRI VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID, then SD. */
    static final java.util.regex.Pattern RFC5424 = java.util.regex.Pattern.compile(
            "<(\\d{1,3})>1 "
            + "(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,6})?(?:Z|[+-]\\d{2}:\\d{2})) "
            + "([\\x21-\\x7e]{1,255}) ([\\x21-\\x7e]{1,48}) ([\\x21-\\x7e]{1,128}) ([\\x21-\\x7e]{1,32}) "
            + "(-|\\[.*?\\]) (.*)", java.util.regex.Pattern.DOTALL);

    @Test
    void headerFollowsRfc5424EvenForNanosecondTimes() {
        SyslogSender s = SyslogSender.connect("127.0.0.1:514", "h");
        for (Instant t : new Instant[] {Instant.parse("2025-11-17T12:00:00.123456789Z"), Instant.EPOCH,
                Instant.parse("2025-11-17T12:00:00.100Z"), Instant.parse("9999-12-31T23:59:59.999999999Z")}) {
            String m = s.format(CEF, Severity.HIGH, t, "shop.example");
            java.util.regex.Matcher x = RFC5424.matcher(m);
            assertThat(x.matches()).as(m).isTrue();
            assertThat(Integer.parseInt(x.group(1))).isBetween(0, 191);
            assertThat(x.group(3)).isEqualTo("shop.example");
            assertThat(x.group(8)).isEqualTo(CEF);
        }
        assertThat(s.format(CEF, Severity.HIGH, Instant.parse("2025-11-17T12:00:00.123456789Z"), "h"))
                .contains(" 2025-11-17T12:00:00.123Z ");
    }

    @Test
    void hostnameIsTheResourceOrThisMachineNeverAnAttackerString() {
        assertThat(SyslogSender.hostnameFor("shop.example")).isEqualTo("shop.example");
        assertThat(SyslogSender.hostnameFor("2001:db8::1")).isEqualTo("2001:db8::1");
        String local = SyslogSender.localHostName();
        assertThat(SyslogSender.hostnameFor(null)).isEqualTo(local);
        assertThat(SyslogSender.hostnameFor("evil host\n<13>1 forged")).isEqualTo(local);
        assertThat(SyslogSender.hostnameFor("x".repeat(300))).isEqualTo(local);
        assertThat(local).matches("[\\x21-\\x7e]{1,255}");
    }
}
