package dev.vigil.detect.behaviour;

import dev.vigil.detect.AlertType;
import dev.vigil.detect.Detection;
import dev.vigil.detect.SequentialDetector;
import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import dev.vigil.state.InMemoryKeyedState;
import dev.vigil.state.KeyedState;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * WordPressThemeInjection: a theme or plugin PHP file saved through the WordPress admin editor,
 * then requested directly — the classic way to turn admin access into a web shell. An edit shows
 * in the log as a POST to {@code theme-editor.php} / {@code plugin-editor.php}, or (WordPress
 * 4.9 and later) as a POST to {@code admin-ajax.php} whose Referer is the editor page; either way
 * the {@code file} and {@code theme}/{@code plugin} parameters name the file. A later direct
 * request to that file under {@code /wp-content/} on the same resource raises the alert.
 *
 * <p>Sequential: see {@link SequentialDetector}.
 */
public final class WordPressThemeInjectionDetector implements SequentialDetector {
    public record Config(long windowMillis, int maxEdits) {
        public Config {
            if (windowMillis < 1000 || maxEdits < 1) {
                throw new IllegalArgumentException("window_hours > 0 and max_edits >= 1 are required");
            }
        }

        public static final Config DEFAULT = new Config(7L * 24 * 3_600_000, 100_000);
    }

    public static final String RULE_ID = "http.behaviour.wordpress-theme-injection";

    private final AlertType type;
    private final Config config;
    /** resource|/wp-content/... path → {edit time} */
    private final KeyedState<String[]> edits;

    public WordPressThemeInjectionDetector(AlertType type, Config config) {
        this.type = type;
        this.config = config;
        this.edits = new InMemoryKeyedState<>(config.maxEdits());
    }

    @Override
    public String id() {
        return RULE_ID;
    }

    @Override
    public void inspect(Event event, Consumer<Detection> out) {
        if (!(event instanceof HttpRequest r) || r.timeMillis() == Event.NO_TIME) {
            return;
        }
        String path = Requests.path(r);
        String resource = r.host() == null ? "" : r.host();
        if (Requests.isPost(r) && r.status() >= 200 && r.status() < 400) {
            String edited = editedFile(path, r.target(), r.referer());
            if (edited != null) {
                edits.put(resource + '|' + edited, new String[] {Long.toString(r.timeMillis()), r.clientIp()});
            }
            return;
        }
        if (!path.startsWith("/wp-content/") || !path.endsWith(".php")) {
            return;
        }
        String[] edit = edits.get(resource + '|' + path);
        if (edit == null) {
            return;
        }
        long editTime = Long.parseLong(edit[0]);
        if (r.timeMillis() >= editTime && r.timeMillis() - editTime <= config.windowMillis()) {
            edits.remove(resource + '|' + path);
            String summary = String.format(Locale.ROOT, "%s was saved in the admin editor%s %d min before this request",
                    path, edit[1] == null ? "" : " by " + edit[1], (r.timeMillis() - editTime) / 60_000);
            out.accept(new Detection(RULE_ID, type, type.severity(), event, "path", r.path(), summary));
        }
    }

    /** The /wp-content/... path an editor request saved, or null. */
    static String editedFile(String path, String target, String referer) {
        String editor;
        if (path.endsWith("/wp-admin/theme-editor.php") || path.endsWith("/wp-admin/plugin-editor.php")) {
            editor = target;
        } else if (path.endsWith("/wp-admin/admin-ajax.php") && referer != null
                && (referer.contains("theme-editor.php") || referer.contains("plugin-editor.php"))) {
            editor = referer;
        } else {
            return null;
        }
        Map<String, String> p = Requests.params(editor);
        String file = p.get("file");
        if (file == null || file.isBlank() || file.contains("..")) {
            return null;
        }
        file = file.toLowerCase(Locale.ROOT);
        if (Requests.urlPath(editor).endsWith("theme-editor.php")) {
            String theme = p.get("theme");
            if (theme == null || theme.isBlank() || theme.contains("/")) {
                return null;
            }
            return "/wp-content/themes/" + theme.toLowerCase(Locale.ROOT) + "/" + file;
        }
        // plugin files are named relative to the plugins folder: akismet/akismet.php
        return "/wp-content/plugins/" + file;
    }
}
