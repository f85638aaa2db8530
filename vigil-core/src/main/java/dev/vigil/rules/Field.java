package dev.vigil.rules;

import java.util.Locale;

/** The request fields a rule can read. {@code PARAM_NAMES} and {@code PARAM_VALUES} hold one value per query parameter. */
public enum Field {
    PATH, QUERY, PARAM_NAMES, PARAM_VALUES, USER_AGENT, REFERER, METHOD, STATUS, HOST, TARGET, CLIENT_IP;

    /** The name rule files and detections use, such as {@code user_agent}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Field parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
