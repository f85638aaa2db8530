package dev.vigil.ingest.process;

import java.util.List;

/**
 * Joins an argument vector into one command line the way a shell user would type it, so that
 * rules written against command lines see the same text whatever the source gave (a string or
 * an argv array): arguments are separated by one space, and an argument that is empty or holds
 * whitespace or a double quote is wrapped in double quotes with inner quotes escaped as
 * {@code \"} (backslashes stay as they are, so Windows paths read as typed).
 *
 * <p>Static and thread-safe.
 */
public final class CommandLines {
    private CommandLines() {}

    /** The command line of {@code argv}; {@code null} when {@code argv} is null or empty. */
    public static String join(List<String> argv) {
        if (argv == null || argv.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < argv.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            appendArg(sb, argv.get(i) == null ? "" : argv.get(i));
        }
        return sb.toString();
    }

    private static void appendArg(StringBuilder sb, String a) {
        if (!needsQuotes(a)) {
            sb.append(a);
            return;
        }
        sb.append('"');
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            if (c == '"') {
                sb.append('\\');
            }
            sb.append(c);
        }
        sb.append('"');
    }

    private static boolean needsQuotes(String a) {
        if (a.isEmpty()) {
            return true;
        }
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"') {
                return true;
            }
        }
        return false;
    }
}
