package dev.vigil.analyze.windows;

/**
 * Windows' own console programs (schtasks, reg, taskkill, wmic, cmdkey, certutil, msiexec and the
 * rest of the common parser's users) take an option written {@code -x} as they take {@code /x}, and
 * many take one opened by an en dash, em dash or horizontal bar too (the spellings Sigma's
 * {@code windash} modifier stands for). Rules name those options in the slash form, so
 * {@code taskkill -f -im msmpeng.exe} would pass them by. This gives, for a command line already
 * folded by the Windows normaliser, the same line with each such option opened by a slash, for the
 * normaliser to append after the line as written, a space apart.
 *
 * <p>An option here is a dash (or one of the three long dashes) after a space and before a letter or
 * {@code ?}; {@code --long} GNU-style options, negative numbers and dashes inside words stay as they
 * are. Lines that run PowerShell are left alone: its parameters take a dash only, and rules name
 * them that way ({@code -enc}, {@code -nop}). So are lines that name no Windows program or path
 * ({@code .exe}, a drive path): a POSIX line taken for a Windows one by its backslashes
 * ({@code grep "^\s*1"}) must not have its options read again. Linear, never throws. Static and
 * thread-safe.
 */
public final class WindowsDash {
    private WindowsDash() {
    }

    /** {@link #slashed(String, boolean)} for a line whose program is not otherwise known to be a Windows one. */
    public static String slashed(String folded) {
        return slashed(folded, false);
    }

    /**
     * {@code folded} with its dash-opened options opened by a slash, or null when it has none, runs
     * PowerShell, or (unless {@code windowsImage}: the process's executable is a Windows program)
     * names no Windows program or path.
     */
    public static String slashed(String folded, boolean windowsImage) {
        // the cheap test first: most lines have no dash option, and the PowerShell test reads the
        // line two dozen times
        int first = folded == null ? -1 : nextOption(folded, 0);
        if (first < 0 || (!windowsImage && folded.indexOf(".exe") < 0 && folded.indexOf(":\\") < 0)
                || powerShell(folded)) {
            return null;
        }
        StringBuilder sb = new StringBuilder(folded.length());
        int from = 0;
        for (int i = first; i >= 0; i = nextOption(folded, i + 1)) {
            sb.append(folded, from, i).append('/');
            from = i + 1;
        }
        return sb.append(folded, from, folded.length()).toString();
    }

    /** Index of the next dash that opens an option at or after {@code from}, or -1. */
    private static int nextOption(String folded, int from) {
        int n = folded.length();
        for (int i = Math.max(from, 1); i + 1 < n; i++) {
            if (isDash(folded.charAt(i)) && folded.charAt(i - 1) == ' ' && opensOption(folded.charAt(i + 1))) {
                return i;
            }
        }
        return -1;
    }

    /** Verb-noun cmdlet names PowerShell lines are made of (Get-Item, Invoke-WebRequest...). */
    private static final String[] CMDLET_VERBS = {"get-", "set-", "new-", "remove-", "invoke-", "start-", "stop-", "add-",
        "out-", "write-", "select-", "where-", "foreach-", "import-", "export-", "convertto-", "convertfrom-", "test-",
        "copy-item", "move-item", "register-", "clear-", "enable-", "disable-"};

    /**
     * Whether the line runs PowerShell or is written in it: the program named, a variable, the call
     * operator on a quoted path ({@code & 'C:\x\tool.exe' -scan}), or a verb-noun cmdlet.
     */
    private static boolean powerShell(String folded) {
        if (folded.indexOf("powershell") >= 0 || folded.indexOf("pwsh") >= 0 || folded.indexOf('$') >= 0
                || folded.indexOf("& '") >= 0 || folded.indexOf("&'") >= 0) {
            return true;
        }
        for (String verb : CMDLET_VERBS) {
            if (folded.indexOf(verb) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDash(char c) {
        return c == '-' || c == '\u2013' || c == '\u2014' || c == '\u2015';
    }

    private static boolean opensOption(char c) {
        return (c >= 'a' && c <= 'z') || c == '?';
    }
}
