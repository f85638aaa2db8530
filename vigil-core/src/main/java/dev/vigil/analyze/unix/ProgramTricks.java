package dev.vigil.analyze.unix;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * GTFOBins tricks that use an ordinary Unix program for what it does by design, judged from the
 * simple commands of a command line already read per program (the caller, {@code analyze.reading},
 * splits and unquotes it; this package depends on nothing of it), not from any one spelling:
 *
 * <ul>
 *   <li>{@link #IDENTITY_READ}: a file put through a transformation and its inverse, or compared
 *       with an empty file, so that what reaches standard output is the file itself: a read that
 *       monitors of file-reading programs ({@code cat}, {@code less}) never see. A comparison
 *       against {@code /dev/null} or {@code /dev/zero} ({@code diff}, {@code cmp -l}, {@code comm},
 *       {@code join -a}, {@code git diff}, {@code msgmerge}, {@code puppet filebucket diff}) prints
 *       every line or byte of the other file; {@code rev F | rev} and {@code tac F | tac} undo
 *       themselves; an archive made and extracted to standard output in one pipeline
 *       ({@code tar c F | tar xO}, {@code pax -w F | tar -xO}, {@code tar -I 'tar xO'}) is
 *       {@code cat}. Output written into a file is a patch or a copy, and does not count.</li>
 *   <li>{@link #INTERACTIVE_SHELL}: {@code xargs} told to run a shell with no arguments and the
 *       terminal as its input ({@code -a /dev/null}, {@code -o}/{@code --open-tty}): the
 *       documented way to get an interactive shell out of an xargs allowed under sudo.</li>
 * </ul>
 *
 * <p>Written from the GTFOBins file-read and shell function pages. Stateless, thread-safe, and
 * never throws on any input (the caller also guards).
 */
public final class ProgramTricks {
    /** A file read to standard output by an identity transformation. */
    public static final int IDENTITY_READ = 1;
    /** An interactive shell started by a program that runs commands for its input. */
    public static final int INTERACTIVE_SHELL = 2;

    /** Literals one of which occurs in every line showing {@link #IDENTITY_READ} (lower case). */
    public static final List<String> IDENTITY_GATE = List.of("diff", "cmp ", "comm ", "join ", "msgmerge", "rev ", "tac ",
            "tar ", "pax ", "iconv", "fold", "fmt ", "unexpand", "nl -b", "pr -t", "sort -m", "-c-0", "-n-0", "c -0", "n -0",
            "=-0", "+0", "/dev/stdout",
            "/dev/stderr", "/dev/tty", "/fd/", "sed ", "awk", "grep", "look ", "perl", "jq ", "cut ", "cupsfilter", "xargs",
            "paste ");
    /** Literals one of which occurs in every line showing {@link #INTERACTIVE_SHELL} (lower case). */
    public static final List<String> SHELL_GATE = List.of("xargs");

    private ProgramTricks() {
    }

    /**
     * One simple command: its words (program first), its redirection targets, and whether a pipe
     * or {@code <} feeds its standard input.
     */
    public record Command(List<String> words, List<String> redirects, boolean fedInput) {
        public Command {
            words = List.copyOf(words);
            redirects = List.copyOf(redirects);
        }
    }

    /** Programs that print what differs between two files; against an empty one, that is all of the other. */
    private static final Set<String> COMPARERS = Set.of("diff", "sdiff", "diff3", "cmp", "comm", "join", "msgmerge",
            "colordiff", "wdiff", "icdiff");
    /** Filters that are their own inverse over a whole file. */
    private static final Set<String> SELF_INVERSE = Set.of("rev", "tac");
    private static final Set<String> ARCHIVERS = Set.of("tar", "bsdtar", "gtar", "pax", "cpio");
    private static final Set<String> EMPTY_FILES = Set.of("/dev/null", "/dev/zero");

    /** What the simple commands of one POSIX command line show, as bits. */
    public static int judge(List<Command> cmds) {
        int mask = 0;
        for (int k = 0; k < cmds.size(); k++) {
            Command c = cmds.get(k);
            List<String> w = Wrappers.programWords(c.words());
            if (w.isEmpty()) {
                continue;
            }
            String prog = baseName(w.get(0));
            boolean toFile = c.redirects().stream().anyMatch(ProgramTricks::fileRedirect);
            boolean piped = k + 1 < cmds.size() && cmds.get(k + 1).fedInput();
            if (!toFile && !piped && comparesWithEmpty(prog, w)) {
                mask |= IDENTITY_READ;
            }
            if (!toFile && prog.equals("tar") && archiveThroughExtractor(w)) {
                mask |= IDENTITY_READ;
            }
            if (k > 0 && c.fedInput()) {
                List<String> fw = Wrappers.programWords(cmds.get(k - 1).words());
                if (!fw.isEmpty() && !toFile && undoes(baseName(fw.get(0)), fw, prog, w)) {
                    mask |= IDENTITY_READ;
                }
            }
            if (!toFile && !toNull(c) && identityParameters(prog, w)) {
                mask |= IDENTITY_READ;
            }
            if (!toFile && !piped && !toNull(c) && emptyProgram(prog, w)) {
                mask |= IDENTITY_READ;
            }
            if (prog.equals("cp") && copiesToTerminal(w)) {
                mask |= IDENTITY_READ;
            }
            if (prog.equals("xargs") && xargsShell(w)) {
                mask |= INTERACTIVE_SHELL;
            }
        }
        return mask;
    }


    private static boolean fileRedirect(String r) {
        return !r.isEmpty() && !r.startsWith("&") && !r.startsWith("/dev/") && !r.matches("\\d*>?&\\d*");
    }

    /** diff /dev/null F, cmp F /dev/zero -l, git diff /dev/null F, puppet filebucket diff /dev/null F. */
    private static boolean comparesWithEmpty(String prog, List<String> w) {
        int from;
        if (COMPARERS.contains(prog)) {
            from = 1;
        } else if (prog.equals("git") && w.contains("diff")) {
            from = w.indexOf("diff") + 1;
        } else if (prog.equals("puppet") && w.contains("filebucket") && w.contains("diff")) {
            from = w.indexOf("diff") + 1;
        } else {
            return false;
        }
        boolean empty = false;
        boolean other = false;
        for (int i = from; i < w.size(); i++) {
            String a = w.get(i);
            if (EMPTY_FILES.contains(a)) {
                empty = true;
            } else if (!a.startsWith("-") && !a.isEmpty() && (a.indexOf('/') >= 0 || a.indexOf('.') > 0)) {
                other = true; // a file operand (an option's bare value is rarely a path)
            }
        }
        return empty && other;
    }

    /** rev F | rev, tac F | tac, tar c F | tar xO, pax -w F | tar -xO, cpio -o | cpio -i --to-stdout. */
    private static boolean undoes(String a, List<String> fw, String b, List<String> tw) {
        if (SELF_INVERSE.contains(a) && a.equals(b)) {
            return fw.stream().skip(1).anyMatch(x -> !x.startsWith("-") && !x.isEmpty());
        }
        if (ARCHIVERS.contains(a) && ARCHIVERS.contains(b)) {
            return creates(a, fw) && extractsToStdout(b, tw);
        }
        return false;
    }

    private static boolean creates(String prog, List<String> w) {
        if (prog.equals("pax")) {
            return w.contains("-w");
        }
        if (prog.equals("cpio")) {
            return w.contains("-o") || w.contains("--create");
        }
        if (w.size() < 2) {
            return false;
        }
        String first = w.get(1);
        return first.equals("--create") || w.contains("--create") || first.matches("-?[a-zA-Z]*c[a-zA-Z]*");
    }

    private static boolean extractsToStdout(String prog, List<String> w) {
        if (prog.equals("cpio")) {
            return w.contains("--to-stdout");
        }
        if (prog.equals("pax")) {
            return false;
        }
        boolean extract = false;
        boolean stdout = false;
        for (int i = 1; i < w.size(); i++) {
            String a = w.get(i);
            if (a.equals("--to-stdout")) {
                stdout = true;
            } else if (a.equals("--extract") || a.equals("--get")) {
                extract = true;
            } else if (a.matches("-?[a-zA-Z]+") && !a.startsWith("--")) {
                extract |= a.indexOf('x') >= 0;
                stdout |= a.indexOf('O') >= 0;
            }
        }
        return extract && stdout;
    }

    /** tar -I 'tar xO' or --use-compress-program='tar -xO': the archive tar writes is extracted again, to standard output. */
    private static boolean archiveThroughExtractor(List<String> w) {
        for (int i = 1; i < w.size(); i++) {
            String a = w.get(i);
            String v = null;
            if ((a.equals("-I") || a.equals("--use-compress-program")) && i + 1 < w.size()) {
                v = w.get(i + 1);
            } else if (a.startsWith("--use-compress-program=")) {
                v = a.substring(a.indexOf('=') + 1);
            }
            if (v != null) {
                List<String> inner = List.of(v.trim().split("\\s+"));
                if (!inner.isEmpty() && ARCHIVERS.contains(baseName(inner.get(0)))
                        && extractsToStdout(baseName(inner.get(0)), inner)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Output streams a copy can be aimed at so that the file's content is printed. */
    private static final Set<String> TERMINALS = Set.of("/dev/stdout", "/dev/stderr", "/dev/tty", "/dev/fd/1", "/dev/fd/2",
            "/proc/self/fd/1", "/proc/self/fd/2");

    /** cp F /dev/stdout: a copy onto the terminal is cat. */
    private static boolean copiesToTerminal(List<String> w) {
        if (w.size() < 3) {
            return false;
        }
        String last = w.get(w.size() - 1);
        return TERMINALS.contains(last) && !w.get(w.size() - 2).startsWith("-");
    }

    /** Output thrown away (iconv F > /dev/null checks an encoding): nothing is read out. */
    private static boolean toNull(Command c) {
        return c.redirects().contains("/dev/null") || c.words().contains("/dev/null");
    }

    /** Programs of awk that print every line as it is (spaces removed before comparing). */
    private static final Set<String> AWK_CAT = Set.of("1", "//", "{print}", "{print;}", "{print$0}", "{print$0;}");
    private static final Set<String> AWKS = Set.of("awk", "gawk", "mawk", "nawk", "original-awk");
    private static final Set<String> GREPS = Set.of("grep", "egrep", "fgrep");

    /**
     * A filter given an empty or do-nothing program and one file, its output left on the terminal: sed with an
     * empty script (or -n p), awk printing every line, grep or look with an empty pattern, perl -ne print or -pe
     * with no code, jq -R ., cut of every field or character (or split on an empty delimiter), cupsfilter from a
     * type to the same type, xargs -a F with no command (echo of the file), paste of one file: cat by another
     * name (GTFOBins file-read). Output sent into a pipe or a file is a step of real work and does not count.
     */
    private static boolean emptyProgram(String prog, List<String> w) {
        if (AWKS.contains(prog)) {
            List<String> ops = plain(w);
            return ops.size() == 2 && AWK_CAT.contains(ops.get(0).replace(" ", "")) && w.size() == 3;
        }
        if (GREPS.contains(prog)) {
            List<String> ops = plain(w);
            boolean quiet = w.stream().skip(1).allMatch(a -> !a.startsWith("-") || a.length() == 1 || a.equals("-a")
                    || a.equals("--text") || a.equals("-h") || a.equals("-s"));
            return quiet && ops.size() == 2 && (ops.get(0).isEmpty() || ops.get(0).equals("^")) && !glob(ops.get(1));
        }
        switch (prog) {
            case "sed": {
                List<String> ops = plain(w);
                boolean n = w.contains("-n") || w.contains("--quiet") || w.contains("--silent");
                boolean other = w.stream().skip(1).anyMatch(a -> a.startsWith("-") && a.length() > 1 && !a.equals("-n")
                        && !a.equals("--quiet") && !a.equals("--silent"));
                return !other && ops.size() == 2 && (n ? ops.get(0).equals("p") : ops.get(0).isEmpty()) && !glob(ops.get(1));
            }
            case "look":
                return w.size() >= 3 && w.get(w.size() - 2).isEmpty() && !w.get(w.size() - 1).isEmpty();
            case "perl": {
                for (int i = 1; i + 1 < w.size(); i++) {
                    String a = w.get(i);
                    String code = w.get(i + 1).replace(" ", "");
                    boolean files = i + 3 == w.size() && !w.get(i + 2).startsWith("-");
                    if (a.equals("-ne") && (code.equals("print") || code.equals("print;")) && files
                            || a.equals("-pe") && (code.isEmpty() || code.equals("1") || code.equals(";")) && files) {
                        return true;
                    }
                }
                return false;
            }
            case "jq": {
                boolean raw = w.stream().anyMatch(a -> a.equals("--raw-input") || a.matches("-[a-zA-Z]*R[a-zA-Z]*"));
                List<String> ops = plain(w);
                return raw && ops.size() == 2 && ops.get(0).equals(".");
            }
            case "cut": {
                List<String> ops = operandsAfter(w, Set.of("-d", "--delimiter", "-c", "-b", "-f", "--characters", "--bytes",
                        "--fields"));
                boolean all = false;
                boolean s = false;
                for (int i = 1; i < w.size(); i++) {
                    String a = w.get(i);
                    String next = i + 1 < w.size() ? w.get(i + 1) : null;
                    if (a.matches("-[cbf]1-") || a.matches("--(characters|bytes|fields)=1-")
                            || a.matches("-[cbf]") && "1-".equals(next)) {
                        all = true;
                    }
                    if (a.equals("-d") && "".equals(next) || a.equals("--delimiter=")) {
                        all |= w.stream().anyMatch(x -> x.matches("-f\\d+"));
                    }
                    s |= a.equals("-s") || a.equals("--only-delimited");
                }
                return all && !s && ops.size() == 1;
            }
            case "cupsfilter": {
                String in = null;
                String out = null;
                for (int i = 1; i + 1 < w.size(); i++) {
                    if (w.get(i).equals("-i")) {
                        in = w.get(i + 1);
                    } else if (w.get(i).equals("-m")) {
                        out = w.get(i + 1);
                    }
                }
                return in != null && in.equals(out);
            }
            case "xargs": {
                for (int i = 1; i < w.size(); i++) {
                    String a = w.get(i);
                    if (!a.startsWith("-")) {
                        return false; // a command follows
                    }
                    if (XARGS_VALUE_OPTIONS.contains(a)) {
                        if (a.equals("-a") || a.equals("--arg-file")) {
                            String f = i + 1 < w.size() ? w.get(i + 1) : "";
                            if (f.isEmpty() || f.equals("/dev/null") || f.equals("-")) {
                                return false;
                            }
                            boolean command = false;
                            for (int j = i + 2; j < w.size(); j++) {
                                String b = w.get(j);
                                if (XARGS_VALUE_OPTIONS.contains(b)) {
                                    j++;
                                } else if (!b.startsWith("-")) {
                                    command = true;
                                }
                            }
                            return !command;
                        }
                        i++;
                    }
                }
                return false;
            }
            case "paste":
                return w.size() == 2 && !w.get(1).startsWith("-") && !w.get(1).isEmpty() && !glob(w.get(1));
            default:
                return false;
        }
    }

    /** The words after the program that do not start with '-' (empty words included). */
    private static List<String> plain(List<String> w) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 1; i < w.size(); i++) {
            String a = w.get(i);
            if (a.isEmpty() || !a.startsWith("-") || a.equals("-")) {
                out.add(a);
            }
        }
        return out;
    }

    /** Operands: words that are not options nor an option's value. */
    private static List<String> operandsAfter(List<String> w, Set<String> valued) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 1; i < w.size(); i++) {
            String a = w.get(i);
            if (a.startsWith("-") && a.length() > 1) {
                if (valued.contains(a)) {
                    i++;
                }
            } else {
                out.add(a);
            }
        }
        return out;
    }

    private static boolean glob(String a) {
        return a.indexOf('*') >= 0 || a.indexOf('?') >= 0 || a.indexOf('[') >= 0 || a.indexOf('{') >= 0;
    }

    /** Widths at or past which a line filter changes nothing in a text file. */
    private static final int WIDE = 500;

    /**
     * A text filter given the parameters that make it change nothing, with a file operand: iconv from an
     * encoding to the same one (without -c, which drops bad bytes: a clean-up), fold, fmt or unexpand at a
     * width no line reaches, nl numbering no line, pr -T with no other option, sort -m of a single file,
     * head all-but-the-last-zero and tail from the start (+0). Each prints the file as cat would (GTFOBins
     * file-read under sudo).
     */
    private static boolean identityParameters(String prog, List<String> w) {
        switch (prog) {
            case "iconv":
                return iconvToItself(w);
            case "fold":
                return wideOption(w, "-w", "--width") && operands(w, Set.of("-w", "--width")) >= 1;
            case "fmt":
                return (wideOption(w, "-w", "--width") || w.stream().anyMatch(a -> a.matches("-\\d+") && wide(a.substring(1))))
                        && operands(w, Set.of("-w", "--width", "-p", "--prefix", "-g", "--goal")) >= 1;
            case "unexpand":
                return wideOption(w, "-t", "--tabs") && operands(w, Set.of("-t", "--tabs")) >= 1;
            case "nl":
                return (w.contains("-bn") || w.contains("--body-numbering=n") || adjacent(w, "-b", "n"))
                        && operands(w, Set.of("-b", "-w", "-s", "-v", "-i", "-n", "-d", "-f", "-h", "-l")) >= 1;
            case "pr":
                return w.size() == 3 && (w.get(1).equals("-T") || w.get(1).equals("-t") || w.get(1).equals("--omit-pagination"))
                        && !w.get(2).startsWith("-");
            case "sort":
                return (w.contains("-m") || w.contains("--merge")) && w.size() <= 4
                        && operands(w, Set.of("-t", "-k", "-o", "-S", "-T")) == 1 && !w.contains("-o");
            case "head":
                return w.stream().anyMatch(a -> a.matches("(-[cn]|--bytes=|--lines=)?-0+")) && operands(w, Set.of("-c", "-n")) >= 1;
            case "tail":
                return w.stream().anyMatch(a -> a.matches("(-[cn]|--bytes=|--lines=)?\\+0+")) && operands(w, Set.of("-c", "-n")) >= 1;
            default:
                return false;
        }
    }

    private static boolean wide(String n) {
        if (!n.matches("\\d{1,9}")) {
            return false;
        }
        return Integer.parseInt(n) >= WIDE;
    }

    /** -w999, -w 999, --width=999, --width 999. */
    private static boolean wideOption(List<String> w, String shortOpt, String longOpt) {
        for (int i = 1; i < w.size(); i++) {
            String a = w.get(i);
            String next = i + 1 < w.size() ? w.get(i + 1) : "";
            if (a.equals(shortOpt) || a.equals(longOpt)) {
                if (wide(next)) {
                    return true;
                }
            } else if (a.startsWith(shortOpt) && wide(a.substring(shortOpt.length()))
                    || a.startsWith(longOpt + "=") && wide(a.substring(longOpt.length() + 1))) {
                return true;
            }
        }
        return false;
    }

    private static boolean adjacent(List<String> w, String a, String b) {
        for (int i = 1; i + 1 < w.size(); i++) {
            if (w.get(i).equals(a) && w.get(i + 1).equals(b)) {
                return true;
            }
        }
        return false;
    }

    /** Words that are operands: not options, not the value of an option that takes one. */
    private static int operands(List<String> w, Set<String> valued) {
        int n = 0;
        for (int i = 1; i < w.size(); i++) {
            String a = w.get(i);
            if (a.startsWith("-") && a.length() > 1 || a.startsWith("+") && a.length() > 1) {
                if (valued.contains(a)) {
                    i++;
                }
            } else if (!a.isEmpty()) {
                n++;
            }
        }
        return n;
    }

    /** iconv -f X -t X F (any spelling of the same encoding), no -c and no output file. */
    private static boolean iconvToItself(List<String> w) {
        String from = null;
        String to = null;
        int files = 0;
        for (int i = 1; i < w.size(); i++) {
            String a = w.get(i);
            String next = i + 1 < w.size() ? w.get(i + 1) : null;
            if (a.equals("-c") || a.equals("-o") || a.startsWith("--output") || a.startsWith("-o") || a.equals("-l")) {
                return false;
            }
            if ((a.equals("-f") || a.equals("--from-code")) && next != null) {
                from = next;
                i++;
            } else if ((a.equals("-t") || a.equals("--to-code")) && next != null) {
                to = next;
                i++;
            } else if (a.startsWith("--from-code=")) {
                from = a.substring(12);
            } else if (a.startsWith("--to-code=")) {
                to = a.substring(10);
            } else if (a.startsWith("-f") && a.length() > 2) {
                from = a.substring(2);
            } else if (a.startsWith("-t") && a.length() > 2) {
                to = a.substring(2);
            } else if (!a.startsWith("-") && !a.isEmpty()) {
                files++;
            }
        }
        return from != null && to != null && files >= 1 && encoding(from).equals(encoding(to));
    }

    /** An encoding name without case, separators or a //TRANSLIT-style suffix: UTF-8, utf8 and UTF_8 alike. */
    private static String encoding(String e) {
        int cut = e.indexOf("//");
        String s = (cut >= 0 ? e.substring(0, cut) : e).toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch != '-' && ch != '_' && ch != ' ') {
                b.append(ch);
            }
        }
        return cut >= 0 ? b + "//" : b.toString(); // //TRANSLIT and //IGNORE change bytes: never equal to a bare name
    }

    /** xargs options that take a value as the next word. */
    private static final Set<String> XARGS_VALUE_OPTIONS = Set.of("-a", "-d", "-E", "-I", "-L", "-n", "-P", "-s",
            "--arg-file", "--delimiter", "--eof", "--replace", "--max-lines", "--max-args", "--max-procs", "--max-chars",
            "--process-slot-var");

    /** xargs -a /dev/null sh, xargs -o /bin/bash: a shell with no arguments and a terminal for input. */
    private static boolean xargsShell(List<String> w) {
        boolean noInput = false;
        int i = 1;
        for (; i < w.size(); i++) {
            String a = w.get(i);
            if (!a.startsWith("-") || a.equals("--")) {
                if (a.equals("--")) {
                    i++;
                }
                break;
            }
            String next = i + 1 < w.size() ? w.get(i + 1) : null;
            if (a.equals("-o") || a.equals("--open-tty") || a.equals("--arg-file=/dev/null")
                    || a.equals("-a") && "/dev/null".equals(next) || a.equals("-a/dev/null")) {
                noInput = true;
            }
            if (XARGS_VALUE_OPTIONS.contains(a)) {
                i++;
            }
        }
        if (!noInput || i >= w.size()) {
            return false;
        }
        String cmd = w.get(i);
        if (!isPosixShell(baseName(cmd).toLowerCase(Locale.ROOT))) {
            return false;
        }
        for (int j = i + 1; j < w.size(); j++) {
            if (!w.get(j).startsWith("-") || w.get(j).equals("-c")) {
                return false; // a script or a command string: not an interactive shell
            }
        }
        return true;
    }

    /** The last path element, without a Windows {@code .exe}, in lower case. */
    static String baseName(String path) {
        int cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        String b = path.substring(cut + 1).toLowerCase(Locale.ROOT);
        return b.endsWith(".exe") ? b.substring(0, b.length() - 4) : b;
    }

    private static boolean isPosixShell(String name) {
        return SHELLS.contains(name);
    }

    private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "zsh", "ksh", "ash", "csh", "tcsh", "mksh", "fish",
            "rbash", "yash", "posh", "sash");
}
