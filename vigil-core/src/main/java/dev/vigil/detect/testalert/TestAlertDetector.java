package dev.vigil.detect.testalert;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.AlertType;
import dev.vigil.detect.Detection;
import dev.vigil.detect.Detector;
import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import java.util.function.Consumer;

/**
 * Raises TestAlert for a request to {@code /This_Will_Generate_Vigil_Alert} or Defender's
 * {@code /This_Will_Generate_ASC_Alert}, under any folder and in any letter case, so that a user
 * can prove logs flow through Vigil end to end.
 *
 * <p>Stateless and thread-safe.
 */
public final class TestAlertDetector implements Detector {
    public static final String RULE_ID = "http.test-alert";
    private static final String[] NAMES = {"this_will_generate_vigil_alert", "this_will_generate_asc_alert"};

    private final AlertType type;

    public TestAlertDetector(AlertCatalogue catalogue) {
        this.type = catalogue.get("TestAlert");
    }

    @Override
    public String id() {
        return RULE_ID;
    }

    @Override
    public void inspect(Event event, Consumer<Detection> out) {
        if (!(event instanceof HttpRequest req)) {
            return;
        }
        String path = req.path();
        if (path == null || path.length() < NAMES[1].length()) {
            return;
        }
        // Cheap test first: nearly every request fails it, so the hot path costs one char compare.
        char last = path.charAt(path.length() - 1);
        if (last != 't' && last != 'T' && last != '/') {
            return;
        }
        String decoded = decodePercent(path);
        String p = decoded.endsWith("/") ? decoded.substring(0, decoded.length() - 1) : decoded;
        for (String name : NAMES) {
            if (endsWithSegmentIgnoreCase(p, name)) {
                out.accept(new Detection(RULE_ID, type, type.severity(), event, "path", path, decoded));
                return;
            }
        }
    }

    private static boolean endsWithSegmentIgnoreCase(String p, String name) {
        int start = p.length() - name.length();
        return start >= 1 && p.charAt(start - 1) == '/' && p.regionMatches(true, start, name, 0, name.length());
    }

    /** One round of %XX decoding is enough here: the test request is sent by a friend, not hidden. */
    private static String decodePercent(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                b.append((char) (hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2))));
                i += 2;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}
