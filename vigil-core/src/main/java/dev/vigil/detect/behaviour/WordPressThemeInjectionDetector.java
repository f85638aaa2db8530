package dev.vigil.detect.behaviour;

import dev.vigil.catalogue.AlertType;
import dev.vigil.detect.Detection;
import dev.vigil.detect.KeyedDetector;
import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import dev.vigil.state.Codec;
import dev.vigil.state.KeyContext;
import dev.vigil.state.MapState;
import dev.vigil.state.StateSpec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
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
 * <p>Keyed by resource: the files saved in its editor, each with the time and address of the save
 * (bounded; an edit older than the window no longer counts and is dropped when next looked up).
 */
final class WordPressThemeInjectionDetector implements KeyedDetector {
    public record Config(long windowMillis, int maxEdits) {
        public Config {
            if (windowMillis < 1000 || maxEdits < 1) {
                throw new IllegalArgumentException("window_hours > 0 and max_edits >= 1 are required");
            }
        }

        public static final Config DEFAULT = new Config(7L * 24 * 3_600_000, 100_000);
    }

    public static final String RULE_ID = "http.behaviour.wordpress-theme-injection";

    /** Resources (sites) held at once. */
    static final int MAX_RESOURCES = 10_000;

    /** A file saved in the editor: when, and by which address (null when the log had none). */
    record Edit(long time, String clientIp) {}

    static final Codec<Edit> EDIT = new Codec<>() {
        @Override
        public void write(DataOutput out, Edit e) throws IOException {
            out.writeLong(e.time());
            Codec.writeString(out, e.clientIp());
        }

        @Override
        public Edit read(DataInput in) throws IOException {
            return new Edit(in.readLong(), Codec.readString(in));
        }
    };

    private final AlertType type;
    private final Config config;
    /** resource → /wp-content/... path → the edit */
    private final StateSpec.Map<String, Edit> edits;

    public WordPressThemeInjectionDetector(AlertType type, Config config) {
        this.type = type;
        this.config = config;
        this.edits = new StateSpec.Map<>("edits", Codec.STRING, EDIT, config.maxEdits());
    }

    @Override
    public String id() {
        return RULE_ID;
    }

    @Override
    public List<StateSpec> states() {
        return List.of(edits);
    }

    @Override
    public int maxKeys() {
        return MAX_RESOURCES;
    }

    @Override
    public String key(Event event) {
        if (!(event instanceof HttpRequest r) || r.timeMillis() == Event.NO_TIME) {
            return null;
        }
        boolean save = Requests.isPost(r) && r.status() >= 200 && r.status() < 400;
        if (!save) {
            String path = Requests.path(r);
            if (!path.startsWith("/wp-content/") || !path.endsWith(".php")) {
                return null;
            }
        }
        return r.host() == null ? "" : r.host();
    }

    @Override
    public void process(Event event, KeyContext ctx, Consumer<Detection> out) {
        HttpRequest r = (HttpRequest) event;
        String path = Requests.path(r);
        MapState<String, Edit> saved = ctx.map(edits);
        if (Requests.isPost(r) && r.status() >= 200 && r.status() < 400) {
            String edited = editedFile(path, r.target(), r.referer());
            if (edited != null) {
                saved.put(edited, new Edit(r.timeMillis(), r.clientIp()));
            }
            return;
        }
        if (!path.startsWith("/wp-content/") || !path.endsWith(".php")) {
            return;
        }
        Edit edit = saved.get(path);
        if (edit == null) {
            return;
        }
        if (r.timeMillis() >= edit.time() && r.timeMillis() - edit.time() <= config.windowMillis()) {
            saved.remove(path);
            String summary = String.format(Locale.ROOT, "%s was saved in the admin editor%s %d min before this request",
                    path, edit.clientIp() == null ? "" : " by " + edit.clientIp(), (r.timeMillis() - edit.time()) / 60_000);
            out.accept(new Detection(RULE_ID, type, type.severity(), event, "path", r.path(), summary));
        } else if (r.timeMillis() - edit.time() > config.windowMillis()) {
            saved.remove(path); // too old to count: forget it
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
