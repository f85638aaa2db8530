package dev.vigil.bench;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A PostgreSQL server for {@link ServeBenchmark}, from the binaries the store's contract tests use
 * (io.zonky's embedded PostgreSQL), kept in a folder of its own so a seeded database survives
 * between runs: the binaries and the data folder are made once, and each run starts the server
 * on a free loopback port and stops it when done. PostgreSQL refuses to run as root, so under root
 * it runs as {@code nobody} (with {@code runuser}). Settings are PostgreSQL's defaults but
 * {@code shared_buffers} (256 MB, so a million alerts' indexes stay in memory as on a real server).
 *
 * <p>Not thread-safe; one per benchmark.
 */
final class BenchPostgres implements AutoCloseable {
    private final Path dir;
    private final boolean asNobody = "root".equals(System.getProperty("user.name"));
    final int port;

    private BenchPostgres(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts the server kept in {@code dir}, creating it first when the folder is new. */
    static BenchPostgres start(Path dir) throws Exception {
        Path bin = dir.resolve("pg");
        if (!Files.isExecutable(bin.resolve("bin/pg_ctl"))) {
            unpack(bin);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        BenchPostgres pg;
        try (ServerSocket s = new ServerSocket(0)) {
            pg = new BenchPostgres(dir, s.getLocalPort());
        }
        Path data = dir.resolve("data");
        if (!Files.isDirectory(data)) {
            pg.run(List.of(bin.resolve("bin/initdb").toString(), "-A", "trust", "-U", "postgres", "-D", data.toString(),
                    "-E", "UTF-8"));
        }
        pg.run(List.of(bin.resolve("bin/pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(),
                "-w", "-o", "-p " + pg.port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir
                        + " -c shared_buffers=256MB", "start"));
        return pg;
    }

    /** The URL of database {@code name} on this server (created when missing), for {@code --db}. */
    String url(String name) throws Exception {
        String admin = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
        try (var c = java.sql.DriverManager.getConnection(admin); var st = c.createStatement();
             var rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
            if (!rs.next()) {
                st.execute("CREATE DATABASE " + name);
            }
        }
        return "postgresql://127.0.0.1:" + port + "/" + name + "?user=postgres";
    }

    private static void unpack(Path bin) throws IOException, InterruptedException {
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
        try (Stream<Path> all = Files.walk(bin)) {
            for (Path p : all.toList()) {
                if (Files.isDirectory(p) && !Files.isSymbolicLink(p)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        }
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (asNobody) {
            exec(List.of("chown", "-R", "nobody", dir.toString()));
            cmd.addAll(List.of("runuser", "-u", "nobody", "--"));
        }
        cmd.addAll(command);
        exec(cmd);
    }

    private static void exec(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + new String(out));
        }
    }

    @Override
    public void close() throws Exception {
        List<String> stop = new ArrayList<>();
        if (asNobody) {
            stop.addAll(List.of("runuser", "-u", "nobody", "--"));
        }
        stop.addAll(List.of(dir.resolve("pg/bin/pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast",
                "-w", "stop"));
        exec(stop);
    }
}
