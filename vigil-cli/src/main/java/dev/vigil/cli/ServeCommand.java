package dev.vigil.cli;

import dev.vigil.alert.suppress.IpRange;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.Severity;
import dev.vigil.server.ServerConfig;
import dev.vigil.server.VigilServer;
import dev.vigil.server.auth.TokenRepository;
import dev.vigil.server.auth.UserRepository;
import dev.vigil.store.JdbcAlertStore;
import dev.vigil.server.decisions.DecisionPolicy;
import dev.vigil.store.AlertStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil serve}: the REST API, the dashboard, metrics and the CrowdSec decisions stream. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the JSON API (/api, described at /api/openapi.json), the dashboard (/), Prometheus "
                + "metrics (/metrics), health checks (/healthz, /readyz) and a CrowdSec-compatible decisions stream "
                + "for bouncers (/v1/decisions/stream) from the alert database.",
            "Every route needs a token ('vigil token create') except the health checks, the sign-in page and the "
                + "API description. Listens on loopback unless told otherwise; runs until interrupted."})
final class ServeCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
            description = "Address and port to listen on (default: ${DEFAULT-VALUE}; [::1]:8080 for IPv6, "
                    + "0.0.0.0:8080 for every interface: put TLS in front or use --tls-*).")
    String listen;

    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "Serve HTTPS with this PKCS#12 (or .jks) keystore; its password from $VIGIL_TLS_PASSWORD.")
    Path keystore;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Serve HTTPS with this PEM certificate chain (with --tls-key).")
    Path cert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "The PEM private key (unencrypted PKCS#8) for --tls-cert.")
    Path key;

    @Option(names = "--block-types", split = ",", paramLabel = "TYPE",
            description = "Alert types whose client IPs bouncers block (default: all types).")
    List<String> blockTypes;

    @Option(names = "--block-min-severity", paramLabel = "SEVERITY", defaultValue = "high",
            description = "Block for alerts at or above this severity (default: ${DEFAULT-VALUE}).")
    String blockMinSeverity;

    @Option(names = "--block-ttl", paramLabel = "AGE", defaultValue = "4h",
            description = "How long a block lasts after the alert's last activity (default: ${DEFAULT-VALUE}).")
    String blockTtl;

    @Option(names = "--block-allow", split = ",", paramLabel = "IP|CIDR",
            description = "Addresses never blocked, added to loopback and the private ranges (comma-separated).")
    List<String> blockAllow;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--watch", paramLabel = "CONFIG",
            description = "Also run the watch this config file describes (see 'vigil watch --config'), in this "
                    + "process, storing into this server's database: the usual set-up on one machine.")
    java.nio.file.Path watchConfig;

    @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "1048576",
            description = "Requests with a larger body are refused with 413 (default: ${DEFAULT-VALUE}).")
    long maxBody;

    @Override
    public Integer call() throws Exception {
        ServerConfig config = config();
        if (watchConfig != null) {
            // refuse a config that cannot run before listening, with its file, line and reason
            WatchCommand check = new WatchCommand();
            check.serveDb = store.file();
            CommandLine cl = new CommandLine(check);
            cl.parseArgs("--check-config", watchConfig.toString());
            try {
                check.call();
            } catch (CommandLine.ParameterException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--watch " + e.getMessage());
            }
        }
        JdbcAlertStore s = store.open();
        // tokens and users live in the same database, SQLite or PostgreSQL; the server closes it
        TokenRepository tokens = TokenRepository.on(s);
        UserRepository users = UserRepository.on(s);
        VigilServer server = new VigilServer(config, s, tokens, users);
        try {
            server.start();
        } catch (RuntimeException e) {
            server.close();
            throw new IllegalArgumentException("cannot listen on " + listen + ": " + rootMessage(e), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "vigil-serve-shutdown"));
        String scheme = config.tls() == null ? "http" : "https";
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        System.err.println("vigil: serving " + store.describe() + " on " + scheme + "://" + host + ":" + server.port()
                + "/ (Ctrl-C stops)");
        if (tokens.list().stream().noneMatch(TokenRepository.TokenInfo::active) && users.list().isEmpty()) {
            System.err.println("vigil: no tokens yet; make one with 'vigil token create --role admin --name YOU --db "
                    + store.describe() + "'");
        }
        if (watchConfig != null) {
            WatchCommand watch = new WatchCommand();
            watch.serveDb = store.file();
            new CommandLine(watch).parseArgs("--config", watchConfig.toString());
            Thread t = new Thread(() -> {
                try {
                    watch.call(); // runs until the JVM is asked to stop; its own hook commits then
                } catch (Exception e) {
                    System.err.println("vigil: the watch stopped: " + dev.vigil.text.TerminalText.sanitize(
                            String.valueOf(e.getMessage()), 1000));
                }
            }, "vigil-serve-watch");
            t.setDaemon(true);
            t.start();
        }
        stopped.await();
        return Main.EXIT_OK;
    }

    ServerConfig config() {
        ServerConfig.HostPort hp = ServerConfig.parseListen(listen);
        ServerConfig.Tls tls = null;
        if (keystore != null || cert != null || key != null) {
            if (keystore != null && (cert != null || key != null)) {
                throw new IllegalArgumentException("--tls-keystore and --tls-cert/--tls-key exclude each other");
            }
            if (keystore == null && (cert == null || key == null)) {
                throw new IllegalArgumentException("--tls-cert needs --tls-key, and the other way round");
            }
            for (Path p : new Path[] {keystore, cert, key}) {
                if (p != null && !Files.isReadable(p)) {
                    throw new IllegalArgumentException("cannot read " + p);
                }
            }
            String pw = System.getenv("VIGIL_TLS_PASSWORD");
            tls = new ServerConfig.Tls(keystore, pw == null ? "" : pw, cert, key);
        }
        Set<String> types = new HashSet<>();
        if (blockTypes != null) {
            for (String t : blockTypes) {
                if (AlertCatalogue.builtIn().find(t.trim()).isEmpty()) {
                    throw new IllegalArgumentException("--block-types: unknown alert type '" + t + "'");
                }
                types.add(t.trim());
            }
        }
        Duration ttl = Since.age(blockTtl);
        if (ttl == null || ttl.isZero()) {
            throw new IllegalArgumentException("--block-ttl: expected an age such as 30m, 4h or 7d");
        }
        List<IpRange> allow = new ArrayList<>(DecisionPolicy.defaults().allow());
        if (blockAllow != null) {
            for (String a : blockAllow) {
                allow.add(IpRange.parse(a));
            }
        }
        if (maxBody < 1024) {
            throw new IllegalArgumentException("--max-body: at least 1024 bytes");
        }
        DecisionPolicy policy = new DecisionPolicy(types, Severity.parse(blockMinSeverity), ttl, allow);
        return new ServerConfig(hp.host(), hp.port(), tls, policy, maxBody);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
