package dev.vigil.ingest.container;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The container a log file belongs to, read from the file's path where the container runtime
 * puts it:
 * <ul>
 *   <li>Kubernetes (kubelet): {@code /var/log/pods/<namespace>_<pod>_<uid>/<container>/<n>.log}
 *       and the links to it, {@code /var/log/containers/<pod>_<namespace>_<container>-<id>.log};
 *       the resource is {@code namespace/pod};</li>
 *   <li>Docker: {@code /var/lib/docker/containers/<id>/<id>-json.log}; the resource is the
 *       container's name from {@code config.v2.json} next to the log when it can be read (only
 *       the {@code Name} member is read: the file also holds the container's environment), else
 *       the first 12 digits of the id, as {@code docker ps} shows it.</li>
 * </ul>
 * Only the last parts of the path are matched, so a copied tree ({@code evidence/var/log/pods/...})
 * is named the same way. Rotated files ({@code 0.log.20261101-100000}, {@code -json.log.1}, with
 * {@code .gz}) keep their container.
 *
 * @param resource  the app the lines are about: {@code namespace/pod} or the container's name
 * @param container the container's name (or short id) within the pod
 * @param pod       {@code namespace/pod}, or null outside Kubernetes
 *
 * <p>Immutable and thread-safe.
 */
record ContainerRef(String resource, String container, String pod) {

    /** {@code <namespace>_<pod>_<uid>}: names are DNS labels, so '_' cannot occur in them. */
    private static final Pattern POD_DIR = Pattern.compile("([a-z0-9][a-z0-9-]*)_([a-z0-9][a-z0-9.-]*)_([0-9a-f-]{8,64})");
    private static final Pattern POD_FILE = Pattern.compile("[0-9]+\\.log(\\..*)?");
    /** {@code <pod>_<namespace>_<container>-<64 hex>.log}. */
    private static final Pattern CONTAINERS_FILE = Pattern.compile(
            "([a-z0-9][a-z0-9.-]*)_([a-z0-9][a-z0-9-]*)_([a-z0-9][a-z0-9-]*)-([0-9a-f]{64})\\.log(\\..*)?");
    private static final Pattern DOCKER_FILE = Pattern.compile("([0-9a-f]{64})-json\\.log(\\..*)?");
    /** config.v2.json is a few KiB; a larger one is not read. */
    private static final long MAX_CONFIG = 4 << 20;

    /** The container of the log at {@code source}, or null when its path names none. */
    public static ContainerRef fromPath(String source) {
        if (source == null || source.equals("-")) {
            return null;
        }
        String[] parts = source.replace('\\', '/').split("/");
        int n = parts.length;
        String file = parts[n - 1];
        Matcher m = CONTAINERS_FILE.matcher(file);
        if (m.matches()) {
            String pod = m.group(2) + "/" + m.group(1);
            return new ContainerRef(pod, m.group(3), pod);
        }
        if (n >= 3 && POD_FILE.matcher(file).matches()) {
            Matcher d = POD_DIR.matcher(parts[n - 3]);
            if (d.matches() && !parts[n - 2].isEmpty()) {
                String pod = d.group(1) + "/" + d.group(2);
                return new ContainerRef(pod, parts[n - 2], pod);
            }
        }
        Matcher dk = DOCKER_FILE.matcher(file);
        if (dk.matches()) {
            String id = dk.group(1);
            String name = dockerName(Path.of(source).resolveSibling("config.v2.json"));
            String shown = name != null ? name : id.substring(0, 12);
            return new ContainerRef(shown, shown, null);
        }
        return null;
    }

    /** The {@code Name} member of Docker's container config, without its leading '/'; null when unreadable. */
    static String dockerName(Path config) {
        try {
            if (!Files.isRegularFile(config) || Files.size(config) > MAX_CONFIG) {
                return null;
            }
            try (InputStream in = Files.newInputStream(config);
                 JsonParser p = new JsonFactory().createParser(in)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    return null;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken v = p.nextToken();
                    if (field.equals("Name") && v == JsonToken.VALUE_STRING) {
                        String name = p.getText();
                        name = name.startsWith("/") ? name.substring(1) : name;
                        return name.isEmpty() || name.length() > 256 ? null : name;
                    }
                    p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            // no permission, a file being rewritten, not JSON: fall back to the id
        }
        return null;
    }
}
