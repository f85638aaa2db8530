package dev.vigil.ingest.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.event.Event;
import dev.vigil.event.FtpLogin;
import dev.vigil.event.HttpRequest;
import dev.vigil.ingest.formats.Formats;
import dev.vigil.ingest.GoldenFiles;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.w3c.W3cFormat;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FtpFormatsTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);

    static final String IIS_FTP = "#Software: Microsoft Internet Information Services 10.0\r\n"
            + "#Fields: date time c-ip c-port cs-username s-ip s-port cs-method cs-uri-stem sc-status sc-win32-status "
            + "sc-substatus x-session x-fullpath\r\n"
            + "2026-11-28 10:00:00 192.0.2.1 50123 - 10.0.0.4 21 ControlChannelOpened - - 0 0 s1 -\r\n"
            + "2026-11-28 10:00:01 192.0.2.1 50123 - 10.0.0.4 21 USER alice 331 0 0 s1 -\r\n"
            + "2026-11-28 10:00:01 192.0.2.1 50123 alice 10.0.0.4 21 PASS *** 230 0 0 s1 /\r\n";

    @Test
    void vsftpdGolden() {
        GoldenFiles.check(new VsftpdFormat(CLOCK), "vsftpd", "vsftpd");
    }

    @Test
    void iisFtpGolden() {
        GoldenFiles.check(new IisFtpFormat(), "iis-ftp", "u_ex261128");
    }

    @Test
    void theBriefsVsftpdLinesReadAsDocumented() {
        FtpLogin ok = (FtpLogin) VsftpdFormat.INSTANCE.parse(Line.of("t", 1,
                "Mon Nov 28 10:00:00 2026 [pid 1234] [alice] OK LOGIN: Client \"192.0.2.1\""), LineParser.Rejects.IGNORE);
        assertThat(ok.success()).isTrue();
        assertThat(ok.user()).isEqualTo("alice");
        assertThat(ok.clientIp()).isEqualTo("192.0.2.1");
        assertThat(ok.time()).isEqualTo(Instant.parse("2026-11-28T10:00:00Z")); // the weekday is not checked
        FtpLogin fail = (FtpLogin) VsftpdFormat.INSTANCE.parse(Line.of("t", 2,
                "Mon Nov 28 10:00:00 2026 [pid 1234] [alice] FAIL LOGIN: Client \"192.0.2.1\""), LineParser.Rejects.IGNORE);
        assertThat(fail.success()).isFalse();
    }

    @Test
    void w3cRefusesFtpLayoutsAndSniffingPicksIisFtp() {
        byte[] b = IIS_FTP.getBytes(StandardCharsets.UTF_8);
        assertThat(Formats.sniff(b, b.length)).get().extracting(LineFormat::name).isEqualTo("iis-ftp");
        LineParser w3c = new W3cFormat().newParser();
        List<String> reasons = new ArrayList<>();
        Event last = null;
        for (Line l : GoldenFiles.split(b, "t")) {
            last = w3c.parse(l, reasons::add);
        }
        assertThat(last).isNull();
        assertThat(reasons).hasSize(3).allSatisfy(r -> assertThat(r).contains("iis-ftp"));
        // an HTTP layout is untouched
        LineParser http = new W3cFormat().newParser();
        http.parse(Line.of("t", 1, "#Fields: date time c-ip cs-method cs-uri-stem sc-status"), LineParser.Rejects.IGNORE);
        assertThat(http.parse(Line.of("t", 2, "2026-11-28 10:00:00 192.0.2.1 GET / 200"), LineParser.Rejects.IGNORE))
                .isInstanceOf(HttpRequest.class);
    }

    @Test
    void vsftpdIsSniffedAndBothAreNamed() {
        byte[] b = ("Sat Nov 28 10:00:00 2026 [pid 1233] CONNECT: Client \"192.0.2.1\"\n"
                + "Sat Nov 28 10:00:01 2026 [pid 1234] [alice] OK LOGIN: Client \"192.0.2.1\"\n")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(Formats.sniff(b, b.length)).get().extracting(LineFormat::name).isEqualTo("vsftpd");
        assertThat(Formats.forName("vsftpd")).get().extracting(LineFormat::name).isEqualTo("vsftpd");
        assertThat(Formats.forName("iis-ftp")).get().extracting(LineFormat::name).isEqualTo("iis-ftp");
    }
}
