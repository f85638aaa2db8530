package dev.vigil.detect.behaviour;

import dev.vigil.detect.AlertType;
import dev.vigil.detect.Detection;
import dev.vigil.detect.SequentialDetector;
import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import dev.vigil.state.InMemoryKeyedState;
import dev.vigil.state.KeyedState;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * WebFingerprinting: one client fetching many files whose only use to an outsider is telling the
 * exact version of the software behind the site, as BlindElephant and similar tools do: change
 * logs, read-me and licence files, package manifests, and the core scripts and style sheets of
 * WordPress, Drupal and Joomla asked for directly (no Referer) rather than by a page that uses them.
 *
 * <p>Sequential: see {@link SequentialDetector}.
 */
public final class WebFingerprintingDetector implements SequentialDetector {
    public record Config(long windowMillis, int minDistinctFiles, int maxClients) {
        public Config {
            if (windowMillis < 1000 || minDistinctFiles < 2 || maxClients < 1) {
                throw new IllegalArgumentException("window_seconds >= 1, min_distinct_files >= 2 and max_clients >= 1 are required");
            }
        }

        public static final Config DEFAULT = new Config(300_000, 6, 200_000);
    }

    public static final String RULE_ID = "http.behaviour.web-fingerprinting";

    /** File names that reveal a version and that no page links to. */
    private static final Set<String> VERSION_FILES = Set.of(
            "changelog", "changelog.txt", "changelog.md", "changes", "changes.txt", "changes.md", "history.txt",
            "history.md", "readme", "readme.txt", "readme.html", "readme.md", "license", "license.txt",
            "license.md", "licence.txt", "copying", "copying.txt", "install.txt", "install.md", "upgrade.txt",
            "upgrading.txt", "maintainers.txt", "copyright.txt", "version", "version.txt", "release_notes.txt",
            "release-notes.txt", "composer.json", "composer.lock", "package.json", "package-lock.json",
            "bower.json", "joomla.xml", "en-gb.xml", "web.config.txt", "wp-links-opml.php", "install.php");

    /** Folders of CMS core assets whose exact bytes identify a release. */
    private static final String[] CORE_ASSET_PREFIXES = {
        "/wp-includes/js/", "/wp-includes/css/", "/wp-admin/js/", "/wp-admin/css/", "/misc/", "/core/misc/",
        "/core/assets/", "/media/system/js/", "/media/jui/", "/administrator/manifests/", "/modules/system/"
    };

    private final AlertType type;
    private final Config config;
    private final KeyedState<Window> windows;

    public WebFingerprintingDetector(AlertType type, Config config) {
        this.type = type;
        this.config = config;
        this.windows = new InMemoryKeyedState<>(config.maxClients());
    }

    private static final class Window {
        long start;
        final Set<String> files = new HashSet<>();
        boolean fired;
    }

    @Override
    public String id() {
        return RULE_ID;
    }

    @Override
    public void inspect(Event event, Consumer<Detection> out) {
        if (!(event instanceof HttpRequest r) || r.timeMillis() == Event.NO_TIME || r.clientIp() == null) {
            return;
        }
        String path = Requests.path(r);
        if (!isVersionRevealing(path, r.referer() == null)) {
            return;
        }
        long t = r.timeMillis();
        Window w = windows.computeIfAbsent(Requests.clientKey(r), k -> new Window());
        if (w.files.isEmpty() || t - w.start > config.windowMillis() || t < w.start) {
            w.start = t;
            w.files.clear();
            w.fired = false;
        }
        if (w.files.size() < config.minDistinctFiles()) {
            w.files.add(path);
        }
        if (!w.fired && w.files.size() >= config.minDistinctFiles()) {
            w.fired = true;
            String summary = String.format(Locale.ROOT, "%d version-revealing files in %d s: %s",
                    w.files.size(), Math.max(1, (t - w.start) / 1000), String.join(" ", new java.util.TreeSet<>(w.files)));
            out.accept(new Detection(RULE_ID, type, type.severity(), event, "client_ip", r.clientIp(), summary));
        }
    }

    static boolean isVersionRevealing(String path, boolean noReferer) {
        int slash = path.lastIndexOf('/');
        String name = path.substring(slash + 1);
        if (VERSION_FILES.contains(name)) {
            return true;
        }
        if (!noReferer) {
            return false;
        }
        for (String prefix : CORE_ASSET_PREFIXES) {
            if (path.startsWith(prefix) && (name.endsWith(".js") || name.endsWith(".css") || name.endsWith(".xml"))) {
                return true;
            }
        }
        return false;
    }
}
