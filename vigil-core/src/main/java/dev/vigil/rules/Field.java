package dev.vigil.rules;

import java.util.Locale;

/**
 * The event fields a rule can read. Request fields: {@code PARAM_NAMES} and {@code PARAM_VALUES}
 * hold one value per query parameter. Process fields (from {@code EXE} on): {@code EXE_NAME} and
 * {@code PARENT_NAME} are base names, lower-case, without {@code .exe}; {@code ANCESTORS} holds
 * one base name per known ancestor, nearest first; {@code ARGV} one value per argument;
 * {@code WEB_WORKER} the base name of the nearest web server or app worker in the lineage, when
 * there is one (see {@link dev.vigil.analyze.process.WebWorkers}).
 *
 * <p>The fields from {@code EVENT} on serve Sigma rules ({@link dev.vigil.sigma}): {@code EVENT} is
 * the event as a whole (one empty value, so that a rule whose every leaf names its own field is
 * evaluated once per event), the others read Sysmon's process-creation fields that Vigil keeps in
 * {@link dev.vigil.event.ProcessStart#extra()} (OriginalFileName, Description, ...). Vigil's own
 * event views give no values for them.
 */
public enum Field {
    PATH, QUERY, PARAM_NAMES, PARAM_VALUES, USER_AGENT, REFERER, METHOD, STATUS, HOST, TARGET, CLIENT_IP,
    EXE, EXE_NAME, CMDLINE, PARENT_EXE, PARENT_NAME, PARENT_CMDLINE, USER, CWD, ANCESTORS, ARGV, WEB_WORKER,
    EVENT, ORIGINAL_FILE_NAME, DESCRIPTION, PRODUCT, COMPANY, FILE_VERSION, HASHES, INTEGRITY_LEVEL, LOGON_ID,
    PARENT_USER;

    /** How many fields there are: {@code values().length} without the copy {@code values()} makes. */
    public static final int COUNT = values().length;

    /** Whether this is a field of a process event rather than of a request. */
    public boolean isProcess() {
        return ordinal() >= EXE.ordinal();
    }

    /** Whether the field needs the process tree (the event alone may not know it). */
    public boolean isLineage() {
        return this == PARENT_EXE || this == PARENT_NAME || this == PARENT_CMDLINE || this == ANCESTORS
                || this == WEB_WORKER;
    }

    /** The name rule files and detections use, such as {@code user_agent}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Field parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
