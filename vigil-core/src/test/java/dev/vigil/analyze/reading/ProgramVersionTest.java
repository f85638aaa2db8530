package dev.vigil.analyze.reading;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Interpreter names as distributions install them (Debian's python3.11, php8.2, perl5.36.0, lua5.4). */
class ProgramVersionTest {

    @Test
    void anInterpretersVersionIsNotPartOfItsName() {
        assertThat(CommandReader.baseName("/usr/bin/python3.11")).isEqualTo("python3");
        assertThat(CommandReader.baseName("python2.7")).isEqualTo("python2");
        assertThat(CommandReader.baseName("/usr/bin/php8.2")).isEqualTo("php");
        assertThat(CommandReader.baseName("php82")).isEqualTo("php");
        assertThat(CommandReader.baseName("perl5.36.0")).isEqualTo("perl");
        assertThat(CommandReader.baseName("ruby3.1")).isEqualTo("ruby");
        assertThat(CommandReader.baseName("lua5.4")).isEqualTo("lua");
        assertThat(CommandReader.baseName("C:\\Python311\\python3.11.exe")).isEqualTo("python3");
    }

    @Test
    void otherNamesStayAsTheyAre() {
        assertThat(CommandReader.baseName("python3")).isEqualTo("python3");
        assertThat(CommandReader.baseName("python")).isEqualTo("python");
        assertThat(CommandReader.baseName("php-fpm8.2")).isEqualTo("php-fpm8.2");
        assertThat(CommandReader.baseName("python3.11-config")).isEqualTo("python3.11-config");
        assertThat(CommandReader.baseName("perldoc")).isEqualTo("perldoc");
        assertThat(CommandReader.baseName("luajit")).isEqualTo("luajit");
        assertThat(CommandReader.baseName("lua")).isEqualTo("lua");
    }
}
