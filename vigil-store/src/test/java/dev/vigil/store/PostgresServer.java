package dev.vigil.store;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * One real PostgreSQL server for the whole test run, started on first use and stopped when the
 * JVM exits; each test gets a database of its own ({@link #freshDatabase}).
 *
 * <p>Where it comes from, in order: {@code VIGIL_TEST_POSTGRES_URL} (a server someone runs, as
 * {@code postgresql://HOST:PORT/postgres?user=NAME}, the user allowed to create databases); else
 * io.zonky's embedded PostgreSQL (binaries from Maven Central). PostgreSQL refuses to run as root,
 * so under root (a CI container) the same binaries are started as user {@code nobody} with
 * {@code runuser}.
 *
 * <p>Thread-safe.
 */
public final class PostgresServer {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static String admin;

    private PostgresServer() {}

    /** A new empty database on the server, as a {@code --db} URL. */
    public static String freshDatabase() {
        String base = adminUrl();
        String name = "vigil_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        PostgresUrl u = PostgresUrl.parse(base, null);
        try (Connection c = DriverManager.getConnection(u.jdbcUrl(), u.properties()); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a test database on " + u.redacted(), e);
        }
        int slash = base.indexOf('/', base.indexOf("://") + 3);
        int q = base.indexOf('?');
        return base.substring(0, slash + 1) + name + (q < 0 ? "" : base.substring(q));
    }

    static synchronized String adminUrl() {
        if (admin == null) {
            String given = System.getenv("VIGIL_TEST_POSTGRES_URL");
            admin = given != null && !given.isBlank() ? given : start();
        }
        return admin;
    }

    private static String start() {
        try {
            if (!"root".equals(System.getProperty("user.name"))) {
                EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        pg.close();
                    } catch (IOException ignored) {
                        // the JVM is exiting; the temporary cluster goes with it
                    }
                }));
                return "postgresql://localhost:" + pg.getPort() + "/postgres?user=postgres";
            }
            return startAsNobody();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start an embedded PostgreSQL for the tests "
                    + "(or set VIGIL_TEST_POSTGRES_URL to a server's URL)", e);
        }
    }

    /** The embedded binaries, unpacked and run as {@code nobody}: PostgreSQL will not run as root. */
    private static String startAsNobody() throws Exception {
        Path dir = Files.createTempDirectory("vigil-pg");
        Path bin = dir.resolve("pg");
        try (InputStream txz = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "x86_64");
             TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(txz))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                Path to = bin.resolve(e.getName()).normalize();
                if (!to.startsWith(bin)) {
                    continue;
                }
                if (e.isDirectory()) {
                    Files.createDirectories(to);
                } else if (e.isSymbolicLink()) {
                    Files.createDirectories(to.getParent());
                    Files.createSymbolicLink(to, Path.of(e.getLinkName()));
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(tar, to);
                    if ((e.getMode() & 0100) != 0) {
                        to.toFile().setExecutable(true, false);
                    }
                }
            }
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                if (Files.isDirectory(p) && !Files.isSymbolicLink(p)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        }
        run(List.of("chown", "-R", "nobody", dir.toString()));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = dir.resolve("data");
        run(List.of("runuser", "-u", "nobody", "--", bin.resolve("bin/initdb").toString(), "-A", "trust", "-U", "postgres",
                "-D", data.toString(), "-E", "UTF-8"));
        run(List.of("runuser", "-u", "nobody", "--", bin.resolve("bin/pg_ctl").toString(), "-D", data.toString(),
                "-l", dir.resolve("log").toString(), "-w", "-o",
                "-p " + port + " -F -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir
                        + " -c fsync=off -c synchronous_commit=off", "start"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                run(List.of("runuser", "-u", "nobody", "--", bin.resolve("bin/pg_ctl").toString(), "-D", data.toString(),
                        "-m", "immediate", "-w", "stop"));
                try (Stream<Path> all = Files.walk(dir)) {
                    all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            } catch (Exception ignored) {
                // the JVM is exiting; a leftover temporary folder is all that remains
            }
        }));
        return "postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + new String(out));
        }
    }

}
