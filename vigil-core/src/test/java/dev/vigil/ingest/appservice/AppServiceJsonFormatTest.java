package dev.vigil.ingest.appservice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.GoldenFiles;
import dev.vigil.ingest.LineParser;
import org.junit.jupiter.api.Test;

class AppServiceJsonFormatTest {

    @Test
    void goldenHttpLogs() {
        GoldenFiles.check(new AppServiceJsonFormat(), "appservice", "http");
    }

    @Test
    void namesItselfAndSharesOneStatelessParser() {
        AppServiceJsonFormat f = new AppServiceJsonFormat();
        assertThat(f.name()).isEqualTo("appservice-json");
        LineParser p = f.newParser();
        assertThat(p).isSameAs(f.newParser());
        assertThat(p.stateful()).isFalse();
    }

    @Test
    void clientPortsAreDropped() {
        assertThat(AppServiceJsonFormat.stripPort("1.2.3.4:5678")).isEqualTo("1.2.3.4");
        assertThat(AppServiceJsonFormat.stripPort("[::1]:443")).isEqualTo("::1");
        assertThat(AppServiceJsonFormat.stripPort("[2001:db8::1]")).isEqualTo("2001:db8::1");
        assertThat(AppServiceJsonFormat.stripPort("2001:db8::1")).isEqualTo("2001:db8::1");
        assertThat(AppServiceJsonFormat.stripPort("1.2.3.4")).isEqualTo("1.2.3.4");
        assertThat(AppServiceJsonFormat.stripPort("[")).isEqualTo("[");
    }
}
