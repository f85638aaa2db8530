package dev.vigil.dns;

import dev.vigil.event.DnsQuery;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The app-hosting services whose host names can be claimed again once deleted, with the TXT
 * record prefixes they check before binding a custom domain. The built-in list is the data file
 * {@code dns/app-hosting-suffixes.txt} (its header describes the format).
 *
 * <p>Immutable and thread-safe.
 */
public final class AppHostSuffixes {
    private static final String RESOURCE = "dns/app-hosting-suffixes.txt";

    /** One service: its host-name suffix and the verification TXT prefixes it honours. */
    public record Service(String suffix, List<String> txtPrefixes) {
        public Service {
            suffix = DnsQuery.normalizeName(suffix);
            if (suffix.isEmpty()) {
                throw new IllegalArgumentException("empty suffix");
            }
            txtPrefixes = List.copyOf(txtPrefixes);
        }
    }

    private final Map<String, Service> bySuffix;

    private AppHostSuffixes(Map<String, Service> bySuffix) {
        this.bySuffix = Map.copyOf(bySuffix);
    }

    public static AppHostSuffixes builtIn() {
        try (InputStream in = AppHostSuffixes.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the data-file format: {@code <suffix> [<txt prefix>...]} a line, {@code #} comments. */
    public static AppHostSuffixes parse(String text) {
        Map<String, Service> m = new LinkedHashMap<>();
        for (String raw : text.split("\n", -1)) {
            int hash = raw.indexOf('#');
            String s = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (s.isEmpty()) {
                continue;
            }
            String[] parts = s.split("\\s+");
            List<String> prefixes = new ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                prefixes.add(parts[i].toLowerCase(Locale.ROOT));
            }
            Service svc = new Service(parts[0], prefixes);
            m.put(svc.suffix(), svc);
        }
        return new AppHostSuffixes(m);
    }

    /** The service hosting {@code name} (the longest matching suffix), if any. */
    public Optional<Service> serviceOf(String name) {
        String n = DnsQuery.normalizeName(name);
        int dot = -1;
        // try the whole name, then each parent, so the longest suffix wins
        while (true) {
            String candidate = n.substring(dot + 1);
            Service s = bySuffix.get(candidate);
            if (s != null && dot >= 0) {
                return Optional.of(s); // the bare suffix itself is the service, not an app on it
            }
            dot = n.indexOf('.', dot + 1);
            if (dot < 0) {
                return Optional.empty();
            }
        }
    }

    public int size() {
        return bySuffix.size();
    }
}
