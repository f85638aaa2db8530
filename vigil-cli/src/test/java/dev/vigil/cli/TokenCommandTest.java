package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.server.ServerConfig;
import dev.vigil.server.auth.Role;
import dev.vigil.server.auth.TokenRepository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code vigil token} and {@code vigil serve}'s options. */
class TokenCommandTest {
    @RegisterExtension
    final StdStreams std = new StdStreams();

    @TempDir
    Path dir;

    @Test
    void aTokenIsPrintedOnceStoredAsAHashListedAndRevoked() throws Exception {
        Path db = dir.resolve("t.db");
        assertThat(Main.run("token", "create", "--role", "analyst", "--name", "ann", "--db", db.toString())).isZero();
        String secret = std.out().strip();
        assertThat(secret).startsWith(TokenRepository.PREFIX).hasSizeGreaterThan(40);
        // the secret itself is nowhere in the database file, only its hash
        assertThat(new String(Files.readAllBytes(db), StandardCharsets.ISO_8859_1)).doesNotContain(secret.substring(4));
        try (TokenRepository t = TokenRepository.open(db)) {
            assertThat(t.authenticate(secret)).get().extracting(TokenRepository.TokenInfo::role).isEqualTo(Role.ANALYST);
        }
        std.reset();
        assertThat(Main.run("token", "list", "--db", db.toString())).isZero();
        assertThat(std.out()).contains("active").contains("analyst").contains("ann").doesNotContain(secret);
        assertThat(Main.run("token", "revoke", "ann", "--db", db.toString())).isZero();
        try (TokenRepository t = TokenRepository.open(db)) {
            assertThat(t.authenticate(secret)).isEmpty();
        }
        assertThat(Main.run("token", "revoke", "ann", "--db", db.toString())).isEqualTo(Main.EXIT_USAGE);
        assertThat(std.err()).contains("no active token 'ann'");
    }

    @Test
    void aSecondActiveTokenWithTheSameNameIsRefused() {
        Path db = dir.resolve("t.db");
        assertThat(Main.run("token", "create", "--role", "viewer", "--name", "bob", "--db", db.toString())).isZero();
        assertThat(Main.run("token", "create", "--role", "admin", "--name", "bob", "--db", db.toString())).isEqualTo(Main.EXIT_USAGE);
        assertThat(std.err()).contains("already named 'bob'");
    }

    @Test
    void aUserIsAddedWithAHashedPasswordAndRemoved() throws Exception {
        Path db = dir.resolve("u.db");
        java.io.InputStream in = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("correct horse battery\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(Main.run("user", "add", "dana", "--role", "analyst", "--password-stdin", "--db", db.toString())).isZero();
            System.setIn(new java.io.ByteArrayInputStream("short\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(Main.run("user", "add", "eve", "--role", "viewer", "--password-stdin", "--db", db.toString()))
                    .isEqualTo(Main.EXIT_USAGE);
        } finally {
            System.setIn(in);
        }
        assertThat(std.err()).contains("user 'dana' (analyst) added").contains("at least 12 characters");
        assertThat(new String(Files.readAllBytes(db), StandardCharsets.ISO_8859_1)).doesNotContain("correct horse battery");
        try (dev.vigil.server.auth.UserRepository u = dev.vigil.server.auth.UserRepository.open(db)) {
            assertThat(u.authenticate("dana", "correct horse battery")).isPresent();
            assertThat(u.authenticate("dana", "correct horse batterz")).isEmpty();
        }
        std.reset();
        assertThat(Main.run("user", "list", "--db", db.toString())).isZero();
        assertThat(std.out()).contains("dana").contains("analyst").doesNotContain("eve");
        assertThat(Main.run("user", "remove", "dana", "--db", db.toString())).isZero();
        assertThat(Main.run("user", "remove", "dana", "--db", db.toString())).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void serveListensOnLoopbackByDefaultAndParsesItsPolicy() {
        ServeCommand c = new ServeCommand();
        new CommandLine(c).parseArgs("--block-types", "SqlInjectionAttempt", "--block-ttl", "30m", "--block-allow", "203.0.113.0/24");
        ServerConfig cfg = c.config();
        assertThat(cfg.host()).isEqualTo("127.0.0.1");
        assertThat(cfg.port()).isEqualTo(8080);
        assertThat(cfg.policy().ttl()).hasMinutes(30);
        assertThat(cfg.policy().types()).containsExactly("SqlInjectionAttempt");
        assertThat(cfg.policy().allow().stream().anyMatch(r -> r.contains("203.0.113.9"))).isTrue();
        assertThat(cfg.policy().allow().stream().anyMatch(r -> r.contains("127.0.0.1"))).isTrue();

        ServeCommand v6 = new ServeCommand();
        new CommandLine(v6).parseArgs("--listen", "[::1]:9090");
        assertThat(v6.config().host()).isEqualTo("::1");
        assertThat(v6.config().port()).isEqualTo(9090);

        ServeCommand bad = new ServeCommand();
        new CommandLine(bad).parseArgs("--block-types", "NoSuchType");
        assertThatThrownBy(bad::config).hasMessageContaining("unknown alert type 'NoSuchType'");
        ServeCommand tls = new ServeCommand();
        new CommandLine(tls).parseArgs("--tls-cert", "x.pem");
        assertThatThrownBy(tls::config).hasMessageContaining("--tls-cert needs --tls-key");
    }
}
