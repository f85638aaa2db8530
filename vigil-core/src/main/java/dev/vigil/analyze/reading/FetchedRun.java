package dev.vigil.analyze.reading;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Download and execute in two steps of one command line: a download tool writes a file
 * ({@code curl -o F URL}, {@code curl -O URL}, {@code wget URL}, {@code wget -O F URL},
 * {@code curl URL > F}) and a later command runs that file, as a program ({@code ./F},
 * {@code /tmp/F}) or as the script of a shell or interpreter ({@code sh F}, {@code bash F},
 * {@code python3 F}, {@code perl F}, {@code php F}, {@code node F}, {@code source F},
 * {@code java -jar F}). The pipe form ({@code curl URL | sh}) is
 * {@link Capabilities#FETCH_TO_SHELL}; this is the same behaviour with a file between the two
 * (ATT&amp;CK T1105 Ingress Tool Transfer, then T1059). Files are compared by base name, so a
 * {@code cd} between the steps does not hide it; a file only downloaded, or only run, is not
 * judged. Stateless; never throws.
 */
final class FetchedRun {
    private FetchedRun() {
    }

    /** Programs that run a script file named as their first operand. */
    private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "zsh", "ksh", "ash", "mksh", "yash", "fish",
            "source", ".");
    private static final Set<String> INTERPRETERS = Set.of("python", "python2", "python3", "pypy", "pypy3", "perl", "ruby",
            "php", "node", "nodejs", "lua", "tclsh", "rscript", "deno", "bun");
    /** Interpreter options whose next word, or the option itself, is code or a module rather than a script file. */
    private static final Set<String> CODE_OPTIONS = Set.of("-c", "-e", "-E", "-r", "-m", "-p", "--eval", "--print",
            "-i", "--interactive", "-a");

    /**
     * The base names of the files a download program writes: its output option's value, the URL's
     * last path segment where it names the file after the URL, a file redirection. Empty for other
     * programs and for output to standard output.
     */
    static List<String> written(String prog, List<String> w, CommandReader.Simple c) {
        List<String> out = new ArrayList<>(2);
        switch (prog) {
            case "curl" -> curl(w, out);
            case "wget", "wget2" -> wget(w, out);
            case "fetch", "aria2c", "axel", "lwp-download" -> other(prog, w, out);
            default -> {
                return out;
            }
        }
        for (String r : c.redirects()) {
            if (!r.isEmpty() && r.charAt(0) != '&' && !r.startsWith("/dev/") && !r.chars().allMatch(Character::isDigit)) {
                add(out, r);
            }
        }
        return out;
    }

    private static void curl(List<String> w, List<String> out) {
        boolean remoteName = false;
        List<String> urls = new ArrayList<>(1);
        for (int i = 1; i < w.size(); i++) {
            String a = w.get(i);
            if (a.equals("-o") || a.equals("--output")) {
                if (i + 1 < w.size()) {
                    add(out, w.get(++i));
                }
            } else if (a.startsWith("--output=")) {
                add(out, a.substring(9));
            } else if (a.equals("-O") || a.equals("--remote-name") || a.equals("--remote-name-all")) {
                remoteName = true;
            } else if (a.length() > 1 && a.charAt(0) == '-' && a.charAt(1) != '-') {
                // a cluster of short options: -sSLo FILE, -sO, -ofile; a value-taking letter ends it
                for (int k = 1; k < a.length(); k++) {
                    char ch = a.charAt(k);
                    if (ch == 'O') {
                        remoteName = true;
                    } else if (ch == 'o') {
                        if (k + 1 < a.length()) {
                            add(out, a.substring(k + 1));
                        } else if (i + 1 < w.size()) {
                            add(out, w.get(++i));
                        }
                        break;
                    } else if ("dDeEFHKmPQrTuUwxXyYzbcACt".indexOf(ch) >= 0) {
                        if (k + 1 == a.length()) {
                            i++; // the next word is this option's value
                        }
                        break;
                    }
                }
            } else if (isUrl(a)) {
                urls.add(a);
            }
        }
        if (remoteName) {
            for (String u : urls) {
                add(out, urlName(u));
            }
        }
    }

    private static void wget(List<String> w, List<String> out) {
        String document = null;
        List<String> urls = new ArrayList<>(1);
        for (int i = 1; i < w.size(); i++) {
            String a = w.get(i);
            if (a.equals("-O") || a.equals("--output-document")) {
                document = i + 1 < w.size() ? w.get(++i) : "-";
            } else if (a.startsWith("--output-document=")) {
                document = a.substring(18);
            } else if (a.length() > 1 && a.charAt(0) == '-' && a.charAt(1) != '-') {
                for (int k = 1; k < a.length(); k++) {
                    char ch = a.charAt(k);
                    if (ch == 'O') {
                        document = k + 1 < a.length() ? a.substring(k + 1) : i + 1 < w.size() ? w.get(++i) : "-";
                        break;
                    } else if ("oaiBtTwePUQlARDIX".indexOf(ch) >= 0) {
                        if (k + 1 == a.length()) {
                            i++;
                        }
                        break;
                    }
                }
            } else if (isUrl(a)) {
                urls.add(a);
            }
        }
        if (document != null) {
            add(out, document);
        } else {
            for (String u : urls) {
                add(out, urlName(u));
            }
        }
    }

    /** fetch -o F, aria2c -o F, axel -o F, lwp-download URL [F]; else the URL's name. */
    private static void other(String prog, List<String> w, List<String> out) {
        List<String> urls = new ArrayList<>(1);
        List<String> operands = new ArrayList<>(2);
        boolean named = false;
        for (int i = 1; i < w.size(); i++) {
            String a = w.get(i);
            if ((a.equals("-o") || a.equals("--out") || a.equals("--output")) && i + 1 < w.size()) {
                add(out, w.get(++i));
                named = true;
            } else if (a.startsWith("--out=") || a.startsWith("--output=")) {
                add(out, a.substring(a.indexOf('=') + 1));
                named = true;
            } else if (isUrl(a)) {
                urls.add(a);
            } else if (!a.startsWith("-")) {
                operands.add(a);
            }
        }
        if (prog.equals("lwp-download") && !operands.isEmpty()) {
            add(out, operands.get(operands.size() - 1));
            named = true;
        }
        if (!named) {
            for (String u : urls) {
                add(out, urlName(u));
            }
        }
    }

    /** Whether this command runs one of the {@code fetched} files (base names). */
    static boolean runs(String prog, List<String> w, Set<String> fetched) {
        String first = w.get(0);
        if (first.indexOf('/') >= 0 && fetched.contains(CommandReader.baseName(first))) {
            return true; // ./agent, /tmp/agent
        }
        String p = Capabilities.unversioned(prog);
        if (p.equals("java")) {
            int j = w.indexOf("-jar");
            return j > 0 && j + 1 < w.size() && fetched.contains(CommandReader.baseName(w.get(j + 1)));
        }
        boolean shell = SHELLS.contains(p);
        if (!shell && !INTERPRETERS.contains(p)) {
            return false;
        }
        for (int i = 1; i < w.size(); i++) {
            String a = w.get(i);
            if (a.equals("--")) {
                continue;
            }
            if (a.startsWith("-") || shell && a.startsWith("+")) {
                if (shell ? a.length() > 1 && a.charAt(1) != '-' && a.indexOf('c') > 0 : CODE_OPTIONS.contains(a)) {
                    return false; // a command string or inline code, not a script file
                }
                if (!shell && a.equals("-f") && i + 1 < w.size()) {
                    return fetched.contains(CommandReader.baseName(w.get(i + 1))); // php -f F
                }
                continue;
            }
            return fetched.contains(CommandReader.baseName(a));
        }
        return false;
    }

    /** A URL with a scheme, or a host and path without one (curl and wget assume http: 203.0.113.7/a.sh). */
    private static boolean isUrl(String a) {
        int s = a.indexOf("://");
        if (s > 0 && s < 8) {
            return true;
        }
        int slash = a.indexOf('/');
        return slash > 3 && !a.startsWith("-") && hostLike(a, slash);
    }

    /**
     * Whether {@code a[0, end)} is a host with an optional port: dotted labels of letters, digits and
     * hyphens whose last label is letters (a name) or four numeric labels (an IPv4 address). A scan,
     * not a regex: a word may be thousands of characters long.
     */
    private static boolean hostLike(String a, int end) {
        int colon = a.lastIndexOf(':', end - 1);
        int hostEnd = colon > 0 ? colon : end;
        for (int k = hostEnd + 1; k < end; k++) {
            if (!Character.isDigit(a.charAt(k))) {
                return false; // a port is digits
            }
        }
        int dots = 0;
        boolean digitsOnly = true;
        int labelStart = 0;
        for (int k = 0; k < hostEnd; k++) {
            char c = a.charAt(k);
            if (c == '.') {
                if (k == labelStart) {
                    return false; // an empty label
                }
                dots++;
                labelStart = k + 1;
            } else if (c >= '0' && c <= '9') {
                continue;
            } else if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-') {
                digitsOnly = false;
            } else {
                return false;
            }
        }
        if (dots == 0 || labelStart >= hostEnd) {
            return false;
        }
        if (digitsOnly) {
            return dots == 3;
        }
        for (int k = labelStart; k < hostEnd; k++) {
            char c = a.charAt(k);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
                return false; // a name ends in a label of letters (a top-level domain)
            }
        }
        return hostEnd - labelStart >= 2;
    }

    /** The last path segment of a URL, without query or fragment; empty for a URL ending in '/'. */
    static String urlName(String url) {
        int s = url.indexOf("://");
        String rest = s < 0 ? url : url.substring(s + 3);
        int q = rest.length();
        for (int i = 0; i < rest.length(); i++) {
            char ch = rest.charAt(i);
            if (ch == '?' || ch == '#') {
                q = i;
                break;
            }
        }
        rest = rest.substring(0, q);
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return "";
        }
        return rest.substring(rest.lastIndexOf('/') + 1);
    }

    private static void add(List<String> out, String path) {
        if (path == null || path.isEmpty() || path.equals("-")) {
            return;
        }
        String b = CommandReader.baseName(path);
        if (!b.isEmpty() && !b.equals(".") && !b.equals("..")) {
            out.add(b);
        }
    }
}
