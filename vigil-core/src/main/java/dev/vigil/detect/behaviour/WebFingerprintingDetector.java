package dev.vigil.detect.behaviour;

import dev.vigil.catalogue.AlertType;
import dev.vigil.detect.Detection;
import dev.vigil.detect.KeyedDetector;
import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import dev.vigil.state.Codec;
import dev.vigil.state.KeyContext;
import dev.vigil.state.StateSpec;
import dev.vigil.state.ValueState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * WebFingerprinting: one client fetching many files whose only use to an outsider is telling the
 * exact version of the software behind the site, as BlindElephant and similar tools do: change
 * logs, read-me and licence files, package manifests, and the core scripts and style sheets of
 * WordPress, Drupal and Joomla asked for directly (no Referer) rather than by a page that uses them.
 *
 * <p>Keyed by resource and client address; a window's state is cleared by a timer when it closes.
 */
final class WebFingerprintingDetector implements KeyedDetector {
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

    public WebFingerprintingDetector(AlertType type, Config config) {
        this.type = type;
        this.config = config;
    }

    /** One client's window: its start, the distinct files asked for (up to the threshold), whether it fired. */
    record Window(long start, List<String> files, boolean fired) {}

    static final Codec<Window> WINDOW = new Codec<>() {
        @Override
        public void write(DataOutput out, Window w) throws IOException {
            out.writeLong(w.start());
            Codec.STRINGS.write(out, w.files());
            out.writeBoolean(w.fired());
        }

        @Override
        public Window read(DataInput in) throws IOException {
            return new Window(in.readLong(), List.copyOf(Codec.STRINGS.read(in)), in.readBoolean());
        }
    };

    private static final StateSpec.Value<Window> WINDOWS = new StateSpec.Value<>("window", WINDOW);

    @Override
    public String id() {
        return RULE_ID;
    }

    @Override
    public List<StateSpec> states() {
        return List.of(WINDOWS);
    }

    @Override
    public int maxKeys() {
        return config.maxClients();
    }

    @Override
    public String key(Event event) {
        if (!(event instanceof HttpRequest r) || r.timeMillis() == Event.NO_TIME || r.clientIp() == null
                || !isVersionRevealing(Requests.path(r), r.referer() == null)) {
            return null;
        }
        return Requests.clientKey(r);
    }

    @Override
    public void process(Event event, KeyContext ctx, Consumer<Detection> out) {
        HttpRequest r = (HttpRequest) event;
        String path = Requests.path(r);
        long t = r.timeMillis();
        ValueState<Window> state = ctx.value(WINDOWS);
        Window w = state.value();
        if (w == null || w.files().isEmpty() || t - w.start() > config.windowMillis() || t < w.start()) {
            w = new Window(t, List.of(), false);
            ctx.registerTimer(t + config.windowMillis() + 1);
        }
        List<String> files = w.files();
        if (files.size() < config.minDistinctFiles() && !files.contains(path)) {
            String[] a = files.toArray(new String[files.size() + 1]);
            a[files.size()] = path;
            files = List.of(a);
        }
        boolean fire = !w.fired() && files.size() >= config.minDistinctFiles();
        state.update(new Window(w.start(), files, w.fired() || fire));
        if (fire) {
            String summary = String.format(Locale.ROOT, "%d version-revealing files in %d s: %s",
                    files.size(), Math.max(1, (t - w.start()) / 1000), String.join(" ", new java.util.TreeSet<>(files)));
            out.accept(new Detection(RULE_ID, type, type.severity(), event, "client_ip", r.clientIp(), summary));
        }
    }

    @Override
    public void onTimer(long time, KeyContext ctx, Consumer<Detection> out) {
        ValueState<Window> state = ctx.value(WINDOWS);
        Window w = state.value();
        if (w != null && time - w.start() > config.windowMillis()) {
            state.clear();
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
